"""The SQL aggregation of a plan's placements reconciles, at every level, with a plain recount.

A mixed population: placements attributed to one project, to two projects of one program, of
two programs, of two strategies; cancelled hires, hires before and after the year, seekers
hired more than once, employers in different districts and sectors and one of a whole city (기타),
and a placement that counts only for another plan. Every figure of the report (jobs per node
and month, hires per node, districts, sectors, retention) is recounted here in Python from
the placement records.
"""

import calendar
import datetime as dt
import random

import pytest
from django.utils import timezone

from iljari.programs.aggregates import MASK_BITS, RETENTION_MONTHS, retention_cutoffs
from iljari.programs.models import Attribution, Metric
from iljari.programs.results.plan import plan_report, retention
from iljari.referrals.models import Placement
from iljari.taxonomy.models import Region
from tests import factories as f
from tests.factories import (
    OrganisationFactory,
    PlacementFactory,
    PlanFactory,
    ProgramFactory,
    ProjectFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db


def months_later(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    y, m = day.year + y, m + 1
    return dt.date(y, m, min(day.day, calendar.monthrange(y, m)[1]))


def counts(p: Placement, year: int, as_of: dt.date) -> bool:
    return p.status == "active" and p.hire_date.year == year and p.hire_date <= as_of


@pytest.fixture
def population():
    plan = PlanFactory(year=2026)
    s1, s2 = StrategyFactory(plan=plan), StrategyFactory(plan=plan)
    g1, g2, g3 = ProgramFactory(strategy=s1), ProgramFactory(strategy=s1), ProgramFactory(strategy=s2)
    projects = [ProjectFactory(program=g) for g in (g1, g1, g2, g3, g3)]
    other_plan_project = ProjectFactory(
        program__strategy__plan=PlanFactory(year=2026, organisation=OrganisationFactory(name="다른 기관"))
    )
    districts = {}
    for r in Region.objects.filter(level=3).exclude(sigungu="").order_by("code"):
        districts.setdefault(r.sigungu, r)
        if len(districts) == 2:
            break
    whole_city = Region.objects.filter(sigungu="").first()  # a 시·도: no 시군구, shown as 기타
    regions = [*districts.values(), whole_city or next(iter(districts.values()))]
    employers = [
        f.EmployerFactory(root_sector=sector, region=region)
        for sector, region in zip(("welding", "mold", "casting"), regions, strict=True)
    ]
    seekers = [f.SeekerFactory(user__password=None) for _ in range(6)]
    rng = random.Random(7)
    dates = [dt.date(2025, 12, 31), dt.date(2027, 1, 1)] + [
        dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(365)) for _ in range(40)
    ]
    links = {}
    for i, day in enumerate(dates):
        placement = PlacementFactory(
            seeker=seekers[i % len(seekers)],
            employer=employers[i % len(employers)],
            hire_date=day,
            status="cancelled" if i % 7 == 3 else "active",
            cancelled_at=timezone.make_aware(dt.datetime.combine(day, dt.time(12)) + dt.timedelta(days=40))
            if i % 7 == 3
            else None,
        )
        chosen = rng.sample(projects, k=1 + (i % 4 == 0) + (i % 9 == 0))  # one, two or three projects
        if i % 11 == 5:
            chosen = [other_plan_project]  # counts only for the other plan
        elif i % 13 == 6:
            chosen.append(other_plan_project)
        for project in chosen:
            Attribution.objects.create(project=project, placement=placement, method="manual")
        links[placement.pk] = {p.pk for p in chosen}
    return plan, projects, links


def recount(plan, links, as_of):
    """Per node: the set of counted placements of its projects; seekers likewise."""
    placements = {p.pk: p for p in Placement.objects.select_related("employer__region")}
    report = plan_report(plan, as_of, use_cache=False)
    expected = {}
    for node in report.root.walk():
        project_ids = {n.pk for n in node.walk() if n.kind == "project"}
        ids = {
            pk
            for pk, linked in links.items()
            if linked & project_ids and counts(placements[pk], plan.year, as_of)
        }
        months = [0] * 12
        for pk in ids:
            months[placements[pk].hire_date.month - 1] += 1
        expected[(node.kind, node.pk)] = (months, len({placements[pk].seeker_id for pk in ids}))
    plan_projects = {n.pk for n in report.nodes("project")}
    counted = [
        placements[pk]
        for pk, linked in links.items()
        if linked & plan_projects and counts(placements[pk], plan.year, as_of)
    ]
    return report, expected, counted, placements, plan_projects


@pytest.mark.parametrize("as_of", [dt.date(2026, 6, 30), dt.date(2026, 12, 31), dt.date(2027, 3, 1)])
def test_every_node_reconciles_with_a_recount_of_the_placements(population, as_of):
    plan, _projects, links = population
    report, expected, _counted, _placements, plan_projects = recount(plan, links, as_of)
    assert len(expected) == 1 + 2 + 3 + 5
    shared = [linked & plan_projects for linked in links.values() if len(linked & plan_projects) > 1]
    program_of = {n.pk: n.extra["program_id"] for n in report.nodes("project")}
    assert any(len(s) == 3 for s in shared)  # the population has the cases it is meant to have
    assert any(len({program_of[pk] for pk in s}) == 1 for s in shared)
    assert any(len({program_of[pk] for pk in s}) > 1 for s in shared)
    for node in report.root.walk():
        months, hires = expected[(node.kind, node.pk)]
        assert node.monthly_results[Metric.JOBS] == months, (node.kind, node.name)
        assert node.results[Metric.JOBS] == sum(months), (node.kind, node.name)
        assert node.results[Metric.HIRES] == hires, (node.kind, node.name)
    # the plan total counts a placement attributed to several projects once
    project_sum = sum(n.results[Metric.JOBS] for n in report.nodes("project"))
    assert report.root.results[Metric.JOBS] < project_sum


def test_districts_sectors_and_retention_reconcile(population):
    plan, _projects, links = population
    as_of = dt.date(2026, 12, 31)
    report, _expected, counted, placements, plan_projects = recount(plan, links, as_of)
    districts, sectors = {}, {}
    for p in counted:
        name = p.employer.region.sigungu or "기타"
        districts[name] = districts.get(name, 0) + 1
        label = str(p.employer.get_root_sector_display())
        sectors[label] = sectors.get(label, 0) + 1
    assert {r["name"]: r["n"] for r in report.by_district} == districts
    assert {r["name"]: r["n"] for r in report.by_sector} == sectors
    assert [r["n"] for r in report.by_district] == sorted(districts.values(), reverse=True)
    attributed = [
        placements[pk]
        for pk, linked in links.items()
        if linked & plan_projects and placements[pk].hire_date.year == 2026
    ]
    for row, cutoff in zip(report.retention, retention_cutoffs(as_of), strict=True):
        eligible = [p for p in attributed if p.hire_date <= cutoff]
        lost = [
            p
            for p in eligible
            if p.status == "cancelled"
            and timezone.localtime(p.cancelled_at).date() < months_later(p.hire_date, row["months"])
        ]
        assert row["eligible"] == len(eligible)
        assert row["retained"] == len(eligible) - len(lost)
    assert [r["months"] for r in report.retention] == list(RETENTION_MONTHS)
    assert retention(plan, as_of) == report.retention


def test_plans_with_more_projects_than_one_mask_holds():
    """Over 60 projects the sets span two mask columns: a placement in project 1 and 70 counts once."""
    plan = PlanFactory(year=2026)
    program = ProgramFactory(strategy=StrategyFactory(plan=plan))
    projects = [ProjectFactory(program=program, name=f"세부 {i}") for i in range(MASK_BITS + 10)]
    shared = PlacementFactory(hire_date=dt.date(2026, 4, 1))
    late = PlacementFactory(hire_date=dt.date(2026, 9, 1), seeker=shared.seeker)
    for project in (projects[0], projects[-1]):
        Attribution.objects.create(project=project, placement=shared, method="manual")
    Attribution.objects.create(project=projects[-1], placement=late, method="manual")
    report = plan_report(plan, dt.date(2026, 12, 31), use_cache=False)
    by_pk = {n.pk: n for n in report.nodes("project")}
    assert by_pk[projects[0].pk].results[Metric.JOBS] == 1
    assert by_pk[projects[-1].pk].results[Metric.JOBS] == 2
    assert by_pk[projects[-1].pk].results[Metric.HIRES] == 1
    assert by_pk[projects[1].pk].results[Metric.JOBS] == 0
    assert report.root.results[Metric.JOBS] == 2
    assert report.root.results[Metric.HIRES] == 1
    assert (
        report.root.monthly_results[Metric.JOBS][3] == 1 and report.root.monthly_results[Metric.JOBS][8] == 1
    )


def test_a_plan_without_projects_or_placements_has_zero_everywhere():
    plan = PlanFactory(year=2026)
    StrategyFactory(plan=plan)
    report = plan_report(plan, dt.date(2026, 12, 31), use_cache=False)
    assert report.root.results[Metric.JOBS] == 0 and report.root.results[Metric.HIRES] == 0
    assert report.by_district == [] and report.by_sector == []
    assert [r["eligible"] for r in report.retention] == [0, 0, 0, 0]
