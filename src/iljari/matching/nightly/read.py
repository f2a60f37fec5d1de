"""Reading the nightly batch's seekers: plain values by chunk, never model instances.

``seeker_profiles(pks)`` gives the same ``SeekerIn`` as ``bridge.seeker_profile`` of each seeker (a
test holds them equal) from five flat queries per chunk (the seekers' columns, desired occupations,
experience, licences held, desired regions), so a chunk of 2,048 seekers costs five round trips and
no ORM objects; ``vacancy_profiles()`` likewise for the open vacancies. ``seeker_chunks`` sorts the active seekers' ids by place (~10 km cells) and cuts them.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from iljari.seekers.models import Experience, QualificationHeld, Seeker
from iljari.vacancies.models import HOURS_PER_MONTH, Vacancy, WageType
from jobmatch.recommend import WEEKS_PER_MONTH, SeekerIn, VacancyIn

from .. import bridge


def _keco(scheme: str | None, code: str | None) -> str | None:
    """``bridge._code`` on values: a 4-digit KECO code or None."""
    if scheme != "keco" or code is None:
        return None
    return code if len(code) == 4 else None


def seeker_profiles(pks: list[int]) -> list:
    """``SeekerIn`` of the active seekers among ``pks``, in the order of ``pks`` (others left out)."""
    pks = [int(x) for x in pks]
    rows = bridge.active_seekers().prefetch_related(None).order_by().filter(pk__in=pks).values_list(
        "pk", "lat", "lon", "max_commute_minutes", "shift_preferences", "employment_type",
        "desired_monthly_wage", "visa_type", "needs_dormitory", "education", "birth_year", "summary",
    )  # fmt: skip
    by_pk = {r[0]: r for r in rows}
    desired: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for sid, scheme, code, name in (
        Seeker.desired_occupations.through.objects.filter(seeker_id__in=pks)
        .order_by("occupation__scheme", "occupation__code")
        .values_list("seeker_id", "occupation__scheme", "occupation__code", "occupation__name")
    ):
        if c := _keco(scheme, code):
            desired[sid].append((c, name))
    exp: dict[int, list[tuple]] = defaultdict(list)
    for sid, title, years, scheme, code, duties in (
        Experience.objects.filter(seeker_id__in=pks)
        .order_by("-years", "id")
        .values_list("seeker_id", "job_title", "years", "occupation__scheme", "occupation__code", "duties")
    ):
        exp[sid].append((f"{title}", float(years or 0), _keco(scheme, code), duties))
    lic: dict[int, list[str]] = defaultdict(list)
    for sid, name in (
        QualificationHeld.objects.filter(seeker_id__in=pks)
        .order_by("pk")
        .values_list("seeker_id", "qualification__name")
    ):
        lic[sid].append(name)
    regions: dict[int, list[str]] = defaultdict(list)
    for sid, sido, sigungu in (
        Seeker.desired_regions.through.objects.filter(seeker_id__in=pks)
        .order_by("region__code")
        .values_list("seeker_id", "region__sido", "region__sigungu")
    ):
        regions[sid].append(f"{sido} {sigungu}".strip() if sigungu else sido)
    out = []
    for pk in pks:
        r = by_pk.get(pk)
        if r is None:
            continue
        _pk, lat, lon, commute, shifts, emp_type, wage, visa, dorm, edu, birth, summary = r
        want = desired.get(pk, [])
        ex = exp.get(pk, [])
        out.append(
            SeekerIn(
                id=pk,
                desired_titles=[],
                experience=[(t, y) for t, y, _c, _d in ex],
                experience_codes=[c for _t, _y, c, _d in ex],
                licences=lic.get(pk, []),
                lat=lat,
                lon=lon,
                max_commute_minutes=float(commute or 0) or None,
                shifts=[x for x in (shifts or []) if isinstance(x, str) and x in bridge.SHIFT_BITS],
                employment=bridge._EMPLOYMENT_WISH.get(emp_type, []),
                min_wage_monthly=wage or None,
                visa=visa or "",
                needs_dormitory=dorm,
                desired_regions=regions.get(pk, []),
                education=edu or None,
                birth_year=birth,
                summary=" ".join([summary or "", *(n for _c, n in want), *(d for *_x, d in ex)]),
                codes=[(c, bridge.STRENGTH_DESIRED) for c, _n in want],
            )
        )
    return out


def seeker_chunks(chunk: int) -> list[np.ndarray]:
    """Active seekers' pks sorted by place (~10 km cells, then pk) and cut into chunks."""
    rows = np.array(
        list(bridge.active_seekers().order_by().values_list("pk", "lat", "lon")), dtype=np.float64
    )
    if rows.size == 0:
        return []
    pk, lat, lon = rows[:, 0].astype(np.int64), np.nan_to_num(rows[:, 1]), np.nan_to_num(rows[:, 2])
    order = np.lexsort((pk, np.floor(lon * 8.8), np.floor(lat * 11.05)))
    pk = pk[order]
    return [pk[a : a + chunk] for a in range(0, len(pk), chunk)]


def vacancy_profiles() -> list:
    """``VacancyIn`` of every open vacancy (the order of ``bridge.profile_vacancies``), equal to
    ``bridge.vacancy_profile`` of each (a test holds them equal), from three flat queries."""
    qs = bridge.open_vacancies().prefetch_related(None).select_related(None)
    rows = list(
        qs.values_list(
            "pk", "title", "duties", "lat", "lon", "wage_type", "wage_amount", "work_hours",
            "work_days_per_week", "shift", "employment_type", "experience_years_min", "education_min",
            "foreigners_welcome", "employer_id", "employer__root_sector", "employer__industry__code",
            "dormitory", "commuter_bus", "openings", "work_region_id", "work_region__sido",
            "work_region__sigungu", "occupation__scheme", "occupation__code",
        )
    )  # fmt: skip
    ids = [r[0] for r in rows]
    names: dict[str, dict[int, list[str]]] = {}
    for field in ("required_qualifications", "preferred_qualifications"):
        through = getattr(Vacancy, field).through
        got: dict[int, list[str]] = defaultdict(list)
        for a in range(0, len(ids), 20_000):
            for vid, name in (
                through.objects.filter(vacancy_id__in=ids[a : a + 20_000])
                .order_by("qualification__name")
                .values_list("vacancy_id", "qualification__name")
            ):
                got[vid].append(name)
        names[field] = got
    data = bridge._visa_data()
    out = []
    for (pk, title, duties, lat, lon, wage_type, amount, hours_text, days, shift, emp, exp_min, edu,
         foreign, employer_id, sector, ksic, dorm, bus, openings, region_id, sido, sigungu, scheme,
         code) in rows:  # fmt: skip
        if wage_type == WageType.HOURLY:
            monthly = amount * HOURS_PER_MONTH
        elif wage_type == WageType.ANNUAL:
            monthly = amount // 12
        else:
            monthly = amount
        monthly = monthly if amount else None
        hours = bridge.hours_per_week(hours_text, days or 0)
        if wage_type == WageType.HOURLY and hours:
            monthly = int(round(amount * hours * WEEKS_PER_MONTH))
        visas: list[str] = []
        if foreign:
            ksic = ksic or ""
            visas = ["E-7"]
            e9 = any(ksic.startswith(p) for p in data["e9_ksic_prefixes"]) or (
                not ksic and employer_id is not None and sector != "other"
            )
            if e9:
                visas.append("E-9")
            if e9 or any(ksic.startswith(p) for p in data["h2_extra_ksic_prefixes"]):
                visas.append("H-2")
        out.append(
            VacancyIn(
                id=pk,
                title=title,
                duties=duties,
                lat=lat,
                lon=lon,
                wage_monthly=monthly,
                hours_per_week=hours,
                wage_hourly=amount if wage_type == WageType.HOURLY else None,
                shift=shift or None,
                employment=emp or None,
                min_experience_years=float(exp_min or 0),
                education=edu or None,
                required_licences=names["required_qualifications"].get(pk, []),
                preferred_licences=names["preferred_qualifications"].get(pk, []),
                accepts_visas=visas,
                dormitory=dorm,
                commuter_bus=bus,
                commuter_bus_km=bridge.COMMUTER_BUS_KM,
                openings=openings or 1,
                region=(f"{sido} {sigungu}".strip() if sigungu else sido) if region_id else None,
                code=_keco(scheme, code),
                days_per_week=days or 0,
            )
        )
    return out
