"""How well a seeker fits a booth: the matching engine's scores, an occupation fallback, and the
booths suggested on the registration form."""

from __future__ import annotations

import logging

from iljari.matching.actions import recommend_vacancies_for_seeker

from .models import Event, Participation, ParticipationStatus

logger = logging.getLogger(__name__)


def occupation_codes(seeker) -> set[str]:
    codes = set(seeker.desired_occupations.values_list("code", flat=True))
    codes |= {c for c in seeker.experiences.values_list("occupation__code", flat=True) if c}
    return codes


def engine_scores(seeker, limit: int = 200) -> dict[int, float]:
    """Vacancy id → the matching engine's score in [0, 1] for this seeker (its top ``limit``
    open vacancies)."""
    try:
        recs = recommend_vacancies_for_seeker(seeker, k=limit)
    except Exception:  # noqa: BLE001 - a registration must not fail because of the engine
        logger.exception("matching engine failed; using the occupation fallback")
        return {}
    return {r.vacancy.pk: max(0.0, min(1.0, float(r.score) / 100.0)) for r in recs}


def match_score(
    seeker,
    participation: Participation,
    _codes: set[str] | None = None,
    _engine: dict[int, float] | None = None,
) -> float:
    """Fit of a seeker to a booth in [0, 1].

    The matching engine's best score among the booth's vacancies when it ranks one of them
    (``iljari.matching.actions.recommend_vacancies_for_seeker``); otherwise an occupation
    match: same KECO code 0.9, same major group 0.5, else 0.2 — below what the engine gives
    the vacancies it does rank, so ranked ones come first."""
    vacancies = list(participation.vacancies.all())
    engine = engine_scores(seeker) if _engine is None else _engine
    ranked = [engine[v.pk] for v in vacancies if v.pk in engine]
    if ranked:
        return max(ranked)
    codes = _codes if _codes is not None else occupation_codes(seeker)
    best = 0.2
    for v in vacancies:
        code = v.occupation.code if v.occupation is not None else ""
        if not code:
            continue
        if code in codes:
            return 0.9
        if any(c[:2] == code[:2] for c in codes):
            best = max(best, 0.5)
    return best


def suggest_booths(event: Event, seeker, limit: int | None = None) -> list[tuple[Participation, float]]:
    """Approved booths ranked by match score (the engine's suggestion for the form)."""
    codes = occupation_codes(seeker)
    engine = engine_scores(seeker)
    parts = (
        event.participations.filter(status=ParticipationStatus.APPROVED)
        .select_related("employer")
        .prefetch_related("vacancies__occupation")
    )
    ranked = sorted(
        ((p, match_score(seeker, p, codes, engine)) for p in parts),
        key=lambda x: (-x[1], x[0].booth_number or 0),
    )
    return ranked[: limit or event.max_requests]
