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

import json
import logging
import time
from dataclasses import dataclass, field

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from iljari.seekers.models import Seeker
from iljari.vacancies.models import Vacancy
from jobmatch.engine import TopK, capacity_rerank, exposure_stats
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
    chunk: int = 256,
) -> MatchRun:
    """Batch: every active seeker's top-k and every open vacancy's top-k seekers, stored.

    The same ranking as the 추천 pages (``jobmatch.recommend``: stated needs as hard constraints,
    fewest relaxed when fewer than k fit, reasons as codes). Titles are normalised in batches when
    the pools are built. Pass 1 scores blocks of ``chunk`` seekers against every vacancy and keeps
    only row numbers and sort keys: each seeker's 2k best and each vacancy's k best seekers (merged
    block by block). A seeker's 2k are re-ranked so that no vacancy takes more than ``slack`` × its
    fair share of the list slots (``capacity_rerank``, exact fits before relaxed ones, nobody left
    short by the cap). Pass 2 explains only the chosen pairs, chunk by chunk, and writes them (COPY
    on PostgreSQL) inside one transaction that replaces the previous run's rows. ``progress(done,
    total)`` is called as seekers are scored and rows written (t18's "run matching now" job shows
    it). ``executor``/``dask_address``/``workers`` are kept for callers; the ranking runs here.
    """
    run = MatchRun.objects.create(
        executor=executor if executor != "dask" else f"dask {dask_address or 'local'}"
    )
    t0 = time.perf_counter()
    try:
        pools = bridge.Pools()  # fresh: the batch reads the database as it is now
        rec = pools.recommender
        V = rec.pool_vacancies([bridge.vacancy_profile(v) for v in bridge.profile_vacancies()])
        S = rec.pool_seekers([bridge.seeker_profile(s) for s in bridge.profile_seekers()])
        n_s, n_v = len(S.items), len(V.items)
        total = 2 * n_s + (n_v if for_vacancies else 0)
        done = 0
        if progress is not None:
            progress(0, total)
        wide = max(2 * k, 20)
        s_idx = np.full((n_s, wide), -1, np.int32)
        s_key = np.full((n_s, wide), -np.inf, np.float64)
        v_idx = np.full((n_v, k), -1, np.int64)
        v_key = np.full((n_v, k), -np.inf, np.float64)
        if n_v:
            for a in range(0, n_s, chunk):
                si = np.arange(a, min(a + chunk, n_s))
                bi, bk, ci, ck = rec.top_keys(S, V, si, wide, k)
                s_idx[si, : bi.shape[1]] = bi
                s_key[si, : bk.shape[1]] = bk
                if for_vacancies:  # merge this block's best seekers per vacancy into the running k
                    mi = np.concatenate([v_idx, ci], axis=1)
                    mk = np.concatenate([v_key, ck], axis=1)
                    order = np.lexsort((mi, -mk), axis=1)[:, :k]
                    v_idx = np.take_along_axis(mi, order, axis=1)
                    v_key = np.take_along_axis(mk, order, axis=1)
                done += len(si)
                if progress is not None:
                    progress(done, total)
        top = TopK(s_idx, s_key.astype(np.float32))
        openings = V.table.openings if n_v else np.zeros(0, np.int32)
        capped, cap_stats = capacity_rerank(top, openings, k_out=k, slack=slack, allow_over_cap=True)
        stats = {
            "capped": cap_stats,
            "uncapped": exposure_stats(top, openings, k) if n_v else {},
            "seconds_ranking": round(time.perf_counter() - t0, 2),
        }
        n_rows = 0
        relaxed_seekers = 0
        with transaction.atomic():
            Recommendation.objects.all().delete()
            writer = _RowWriter(run)
            for a in range(0, n_s, chunk):
                pairs = [(i, int(j)) for i in range(a, min(a + chunk, n_s)) for j in capped.idx[i] if j >= 0]
                results = rec.explain(S, V, pairs, seeker_side=True)
                rank, last = 0, -1
                any_relaxed: set[int] = set()
                for (i, j), r in zip(pairs, results, strict=True):
                    rank = rank + 1 if i == last else 1
                    last = i
                    if r.relaxed:
                        any_relaxed.add(i)
                    writer.add(Direction.FOR_SEEKER, S.items[i].id, V.items[j].id, rank, r)
                relaxed_seekers += len(any_relaxed)
                writer.flush()
                done += min(chunk, n_s - a)
                if progress is not None:
                    progress(done, total)
            if for_vacancies and n_v and n_s:
                vchunk = max(1, chunk // 4)
                for a in range(0, n_v, vchunk):
                    pairs = [(int(i), j) for j in range(a, min(a + vchunk, n_v)) for i in v_idx[j] if i >= 0]
                    results = rec.explain(S, V, pairs, seeker_side=False)
                    rank, last = 0, -1
                    for (_i, j), r in zip(pairs, results, strict=True):
                        rank = rank + 1 if j == last else 1
                        last = j
                        writer.add(Direction.FOR_VACANCY, r.id, V.items[j].id, rank, r)
                    writer.flush()
                    done += min(vchunk, n_v - a)
                    if progress is not None:
                        progress(done, total)
            n_rows = writer.n
            run.status = MatchRunStatus.DONE
            run.finished_at = timezone.now()
            run.n_seekers, run.n_vacancies, run.n_recommendations = n_s, n_v, n_rows
            stats["seekers_with_relaxed"] = relaxed_seekers
            stats["seconds_total"] = round(time.perf_counter() - t0, 2)
            stats["seekers_with_recommendations"] = int((capped.idx[:, 0] >= 0).sum()) if n_s else 0
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


class _RowWriter:
    """Recommendation rows written chunk by chunk: COPY on PostgreSQL, bulk_create elsewhere."""

    COLUMNS = (
        "run_id", "direction", "seeker_id", "vacancy_id", "score", "rank",
        "contributions", "reasons", "relaxed", "created_at",
    )  # fmt: skip

    def __init__(self, run):
        self.run = run
        self.rows: list[tuple] = []
        self.n = 0
        self.now = timezone.now()
        self.copy = connection.vendor == "postgresql"

    def add(self, direction, seeker_id, vacancy_id, rank: int, r) -> None:
        self.rows.append(
            (
                self.run.pk,
                str(direction),
                int(seeker_id),
                int(vacancy_id),
                float(r.score),
                int(rank),
                r.contributions,
                r.reasons,
                r.relaxed,
                self.now,
            )
        )

    def flush(self) -> None:
        if not self.rows:
            return
        if self.copy:
            table = Recommendation._meta.db_table
            with connection.cursor() as cur:
                sql = f"COPY {table} ({', '.join(self.COLUMNS)}) FROM STDIN"  # noqa: S608 - our own names
                with cur.cursor.copy(sql) as copy:
                    for row in self.rows:
                        copy.write_row(
                            (*row[:6], json.dumps(row[6]), json.dumps(row[7], ensure_ascii=False),
                             json.dumps(row[8]), row[9])
                        )  # fmt: skip
        else:
            Recommendation.objects.bulk_create(
                [Recommendation(**dict(zip(self.COLUMNS, row, strict=True))) for row in self.rows],
                batch_size=2000,
            )
        self.n += len(self.rows)
        self.rows = []


def _jsonable(x):
    if isinstance(x, dict):
        return {k: _jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_jsonable(v) for v in x]
    if isinstance(x, np.generic):
        return x.item()
    return x
