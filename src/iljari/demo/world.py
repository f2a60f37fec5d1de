"""The demo world: a deterministic Incheon/Gyeonggi root-industry job market.

Companies stand in the real industrial complexes (산업단지) around their centres;
vacancies take their titles and duties from the job dictionary's root-industry entries;
seekers live in real districts with experience, qualifications and preferences.
Everything is bulk-created so the medium scale (300 employers, 1,500 vacancies,
5,000 seekers) builds in seconds.
"""

import datetime as dt
from typing import Any

from django.utils import timezone

from iljari.employers.models import Employer, EmployerMember, EmployerStatus, MemberRole, RootSector
from iljari.taxonomy.choices import Education, EmploymentType, Shift
from iljari.taxonomy.models import (
    IndustrialComplex,
    Industry,
    Occupation,
    Qualification,
)
from iljari.vacancies.models import Vacancy, VacancyStatus, WageType

from .context import (
    DEMO_PASSWORD,
    SCALES,
    SECTOR_OCCUPATIONS,
    DemoContext,
    _alias_titles,
    _jitter,
    _qualification_lookup,
    _quals_of,
    _sector_descriptions,
    _short_duties,
)
from .names import business_number, company_name, person_name
from .outcomes import seed_outcomes
from .people import PERSONAS, seed_consent_texts, seed_people
from .seekers import seed_seekers

__all__ = [
    "DEMO_PASSWORD",
    "PERSONAS",
    "SCALES",
    "DemoContext",
    "build_core_world",
    "seed_consent_texts",
    "seed_people",
    "seed_seekers",
]

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


def build_core_world(ctx: DemoContext) -> None:
    sizes = SCALES[ctx.scale]
    seed_consent_texts()
    seed_people(ctx)
    seed_employers(ctx, sizes["employers"])
    seed_vacancies(ctx, sizes["vacancies"])
    seed_seekers(ctx, sizes["seekers"])
    seed_outcomes(ctx)
