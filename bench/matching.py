"""Matching benchmark: the engine vs BM25 text ranking, exact brute force and random, in one run.

``python bench/run.py matching --seekers N --vacancies M [--json]`` (no database needed).
Quality is measured on a sample of seekers (``--eval-seekers``) against the synthetic ground truth;
the engine's batch time is for *all* N seekers (top-``k``, then capacity-aware top-10).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

from bench.scratch import configured
from bench.synth import make_world, ndcg_at, recall_at, relevance
from jobmatch import resources as R
from jobmatch.batch import batch_topk, default_workers
from jobmatch.engine import EngineConfig, exact_topk
from jobmatch.exposure import capacity_rerank, exposure_stats
from jobmatch.model import VacancyRecord
from jobmatch.online import MatchIndex


def _rss_mb() -> float:
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(self_kb, kids_kb) / 1024.0, 1)


def _cpu_seconds() -> float:
    """CPU seconds used so far by this process and its finished children (the batch's workers)."""
    a = resource.getrusage(resource.RUSAGE_SELF)
    b = resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime


def _quality(ranked: np.ndarray, rels: list[dict[int, int]]) -> tuple[float, float, int]:
    keep = [i for i, r in enumerate(rels) if r]
    if not keep:
        return 0.0, 0.0, 0
    nd = float(np.mean([ndcg_at(ranked[i], rels[i]) for i in keep]))
    rc = float(np.mean([recall_at(ranked[i], rels[i]) for i in keep]))
    return round(nd, 4), round(rc, 4), len(keep)


def run(args) -> dict:
    data_dir = Path(args.data_dir) if args.data_dir else None
    if data_dir is None or not (data_dir / "occupations" / "job_dictionary.csv").exists():
        raise SystemExit(f"benchmark needs the reference data (occupations/, regions/) under {data_dir}")
    t0 = time.perf_counter()
    norm = R.title_normaliser(data_dir, args.cache_dir)
    enc = R.text_encoder(data_dir, args.cache_dir)
    occ_names = R.occupation_names(data_dir)
    t_res = time.perf_counter() - t0
    t0 = time.perf_counter()
    world = make_world(data_dir, args.seekers, args.vacancies, enc, norm, seed=args.seed)
    t_world = time.perf_counter() - t0
    S, V = world.seekers, world.vacancies
    rng = np.random.default_rng(args.seed + 1)
    ev = np.sort(rng.choice(len(S), min(args.eval_seekers, len(S)), replace=False))
    rels = relevance(world, ev)
    cfg = EngineConfig(k=args.k)

    # ---- engine: batch for all seekers, then capacity-aware top-10
    c0 = _cpu_seconds()
    t0 = time.perf_counter()
    top = batch_topk(S, V, cfg, executor=args.executor, workers=args.workers, chunk=args.chunk)
    t_cand = time.perf_counter() - t0
    t1 = time.perf_counter()
    capped, cap_stats = capacity_rerank(top, V.openings, k_out=10, slack=args.slack)
    t_cap = time.perf_counter() - t1
    cpu_batch = _cpu_seconds() - c0
    batch_s = t_cand + t_cap
    rss_engine = _rss_mb()
    uncapped_expo = exposure_stats(top, V.openings, 10)
    e_nd, e_rc, n_rel = _quality(capped.idx[ev], rels)
    u_nd, u_rc, _ = _quality(top.idx[ev, :10], rels)

    # ---- exact brute force on the evaluation sample
    t0 = time.perf_counter()
    ex = exact_topk(S, V, 10, cfg.scoring, cfg.filters, seeker_rows=ev)
    t_exact = time.perf_counter() - t0
    x_nd, x_rc, _ = _quality(ex.idx[ev], rels)
    # candidate-generation recall: share of the exact top-10 that the blocked ranking also returns
    hits = tot = 0
    for r in ev:
        want = set(ex.idx[r][ex.idx[r] >= 0].tolist())
        got = set(top.idx[r, :10][top.idx[r, :10] >= 0].tolist())
        hits += len(want & got)
        tot += len(want)
    cand_recall = round(hits / tot, 4) if tot else 1.0

    # ---- BM25 over kiwi tokens
    import bm25s

    t0 = time.perf_counter()
    bm = bm25s.BM25()
    bm.index([d or ["_"] for d in world.v_text], show_progress=False)
    queries = [world.s_text[r] or ["_"] for r in ev]
    docs, _sc = bm.retrieve(queries, k=min(10, len(V)), show_progress=False, n_threads=1)
    t_bm = time.perf_counter() - t0
    b_nd, b_rc, _ = _quality(np.asarray(docs), rels)

    # ---- random
    t0 = time.perf_counter()
    rnd = np.stack([rng.choice(len(V), min(10, len(V)), replace=False) for _ in ev])
    t_rnd = time.perf_counter() - t0
    r_nd, r_rc, _ = _quality(rnd, rels)

    # ---- online: one seeker / one new vacancy on demand, from the in-memory index
    idx = MatchIndex(S, V, enc, world.vocab, cfg, occ_names)
    lat, lat_cpu = [], []
    q = rng.choice(len(S), min(args.online_queries, len(S)), replace=False)
    for r in q:
        t0, c0 = time.perf_counter(), time.process_time()
        idx.vacancies_for_seeker(int(S.ids[r]), k=20, explain=True)
        lat.append((time.perf_counter() - t0) * 1000)
        lat_cpu.append((time.process_time() - c0) * 1000)
    lat_v, lat_v_cpu = [], []
    for j in range(min(30, args.online_queries)):
        r = int(rng.integers(len(V)))
        rec = VacancyRecord(
            id=10**9 + j,
            code=str(int(world.v_true[r])),
            lat=float(V.lat[r]),
            lon=float(V.lon[r]),
            wage=int(V.wage[r]),
            shift=int(V.shift[r]),
            bus=bool(V.bus[r]),
            bus_km=float(V.bus_km[r]),
            text=world.v_titles[r],
        )
        t0, c0 = time.perf_counter(), time.process_time()
        idx.seekers_for_vacancy(rec, k=100, explain=False)
        lat_v.append((time.perf_counter() - t0) * 1000)
        lat_v_cpu.append((time.process_time() - c0) * 1000)
    rss_all = _rss_mb()

    n, m = len(S), len(V)
    out = {
        "seekers": n,
        "vacancies": m,
        "engine": {
            "ndcg_at_10": e_nd,
            "recall_at_10": e_rc,
            "batch_seconds": round(batch_s, 2),
            "seekers_per_second": round(n / batch_s, 1),
            "online_p50_ms": round(float(np.percentile(lat, 50)), 2),
            "online_p95_ms": round(float(np.percentile(lat, 95)), 2),
            "online_p50_cpu_ms": round(float(np.percentile(lat_cpu, 50)), 2),
            "online_p95_cpu_ms": round(float(np.percentile(lat_cpu, 95)), 2),
            "peak_rss_mb": rss_engine,
            "max_exposure_ratio": cap_stats["max_exposure_ratio"],
            "ndcg_at_10_uncapped": u_nd,
            "recall_at_10_uncapped": u_rc,
            "max_exposure_ratio_uncapped": uncapped_expo["max_exposure_ratio"],
            "vacancies_shown_share": cap_stats["vacancies_shown_share"],
            "vacancies_shown_share_uncapped": uncapped_expo["vacancies_shown_share"],
            "over_cap_fills": cap_stats["over_cap_fills"],
            "candidate_recall_vs_exact_at_10": cand_recall,
            "candidate_seconds": round(t_cand, 2),
            "batch_cpu_seconds": round(cpu_batch, 1),
            "batch_seconds_if_2_idle_cores": round(cpu_batch / 2, 1),
            "load_average_1min": round(os.getloadavg()[0], 2),
            "capacity_rerank_seconds": round(t_cap, 2),
            "new_vacancy_top100_p50_ms": round(float(np.percentile(lat_v, 50)), 2) if lat_v else None,
            "new_vacancy_top100_p95_ms": round(float(np.percentile(lat_v, 95)), 2) if lat_v else None,
            "new_vacancy_top100_p95_cpu_ms": round(float(np.percentile(lat_v_cpu, 95)), 2) if lat_v else None,
            "executor": args.executor,
            "workers": args.workers or default_workers(),
        },
        "bm25": {
            "ndcg_at_10": b_nd,
            "recall_at_10": b_rc,
            "batch_seconds": round(t_bm, 2),
            "seekers_per_second": round(len(ev) / t_bm, 1),
        },
        "exact": {
            "ndcg_at_10": x_nd,
            "recall_at_10": x_rc,
            "batch_seconds": round(t_exact, 2),
            "seekers_per_second": round(len(ev) / t_exact, 1),
        },
        "random": {
            "ndcg_at_10": r_nd,
            "recall_at_10": r_rc,
            "batch_seconds": round(t_rnd, 4),
        },
        "eval": {
            "seekers_sampled": len(ev),
            "seekers_with_relevant": n_rel,
            "setup_seconds": round(t_res, 1),
            "world_seconds": round(t_world, 1),
            "peak_rss_mb_total": rss_all,
        },
    }
    out["targets"] = {
        "ndcg_vs_bm25": round(e_nd / b_nd, 2) if b_nd else None,
        "ndcg_vs_bm25_ok": bool(b_nd and e_nd >= 1.5 * b_nd),
        "candidate_recall_ok": cand_recall >= 0.98,
        "online_p95_ok": float(np.percentile(lat, 95)) <= 50,
        "online_p95_cpu_ok": float(np.percentile(lat_cpu, 95)) <= 50,
    }
    out["extrapolation_1m_x_100k"] = extrapolate(out)
    return out


def extrapolate(o: dict) -> dict:
    """Linear extrapolation of batch time to 1,000,000 seekers × 100,000 vacancies.

    The blocked engine scores, per seeker, the vacancies of its 소분류 within reach, so work ∝ N × M
    (at fixed occupation/geography mix); memory ∝ N + M for the tables plus N × k for results.
    """
    n, m = o["seekers"], o["vacancies"]
    factor = (1_000_000 / n) * (100_000 / m)
    e = o["engine"]
    t = e["candidate_seconds"] * factor + e["capacity_rerank_seconds"] * (1_000_000 / n)
    # the machines are shared: also scale the batch's CPU seconds, as if 2 cores were free
    t_cpu = e["batch_cpu_seconds"] / 2 * factor
    # tables: seeker ~ (64 floats text + ~90 bytes), vacancy ~ (64 floats + ~110 bytes); results N×k×8
    seeker_b, vac_b = 64 * 4 + 90, 64 * 4 + 110
    est_mb = (1_000_000 * seeker_b + 100_000 * vac_b + 1_000_000 * 20 * 8 * 3) / 2**20
    return {
        "method": f"measured {n}x{m}, scaled by pair count (x{factor:.1f}); not run at full size",
        "batch_seconds_est": round(t, 1),
        "batch_minutes_est": round(t / 60, 1),
        "batch_minutes_est_2_idle_cores": round(t_cpu / 60, 1),
        "table_and_result_memory_mb_est": round(est_mb, 0),
        "meets_15_min": t <= 900,
        "meets_15_min_2_idle_cores": t_cpu <= 900,
    }


def _table(o: dict) -> str:
    lines = [f"matching benchmark: {o['seekers']:,} seekers × {o['vacancies']:,} vacancies"]
    lines.append(f"{'ranker':8} {'nDCG@10':>8} {'recall@10':>10} {'seconds':>9} {'seekers/s':>10}")
    for k in ("engine", "bm25", "exact", "random"):
        r = o[k]
        lines.append(
            f"{k:8} {r['ndcg_at_10']:>8.4f} {r['recall_at_10']:>10.4f} {r['batch_seconds']:>9} "
            f"{r.get('seekers_per_second', ''):>10}"
        )
    e = o["engine"]
    lines.append(
        f"online p50/p95 {e['online_p50_ms']}/{e['online_p95_ms']} ms; new vacancy top-100 p95 "
        f"{e['new_vacancy_top100_p95_ms']} ms; peak RSS {e['peak_rss_mb']} MB"
    )
    lines.append(
        f"exposure ratio max {e['max_exposure_ratio']} (uncapped {e['max_exposure_ratio_uncapped']}); "
        f"candidate recall vs exact {e['candidate_recall_vs_exact_at_10']}"
    )
    x = o["extrapolation_1m_x_100k"]
    lines.append(f"1M × 100k extrapolated: {x['batch_minutes_est']} min ({x['method']})")
    return "\n".join(lines)


def parser() -> argparse.ArgumentParser:
    conf = configured()
    p = argparse.ArgumentParser(prog="bench/run.py matching", description=__doc__.splitlines()[0])
    p.add_argument("--seekers", type=int, default=20_000)
    p.add_argument("--vacancies", type=int, default=10_000)
    p.add_argument("--eval-seekers", type=int, default=1_000)
    p.add_argument("--online-queries", type=int, default=200)
    p.add_argument("--k", type=int, default=20)
    p.add_argument("--slack", type=float, default=3.0, help="exposure cap = slack × fair share by openings")
    p.add_argument("--executor", default="local", choices=["serial", "local", "dask"])
    p.add_argument("--workers", type=int, default=None)
    p.add_argument("--chunk", type=int, default=20_000)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--data-dir", default=str(conf.data_dir), help="reference data (default: the settings')")
    p.add_argument("--cache-dir", default=str(conf.matching_cache_dir), help="built text models (shared)")
    p.add_argument("--json", action="store_true", help="print only the JSON line")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        out = run(args)
    except SystemExit as e:
        print(str(e), file=sys.stderr)
        return 2
    if not args.json:
        print(_table(out))
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
