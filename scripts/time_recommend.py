"""Time the constrained ranking (jobmatch.recommend) on the personas replicated with jittered places.

Usage: python scripts/time_recommend.py SEEKERS VACANCIES [TOP]
Not a quality benchmark (that is bench/): it measures pool building and ranking throughput, CPU
seconds and peak RSS of this one process, built-in reference subset.
"""

import json
import random
import resource
import sys
import time
from pathlib import Path

from jobmatch.recommend import Recommender, read_input
from jobmatch.resources import occupation_names, text_encoder, title_normaliser

PERSONAS = Path(__file__).resolve().parent.parent / "tests" / "matching" / "personas.json"


def world(n_s: int, n_v: int, seed: int = 1):
    rng = random.Random(seed)
    d = json.loads(PERSONAS.read_text(encoding="utf-8"))
    seekers, vacancies = [], []
    for i in range(n_s):
        s = dict(rng.choice(d["seekers"]), id=i)
        s["lat"] += rng.uniform(-0.15, 0.15)
        s["lon"] += rng.uniform(-0.15, 0.15)
        seekers.append(s)
    for j in range(n_v):
        v = dict(rng.choice(d["vacancies"]), id=j)
        v["lat"] += rng.uniform(-0.2, 0.2)
        v["lon"] += rng.uniform(-0.2, 0.2)
        vacancies.append(v)
    return read_input({"seekers": seekers, "vacancies": vacancies})


def main(n_s: int, n_v: int, top: int = 10) -> None:
    cache = Path.home() / ".cache" / "iljari"
    rec = Recommender(
        title_normaliser(None, cache),
        text_encoder(None, cache),
        occupation_names(None),
    )
    S, V = world(n_s, n_v)
    c0, t0 = time.process_time(), time.perf_counter()
    vp = rec.pool_vacancies(V)
    sp = rec.pool_seekers(S)
    c1, t1 = time.process_time(), time.perf_counter()
    res = rec.rank_for_seekers(sp, vp, top=top)
    c2, t2 = time.process_time(), time.perf_counter()
    out = {
        "seekers": n_s,
        "vacancies": n_v,
        "pools_wall_s": round(t1 - t0, 2),
        "pools_cpu_s": round(c1 - c0, 2),
        "rank_wall_s": round(t2 - t1, 2),
        "rank_cpu_s": round(c2 - c1, 2),
        "pairs_per_cpu_s": round(n_s * n_v / max(c2 - c1, 1e-9)),
        "empty_lists": sum(1 for r in res if not r),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main(*(int(x) for x in sys.argv[1:]))
