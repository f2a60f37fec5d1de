"""The search page's own cost: server CPU per uncached request (a step of ``bench/run.py search``).

Requests ``/jobs/?…`` through Django's test client (the whole middleware chain, the view, the
templates, the database round trips) with the search answer cache switched off, and reads the
process's CPU time (``time.process_time``) around each request: what one web worker spends on an
uncached search page, apart from the WSGI server's own parsing. The questions are the load
scenario's visitors' (``bench.load_traffic.search_query``: popular terms, regions, sort orders, pages)
plus some with the long filters in use (a 동 for distances, an occupation or an industry group).
``--profile`` prints where the time goes (cProfile, cumulative).
"""

from __future__ import annotations

import cProfile
import io
import pstats
import random
import statistics
import time

FILTERED = [
    "q=용접&region=28200&dong=28200111",
    "occupation=8241",
    "occupation=82",
    "industry=C",
    "q=금형&industry=29293",
    "region=28200&near=on&sort=closing",
    "q=기숙사 용접&page=2",
    "q=없는말xyz",
]
# the API's spelling of the filtered questions that it shares with the page
API_FILTERED = [
    "q=용접&region=28200&dong=28200111",
    "occupation=8241",
    "region=28200&near=true&sort=closing",
    "q=기숙사 용접&page=2",
    "q=없는말xyz",
]


def _percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def questions(n: int, rng: random.Random, filtered: list[str] = FILTERED) -> list[str]:
    from bench.load_traffic import search_query

    out = [search_query(rng) for _ in range(n)]
    for i, extra in enumerate(filtered):  # every fifth question uses the long filters
        if i * 5 < n:
            out[i * 5] = extra
    return out


def measure_page(n: int, rng: random.Random, profile: bool = False, say=print, path: str = "/jobs/") -> dict:
    """CPU and wall time per uncached search page (or ``/api/vacancies/``) request (ms), and how
    many answered 200."""
    from django.conf import settings
    from django.test import Client

    settings.SEARCH_ANSWER_CACHE = False
    client = Client()
    asked = questions(n, rng, API_FILTERED if path.startswith("/api/") else FILTERED)
    for query in asked[:5]:  # warm: the index, the query reader's names, the templates
        client.get(f"{path}?{query}")
    cpu, wall, statuses = [], [], []
    profiler = cProfile.Profile() if profile else None
    for query in asked:
        if profiler is not None:
            profiler.enable()
        c0, w0 = time.process_time(), time.perf_counter()
        response = client.get(f"{path}?{query}")
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
        if profiler is not None:
            profiler.disable()
        statuses.append(response.status_code)
    if profiler is not None:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
        say(out.getvalue())
    return {
        "name": f"{path}, uncached (server CPU per request)",
        "requests": len(cpu),
        "ok": sum(1 for s in statuses if s == 200),
        "cpu_mean_ms": round(statistics.fmean(cpu), 2),
        "cpu_p50_ms": round(statistics.median(cpu), 2),
        "cpu_p95_ms": round(_percentile(cpu, 0.95), 2),
        "wall_p50_ms": round(statistics.median(wall), 2),
        "wall_p95_ms": round(_percentile(wall, 0.95), 2),
    }
