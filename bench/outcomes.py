"""Outcome check: hand weights vs a learned ranker vs rule vs random on later outcomes (issue 14, 5–6).

    python bench/run.py outcomes [--world synthetic|demo] [--seekers N] [--vacancies M] [--seeds 2]
                                 [--held-out 0.3] [--json]

Each ranker orders, for each seeker of the **later** period (a time split: seekers ordered by when
they started looking, the latest ``--held-out`` share held out), the vacancies open while they
looked, within the engine's tiers (pairs that relax a stated need come after those that keep all;
every ranker the same tiers). Reported: nDCG@10 (gains 2^grade − 1: application 1, accepted
referral 2, hire 3) and hire recall@10, each with a 95 % bootstrap interval over held-out seekers,
and each ranker's paired difference to the hand weights.

Rankers: ``hand`` (the engine's hand weights, ``RecommendConfig.weights``), ``ltr`` (LambdaMART over
the engine's per-pair features, ``jobmatch.ltr``, trained on the earlier period only), ``rule``
(the engine's occupation credit, then nearer), ``random``.

Worlds:

* ``synthetic`` (default): ``bench/world.py``'s hidden truth (latent skills, hiring bars,
  reservation wages, real travel times) turned into a year of applications, accepted referrals and
  hires by ``bench/events.py``; the engine runs with the title normaliser and duty encoder built
  without the world's held-out names (as in the quality benchmark). No database is used.
* ``demo``: the demo world seeded into the runner's scratch database (``--scale``); outcomes are
  its applications, accepted referrals and hires (``iljari.matching.outcomes``), ranked by the
  recommender of the 추천 pages.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np


def _peers(seed: int) -> dict[str, Any]:
    from jobmatch.ltr import LTR_FEATURES

    occ, minutes = LTR_FEATURES.index("occ"), LTR_FEATURES.index("minutes")
    rng = np.random.default_rng(seed + 4242)

    def rule(x, _i):
        return 10.0 * x[:, occ] - np.nan_to_num(x[:, minutes], nan=999.0) / 1000.0

    def random_(x, _i):
        return rng.random(len(x))

    return {"rule": rule, "random": random_}


def synthetic_queries(timeline) -> list:
    from jobmatch.ltr import GRADES, Query

    grades: dict[int, dict[int, int]] = {}
    for i, j, kind, _day in timeline.events:
        g = grades.setdefault(i, {})
        g[j] = max(g.get(j, 0), GRADES[kind])
    out = []
    for i in range(len(timeline.s_start)):
        cand = np.flatnonzero(timeline.available[i])
        if cand.size:
            out.append(Query(i, cand, grades.get(i, {}), float(timeline.s_start[i])))
    return out


def run_synthetic(args, say) -> dict:
    from bench import events as E
    from bench import quality as Q
    from bench import world as W
    from bench.titles import read_split
    from jobmatch import ltr
    from jobmatch.recommend import Recommender, read_input

    data_dir, cache_dir = Path(args.data_dir), Path(args.cache_dir)
    if not (data_dir / "occupations" / "job_dictionary.csv").exists():
        raise SystemExit(f"the outcome benchmark needs the reference data under {data_dir}")
    say("building the held-out title models …")
    normaliser, encoder = Q.heldout_models(data_dir, cache_dir)
    occ = W.load_occupations(data_dir, read_split("dev"))
    places = W._places(data_dir)
    seeds = []
    for seed in range(args.seed, args.seed + args.seeds):
        say(f"seed {seed}: world of {args.seekers} seekers × {args.vacancies} vacancies …")
        world = W.make_world(occ, places, args.seekers, args.vacancies, seed=seed, n_codes=args.codes)
        timeline = E.make_timeline(world, seed)
        seekers, vacancies = read_input(world.input)
        rec = Recommender(normaliser, encoder)
        S, V = rec.pool_seekers(seekers), rec.pool_vacancies(vacancies)
        queries = synthetic_queries(timeline)
        model = ltr.fit_and_judge(rec, S, V, queries, args.held_out, seed=seed, extra=_peers(seed))
        ev = model.evaluation
        ev["seed"] = seed
        ev["events"] = {
            k: sum(1 for e in timeline.events if e[2] == k)
            for k in ("application", "referral_accepted", "hire")
        }
        seeds.append(ev)
    return {
        "world": "synthetic",
        "seekers": args.seekers,
        "vacancies": args.vacancies,
        "held_out": args.held_out,
        "truth": "bench/world.py hidden skills, bars, wages, travel; bench/events.py timeline",
        "seeds": seeds,
    }


def run_demo(args, say) -> dict:
    from bench.pages import ensure_world
    from bench.scratch import assert_scratch_connection

    assert_scratch_connection()
    ensure_world(args.scale, say)

    from iljari.matching.bridge import get_pools
    from iljari.site.outcomes import outcome_queries
    from jobmatch import ltr

    rec = get_pools().recommender
    S, V, queries = outcome_queries(rec)
    model = ltr.fit_and_judge(rec, S, V, queries, args.held_out, seed=args.seed, extra=_peers(args.seed))
    ev = model.evaluation
    ev["seed"] = args.seed
    return {"world": "demo", "scale": args.scale, "held_out": args.held_out, "seeds": [ev]}


def _fmt(iv: dict) -> str:
    if iv.get("mean") is None:
        return "—"
    ci = iv.get("ci95")
    return f"{iv['mean']:.3f} [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else f"{iv['mean']:.3f}"


def table(out: dict) -> str:
    lines = []
    for ev in out["seeds"]:
        lines.append(
            f"seed {ev['seed']}: learned from {ev['train_queries']} seekers ({ev['train_outcomes']}), "
            f"judged on {ev['held_out_queries']} later seekers ({ev['held_out_outcomes']})"
        )
        lines.append(f"  {'ranker':10} {'nDCG@10':>22} {'hire recall@10':>22}")
        for name, r in ev["rankers"].items():
            lines.append(f"  {name:10} {_fmt(r['ndcg_at_10']):>22} {_fmt(r['hire_recall_at_10']):>22}")
        for name, d in ev["minus_hand"].items():
            lines.append(
                f"  {name + ' − hand':10} {_fmt(d['ndcg_at_10']):>22} {_fmt(d['hire_recall_at_10']):>22}"
            )
        lines.append(f"  learned ranker beats the hand weights (the switch's test): {ev['beats_hand']}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    from bench.scratch import configured

    conf = configured()
    parser = argparse.ArgumentParser(
        prog="bench/run.py outcomes", description=(__doc__ or "").splitlines()[0]
    )
    parser.add_argument("--world", default="synthetic", choices=["synthetic", "demo"])
    parser.add_argument("--scale", default="small", choices=["small", "medium", "large"])
    parser.add_argument("--seekers", type=int, default=1500)
    parser.add_argument("--vacancies", type=int, default=3000)
    parser.add_argument("--codes", type=int, default=80)
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1, help="first seed")
    parser.add_argument("--held-out", type=float, default=0.3, help="latest share of seekers held out")
    parser.add_argument("--data-dir", default=str(conf.data_dir))
    parser.add_argument("--cache-dir", default=str(conf.matching_cache_dir))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    say = (lambda m: None) if args.json else (lambda m: print(m, flush=True))
    out = run_synthetic(args, say) if args.world == "synthetic" else run_demo(args, say)
    if not args.json:
        print(table(out))
    print(json.dumps(out, ensure_ascii=False))
    return 0
