"""Batch matching for all seekers with a pluggable executor: local processes or Dask distributed.

``batch_topk(seekers, vacancies, cfg, executor=...)`` splits the seekers into chunks; every chunk is
ranked independently by ``candidate_topk`` (a seeker's ranking depends only on that seeker and the
vacancies, so chunking never changes a result) and the chunks are concatenated in order.

Executors:
* ``"serial"`` — in this process;
* ``"local"`` (default) — a ``ProcessPoolExecutor`` (fork): the vacancy table is inherited, not pickled;
* ``"dask"`` with ``dask_address`` — a ``distributed.Client`` to that scheduler, or ``"local"`` for
  a ``LocalCluster``; the vacancy table is scattered once (broadcast) and seeker chunks are submitted.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from .engine import EngineConfig, TopK, VacancyBlocks, candidate_topk
from .model import SeekerTable, VacancyTable

_G: dict = {}


def _chunks(n: int, size: int) -> list[tuple[int, int]]:
    return [(a, min(n, a + size)) for a in range(0, n, size)]


def _rank_chunk(
    s: SeekerTable, v: VacancyTable, cfg: EngineConfig, blocks=None
) -> tuple[np.ndarray, np.ndarray]:
    t = candidate_topk(s, v, cfg, blocks=blocks)
    return t.idx, t.score


def _local_worker(bounds: tuple[int, int]):
    s: SeekerTable = _G["s"]
    a, b = bounds
    return a, _rank_chunk(s.take(np.arange(a, b)), _G["v"], _G["cfg"], _G.get("blocks"))


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def batch_topk(
    s: SeekerTable,
    v: VacancyTable,
    cfg: EngineConfig | None = None,
    executor: str = "local",
    workers: int | None = None,
    chunk: int = 20_000,
    dask_address: str | None = None,
    dask_client=None,
) -> TopK:
    """Top-``cfg.k`` vacancies for every seeker (rows aligned with ``s``)."""
    cfg = cfg or EngineConfig()
    n = len(s)
    out = TopK.empty(n, cfg.k)
    if n == 0 or len(v) == 0:
        return out
    bounds = _chunks(n, chunk)
    workers = workers or default_workers()
    if executor == "serial" or (executor == "local" and (workers <= 1 or len(bounds) == 1)):
        rc = cfg.radius_cells(s)
        blocks = VacancyBlocks.build(v, cfg.cell_deg if rc is not None else None)
        for a, b in bounds:
            idx, sc = _rank_chunk(s.take(np.arange(a, b)), v, cfg, blocks)
            out.idx[a:b], out.score[a:b] = idx, sc
        return out
    if executor == "local":
        rc = cfg.radius_cells(s)
        _G.update(s=s, v=v, cfg=cfg, blocks=VacancyBlocks.build(v, cfg.cell_deg if rc is not None else None))
        try:
            ctx = mp.get_context("fork")
            with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as ex:
                for a, (idx, sc) in ex.map(_local_worker, bounds):
                    out.idx[a : a + idx.shape[0]], out.score[a : a + idx.shape[0]] = idx, sc
        finally:
            _G.clear()
        return out
    if executor == "dask":
        return _dask_topk(s, v, cfg, bounds, out, dask_address, dask_client, workers)
    raise ValueError(f"unknown executor {executor!r} (serial, local, dask)")


def _dask_topk(s, v, cfg, bounds, out, address, client, workers):
    from distributed import Client, LocalCluster

    own_cluster = own_client = None
    try:
        if client is None:
            if address in (None, "", "local"):
                own_cluster = LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
                )
                own_client = client = Client(own_cluster)
            else:
                own_client = client = Client(address)
        v_f = client.scatter(v, broadcast=True)
        cfg_f = client.scatter(cfg, broadcast=True)
        futs = []
        for a, b in bounds:
            futs.append(client.submit(_rank_chunk, s.take(np.arange(a, b)), v_f, cfg_f, None, pure=False))
        for (a, _b), (idx, sc) in zip(bounds, client.gather(futs), strict=True):
            out.idx[a : a + idx.shape[0]], out.score[a : a + idx.shape[0]] = idx, sc
        return out
    finally:
        if own_client is not None:
            own_client.close()
        if own_cluster is not None:
            own_cluster.close()
