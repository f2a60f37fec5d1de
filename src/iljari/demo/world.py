"""The demo world: a deterministic Incheon/Gyeonggi root-industry job market.

Companies stand in the real industrial complexes (산업단지) around their centres;
vacancies take their titles and duties from the job dictionary's root-industry entries;
seekers live in real districts with experience, qualifications and preferences.
Everything is bulk-created so the medium scale (300 employers, 1,500 vacancies,
5,000 seekers) builds in seconds.
"""

import datetime as dt
import random
import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from iljari.accounts.models import ConsentPurpose, ConsentRecord, ConsentText, Role, Team, User
from iljari.employers.models import Employer, EmployerMember, EmployerStatus, MemberRole, RootSector
from iljari.seekers.models import Experience, QualificationHeld, Seeker, VisaType
from iljari.taxonomy.choices import Education, EmploymentType, Shift
from iljari.taxonomy.models import (
    IndustrialComplex,
    Industry,
    JobDescription,
    JobTitle,
    Occupation,
    Qualification,
    Region,
)
from iljari.vacancies.models import Vacancy, VacancyStatus, WageType

from .names import business_number, company_name, person_name

SCALES = {
    "small": {"employers": 40, "vacancies": 150, "seekers": 300},
    "medium": {"employers": 300, "vacancies": 1500, "seekers": 5000},
    "large": {"employers": 1500, "vacancies": 10000, "seekers": 30000},
}

DEMO_PASSWORD = "iljari-demo-2026"  # noqa: S105 — documented in README.md; demo accounts only

# root sector → KECO-2018 세분류 codes of the jobs such a company hires for
SECTOR_OCCUPATIONS: dict[str, list[str]] = {
    RootSector.CASTING: ["8233", "8234", "8211"],
    RootSector.MOLD: ["8131", "8132"],
    RootSector.WELDING: ["8241", "8242", "8223"],
    RootSector.PLASTIC_WORKING: ["8231", "8232", "8222", "8221", "8132"],
    RootSector.SURFACE_TREATMENT: ["8252", "8251"],
    RootSector.HEAT_TREATMENT: ["8212", "8211"],
    RootSector.OTHER: ["8132", "8162", "8150"],
}
SECTOR_WEIGHTS = {
    RootSector.CASTING: 12,
    RootSector.MOLD: 18,
    RootSector.WELDING: 22,
    RootSector.PLASTIC_WORKING: 16,
    RootSector.SURFACE_TREATMENT: 14,
    RootSector.HEAT_TREATMENT: 8,
    RootSector.OTHER: 10,
}
SECTOR_KSIC: dict[str, list[str]] = {
    RootSector.CASTING: ["24311", "24312", "24321", "24329"],
    RootSector.MOLD: ["29293"],
    RootSector.WELDING: ["25111", "25112", "25119"],
    RootSector.PLASTIC_WORKING: ["25911", "25912", "25913"],
    RootSector.SURFACE_TREATMENT: ["25922", "25923"],
    RootSector.HEAT_TREATMENT: ["25921"],
    RootSector.OTHER: ["25934", "29199"],
}
BASE_WAGE = {"81": 2_900_000, "82": 2_800_000}
MIN_HOURLY_WAGE = 10_320  # 2026 최저임금
SHIFT_LABEL = {
    Shift.DAY: "주간",
    Shift.TWO_SHIFT: "주야2교대",
    Shift.THREE_SHIFT: "3교대",
    Shift.NIGHT: "야간",
}


@dataclass
class DemoContext:
    """What seeders share: the random source, the scale, the day, and what was built."""

    rng: random.Random
    scale: str
    today: dt.date
    stdout: Any = None
    users: dict[str, User] = field(default_factory=dict)
    employers: list[Employer] = field(default_factory=list)
    vacancies: list[Vacancy] = field(default_factory=list)
    seekers: list[Seeker] = field(default_factory=list)

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)


def _jitter(rng: random.Random, lat: float, lon: float, km: float) -> tuple[float, float]:
    return lat + rng.uniform(-km, km) / 111.0, lon + rng.uniform(-km, km) / 88.0


def _short_duties(text: str, rng: random.Random) -> str:
    sentences = [s.strip() for s in re.split(r"(?<=[.다])\s+", text or "") if len(s.strip()) > 8]
    if not sentences:
        return text or ""
    start = rng.randrange(len(sentences))
    excerpt = " ".join(sentences[start : start + 3])
    return excerpt if len(excerpt) >= 40 else " ".join(sentences)[:400]


def _alias_titles(descriptions: list[JobDescription]) -> dict[str, list[str]]:
    """KECO code → the job dictionary's own job names for that occupation, as written there.

    Only canonical names (``kind="title"``): the index's alternate names carry the source's typos
    (e.g. "체체판금작업원" for 차체판금작업원) and would show up on demo vacancies and résumés."""
    codes = {d.keco_code for d in descriptions}
    aliases: dict[str, list[str]] = {code: [] for code in codes}
    for title, code in JobTitle.objects.filter(keco_code__in=codes, kind="title").values_list(
        "title", "keco_code"
    ):
        aliases[code].append(title)
    for d in descriptions:
        if d.name not in aliases[d.keco_code]:
            aliases[d.keco_code].append(d.name)
    return aliases


# The documented accounts (README.md): who they are is fixed, the rest of the world is random.
PERSONAS: dict[str, dict[str, Any]] = {
    "seeker": {  # a 52-year-old welder in 남동구 with 25 years of experience
        "age": 52,
        "home": "28200107",  # 인천광역시 남동구 남촌동
        "occupation": "8241",
        "years": 25.0,
        "visa": "",
        "dormitory": False,
        "qualification": "용접기능사",
    },
    "seeker2": {  # an E-9 worker who needs a dormitory
        "age": 29,
        "home": "28275110",  # 인천광역시 서해구 가좌동
        "occupation": "8241",
        "years": 3.0,
        "visa": VisaType.E9,
        "dormitory": True,
        "qualification": "",
    },
}
WORKING_AGE_START = 18


def seed_people(ctx: DemoContext) -> None:
    """Demo accounts for every role (password DEMO_PASSWORD)."""
    teams = {
        name: Team.objects.get_or_create(name=name, center="인천 뿌리산업 일자리센터")[0]
        for name in ("남동 취업지원팀", "부평·서구 취업지원팀")
    }
    password = make_password(DEMO_PASSWORD)
    accounts = [
        ("admin", Role.ADMIN, "관리자", None, True),
        ("counselor", Role.COUNSELOR, "김상담", "남동 취업지원팀", False),
        ("counselor2", Role.COUNSELOR, "이지원", "부평·서구 취업지원팀", False),
        ("manager", Role.PROGRAM_MANAGER, "박사업", None, False),
        ("official", Role.OFFICIAL, "최주무관", None, False),
        ("employer", Role.EMPLOYER, "정인사", None, False),
        ("employer2", Role.EMPLOYER, "한채용", None, False),
        ("seeker", Role.SEEKER, "홍길동", None, False),
        ("seeker2", Role.SEEKER, "응우옌반안", None, False),
    ]
    for username, role, name, team, is_super in accounts:
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "full_name": name,
                "password": password,
                "team": teams.get(team or ""),
                "is_superuser": is_super,
                "is_staff": is_super,
                "email": f"{username}@demo.iljari.kr",
                "phone": f"010-{ctx.rng.randint(2000, 9999)}-{ctx.rng.randint(1000, 9999)}",
            },
        )
        ctx.users[username] = user


def seed_consent_texts() -> None:
    texts = [
        (ConsentPurpose.TERMS, True, "이용약관", "일자리 서비스 이용약관에 동의합니다.", "", ""),
        (
            ConsentPurpose.SERVICE,
            True,
            "개인정보 수집·이용 동의 (필수)",
            "구직 등록, 상담, 취업 알선을 위해 아래 개인정보를 수집·이용합니다. 동의를 거부할 수 있으나 "
            "이 경우 구직 서비스를 이용할 수 없습니다.",
            "이름, 연락처, 출생연도, 거주지, 학력, 경력, 자격",
            "회원 탈퇴 또는 3년간 미이용 시까지",
        ),
        (
            ConsentPurpose.MATCHING,
            True,
            "맞춤 일자리 추천 (필수)",
            "입력한 경력·자격·희망조건으로 일자리를 추천하고 추천 사유를 보여 드립니다.",
            "경력, 자격, 희망조건, 거주지",
            "회원 탈퇴 시까지",
        ),
        (
            ConsentPurpose.SHARE_WITH_EMPLOYERS,
            False,
            "알선 기업에 이력 정보 제공 (선택)",
            "상담사가 알선하는 기업에 이름·연락처·경력·자격을 제공합니다. 동의하지 않으면 기업에는 "
            "이니셜과 연령대만 보입니다.",
            "이름, 연락처, 경력, 자격",
            "알선 종료 후 1년",
        ),
        (
            ConsentPurpose.MARKETING,
            False,
            "채용 소식·행사 알림 (선택)",
            "채용박람회, 새 추천 일자리 소식을 문자·이메일로 받습니다.",
            "연락처, 이메일",
            "동의 철회 시까지",
        ),
    ]
    for purpose, required, title, body, items, retention in texts:
        ConsentText.objects.get_or_create(
            purpose=purpose,
            version=1,
            defaults={
                "required": required,
                "title": title,
                "body": body,
                "items": items,
                "retention": retention,
            },
        )


def seed_employers(ctx: DemoContext, count: int) -> None:
    rng = ctx.rng
    complexes = [c for c in IndustrialComplex.objects.select_related("region") if c.region is not None]
    industries = {
        i.code: i for i in Industry.objects.filter(code__in=[c for v in SECTOR_KSIC.values() for c in v])
    }
    sectors, weights = zip(*SECTOR_WEIGHTS.items(), strict=True)
    used_names: set[str] = set()
    used_numbers: set[str] = set(Employer.objects.values_list("business_number", flat=True))
    employers = []
    for index in range(count):
        sector = rng.choices(sectors, weights)[0]
        complex_ = rng.choice(complexes)
        lat, lon = _jitter(rng, complex_.lat, complex_.lon, 1.2)
        region = complex_.region
        assert region is not None  # filtered above
        employees = int(rng.lognormvariate(2.9, 0.8)) + 3
        employers.append(
            Employer(
                name=company_name(rng, sector, used_names),
                business_number=business_number(rng, used_numbers),
                representative=person_name(rng),
                industry=industries.get(rng.choice(SECTOR_KSIC[sector])),
                root_sector=sector,
                address=f"{region.full_name} {rng.randint(1, 999)}-{rng.randint(1, 30)} ({complex_.name})",
                region=region,
                lat=lat,
                lon=lon,
                industrial_complex=complex_,
                employees=employees,
                phone=f"032-{rng.randint(200, 999)}-{rng.randint(1000, 9999)}",
                description=f"{complex_.name}에 있는 {RootSector(sector).label} 전문 기업입니다. 상시 근로자 {employees}명.",
                commuter_bus=rng.random() < 0.35,
                dormitory=rng.random() < 0.25,
                canteen=rng.random() < 0.6,
                status=EmployerStatus.APPROVED if index < count - 3 else EmployerStatus.PENDING,
            )
        )
    ctx.employers = Employer.objects.bulk_create(employers, batch_size=500)
    members = [
        EmployerMember(user=ctx.users["employer"], employer=ctx.employers[0], role=MemberRole.OWNER),
        EmployerMember(user=ctx.users["employer2"], employer=ctx.employers[1], role=MemberRole.OWNER),
    ]
    EmployerMember.objects.bulk_create(members)


def _sector_descriptions() -> dict[str, list[JobDescription]]:
    by_code: dict[str, list[JobDescription]] = {}
    codes = {c for codes in SECTOR_OCCUPATIONS.values() for c in codes}
    for d in JobDescription.objects.filter(keco_code__in=codes).only(
        "name", "duties", "summary", "keco_code", "qualifications"
    ):
        by_code.setdefault(d.keco_code, []).append(d)
    return by_code


def _qualification_lookup() -> dict[str, Qualification]:
    return {q.name: q for q in Qualification.objects.all()}


def _quals_of(description: JobDescription, quals: dict[str, Qualification]) -> list[Qualification]:
    names = re.split(r"[,.·]\s*", description.qualifications or "")
    return [quals[n.strip()] for n in names if n.strip() in quals]


def seed_vacancies(ctx: DemoContext, count: int) -> None:
    rng, today = ctx.rng, ctx.today
    by_code = _sector_descriptions()
    occupations = {o.code: o for o in Occupation.objects.filter(scheme="keco", code__in=list(by_code))}
    aliases = _alias_titles([d for ds in by_code.values() for d in ds])
    quals = _qualification_lookup()
    approved = [e for e in ctx.employers if e.status == EmployerStatus.APPROVED]
    vacancies, required, preferred = [], [], []
    for index in range(count):
        employer = approved[index % len(approved)] if index < len(approved) else rng.choice(approved)
        codes = [c for c in SECTOR_OCCUPATIONS[employer.root_sector] if c in by_code] or list(by_code)
        code = rng.choice(codes)
        description = rng.choice(by_code[code])
        shift = rng.choices(list(SHIFT_LABEL), [55, 30, 10, 5])[0]
        title_word = rng.choice(aliases.get(code) or [description.name])
        complex_name = (
            employer.industrial_complex.name if employer.industrial_complex else employer.region.sigungu
        )
        place = (
            complex_name.replace("국가산업단지", "공단")
            .replace("일반산업단지", "산단")
            .replace("산업단지", "산단")
        )
        title = rng.choice(
            [
                f"{title_word} 모집 ({place}, {SHIFT_LABEL[shift]})",
                f"[{place}] {title_word} 채용",
                f"{title_word} 정규직 채용 - {employer.name}",
                f"{title_word} 경력/신입 모집",
            ]
        )
        hourly = rng.random() < 0.2
        base = (
            BASE_WAGE.get(code[:2], 2_700_000)
            + rng.randint(-2, 12) * 50_000
            + (150_000 if shift != Shift.DAY else 0)
        )
        status = rng.choices(
            [VacancyStatus.PUBLISHED, VacancyStatus.PENDING, VacancyStatus.CLOSED, VacancyStatus.DRAFT],
            [84, 6, 8, 2],
        )[0]
        closing = (
            today + dt.timedelta(days=rng.randint(3, 60))
            if status != VacancyStatus.CLOSED
            else today - dt.timedelta(days=rng.randint(1, 60))
        )
        published = timezone.now() - dt.timedelta(days=rng.randint(0, 40), hours=rng.randint(0, 23))
        vacancies.append(
            Vacancy(
                employer=employer,
                title=title[:150],
                duties=_short_duties(description.duties, rng) or description.summary or description.name,
                occupation=occupations.get(code),
                openings=rng.choices([1, 2, 3, 5], [50, 30, 15, 5])[0],
                wage_type=WageType.HOURLY if hourly else WageType.MONTHLY,
                wage_amount=MIN_HOURLY_WAGE + rng.randint(0, 30) * 100 if hourly else base,
                shift=shift,
                work_hours={
                    "day": "08:30~17:30",
                    "two_shift": "08:00~20:00 / 20:00~08:00",
                    "three_shift": "06:00~14:00 / 14:00~22:00 / 22:00~06:00",
                    "night": "20:00~05:00",
                }[shift],
                work_days_per_week=rng.choice([5, 5, 5, 6]),
                employment_type=rng.choices(
                    [EmploymentType.PERMANENT, EmploymentType.CONTRACT, EmploymentType.PART_TIME], [75, 20, 5]
                )[0],
                experience_years_min=rng.choices([0, 1, 2, 3, 5], [45, 20, 15, 12, 8])[0],
                education_min=rng.choices([Education.NONE, Education.HIGH], [70, 30])[0],
                work_region=employer.region,
                address=employer.address,
                lat=employer.lat,
                lon=employer.lon,
                commuter_bus=employer.commuter_bus,
                dormitory=employer.dormitory,
                meals=employer.canteen,
                foreigners_welcome=rng.random() < 0.3,
                status=status,
                closing_date=closing,
                published_at=published if status in (VacancyStatus.PUBLISHED, VacancyStatus.CLOSED) else None,
            )
        )
        desc_quals = _quals_of(description, quals)
        if desc_quals and rng.random() < 0.35:
            required.append((index, desc_quals[:1]))
            preferred.append((index, desc_quals[1:3]))
        elif desc_quals:
            preferred.append((index, desc_quals[:2]))
    ctx.vacancies = Vacancy.objects.bulk_create(vacancies, batch_size=500)
    _link_qualifications(Vacancy.required_qualifications.through, ctx.vacancies, required)
    _link_qualifications(Vacancy.preferred_qualifications.through, ctx.vacancies, preferred)


def _link_qualifications(
    through: Any, vacancies: list[Vacancy], pairs: list[tuple[int, list[Qualification]]]
) -> None:
    rows = [through(vacancy_id=vacancies[i].pk, qualification_id=q.pk) for i, qs in pairs for q in qs]
    through.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


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
    texts = list(ConsentText.objects.all())
    ConsentRecord.objects.bulk_create(
        [
            ConsentRecord(user_id=s.user_id, text=t, granted=t.required or rng.random() < 0.6)
            for s in ctx.seekers
            for t in texts
        ],
        batch_size=2000,
    )


def build_core_world(ctx: DemoContext) -> None:
    sizes = SCALES[ctx.scale]
    seed_consent_texts()
    seed_people(ctx)
    seed_employers(ctx, sizes["employers"])
    seed_vacancies(ctx, sizes["vacancies"])
    seed_seekers(ctx, sizes["seekers"])
