"""추천 일자리 for one seeker.

The contract is ``iljari.matching.actions.recommend_vacancies_for_seeker(seeker, k)`` returning
objects with ``.vacancy``, ``.score`` and ``.reasons`` (Korean strings), built by the matching
engineer. Until that function exists, ``fallback_recommendations`` (TEMPORARY, clearly simpler)
ranks open vacancies by occupation match, distance, wage and shift with its own reasons.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from iljari.taxonomy.models import haversine_km

KM_PER_MINUTE = 0.5  # about 30 km/h door to door by bus in the industrial areas


@dataclass
class Recommendation:
    vacancy: Any
    score: float  # 0–100
    reasons: list[str] = field(default_factory=list)


def engine_function():
    try:
        module = importlib.import_module("iljari.matching.actions")
    except ModuleNotFoundError as exc:
        if exc.name in ("iljari.matching.actions",):
            return None
        raise
    return getattr(module, "recommend_vacancies_for_seeker", None)


def _stored_if_fresh(seeker, k: int):
    """The last batch's recommendations when they are newer than the seeker's last profile change."""
    try:
        from iljari.matching.actions import stored_recommendations_for_seeker
        from iljari.matching.models import Recommendation as Stored
    except ImportError:
        return None
    newest = (
        Stored.objects.filter(seeker=seeker, direction="seeker")
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if newest is None or newest < seeker.updated_at:
        return None
    return list(stored_recommendations_for_seeker(seeker, k))


def recommendations_for(seeker, k: int = 20) -> tuple[list[Recommendation], bool]:
    """(recommendations, from_engine); vacancies loaded with what the page shows, in one query.

    The nightly batch's stored list is used while it is newer than the seeker's last profile
    change (no engine call); otherwise the engine ranks online.
    """
    from iljari.vacancies.models import Vacancy

    engine = engine_function()
    if engine is None:
        return fallback_recommendations(seeker, k), False
    items = _stored_if_fresh(seeker, k)
    if not items:
        items = list(engine(seeker, k))
    vacancies = Vacancy.objects.select_related(
        "employer", "work_region", "occupation", "employer__industrial_complex"
    ).in_bulk([item.vacancy.pk for item in items])
    out = []
    for item in items:
        vacancy = vacancies.get(item.vacancy.pk)
        if vacancy is None or not vacancy.is_open:
            continue
        vacancy.distance_km = round(haversine_km(seeker.lat, seeker.lon, vacancy.lat, vacancy.lon), 1)  # type: ignore[attr-defined]
        out.append(Recommendation(vacancy=vacancy, score=float(item.score), reasons=list(item.reasons)))
    return out, True


def fallback_recommendations(seeker, k: int = 20) -> list[Recommendation]:
    """TEMPORARY until matching.actions exists: occupation match + distance (+ wage, shift)."""
    from iljari.vacancies.search import open_vacancies

    desired = set(seeker.desired_occupations.values_list("code", flat=True))
    experienced = set(seeker.experiences.exclude(occupation=None).values_list("occupation__code", flat=True))
    codes = desired | experienced
    radius_km = max(seeker.max_commute_minutes * KM_PER_MINUTE, 5)
    deg = radius_km / 111.0
    qs = open_vacancies().select_related(
        "employer", "work_region", "occupation", "employer__industrial_complex"
    )
    near = Q(
        lat__range=(seeker.lat - deg, seeker.lat + deg),
        lon__range=(seeker.lon - deg * 1.3, seeker.lon + deg * 1.3),
    )
    qs = qs.filter(near | Q(occupation__code__in=codes) & Q(dormitory=True)) if codes else qs.filter(near)
    if seeker.needs_dormitory:
        qs = qs.filter(dormitory=True)
    shifts = set(seeker.shift_preferences or [])
    out: list[Recommendation] = []
    for vacancy in qs[:800]:
        reasons: list[str] = []
        score = 0.0
        code = vacancy.occupation.code if vacancy.occupation_id else ""
        if code and code in experienced:
            score += 0.45
            reasons.append(_("경력 직종과 같습니다 (%(o)s)") % {"o": vacancy.occupation.name})
        elif code and code in desired:
            score += 0.35
            reasons.append(_("희망 직종입니다 (%(o)s)") % {"o": vacancy.occupation.name})
        elif code and any(code[:3] == c[:3] for c in codes):
            score += 0.15
            reasons.append(_("비슷한 직종입니다 (%(o)s)") % {"o": vacancy.occupation.name})
        km = haversine_km(seeker.lat, seeker.lon, vacancy.lat, vacancy.lon)
        minutes = km / KM_PER_MINUTE
        if minutes <= seeker.max_commute_minutes:
            score += 0.3 * (1 - minutes / max(seeker.max_commute_minutes, 1))
            reasons.append(_("집에서 약 %(km).1fkm (통근 약 %(m)d분)") % {"km": km, "m": round(minutes)})
        if vacancy.commuter_bus:
            score += 0.05
            reasons.append(_("통근버스가 있습니다"))
        wish = seeker.desired_monthly_wage
        if wish and vacancy.monthly_wage >= wish:
            score += 0.1
            reasons.append(_("희망 월급 이상입니다"))
        if shifts and vacancy.shift in shifts:
            score += 0.1
            reasons.append(_("희망 근무형태(%(s)s)입니다") % {"s": vacancy.get_shift_display()})
        if seeker.needs_dormitory and vacancy.dormitory:
            reasons.append(_("기숙사를 제공합니다"))
        vacancy.distance_km = round(km, 1)
        out.append(Recommendation(vacancy=vacancy, score=round(score * 100, 1), reasons=reasons))
    out.sort(key=lambda r: (-r.score, r.vacancy.pk))
    return out[:k]
