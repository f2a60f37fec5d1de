"""The nightly batch at scale: blocked ranking in seeker chunks, worker processes, streamed writes.

``run_batch(run, …)`` is the body of ``actions.do_run_batch_matching``:

1. the open vacancies become one pool (batched title normalisation) and a ``jobmatch.blocking.Blocker``
   (vacancies by latitude, occupation groups) in the parent process;
2. the active seekers' ids are read and sorted by place (a ~10 km grid) and cut into chunks; worker
   processes (``fork``: the vacancy pool is inherited, not copied) read one chunk of profiles each,
   build its pool and rank it blocked — every exact fit scored, a seeker short of ``2k`` widened — and
   send back only row numbers and sort keys (each seeker's ``2k``; each vacancy's ``k`` best seekers of
   the chunk). The chunk's pool waits in a spool file for pass 2;
3. the parent merges the vacancies' lists and bounds each vacancy's exposure (``capacity_rerank``);
4. pass 2: the workers explain only the chosen pairs of their chunk (reasons as codes) and return them
   as ready rows — COPY text on PostgreSQL; the parent writes them chunk by chunk inside one
   transaction that first deletes the previous run's rows. Readers see the previous rows until the
   commit (no empty-table window); memory stays bounded by the chunk size.

On SQLite, inside an outer transaction (tests) or with ``workers=1`` the same steps run in-process.
"""

from __future__ import annotations

import gc
import json
import math
import os
import pickle
import shutil
import tempfile
import time
from dataclasses import dataclass

import numpy as np
from django.db import connection, connections, transaction
from django.db.models import Max, Min
from django.utils import timezone
from threadpoolctl import threadpool_limits

from jobmatch.blocking import Blocker, BlockStats, merge_v
from jobmatch.engine import TopK
from jobmatch.exposure import capacity_rerank, exposure_stats
from jobmatch.memory import give_back
from jobmatch.text import release_kiwi

from .. import bridge
from ..models import Direction, Recommendation
from .read import seeker_chunks, seeker_profiles, vacancy_profiles

EXHAUSTIVE_BELOW_PAIRS = 2_000_000  # small worlds: score every pair (the 공고 side then equals the pages)
_W: dict = {}  # the worker's inherited state (fork)


@dataclass
class Plan:
    k: int
    wide: int
    run_id: int
    chunks: list[np.ndarray]  # seeker pks per chunk
    spool: str | None  # directory for the chunks' pools between the passes (None: in memory)
    copy: bool
    exhaustive: bool


def _load_pool(pks: np.ndarray):
    return _W["rec"].pool_seekers(seeker_profiles(pks.tolist()))


def _pass1(c: int):
    """Rank chunk ``c``: seeker rows → (positions, top rows, keys), vacancy lists, stats."""
    plan: Plan = _W["plan"]
    pks = plan.chunks[c]
    t0 = time.perf_counter()
    S = _load_pool(pks)
    t1 = time.perf_counter()
    blocker: Blocker = _W["blocker"]
    # this process's own running per-vacancy lists: a pair below their k-th key never enters the
    # merged lists, so it is not even sorted
    held = _W.get("v_held")
    if held is None:
        m = len(_W["V"].items)
        held = _W["v_held"] = (np.full((m, plan.k), -1, np.int64), np.full((m, plan.k), -np.inf, np.float64))
    res = blocker.rank(S, plan.wide, plan.k, exact=plan.k, v_floor=held[1][:, -1])
    res.stats.seconds_load += t1 - t0
    res.stats.seconds_rank += time.perf_counter() - t1
    base = int(_W["offsets"][c])
    pos = {int(pk): base + r for r, pk in enumerate(pks)}
    local = np.array([pos[int(s.id)] for s in S.items], np.int64)
    touched = np.flatnonzero(res.v_idx[:, 0] >= 0)
    v_idx = np.where(res.v_idx[touched] >= 0, local[np.maximum(res.v_idx[touched], 0)], -1)
    if touched.size:
        held[0][touched], held[1][touched] = merge_v(
            held[0][touched], held[1][touched], v_idx, res.v_key[touched], plan.k
        )
    _stash(plan, c, S)
    del S
    if plan.spool is not None:  # a worker: its chunk's temporaries go back to the system
        give_back()
    return c, local, res.s_idx.astype(np.int32), res.s_key, touched, v_idx, res.v_key[touched], res.stats


def _stash(plan: Plan, c: int, S) -> None:
    if plan.spool is None:
        _W.setdefault("pools", {})[c] = S
    else:
        with open(os.path.join(plan.spool, f"{c}.pkl"), "wb") as f:
            pickle.dump(S, f, protocol=pickle.HIGHEST_PROTOCOL)


def _unstash(plan: Plan, c: int):
    if plan.spool is None:
        return _W["pools"].pop(c)
    path = os.path.join(plan.spool, f"{c}.pkl")
    with open(path, "rb") as f:
        S = pickle.load(f)  # noqa: S301 - our own spool file, written by pass 1 of this run
    os.unlink(path)
    return S


def _pass2(task):
    """Explain chunk ``c``'s chosen pairs; rows as COPY text (PostgreSQL) or tuples."""
    c, s_top, v_pairs = task  # s_top: [chunk, k] vacancy rows; v_pairs: [n, 3] (position, vacancy, rank)
    plan: Plan = _W["plan"]
    t0 = time.perf_counter()
    S = _unstash(plan, c)
    base = int(_W["offsets"][c])
    row_of = {int(s.id): r for r, s in enumerate(S.items)}
    pks = plan.chunks[c]
    s_rows = [row_of.get(int(pk), -1) for pk in pks]
    s_pairs = [
        (s_rows[p], int(j), rank)
        for p in range(len(pks))
        if s_rows[p] >= 0
        for rank, j in enumerate(s_top[p], start=1)
        if j >= 0
    ]
    v_pairs = [(s_rows[int(g) - base], int(j), int(r)) for g, j, r in v_pairs if s_rows[int(g) - base] >= 0]
    rec, V = _W["rec"], _W["V"]
    rows: list = []
    relaxed = set()
    now = _W["now"]
    for pairs, direction, seeker_side in (
        (s_pairs, Direction.FOR_SEEKER, True),
        (v_pairs, Direction.FOR_VACANCY, False),
    ):
        if not pairs:
            continue
        results = rec.explain(S, V, [(i, j) for i, j, _r in pairs], seeker_side=seeker_side)
        for (i, j, rank), r in zip(pairs, results, strict=True):
            if seeker_side and r.relaxed:
                relaxed.add(i)
            row = (plan.run_id, str(direction), int(S.items[i].id), int(V.items[j].id), float(r.score),
                   int(rank), r.contributions, r.reasons, r.relaxed)  # fmt: skip
            rows.append(_copy_line(row, now) if plan.copy else row)
    n_rows, data = len(rows), "".join(rows).encode() if plan.copy else rows
    del S, rows
    if plan.spool is not None:
        give_back()
    return c, data, n_rows, len(relaxed), time.perf_counter() - t0


# JSON for jsonb columns (which keep no whitespace): compact, Korean as is, the encoder built once
_KOREAN_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_FLOATS_TEMPLATE: dict[tuple, str] = {}


def _floats_json(d: dict) -> str:
    """``{name: float}`` as JSON from a template kept per key tuple (``%r`` of a float is what
    ``json`` writes for a finite one); anything else (or a sum that overflows) through the encoder."""
    keys = tuple(d)
    values = tuple(d.values())
    if set(map(type, values)) <= {float} and math.isfinite(sum(values)):
        template = _FLOATS_TEMPLATE.get(keys)
        if template is None:
            template = _FLOATS_TEMPLATE[keys] = (
                "{" + ",".join(_KOREAN_JSON.encode(k).replace("%", "%%") + ":%r" for k in keys) + "}"
            )
        return template % values
    return _KOREAN_JSON.encode(d)


def _json_field(text: str) -> str:
    """JSON text as a COPY field: JSON never holds a raw tab, newline or carriage return (the
    encoder escapes control characters), so only its backslashes are doubled."""
    return text.replace("\\", "\\\\") if "\\" in text else text


def _copy_line(row, now: str) -> str:
    run_id, direction, sid, vid, score, rank, contrib, reasons, relaxed = row
    relaxed_json = _KOREAN_JSON.encode(relaxed) if relaxed else "[]"
    return (
        f"{run_id}\t{direction}\t{sid}\t{vid}\t{score!r}\t{rank}\t{_json_field(_floats_json(contrib))}\t"
        f"{_json_field(_KOREAN_JSON.encode(reasons))}\t{_json_field(relaxed_json)}\t{now}\n"
    )


COLUMNS = ("run_id", "direction", "seeker_id", "vacancy_id", "score", "rank",
           "contributions", "reasons", "relaxed", "created_at")  # fmt: skip


def _write(data, now) -> None:
    if isinstance(data, bytes):
        table = Recommendation._meta.db_table
        with connection.cursor() as cur:
            sql = f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"  # noqa: S608 - our own names
            with cur.cursor.copy(sql) as copy:
                copy.write(data)
    elif data:
        Recommendation.objects.bulk_create(
            [Recommendation(**dict(zip(COLUMNS, (*row, now), strict=True))) for row in data],
            batch_size=2000,
        )


def run_batch(run, k: int, slack: float, for_vacancies: bool, chunk: int, workers: int | None, progress):
    # one BLAS thread per process: the blocks are small (64 seekers), and the workers already use
    # every core — more threads only spin against each other (measured: a fifth of the ranking's CPU)
    with threadpool_limits(limits=1):
        return _run_batch(run, k, slack, for_vacancies, chunk, workers, progress)


def _worker_start() -> None:
    """A worker's start: one BLAS thread, and none of the parent's database connections. The parent
    closes its own before the fork, but one reopened in the meantime would be inherited, and two
    processes reading one socket read each other's results (seen once on PostgreSQL under a full
    test run: a two-column query answered with three columns). Dropped, not closed: closing would
    end the parent's session."""
    threadpool_limits(limits=1)
    for conn in connections.all(initialized_only=True):
        conn.connection = None


def _run_batch(run, k: int, slack: float, for_vacancies: bool, chunk: int, workers: int | None, progress):
    t0 = time.perf_counter()
    pools = bridge.Pools()
    rec = pools.recommender
    # the pool's millions of small objects live all night: no cyclic collection while they are built,
    # and frozen afterwards, so that neither this process nor a forked worker rescans them (a full
    # collection cost minutes at 100 k vacancies, and its writes unshare the workers' inherited pages)
    gc_on = gc.isenabled()
    gc.disable()
    try:
        V = rec.pool_vacancies(vacancy_profiles())
    finally:
        if gc_on:
            gc.enable()
    gc.collect()
    gc.freeze()
    chunks = seeker_chunks(chunk)
    n_s, n_v = sum(len(c) for c in chunks), len(V.items)
    wide = max(2 * k, 20)
    exhaustive = n_s * n_v < EXHAUSTIVE_BELOW_PAIRS
    blocker = Blocker(rec, V, exhaustive=exhaustive)
    serial = (workers or 2) <= 1 or connection.vendor != "postgresql" or connection.in_atomic_block
    spool = None if serial else tempfile.mkdtemp(prefix="iljari-nightly-")
    plan = Plan(k, wide, run.pk, chunks, spool, connection.vendor == "postgresql", exhaustive)
    offsets = np.concatenate([[0], np.cumsum([len(c) for c in chunks])]).astype(np.int64)
    now = timezone.now()
    _W.clear()
    _W.update(rec=rec, V=V, blocker=blocker, plan=plan, offsets=offsets, now=now.isoformat())
    total = 2 * n_s + (n_v if for_vacancies else 0)
    done = 0
    if progress is not None:
        progress(0, total)
    openings = V.table.openings.copy() if n_v else np.zeros(0, np.int32)
    v_pks = np.array([int(v.id) for v in V.items], np.int64)
    s_idx = np.full((n_s, wide), -1, np.int32)
    s_key = np.full((n_s, wide), -np.inf, np.float64)
    v_idx = np.full((n_v, k), -1, np.int64)
    v_key = np.full((n_v, k), -np.inf, np.float64)
    stats_b = BlockStats()
    pool = None
    try:
        if not serial:
            import multiprocessing as mp

            release_kiwi()  # each worker builds its own analyser: the parent's would sit in all three
            give_back()
            # the children open their own connections (closed last: give_back's collection runs
            # finalisers, and nothing may reopen one before the fork)
            connections.close_all()
            pool = mp.get_context("fork").Pool(workers or 2, initializer=_worker_start)
            # the workers hold the vacancy pool now (fork); the parent only merges keys and writes
            # rows, so it lets go of its own copy (≈ 150 MB at 100 k vacancies, the recommender's
            # caches included)
            _W.clear()
            del pools, rec, V, blocker
            give_back()
        window = 2 * (workers or 2)
        if n_v:
            for _c, local, bi, bk, touched, vi_, vk_, st in _bounded(
                pool, _pass1, range(len(chunks)), window
            ):
                s_idx[local, : bi.shape[1]] = bi
                s_key[local, : bk.shape[1]] = bk
                if for_vacancies and touched.size:
                    v_idx[touched], v_key[touched] = merge_v(v_idx[touched], v_key[touched], vi_, vk_, k)
                stats_b.add(st)
                done += len(local)
                if progress is not None:
                    progress(done, total)
        else:
            done += n_s
        top = TopK(s_idx, s_key.astype(np.float32))
        del s_key
        capped, cap_stats = capacity_rerank(top, openings, k_out=k, slack=slack, allow_over_cap=True)
        stats: dict = {
            "capped": cap_stats,
            "uncapped": exposure_stats(top, openings, k) if n_v else {},
            "blocking": stats_b.as_dict() | {"exhaustive_mode": exhaustive},
            "workers": 1 if serial else (workers or 2),
            "chunks": len(chunks),
            "chunk": chunk,
            "seconds_ranking": round(time.perf_counter() - t0, 2),
            "seconds_explain": 0.0,
            "seconds_write": 0.0,
        }
        tasks = _pass2_tasks(chunks, offsets, capped.idx, v_idx if for_vacancies else None) if n_v else []
        n_rows = relaxed_seekers = 0
        with transaction.atomic():
            old = _OldRows(len(chunks))
            for _c, data, n, n_relaxed, secs in _bounded(pool, _pass2, tasks, window):
                t_w = time.perf_counter()
                _write(data, now)
                old.delete_slice()
                stats["seconds_explain"] += secs
                stats["seconds_write"] += time.perf_counter() - t_w
                n_rows += n
                relaxed_seekers += n_relaxed
                done += len(chunks[_c])
                if progress is not None:
                    progress(done, total)
            old.delete_slice(rest=True)
            stats["rows_dropped_vanished"] = _drop_vanished(
                np.concatenate(chunks) if chunks else v_pks[:0], v_pks
            )
            done = total
            if progress is not None:
                progress(done, total)
            stats["seekers_with_relaxed"] = relaxed_seekers
            stats["seekers_with_recommendations"] = int((capped.idx[:, 0] >= 0).sum()) if n_s else 0
            stats["seconds_total"] = round(time.perf_counter() - t0, 2)
            run.n_seekers, run.n_vacancies, run.n_recommendations = n_s, n_v, n_rows
            from ..actions import _jsonable

            run.stats = _jsonable(stats)
            run.finished_at = timezone.now()
            run.status = "done"
            run.save()
    finally:
        if pool is not None:
            pool.close()
            pool.join()
        if spool:
            shutil.rmtree(spool, ignore_errors=True)
        _W.clear()
        gc.unfreeze()
    return run


class _OldRows:
    """The previous run's rows, deleted a slice of primary keys after each chunk written (the new rows'
    keys all lie above them), so that the delete — about two minutes at 11 M rows — runs while the workers
    explain the next chunks instead of holding them up; all inside the run's transaction, so readers
    see the previous rows until the commit."""

    def __init__(self, slices: int):
        got = Recommendation.objects.aggregate(lo=Min("pk"), hi=Max("pk"))
        self.lo, self.hi = got["lo"], got["hi"]
        self.step = 0 if self.lo is None else max(1, math.ceil((self.hi - self.lo + 1) / max(1, slices)))

    def delete_slice(self, rest: bool = False) -> None:
        """The next slice (``rest``: everything left)."""
        if self.lo is not None and self.lo <= self.hi:
            top = self.hi if rest else min(self.lo + self.step - 1, self.hi)
            Recommendation.objects.filter(pk__gte=self.lo, pk__lte=top).delete()
            self.lo = top + 1


def _drop_vanished(seeker_pks: np.ndarray, vacancy_pks: np.ndarray) -> int:
    """Delete the new rows of seekers and vacancies deleted while the job ran (the table has no
    foreign-key constraints, ``Recommendation``); returns how many rows went."""
    from iljari.seekers.models import Seeker
    from iljari.vacancies.models import Vacancy

    dropped = 0
    for model, pks, field in ((Seeker, seeker_pks, "seeker_id"), (Vacancy, vacancy_pks, "vacancy_id")):
        alive = np.fromiter(model.objects.values_list("pk", flat=True).iterator(chunk_size=20_000), np.int64)
        gone = np.setdiff1d(pks, alive).tolist()
        for a in range(0, len(gone), 1000):
            dropped += Recommendation.objects.filter(**{f"{field}__in": gone[a : a + 1000]}).delete()[0]
    return dropped


def _pass2_tasks(chunks, offsets, idx: np.ndarray, v_idx: np.ndarray | None):
    """Per chunk: its seekers' chosen vacancy rows [chunk, k] and the 공고-side pairs whose seeker is
    in the chunk, as arrays (position, vacancy row, rank)."""
    if v_idx is not None:
        j, r = np.nonzero(v_idx >= 0)
        g = v_idx[j, r]
        c = np.searchsorted(offsets, g, side="right") - 1
        order = np.lexsort((r, j, c))
        trip = np.stack([g[order], j[order], r[order] + 1], axis=1)
        bounds = np.searchsorted(c[order], np.arange(len(chunks) + 1))
    else:
        trip, bounds = np.zeros((0, 3), np.int64), np.zeros(len(chunks) + 1, np.int64)
    for n in range(len(chunks)):
        a, b = int(offsets[n]), int(offsets[n + 1])
        yield n, idx[a:b].copy(), trip[bounds[n] : bounds[n + 1]]


def _bounded(pool, fn, tasks, window: int):
    """``pool.imap`` with at most ``window`` tasks in flight (results never pile up in memory)."""
    if pool is None:
        yield from map(fn, tasks)
        return
    from collections import deque

    pending: deque = deque()
    for t in tasks:
        pending.append(pool.apply_async(fn, (t,)))
        if len(pending) >= window:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()
