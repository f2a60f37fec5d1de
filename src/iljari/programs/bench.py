"""Dashboard benchmark: server time of /programs/ with 100,000 placements (``iljari bench dashboard``).

Builds a scratch database (the test database of the configured backend: in-memory SQLite by
default, ``test_<name>`` on PostgreSQL), fills it with employers, seekers and placements, a
plan of 4 strategies × 3 programs × 2 projects whose rules attribute the placements (a
share of them to two projects), and measures in the same run:

* ours — the dashboard page through Django's test client, report served from the cache
  (the data-signature queries, the page's own queries and rendering included);
* ours, cold — the same page with the cache cleared before every request;
* peer: un-cached ORM — ``build_plan_report`` alone, every GROUP BY query each time;
* peer: naive Python — every attribution row read and aggregated in Python.

All four must give the same totals (checked, printed). Figures: median and p95 in ms.
"""

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import time

TARGET_P95_MS = 200.0


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def _ms(samples: list[float]) -> dict:
    return {
        "median_ms": round(statistics.median(samples) * 1000, 1),
        "p95_ms": round(_p95(samples) * 1000, 1),
        "runs": len(samples),
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
    from iljari.taxonomy.loader import load_reference_data
    from iljari.taxonomy.models import Region
    from iljari.taxonomy.sources import BuiltinSource

    rng = random.Random(seed)
    started = time.perf_counter()
    load_reference_data(BuiltinSource())
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
    plan = Plan.objects.create(organisation=org, year=year, title="벤치 계획")
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


def naive_totals(plan) -> tuple[int, dict[int, int]]:
    """The peer: read every attribution row and count in Python."""
    from iljari.programs.models import Attribution

    per_project: dict[int, int] = {}
    distinct: set[int] = set()
    for a in Attribution.objects.filter(project__program__strategy__plan=plan).select_related(
        "placement", "project__program__strategy__plan"
    ):
        p = a.placement
        if p.status == "active" and p.hire_date.year == a.project.program.strategy.plan.year:
            per_project[a.project_id] = per_project.get(a.project_id, 0) + 1
            distinct.add(p.pk)
    return len(distinct), per_project


def measure(plan, official, repeats: int, naive_repeats: int, as_of: dt.date) -> dict:
    from django.core.cache import cache
    from django.test import Client

    from iljari.programs.models import Metric
    from iljari.programs.results import build_plan_report, plan_report

    client = Client()
    client.force_login(official)
    url = f"/programs/?plan={plan.pk}"
    warm = client.get(url, secure=True)  # warm-up (fills the cache)
    if warm.status_code != 200:
        raise RuntimeError(f"dashboard answered {warm.status_code}: {warm.get('Location')}")

    def timed(fn, n):
        samples = []
        for _ in range(n):
            t = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - t)
        return samples

    ours = timed(lambda: client.get(url, secure=True), repeats)

    def cold():
        cache.clear()
        client.get(url, secure=True)

    ours_cold = timed(cold, max(3, repeats // 6))
    orm = timed(lambda: build_plan_report(plan, as_of), max(3, repeats // 6))
    naive = timed(lambda: naive_totals(plan), naive_repeats)

    report = plan_report(plan, as_of)
    naive_total, naive_projects = naive_totals(plan)
    ours_projects = {n.pk: n.results[Metric.JOBS] for n in report.nodes("project") if n.results[Metric.JOBS]}
    return {
        "dashboard_cached": _ms(ours),
        "dashboard_cold": _ms(ours_cold),
        "peer_uncached_orm_report": _ms(orm),
        "peer_naive_python": _ms(naive),
        "total_jobs": report.root.results[Metric.JOBS],
        "naive_total_jobs": naive_total,
        "reconciles": report.root.results[Metric.JOBS] == naive_total and ours_projects == naive_projects,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="iljari bench dashboard", description=__doc__.splitlines()[0])
    parser.add_argument("--placements", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--naive-repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from django.conf import settings
    from django.db import connection

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.ILJARI_REQUIRE_STAFF_2FA = False  # the bench logs in with force_login, no phone
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    say = (lambda m: print(m, file=sys.stderr)) if args.json else print
    try:
        say(f"dashboard bench on {connection.vendor} (scratch database)")
        plan, official = build_world(args.placements, say=say)
        result = measure(plan, official, args.repeats, args.naive_repeats, dt.date(2026, 12, 31))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    result.update(
        placements=args.placements,
        database=connection.vendor,
        target_p95_ms=TARGET_P95_MS,
        meets_target=result["dashboard_cached"]["p95_ms"] <= TARGET_P95_MS,
    )
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key in ("dashboard_cached", "dashboard_cold", "peer_uncached_orm_report", "peer_naive_python"):
            r = result[key]
            print(
                f"  {key:28s} median {r['median_ms']:8.1f} ms   p95 {r['p95_ms']:8.1f} ms   ({r['runs']} runs)"
            )
        print(
            f"  total jobs {result['total_jobs']:,} (naive {result['naive_total_jobs']:,}) "
            f"reconciles={result['reconciles']}  p95 target {TARGET_P95_MS:.0f} ms met={result['meets_target']}"
        )
    return 0 if result["reconciles"] else 1
