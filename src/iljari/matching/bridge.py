"""Between the Django models and the engine: profiles, pools and the one recommender.

* ``vacancy_profile`` / ``seeker_profile`` turn model instances into ``jobmatch.recommend`` inputs
  (``VacancyIn`` / ``SeekerIn``), the same fields ``iljari recommend --input`` reads from JSON;
* the title normaliser and duty-text encoder come from ``iljari.taxonomy.titles.text_resources()``;
* ``get_pools()`` is the process's ``Pools``: the ``Recommender`` and its pools of open vacancies and
  active seekers, rebuilt when their rows change (count, newest ``updated_at``).
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

from django.db.models import Count as models_Count
from django.db.models import Max, Prefetch
from django.utils import timezone

from iljari.seekers.models import Experience, QualificationHeld, Seeker, SeekerStatus
from iljari.taxonomy.licences import licence_occupations
from iljari.taxonomy.models import Occupation
from iljari.taxonomy.titles import text_resources
from iljari.vacancies.models import Vacancy, VacancyStatus, WageType
from jobmatch import model as jm
from jobmatch.pools import STRENGTH_DESIRED

from .ranker import learned_ranker

log = logging.getLogger(__name__)

COMMUTER_BUS_KM = 25.0  # service radius assumed for a company's commuter bus (no field on Vacancy)

SHIFT_BITS = {
    "day": jm.SHIFT_DAY,
    "night": jm.SHIFT_NIGHT,
    "two_shift": jm.SHIFT_TWO,
    "three_shift": jm.SHIFT_THREE,
}
EMP_BITS = {
    "permanent": jm.EMP_PERMANENT,
    "contract": jm.EMP_CONTRACT,
    "part_time": jm.EMP_PARTTIME,
    "dispatch": jm.EMP_DAILY,
}


# --- the rows the engine reads ---------------------------------------------------------------------


def _code(occ: Occupation | None) -> str | None:
    if occ is None or occ.scheme != "keco":
        return None
    return occ.code if len(occ.code) == 4 else None


def open_vacancies():
    return (
        Vacancy.objects.filter(status=VacancyStatus.PUBLISHED, closing_date__gte=timezone.localdate())
        .select_related("occupation")
        .prefetch_related("required_qualifications", "preferred_qualifications")
    )


def active_seekers():
    return Seeker.objects.filter(status=SeekerStatus.ACTIVE, anonymised_at__isnull=True).prefetch_related(
        "desired_occupations",
        Prefetch("experiences", queryset=Experience.objects.select_related("occupation")),
        Prefetch(
            "qualifications_held",
            queryset=QualificationHeld.objects.select_related("qualification").prefetch_related(
                "qualification__occupations"
            ),
        ),
    )


# --- the constrained ranking (jobmatch.recommend): profiles, pools, the one recommender -----------

_VISAS: dict | None = None


def _visa_data() -> dict:
    global _VISAS
    if _VISAS is None:
        import json

        from jobmatch.recommend import VISAS_FILE

        with open(VISAS_FILE, encoding="utf-8") as f:
            _VISAS = json.load(f)
    return _VISAS


def accepted_visas(v: Vacancy) -> list[str]:
    """Work-permit statuses a vacancy can hire: none unless the employer hires foreigners; E-9 only
    in an industry of the 고용허가제 (KSIC prefixes in ``jobmatch/data/visas.json``; an employer
    without an industry code counts as manufacturing when it has a 뿌리산업 sector), H-2 also in the
    services the 방문취업 status opens."""
    if not v.foreigners_welcome:
        return []
    data = _visa_data()
    employer = v.employer
    industry = employer.industry if employer is not None else None
    ksic = (industry.code if industry is not None else "") or ""
    out = ["E-7"]
    e9 = any(ksic.startswith(p) for p in data["e9_ksic_prefixes"]) or (
        not ksic and employer is not None and employer.root_sector != "other"
    )
    if e9:
        out.append("E-9")
    if e9 or any(ksic.startswith(p) for p in data["h2_extra_ksic_prefixes"]):
        out.append("H-2")
    return out


def _region_name(r) -> str:
    return f"{r.sido} {r.sigungu}".strip() if r.sigungu else r.sido


_SPAN = re.compile(r"(\d{1,2})\s*[:시]\s*(\d{2})?\s*분?\s*[~\-–]\s*(\d{1,2})\s*[:시]\s*(\d{2})?")


def hours_per_week(work_hours: str, days: int) -> float | None:
    """'09:00~13:00' × 5 days → 20 h; a span of more than 8 h loses a 1-hour break. None if unreadable."""
    m = _SPAN.search(work_hours or "")
    if not m or not days:
        return None
    start = int(m.group(1)) + int(m.group(2) or 0) / 60
    end = int(m.group(3)) + int(m.group(4) or 0) / 60
    span = (end - start) % 24
    if span <= 0:
        return None
    if span > 8:
        span -= 1
    return round(span * days, 1)


def vacancy_profile(v: Vacancy):
    from jobmatch.recommend import WEEKS_PER_MONTH, VacancyIn

    monthly = v.monthly_wage if v.wage_amount else None
    hours = hours_per_week(v.work_hours, v.work_days_per_week or 0)
    if v.wage_type == WageType.HOURLY and hours:  # a part-time job's month is its own hours
        monthly = int(round(v.wage_amount * hours * WEEKS_PER_MONTH))
    return VacancyIn(
        id=v.pk,
        title=v.title,
        duties=v.duties,
        lat=v.lat,
        lon=v.lon,
        wage_monthly=monthly,
        hours_per_week=hours,
        wage_hourly=v.wage_amount if v.wage_type == WageType.HOURLY else None,
        shift=v.shift or None,
        employment=v.employment_type or None,
        min_experience_years=float(v.experience_years_min or 0),
        education=v.education_min or None,
        required_licences=[q.name for q in v.required_qualifications.all()],
        preferred_licences=[q.name for q in v.preferred_qualifications.all()],
        accepts_visas=accepted_visas(v),
        dormitory=v.dormitory,
        commuter_bus=v.commuter_bus,
        commuter_bus_km=COMMUTER_BUS_KM,
        openings=v.openings or 1,
        region=_region_name(v.work_region) if v.work_region_id else None,
        code=_code(v.occupation),
        days_per_week=v.work_days_per_week or 0,
    )


# the one form choice "희망 고용형태" read as what the person rules out: full-time work or part-time
_EMPLOYMENT_WISH = {
    "permanent": ["permanent", "contract"],
    "contract": ["permanent", "contract"],
    "dispatch": ["permanent", "contract", "dispatch"],
    "part_time": ["part_time"],
}


def seeker_profile(s: Seeker):
    from jobmatch.recommend import SeekerIn

    desired = [o for o in s.desired_occupations.all() if _code(o)]
    experience, chosen = [], []
    for e in s.experiences.all():
        experience.append((f"{e.job_title}", float(e.years or 0)))
        chosen.append(_code(e.occupation))
    return SeekerIn(
        id=s.pk,
        desired_titles=[],
        experience=experience,
        experience_codes=chosen,
        licences=[qh.qualification.name for qh in s.qualifications_held.all()],
        lat=s.lat,
        lon=s.lon,
        max_commute_minutes=float(s.max_commute_minutes or 0) or None,
        shifts=[x for x in (s.shift_preferences or []) if isinstance(x, str) and x in SHIFT_BITS],
        employment=_EMPLOYMENT_WISH.get(s.employment_type, []),
        min_wage_monthly=s.desired_monthly_wage or None,
        visa=s.visa_type or "",
        needs_dormitory=s.needs_dormitory,
        desired_regions=[_region_name(r) for r in s.desired_regions.all()],
        education=s.education or None,
        birth_year=s.birth_year,
        summary=" ".join(
            [s.summary or "", *(o.name for o in desired), *(e.duties for e in s.experiences.all())]
        ),
        codes=[(c, STRENGTH_DESIRED) for o in desired if (c := _code(o))],
    )


def profile_seekers():
    return active_seekers().select_related("home_region").prefetch_related("desired_regions")


def profile_vacancies():
    return open_vacancies().select_related("work_region", "employer", "employer__industry")


class Pools:
    """The process's recommender and its pools of open vacancies and active seekers.

    A pool is rebuilt when its rows change (count, newest ``updated_at``, or a ``refresh_*`` call
    for related rows): batched title normalisation, skills, regions and the engine's tables.
    """

    def __init__(self):
        from jobmatch.recommend import Recommender

        self.res = text_resources()
        self.recommender = Recommender(
            self.res.normaliser, self.res.encoder, self.res.occ_names, licence_links=licence_occupations()
        )
        self.recommender.ranker = learned_ranker()
        self.lock = threading.RLock()
        self.generation = 0
        self._v: tuple[Any, Any] = (None, None)
        self._s: tuple[Any, Any] = (None, None)

    @staticmethod
    def _fingerprint(qs, generation):
        agg = qs.order_by().aggregate(n=models_Count("pk"), t=Max("updated_at"), m=Max("pk"))
        return (agg["n"], agg["t"], agg["m"], generation)

    def vacancies(self):
        with self.lock:
            key = self._fingerprint(open_vacancies(), self.generation)
            if self._v[0] != key:
                items = [vacancy_profile(v) for v in profile_vacancies()]
                self._v = (key, self.recommender.pool_vacancies(items))
            return self._v[1]

    def seekers(self):
        with self.lock:
            key = self._fingerprint(active_seekers(), self.generation)
            if self._s[0] != key:
                items = [seeker_profile(s) for s in profile_seekers()]
                self._s = (key, self.recommender.pool_seekers(items))
            return self._s[1]

    def changed(self) -> None:
        with self.lock:
            self.generation += 1


_pools_lock = threading.Lock()
_pools: Pools | None = None


def get_pools() -> Pools:
    global _pools
    with _pools_lock:
        if _pools is None or _pools.res is not text_resources():
            _pools = Pools()
        return _pools


def reset_pools() -> None:
    global _pools
    with _pools_lock:
        _pools = None
