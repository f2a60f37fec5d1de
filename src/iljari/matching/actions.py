"""Matching actions — the API other apps call. Stable signatures:

``recommend_vacancies_for_seeker(seeker, k=10, filters=None) -> list[VacancyRecommendation]``
    Online: the best open vacancies for one seeker, from the in-memory index (refreshed incrementally
    before the query). Each item has ``.vacancy`` (a ``Vacancy``), ``.seeker``, ``.score`` (0–100),
    ``.rank`` (1-based), ``.reasons`` (list of strings in the active language, e.g. "용접기능사 보유",
    "통근 약 25분 (통근버스)", "희망임금 충족"), ``.reason_items`` (structured: code, params, text,
    positive) and ``.contributions`` ({feature: points}).

``recommend_seekers_for_vacancy(vacancy, k=10, filters=None) -> list[SeekerRecommendation]``
    The same for the other direction (``.seeker`` is the recommended ``Seeker``).

``stored_recommendations_for_seeker(seeker, k=10)`` / ``stored_recommendations_for_vacancy(vacancy, k=10)``
    What the last batch stored (no engine call): for pages and notifications.

``do_run_batch_matching(k=10, executor="local", dask_address=None, ...) -> MatchRun``
    All active seekers × open vacancies: capacity-aware top-k per seeker and top-k per vacancy, stored
    atomically as ``Recommendation`` rows (replacing the previous run's).

``refresh_seeker(seeker)`` / ``refresh_vacancy(vacancy)``
    Call after editing a seeker's experience/qualifications or a vacancy's licences (rows whose own
    ``updated_at`` did not move); plain edits of the seeker/vacancy rows are picked up automatically
    on the next read. The seekers app never calls these (it sits below matching): its résumé actions
    move the seeker's ``updated_at`` instead.

Bad input never raises from the recommend functions: a seeker without location, codes or text still
gets recommendations with reasons that say what is missing; an unsaved or inactive record gets ``[]``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
from django.utils import timezone

from iljari.seekers.models import Seeker
from iljari.vacancies.models import Vacancy
from jobmatch.scoring import Filters

from . import bridge
from .models import Direction, MatchRun, MatchRunStatus, Recommendation
from .reasons import render_all, render_relaxed

log = logging.getLogger(__name__)


@dataclass
class VacancyRecommendation:
    seeker: Seeker
    vacancy: Vacancy
    score: float
    rank: int
    reason_items: list[dict] = field(default_factory=list)
    contributions: dict = field(default_factory=dict)
    relaxed: list[str] = field(default_factory=list)  # constraints relaxed (jobmatch.recommend.CONSTRAINTS)

    @property
    def reasons(self) -> list[str]:
        return render_all(self.reason_items)

    @property
    def relaxed_labels(self) -> list[str]:
        return render_relaxed(self.relaxed)


@dataclass
class SeekerRecommendation(VacancyRecommendation):
    pass


def recommend_vacancies_for_seeker(seeker: Seeker, k: int = 10, filters: Filters | None = None):
    """Top-k open vacancies for ``seeker``: exact fits of every stated need first, then — only when
    fewer than k fit — those relaxing the fewest needs, each labelled (``.relaxed``, and a reason
    such as "통근 55분 — 희망 45분보다 멂"). Never empty while a vacancy is open.

    ``filters`` is accepted for compatibility and not used: the seeker's own stated needs are the
    hard constraints (``jobmatch.recommend``).
    """
    if seeker is None or seeker.pk is None or k <= 0:
        return []
    pools = bridge.get_pools()
    vpool = pools.vacancies()
    one = bridge.profile_seekers().filter(pk=seeker.pk).first() or seeker
    profile = bridge.seeker_profile(one)
    with pools.lock:  # the recommender's licence vocabulary grows as pools are built
        spool = pools.recommender.pool_seekers([profile])
        results = pools.recommender.rank_for_seekers(spool, vpool, top=k)[0]
    objs = Vacancy.objects.select_related("employer", "occupation").in_bulk([r.id for r in results])
    return [
        VacancyRecommendation(seeker, objs[r.id], r.score, rank, r.reasons, r.contributions, r.relaxed)
        for rank, r in enumerate(results, start=1)
        if r.id in objs
    ]


def recommend_seekers_for_vacancy(vacancy: Vacancy, k: int = 10, filters: Filters | None = None):
    """Top-k active seekers for ``vacancy`` — the same ranking and constraints (each seeker's own
    needs and the vacancy's requirements), exact fits first, relaxed ones labelled."""
    if vacancy is None or vacancy.pk is None or k <= 0:
        return []
    pools = bridge.get_pools()
    spool = pools.seekers()
    one = bridge.profile_vacancies().filter(pk=vacancy.pk).first()
    if one is None:  # closed or unpublished: rank it all the same for the counselor
        one = (
            Vacancy.objects.select_related("work_region", "employer", "employer__industry", "occupation")
            .filter(pk=vacancy.pk)
            .first()
        )
        if one is None:
            return []
    profile = bridge.vacancy_profile(one)
    with pools.lock:
        vpool = pools.recommender.pool_vacancies([profile])
        results = pools.recommender.rank_for_vacancy(vpool, 0, spool, top=k)
    objs = Seeker.objects.select_related("user").in_bulk([r.id for r in results])
    return [
        SeekerRecommendation(objs[r.id], vacancy, r.score, rank, r.reasons, r.contributions, r.relaxed)
        for rank, r in enumerate(results, start=1)
        if r.id in objs
    ]


def refresh_seeker(seeker: Seeker) -> None:
    bridge.get_pools().changed()


def refresh_vacancy(vacancy: Vacancy) -> None:
    bridge.get_pools().changed()


def _stored(direction: str, **flt):
    return Recommendation.objects.filter(direction=direction, **flt).select_related(
        "vacancy", "vacancy__employer", "seeker", "seeker__user"
    )


def stored_recommendations_for_seeker(seeker: Seeker, k: int = 10):
    rows = _stored(Direction.FOR_SEEKER, seeker=seeker).order_by("rank")[:k]
    return [
        VacancyRecommendation(r.seeker, r.vacancy, r.score, r.rank, r.reasons, r.contributions, r.relaxed)
        for r in rows
    ]


def stored_recommendations_for_vacancy(vacancy: Vacancy, k: int = 10):
    rows = _stored(Direction.FOR_VACANCY, vacancy=vacancy).order_by("rank")[:k]
    return [
        SeekerRecommendation(r.seeker, r.vacancy, r.score, r.rank, r.reasons, r.contributions, r.relaxed)
        for r in rows
    ]


def do_run_batch_matching(
    k: int = 10,
    executor: str = "local",
    dask_address: str | None = None,
    workers: int | None = None,
    slack: float = 3.0,
    for_vacancies: bool = True,
    stdout=None,
    progress=None,
    chunk: int = 2048,
) -> MatchRun:
    """Batch: every active seeker's top-k and every open vacancy's top-k seekers, stored.

    The same ranking as the 추천 pages (``jobmatch.recommend``: stated needs as hard constraints,
    fewest relaxed when fewer than k fit, reasons as codes), blocked by place and occupation so that
    only pairs that can be exact fits are scored (a seeker short of exact fits is widened: the same
    top list as scoring every pair; ``jobmatch.blocking``). Seekers are read, ranked and explained in
    chunks of ``chunk`` by ``workers`` processes (2 by default on PostgreSQL; in-process on SQLite or
    inside a transaction), each vacancy's exposure bounded (``capacity_rerank``, ``slack``), and the
    rows written chunk by chunk (COPY on PostgreSQL) in one transaction that replaces the previous
    run's rows, so readers never see an empty table (``iljari.matching.nightly``). ``progress(done,
    total)`` is called as seekers are ranked and rows written. ``executor``/``dask_address`` are kept
    for callers and recorded on the run.
    """
    from .nightly import run_batch

    run = MatchRun.objects.create(
        executor=executor if executor != "dask" else f"dask {dask_address or 'local'}"
    )
    try:
        run_batch(run, k, slack, for_vacancies, chunk, workers, progress)
    except Exception as exc:
        log.exception("batch matching failed")
        run.status = MatchRunStatus.FAILED
        run.finished_at = timezone.now()
        run.error = f"{type(exc).__name__}: {exc}"
        run.save()
        raise
    return run


def _jsonable(x):
    if isinstance(x, dict):
        return {k: _jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_jsonable(v) for v in x]
    if isinstance(x, np.generic):
        return x.item()
    return x
