"""Demo seekers: people in real districts with experience, licences and wishes."""

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from iljari.accounts.models import ConsentRecord, ConsentText, Role, User
from iljari.seekers.models import Experience, QualificationHeld, Seeker, VisaType
from iljari.taxonomy.choices import Education, EmploymentType
from iljari.taxonomy.models import (
    Occupation,
    Region,
)

from .context import (
    DemoContext,
    _alias_titles,
    _jitter,
    _qualification_lookup,
    _quals_of,
    _sector_descriptions,
    _short_duties,
)
from .names import person_name
from .people import PERSONAS, WORKING_AGE_START


def seed_seekers(ctx: DemoContext, count: int) -> None:
    rng, today = ctx.rng, ctx.today
    by_code = _sector_descriptions()
    occupations = {o.code: o for o in Occupation.objects.filter(scheme="keco", code__in=list(by_code))}
    aliases = _alias_titles([d for ds in by_code.values() for d in ds])
    quals = _qualification_lookup()
    homes = list(Region.objects.filter(level=3, sido="인천광역시").exclude(sigungu__in=["옹진군", "강화군"]))
    homes += list(
        Region.objects.filter(
            level=2, code__in=["41273", "41271", "41390", "41192", "41194", "41570", "41210"]
        )
    )
    codes = list(by_code)
    unusable = make_password(None)
    users = []
    for index in range(count):
        users.append(
            User(
                username=f"seeker{index + 1:05d}",
                role=Role.SEEKER,
                full_name=person_name(rng),
                password=unusable,
                phone=f"010-{rng.randint(2000, 9999)}-{rng.randint(1000, 9999)}",
                email=f"seeker{index + 1:05d}@demo.iljari.kr",
            )
        )
    users = User.objects.bulk_create(users, batch_size=1000)
    persona_users = [ctx.users["seeker"], ctx.users["seeker2"]]
    persona_specs = [PERSONAS["seeker"], PERSONAS["seeker2"]]
    persona_homes = {r.code: r for r in Region.objects.filter(code__in=[p["home"] for p in persona_specs])}
    seekers, experiences, held, desired = [], [], [], []
    sigungu_rows = list(Region.objects.filter(level=2))
    sigungu = {(r.sido, r.sigungu): r for r in sigungu_rows}
    sigungu_by_code = {r.code: r for r in sigungu_rows}
    wanted_regions: list[tuple[int, Region]] = []
    for index, user in enumerate(persona_users + users):
        persona = persona_specs[index] if index < len(persona_specs) else None
        home = persona_homes.get(persona["home"]) if persona else None
        home = home or rng.choice(homes)
        lat, lon = _jitter(rng, home.lat, home.lon, 0.6 if home.level == 3 else 2.5)
        foreign = bool(persona["visa"]) if persona else rng.random() < 0.08
        code = persona["occupation"] if persona and persona["occupation"] in by_code else rng.choice(codes)
        age = persona["age"] if persona else rng.randint(20, 64)
        birth_year = today.year - age
        shifts = rng.choice(
            [
                ["day"],
                ["day", "two_shift"],
                ["two_shift", "three_shift"],
                ["day"],
                ["day", "two_shift", "three_shift"],
            ]
        )
        seekers.append(
            Seeker(
                user=user,
                birth_year=birth_year,
                gender=rng.choice(["M", "M", "M", "F", ""]),
                home_region=home,
                lat=lat,
                lon=lon,
                max_commute_minutes=rng.choice([30, 40, 45, 60, 60, 90]),
                desired_monthly_wage=rng.randint(22, 36) * 100_000,
                shift_preferences=shifts,
                employment_type=rng.choices([EmploymentType.PERMANENT, EmploymentType.CONTRACT], [85, 15])[0],
                education=rng.choices(
                    [Education.MIDDLE, Education.HIGH, Education.COLLEGE, Education.UNIVERSITY],
                    [10, 60, 20, 10],
                )[0],
                visa_type=(
                    persona["visa"]
                    if persona
                    else rng.choice([VisaType.E9, VisaType.F4, VisaType.H2, VisaType.E7])
                    if foreign
                    else ""
                ),
                needs_dormitory=persona["dormitory"] if persona else foreign and rng.random() < 0.7,
                summary="",
                last_active_at=timezone.now() - dt.timedelta(days=rng.randint(0, 400)),
            )
        )
        description = rng.choice(by_code[code])
        # experience fits the age: nobody worked before 18 (a 23-year-old has at most 5 years)
        most = max(age - WORKING_AGE_START, 0)
        if persona:
            years = persona["years"]
        else:
            years = round(rng.uniform(0.5, min(most, 30)), 1) if most >= 1 and rng.random() < 0.8 else 0
        ctx.seeker_codes.append(code)
        ctx.seeker_years.append(float(years))
        if years:
            experiences.append(
                (
                    index,
                    Experience(
                        job_title=rng.choice(aliases.get(code) or [description.name]),
                        occupation=occupations.get(code) if rng.random() < 0.6 else None,
                        employer_name=f"{rng.choice(['대성', '한일', '동양', '세진', '우진'])}{rng.choice(['산업', '정밀', '금속'])}",
                        years=years,
                        duties=_short_duties(description.duties, rng),
                    ),
                )
            )
        if persona and persona["qualification"] in quals:
            held.append((index, quals[persona["qualification"]]))
        for qual in _quals_of(description, quals)[:2]:
            if not persona and rng.random() < 0.45:
                held.append((index, qual))
        desired.append((index, occupations.get(code)))
        if persona:
            wanted_regions += [(index, sigungu_by_code[c]) for c in persona.get("regions", ())]
        elif index % 4 == 3 and (home.sido, home.sigungu) in sigungu:
            # a quarter say where they want to work: their own 시군구 (not drawn: the world stays as it was)
            wanted_regions.append((index, sigungu[(home.sido, home.sigungu)]))
    ctx.seekers = Seeker.objects.bulk_create(seekers, batch_size=1000)
    for index, experience in experiences:
        experience.seeker = ctx.seekers[index]
    Experience.objects.bulk_create([e for _, e in experiences], batch_size=1000)
    QualificationHeld.objects.bulk_create(
        [QualificationHeld(seeker=ctx.seekers[i], qualification=q) for i, q in held],
        batch_size=1000,
        ignore_conflicts=True,
    )
    through = Seeker.desired_occupations.through
    through.objects.bulk_create(
        [through(seeker_id=ctx.seekers[i].pk, occupation_id=o.pk) for i, o in desired if o is not None],
        batch_size=1000,
        ignore_conflicts=True,
    )
    region_through = Seeker.desired_regions.through
    region_through.objects.bulk_create(
        [region_through(seeker_id=ctx.seekers[i].pk, region_id=r.pk) for i, r in wanted_regions],
        batch_size=1000,
    )
    texts = list(ConsentText.objects.all())
    ConsentRecord.objects.bulk_create(
        [
            ConsentRecord(user_id=s.user_id, text=t, granted=t.required or rng.random() < 0.6)
            for s in ctx.seekers
            for t in texts
        ],
        batch_size=2000,
    )
