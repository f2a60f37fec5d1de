"""Dashboard benchmark: server time of /programs/ with 100,000 placements (``bench/run.py dashboard``).

Works on the runner's scratch database (``var/bench/dashboard.sqlite3`` or the PostgreSQL database
``iljari_bench_dashboard``, see ``bench/scratch.py``), never on the configured one; a kept scratch
database keeps its world between runs, so a second run skips the generation. The world: employers, seekers and N placements, a plan of 4 strategies × 3
programs × 2 projects whose rules attribute the placements (a share of them to two projects
or more), cancelled hires and hires after the year end. Measured in the same run:

* ours, cached — the dashboard page through Django's test client, report served from the cache
  (the data-version query, the page's own queries and rendering included);
* ours, first request — the same page with the cache cleared before every request (what the
  first visitor after a change waits for);
* ours, uncached aggregate — ``build_plan_report`` alone;
* peer: naive per-row — every attribution row read as ORM objects and counted in Python.

Each line gives median and p95 in ms and the number of SQL queries of one run. The totals of
ours and of the peer must agree (jobs per project, per program, per month, in total; hires in
total): the run fails otherwise.
"""

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import time

from bench.template import ensure_reference_data, flush_keeping_reference_data

TARGET_P95_MS = 200.0
WORLD_MARK = "bench world v2 seed {seed} placements {n}"


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def _ms(samples: list[float], queries: int) -> dict:
    return {
        "median_ms": round(statistics.median(samples) * 1000, 1),
        "p95_ms": round(_p95(samples) * 1000, 1),
        "runs": len(samples),
        "queries": queries,
    }


def build_world(placements: int, seed: int = 42, say=print):
    from django.contrib.auth.hashers import make_password

    from iljari.accounts.models import Role, User
    from iljari.employers.models import Employer, RootSector
    from iljari.programs import actions
    from iljari.programs.models import (
        AttributionRule,
        Organisation,
        Plan,
        Program,
        ProgramSeries,
        ProgramType,
        Project,
        Strategy,
        Target,
    )
    from iljari.referrals.models import Placement
    from iljari.seekers.models import Seeker
    from iljari.taxonomy.models import Region

    rng = random.Random(seed)
    started = time.perf_counter()
    ensure_reference_data()
    regions = list(Region.objects.filter(level=3, sido="인천광역시")[:40]) or list(Region.objects.all()[:40])
    sectors = [s for s, _label in RootSector.choices]
    employers = Employer.objects.bulk_create(
        [
            Employer(
                name=f"(주)벤치금속{i}",
                business_number=f"{100 + i // 100000:03d}-{i // 1000 % 100:02d}-{i % 100000:05d}",
                root_sector=sectors[i % len(sectors)],
                address="인천",
                region=regions[i % len(regions)],
                lat=37.4,
                lon=126.7,
                status="approved",
            )
            for i in range(300)
        ]
    )
    unusable = make_password(None)
    n_seekers = max(placements // 4, 10)
    users = User.objects.bulk_create(
        [
            User(username=f"bench{i}", password=unusable, role=Role.SEEKER, full_name=f"벤치{i}")
            for i in range(n_seekers)
        ],
        batch_size=5000,
    )
    seekers = Seeker.objects.bulk_create(
        [Seeker(user=u, birth_year=1980, home_region=regions[0], lat=37.4, lon=126.7) for u in users],
        batch_size=5000,
    )
    seen = set()
    rows: list[Placement] = []
    year = 2026
    sources = ["referral", "fair", "application", "direct"]
    while len(rows) < placements:
        s = seekers[rng.randrange(len(seekers))].pk
        e = employers[rng.randrange(len(employers))].pk
        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365 + 120))  # some hires fall in 2027
        if (s, e, day) in seen:
            continue
        seen.add((s, e, day))
        rows.append(
            Placement(
                seeker_id=s,
                employer_id=e,
                hire_date=day,
                monthly_wage=3_000_000,
                source=sources[rng.randrange(4)],
                status="cancelled" if rng.random() < 0.04 else "active",
            )
        )
    Placement.objects.bulk_create(rows, batch_size=5000)
    manager = User.objects.create(username="bench-manager", role=Role.PROGRAM_MANAGER, password=unusable)
    official = User.objects.create(username="bench-official", role=Role.OFFICIAL, password=unusable)
    org = Organisation.objects.create(name="벤치 일자리센터", kind="center")
    plan = Plan.objects.create(
        organisation=org, year=year, title="벤치 계획", vision=WORLD_MARK.format(seed=seed, n=placements)
    )
    series = ProgramSeries.objects.create(
        organisation=org, name="벤치 다년도", start_year=year, end_year=year + 1
    )
    targets = []
    for si in range(4):
        strategy = Strategy.objects.create(plan=plan, name=f"전략 {si + 1}", order=si + 1)
        for pi in range(3):
            program = Program.objects.create(
                strategy=strategy,
                name=f"사업 {si + 1}-{pi + 1}",
                program_type=ProgramType.SERVICE,
                series=series if pi == 0 else None,
            )
            for ji in range(2):
                project = Project.objects.create(program=program, name=f"세부사업 {si + 1}-{pi + 1}-{ji + 1}")
                k = si * 6 + pi * 2 + ji
                AttributionRule.objects.create(
                    project=project, root_sector=sectors[k % len(sectors)], source=sources[k % 4]
                )
                if k % 5 == 0:  # overlapping rule: these placements count for two projects
                    AttributionRule.objects.create(
                        project=project, root_sector=sectors[(k + 1) % len(sectors)]
                    )
                targets.append(
                    Target(project=project, year=year, metric="jobs", value=rng.randint(800, 3000))
                )
    Target.objects.bulk_create(targets)
    attributions = actions.do_apply_rules(actor=manager, plan=plan)
    say(
        f"  world: {placements:,} placements, {attributions:,} attributions, built in "
        f"{time.perf_counter() - started:.1f} s"
    )
    return plan, official


def naive_totals(plan, as_of: dt.date) -> dict:
    """The peer: read every attribution row as ORM objects and count in Python."""
    from iljari.programs.models import Attribution

    per_project: dict[int, int] = {}
    per_program: dict[int, set[int]] = {}
    months: list[set[int]] = [set() for _ in range(12)]
    seekers: set[int] = set()
    for a in Attribution.objects.filter(project__program__strategy__plan=plan).select_related(
        "placement", "project__program__strategy__plan"
    ):
        p = a.placement
        if (
            p.status == "active"
            and p.hire_date.year == a.project.program.strategy.plan.year
            and p.hire_date <= as_of
        ):
            per_project[a.project_id] = per_project.get(a.project_id, 0) + 1
            per_program.setdefault(a.project.program_id, set()).add(p.pk)
            months[p.hire_date.month - 1].add(p.pk)
            seekers.add(p.seeker_id)
    return {
        "total": len(set().union(*months)),
        "projects": per_project,
        "programs": {pk: len(ids) for pk, ids in per_program.items()},
        "months": [len(ids) for ids in months],
        "hires": len(seekers),
    }


def _ours(report) -> dict:
    from iljari.programs.models import Metric

    return {
        "total": report.root.results[Metric.JOBS],
        "projects": {n.pk: n.results[Metric.JOBS] for n in report.nodes("project") if n.results[Metric.JOBS]},
        "programs": {n.pk: n.results[Metric.JOBS] for n in report.nodes("program") if n.results[Metric.JOBS]},
        "months": list(report.root.monthly_results[Metric.JOBS]),
        "hires": report.root.results[Metric.HIRES],
    }


def measure(plan, official, repeats: int, naive_repeats: int, as_of: dt.date, say=print) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from iljari.programs.results.plan import build_plan_report

    client = Client()
    client.force_login(official)
    url = f"/programs/?plan={plan.pk}"

    def page():
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"dashboard answered {response.status_code}: {response.get('Location')}")

    def timed(fn, n, before=None):
        samples = []
        for _ in range(n):
            if before:
                before()
            t = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - t)
        return samples

    def queries(fn, before=None) -> int:
        if before:
            before()
        with CaptureQueriesContext(connection) as captured:
            fn()
        return len(captured.captured_queries)

    def report():
        build_plan_report(plan, as_of)

    results: dict[str, object] = {}
    client.get("/programs/plans/", secure=True)  # loads the URLconf and the apps' modules (process start-up)
    cache.clear()
    t = time.perf_counter()
    page()  # the first dashboard request of this process, nothing cached
    results["first_request_ms"] = round((time.perf_counter() - t) * 1000, 1)
    say(f"  first dashboard request of the process (nothing cached): {results['first_request_ms']:.0f} ms")
    results["dashboard_cached"] = _ms(timed(page, repeats), queries(page))
    cold_runs = max(3, repeats // 6)
    results["dashboard_uncached"] = _ms(timed(page, cold_runs, cache.clear), queries(page, cache.clear))
    results["aggregate_uncached"] = _ms(timed(report, cold_runs), queries(report))
    say("  ours measured; the peer reads every row (slow)")
    naive_samples: list[float] = []
    for _ in range(max(1, naive_repeats)):
        with CaptureQueriesContext(connection) as captured:
            t = time.perf_counter()
            naive = naive_totals(plan, as_of)
            naive_samples.append(time.perf_counter() - t)
    results["peer_naive_per_row"] = _ms(naive_samples, len(captured.captured_queries))
    ours = _ours(build_plan_report(plan, as_of))
    results.update(
        total_jobs=ours["total"],
        naive_total_jobs=naive["total"],
        hires=ours["hires"],
        naive_hires=naive["hires"],
        reconciles=ours == naive,
    )
    if ours != naive:
        say(f"  DIFFERENCE: ours {ours} naive {naive}")
    return results


def _scratch_world(placements: int, seed: int, rebuild: bool, say):
    """The bench plan of a scratch database: reused when it was built with the same parameters."""
    from iljari.accounts.models import User
    from iljari.programs.models import Plan
    from iljari.referrals.models import Placement

    plan = Plan.objects.filter(title="벤치 계획").first()
    if (
        not rebuild
        and plan is not None
        and plan.vision == WORLD_MARK.format(seed=seed, n=placements)
        and Placement.objects.count() == placements
    ):
        say(f"  world: reusing {placements:,} placements")
        return plan, User.objects.get(username="bench-official")
    say("  world: (re)building the scratch database")
    flush_keeping_reference_data()
    return build_world(placements, seed=seed, say=say)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench/run.py dashboard", description=__doc__.splitlines()[0])
    parser.add_argument("--placements", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--naive-repeats", type=int, default=2)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the world of a scratch database")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from django.conf import settings
    from django.db import connection

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.ILJARI_REQUIRE_STAFF_2FA = False  # the bench logs in with force_login, no phone
    say = (lambda m: print(m, file=sys.stderr, flush=True)) if args.json else (lambda m: print(m, flush=True))
    from bench.scratch import assert_scratch_connection

    assert_scratch_connection()
    say(f"dashboard bench on {connection.vendor} (scratch database {connection.settings_dict['NAME']})")
    plan, official = _scratch_world(args.placements, args.seed, args.rebuild, say)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does after a bulk load
    result = measure(plan, official, args.repeats, args.naive_repeats, dt.date(2026, 12, 31), say=say)
    result.update(
        placements=args.placements,
        database=connection.vendor,
        target_p95_ms=TARGET_P95_MS,
        meets_target=result["dashboard_cached"]["p95_ms"] <= TARGET_P95_MS,
    )
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        labels = {
            "dashboard_cached": "ours: dashboard, cached",
            "dashboard_uncached": "ours: dashboard, cache empty",
            "aggregate_uncached": "ours: report aggregate, uncached",
            "peer_naive_per_row": "peer: naive per-row",
        }
        for key, label in labels.items():
            r = result[key]
            print(
                f"  {label:34s} median {r['median_ms']:9.1f} ms   p95 {r['p95_ms']:9.1f} ms"
                f"   ({r['runs']} runs, {r['queries']} queries)"
            )
        print(
            f"  total jobs {result['total_jobs']:,} (peer {result['naive_total_jobs']:,}), hires {result['hires']:,} "
            f"(peer {result['naive_hires']:,}) reconciles={result['reconciles']}  "
            f"p95 target {TARGET_P95_MS:.0f} ms met={result['meets_target']}"
        )
    return 0 if result["reconciles"] else 1
