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
    ``updated_at`` did not move); plain edits of the seeker/vacancy rows are picked up automatically.

Bad input never raises from the recommend functions: a seeker without location, codes or text still
gets recommendations with reasons that say what is missing; an unsaved or inactive record gets ``[]``.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import numpy as np
from django.db import transaction
from django.utils import timezone

from iljari.seekers.models import Seeker
from iljari.vacancies.models import Vacancy
from jobmatch import model as jm
from jobmatch.batch import batch_topk
from jobmatch.engine import EngineConfig, capacity_rerank, exposure_stats
from jobmatch.online import MatchIndex
from jobmatch.scoring import Filters, explain_pair

from . import bridge
from .models import Direction, MatchRun, MatchRunStatus, Recommendation
from .reasons import render_all

log = logging.getLogger(__name__)


@dataclass
class VacancyRecommendation:
    seeker: Seeker
    vacancy: Vacancy
    score: float
    rank: int
    reason_items: list[dict] = field(default_factory=list)
    contributions: dict = field(default_factory=dict)

    @property
    def reasons(self) -> list[str]:
        return render_all(self.reason_items)


@dataclass
class SeekerRecommendation(VacancyRecommendation):
    pass


def recommend_vacancies_for_seeker(seeker: Seeker, k: int = 10, filters: Filters | None = None):
    """Top-k open vacancies for ``seeker`` with scores and Korean reasons (see the module docstring)."""
    if seeker is None or seeker.pk is None or k <= 0:
        return []
    live = bridge.get_index()
    if seeker.pk not in live.seeker_ids:
        # not (yet) indexed, e.g. inactive: rank an ad-hoc record so counselors still see matches
        matches = live.index.vacancies_for_seeker(
            bridge.seeker_record(seeker, live.res), k=k, filters=filters
        )
    else:
        matches = live.index.vacancies_for_seeker(seeker.pk, k=k, filters=filters)
    qs = Vacancy.objects.select_related("employer", "occupation")
    objs = qs.in_bulk([m.id for m in matches])
    return [
        VacancyRecommendation(
            seeker, objs[m.id], m.score, rank, [r.as_dict() for r in m.reasons], m.contributions
        )
        for rank, m in enumerate(matches, start=1)
        if m.id in objs
    ]


def recommend_seekers_for_vacancy(vacancy: Vacancy, k: int = 10, filters: Filters | None = None):
    """Top-k active seekers for ``vacancy`` with scores and Korean reasons."""
    if vacancy is None or vacancy.pk is None or k <= 0:
        return []
    live = bridge.get_index()
    if vacancy.pk not in live.vacancy_ids:
        matches = live.index.seekers_for_vacancy(
            bridge.vacancy_record(vacancy, live.res), k=k, filters=filters
        )
    else:
        matches = live.index.seekers_for_vacancy(vacancy.pk, k=k, filters=filters)
    objs = Seeker.objects.select_related("user").in_bulk([m.id for m in matches])
    return [
        SeekerRecommendation(
            objs[m.id], vacancy, m.score, rank, [r.as_dict() for r in m.reasons], m.contributions
        )
        for rank, m in enumerate(matches, start=1)
        if m.id in objs
    ]


def refresh_seeker(seeker: Seeker) -> None:
    bridge.get_index(refresh=False).upsert_seeker(seeker)


def refresh_vacancy(vacancy: Vacancy) -> None:
    bridge.get_index(refresh=False).upsert_vacancy(vacancy)


def _stored(direction: str, **flt):
    return Recommendation.objects.filter(direction=direction, **flt).select_related(
        "vacancy", "vacancy__employer", "seeker", "seeker__user"
    )


def stored_recommendations_for_seeker(seeker: Seeker, k: int = 10):
    rows = _stored(Direction.FOR_SEEKER, seeker=seeker).order_by("rank")[:k]
    return [
        VacancyRecommendation(r.seeker, r.vacancy, r.score, r.rank, r.reasons, r.contributions) for r in rows
    ]


def stored_recommendations_for_vacancy(vacancy: Vacancy, k: int = 10):
    rows = _stored(Direction.FOR_VACANCY, vacancy=vacancy).order_by("rank")[:k]
    return [
        SeekerRecommendation(r.seeker, r.vacancy, r.score, r.rank, r.reasons, r.contributions) for r in rows
    ]


def do_run_batch_matching(
    k: int = 10,
    executor: str = "local",
    dask_address: str | None = None,
    workers: int | None = None,
    slack: float = 3.0,
    for_vacancies: bool = True,
    stdout=None,
) -> MatchRun:
    """Batch: every active seeker's capacity-aware top-k and every open vacancy's top-k, stored."""
    run = MatchRun.objects.create(
        executor=executor if executor != "dask" else f"dask {dask_address or 'local'}"
    )
    t0 = time.perf_counter()
    try:
        res = bridge.text_resources()
        vocab = jm.QualificationVocab()
        vrecs = [bridge.vacancy_record(v, res) for v in bridge.open_vacancies()]
        srecs = [bridge.seeker_record(s, res) for s in bridge.active_seekers()]
        V = jm.vacancies_from_records(vrecs, vocab, res.encoder)
        S = jm.seekers_from_records(srecs, vocab, res.encoder)
        cfg = EngineConfig(k=max(2 * k, 20))
        top = batch_topk(S, V, cfg, executor=executor, workers=workers, dask_address=dask_address)
        capped, cap_stats = capacity_rerank(top, V.openings, k_out=k, slack=slack)
        stats = {
            "capped": cap_stats,
            "uncapped": exposure_stats(top, V.openings, k),
            "seconds_ranking": round(time.perf_counter() - t0, 2),
        }
        rows = []
        for i in range(len(S)):
            for rank, j in enumerate(capped.idx[i], start=1):
                if j < 0:
                    continue
                score, contrib, reasons = explain_pair(S, i, V, int(j), cfg.scoring, res.occ_names)
                rows.append(
                    Recommendation(
                        run=run,
                        direction=Direction.FOR_SEEKER,
                        seeker_id=int(S.ids[i]),
                        vacancy_id=int(V.ids[j]),
                        score=score,
                        rank=rank,
                        contributions=contrib,
                        reasons=[r.as_dict() for r in reasons],
                    )
                )
        index = MatchIndex(S, V, res.encoder, vocab, cfg, res.occ_names)
        # nobody is left empty-handed by the commute/field filters: a seeker without any feasible
        # vacancy gets the best ones without those two filters (reasons then say "희망 통근시간 … 초과")
        relaxed = Filters(commute=False, related_occupation=False)
        empty = [i for i in range(len(S)) if capped.idx[i, 0] < 0] if len(V) else []
        for i in empty:
            for rank, m in enumerate(
                index.vacancies_for_seeker(int(S.ids[i]), k=k, filters=relaxed), start=1
            ):
                rows.append(
                    Recommendation(
                        run=run,
                        direction=Direction.FOR_SEEKER,
                        seeker_id=int(S.ids[i]),
                        vacancy_id=m.id,
                        score=m.score,
                        rank=rank,
                        contributions=m.contributions,
                        reasons=[r.as_dict() for r in m.reasons],
                    )
                )
        stats["seekers_relaxed"] = len(empty)
        if for_vacancies and len(V) and len(S):
            for j in range(len(V)):
                for rank, m in enumerate(index.seekers_for_vacancy(int(V.ids[j]), k=k), start=1):
                    rows.append(
                        Recommendation(
                            run=run,
                            direction=Direction.FOR_VACANCY,
                            seeker_id=m.id,
                            vacancy_id=int(V.ids[j]),
                            score=m.score,
                            rank=rank,
                            contributions=m.contributions,
                            reasons=[r.as_dict() for r in m.reasons],
                        )
                    )
        with transaction.atomic():
            Recommendation.objects.all().delete()
            Recommendation.objects.bulk_create(rows, batch_size=2000)
            run.status = MatchRunStatus.DONE
            run.finished_at = timezone.now()
            run.n_seekers, run.n_vacancies, run.n_recommendations = len(S), len(V), len(rows)
            stats["seconds_total"] = round(time.perf_counter() - t0, 2)
            stats["seekers_with_recommendations"] = len(
                {r.seeker_id for r in rows if r.direction == Direction.FOR_SEEKER}
            )
            run.stats = _jsonable(stats)
            run.save()
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
