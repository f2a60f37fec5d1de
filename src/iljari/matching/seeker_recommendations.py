"""추천 일자리 for one seeker: the matching engine's ranking
(``iljari.matching.actions.recommend_vacancies_for_seeker``, objects with ``.vacancy``,
``.score`` and Korean ``.reasons``), or the nightly batch's stored list while it is fresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from iljari.taxonomy.models import haversine_km
from iljari.vacancies.models import Vacancy

from .actions import recommend_vacancies_for_seeker, stored_recommendations_for_seeker
from .models import Recommendation as Stored


@dataclass
class Recommendation:
    vacancy: Any
    score: float  # 0–100
    reasons: list[str] = field(default_factory=list)
    relaxed: list[str] = field(default_factory=list)  # needs not met, in the active language (완화한 조건)


def _stored_if_fresh(seeker, k: int):
    """The last batch's recommendations when they are newer than the seeker's last profile change."""
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
    items = _stored_if_fresh(seeker, k)
    if not items:
        items = list(recommend_vacancies_for_seeker(seeker, k))
    vacancies = Vacancy.objects.select_related(
        "employer", "work_region", "occupation", "employer__industrial_complex"
    ).in_bulk([item.vacancy.pk for item in items])
    out = []
    for item in items:
        vacancy = vacancies.get(item.vacancy.pk)
        if vacancy is None or not vacancy.is_open:
            continue
        vacancy.distance_km = round(haversine_km(seeker.lat, seeker.lon, vacancy.lat, vacancy.lon), 1)  # type: ignore[attr-defined]
        out.append(
            Recommendation(
                vacancy=vacancy,
                score=float(item.score),
                reasons=list(item.reasons),
                relaxed=list(getattr(item, "relaxed_labels", [])),
            )
        )
    return out, True
