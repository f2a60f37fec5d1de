"""Page benchmark: ``bench/run.py pages [--scale medium] [--requests N] [--json]``.

Seeds the demo world at the given scale into the runner's scratch database when it has no
seekers yet, then requests the seeker's 추천 일자리 page (and, for comparison, 내 지원 현황 and
내 이력서) through Django's test client as different demo seekers, and prints the server time
p50/p95 and the number of SQL queries per page.
"""

import argparse
import json
import random
import statistics
import time


def _percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def ensure_world(scale: str, say) -> None:
    from django.core.management import call_command

    from iljari.seekers.models import Seeker
    from iljari.taxonomy.models import JobDescription

    if Seeker.objects.exists():
        return
    if not JobDescription.objects.exists():
        say("loading reference data …")
        call_command("load-reference-data", verbosity=0)
    say(f"seeding the demo world ({scale}) …")
    call_command("seed-demo", scale=scale, verbosity=0)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench/run.py pages")
    parser.add_argument("--scale", default="medium", choices=["small", "medium", "large"])
    parser.add_argument("--requests", type=int, default=120)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from iljari.seekers.models import Seeker, SeekerStatus

    def say(message: str) -> None:
        if not args.json:
            print(message, flush=True)

    from bench.scratch import assert_scratch_connection

    assert_scratch_connection()
    ensure_world(args.scale, say)
    rng = random.Random(args.seed)
    seekers = list(
        Seeker.objects.filter(status=SeekerStatus.ACTIVE, anonymised_at__isnull=True, user__is_active=True)
        .select_related("user")
        .order_by("id")[:2000]
    )
    sample = [rng.choice(seekers) for _ in range(args.requests)]
    client = Client()
    results = {
        "database": connection.vendor,
        "scale": args.scale,
        "seekers": Seeker.objects.count(),
        "pages": [],
    }
    pages = [
        ("추천 일자리", "matching:seeker_recommendations"),
        ("내 지원 현황", "referrals:seeker_applications"),
        ("내 이력서", "seekers:profile"),
    ]
    for label, name in pages:
        url = reverse(name)
        # warm-up: the matching index is built on the first call of a process
        client.force_login(sample[0].user)
        t0 = time.perf_counter()
        client.get(url)
        warmup_ms = (time.perf_counter() - t0) * 1000
        times, queries = [], []
        for seeker in sample:
            client.force_login(seeker.user)
            with CaptureQueriesContext(connection) as ctx:
                t = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - t) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code} for {seeker.user.username}")
            queries.append(len(ctx.captured_queries))
        results["pages"].append(
            {
                "page": label,
                "url": url,
                "requests": len(times),
                "first_ms": round(warmup_ms, 1),
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(_percentile(times, 0.95), 1),
                "queries_max": max(queries),
            }
        )
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
    else:
        print(
            f"seeker pages at the {args.scale} demo scale on {connection.vendor} ({results['seekers']:,} seekers):"
        )
        for row in results["pages"]:
            print(
                f"  {row['page']:<8} p50 {row['p50_ms']:6.1f} ms  p95 {row['p95_ms']:6.1f} ms  "
                f"(first request {row['first_ms']:.0f} ms, ≤ {row['queries_max']} queries)"
            )
    return 0
