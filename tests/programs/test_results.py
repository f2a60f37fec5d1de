"""Results derived from placements reconcile exactly with the placement records."""

import datetime as dt

import pytest
from django.utils import timezone

from iljari.programs import actions
from iljari.programs.models import Attribution, AttributionRule, Metric
from iljari.programs.results.plan import plan_report, retention
from iljari.programs.results.series import series_progress
from iljari.programs.results.tree import GREEN, RED
from tests import factories as f
from tests.factories import (
    PlacementFactory,
    PlanFactory,
    ProgramFactory,
    ProjectFactory,
    StrategyFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 12, 31)


@pytest.fixture
def tree():
    plan = PlanFactory(year=2026)
    strategy = StrategyFactory(plan=plan)
    program = ProgramFactory(strategy=strategy)
    a = ProjectFactory(program=program, name="동행면접")
    b = ProjectFactory(program=program, name="채용박람회")
    TargetFactory(project=a, value=10)
    TargetFactory(project=b, value=10)
    return plan, a, b


def attribute(project, placement):
    return Attribution.objects.create(project=project, placement=placement, method="manual")


def test_project_jobs_equal_the_active_in_year_placements_attributed(tree):
    plan, a, _b = tree
    placements = [PlacementFactory(hire_date=dt.date(2026, m, 10)) for m in (1, 2, 2, 5)]
    for p in placements:
        attribute(a, p)
    report = plan_report(plan, AS_OF, use_cache=False)
    node = next(n for n in report.nodes("project") if n.pk == a.pk)
    assert node.results[Metric.JOBS] == 4
    assert node.monthly_results[Metric.JOBS][:5] == [1, 2, 0, 0, 1]
    assert report.root.results[Metric.JOBS] == 4


def test_placement_attributed_to_two_projects_counts_once_in_each_and_once_in_the_total(tree):
    plan, a, b = tree
    shared = PlacementFactory()
    only_a = PlacementFactory(hire_date=dt.date(2026, 4, 1))
    attribute(a, shared)
    attribute(b, shared)
    attribute(a, only_a)
    report = plan_report(plan, AS_OF, use_cache=False)
    by_pk = {n.pk: n for n in report.nodes("project")}
    assert by_pk[a.pk].results[Metric.JOBS] == 2
    assert by_pk[b.pk].results[Metric.JOBS] == 1
    assert report.nodes("program")[0].results[Metric.JOBS] == 2
    assert report.nodes("strategy")[0].results[Metric.JOBS] == 2
    assert report.root.results[Metric.JOBS] == 2


def test_the_same_placement_cannot_be_attributed_twice_to_one_project(tree, program_manager):
    _plan, a, _b = tree
    placement = PlacementFactory()
    actions.do_attribute_placement(actor=program_manager, project=a, placement=placement)
    with pytest.raises(actions.ValidationError):
        actions.do_attribute_placement(actor=program_manager, project=a, placement=placement)
    assert Attribution.objects.filter(project=a, placement=placement).count() == 1


def test_cancelled_hire_drops_out_of_the_results(tree):
    plan, a, _b = tree
    kept = PlacementFactory()
    cancelled = PlacementFactory(status="cancelled", cancelled_at=timezone.now())
    attribute(a, kept)
    attribute(a, cancelled)
    report = plan_report(plan, AS_OF)
    assert report.root.results[Metric.JOBS] == 1
    kept.status = "cancelled"
    kept.save()
    assert plan_report(plan, AS_OF).root.results[Metric.JOBS] == 0  # the cache notices the change


def test_hire_after_the_year_end_does_not_count(tree):
    plan, a, _b = tree
    attribute(a, PlacementFactory(hire_date=dt.date(2026, 12, 31)))
    attribute(a, PlacementFactory(hire_date=dt.date(2027, 1, 1)))
    attribute(a, PlacementFactory(hire_date=dt.date(2025, 12, 31)))
    report = plan_report(plan, AS_OF, use_cache=False)
    assert report.root.results[Metric.JOBS] == 1
    assert report.root.monthly_results[Metric.JOBS][11] == 1


def test_hires_count_a_seeker_placed_twice_once(tree):
    plan, a, _b = tree
    seeker = f.SeekerFactory()
    attribute(a, PlacementFactory(seeker=seeker, hire_date=dt.date(2026, 2, 1)))
    attribute(a, PlacementFactory(seeker=seeker, hire_date=dt.date(2026, 6, 1)))
    report = plan_report(plan, AS_OF, use_cache=False)
    assert report.root.results[Metric.JOBS] == 2
    assert report.root.results[Metric.HIRES] == 1


def test_rules_attribute_matching_placements_once_and_keep_manual_ones(tree, program_manager):
    plan, a, b = tree
    welding = PlacementFactory(employer=f.EmployerFactory(root_sector="welding"))
    mold = PlacementFactory(
        employer=f.EmployerFactory(root_sector="mold"), source="fair", source_ref="FAIR-1"
    )
    next_year = PlacementFactory(
        employer=f.EmployerFactory(root_sector="welding"), hire_date=dt.date(2027, 2, 1)
    )
    AttributionRule.objects.create(project=a, root_sector="welding")
    AttributionRule.objects.create(project=a, region_prefix="28200")  # matches both again: stored once
    AttributionRule.objects.create(project=b, source="fair", source_ref="FAIR-1")
    attribute(b, welding)  # manual
    actions.do_apply_rules(actor=program_manager, plan=plan)
    actions.do_apply_rules(actor=program_manager, plan=plan)  # idempotent
    assert set(Attribution.objects.filter(project=a).values_list("placement_id", flat=True)) == {
        welding.pk,
        mold.pk,
    }
    assert set(Attribution.objects.filter(project=b).values_list("placement_id", flat=True)) == {
        welding.pk,
        mold.pk,
    }
    assert not Attribution.objects.filter(placement=next_year).exists()
    report = plan_report(plan, AS_OF, use_cache=False)
    assert report.root.results[Metric.JOBS] == 2


def test_reconciles_with_placement_records_on_a_mixed_population(tree, program_manager):
    plan, a, b = tree
    AttributionRule.objects.create(project=a, root_sector="welding")
    AttributionRule.objects.create(project=b, source="fair")
    employers = {s: f.EmployerFactory(root_sector=s) for s in ("welding", "mold")}
    made = []
    for i in range(30):
        sector = "welding" if i % 2 else "mold"
        made.append(
            PlacementFactory(
                employer=employers[sector],
                source="fair" if i % 3 == 0 else "referral",
                hire_date=dt.date(2026 if i % 7 else 2027, 1 + i % 12, 1 + i % 27),
                status="cancelled" if i % 5 == 0 else "active",
            )
        )
    actions.do_apply_rules(actor=program_manager, plan=plan)
    report = plan_report(plan, AS_OF, use_cache=False)

    def counts(p):
        return p.status == "active" and p.hire_date.year == 2026

    expected_a = [p for p in made if counts(p) and p.employer.root_sector == "welding"]
    expected_b = [p for p in made if counts(p) and p.source == "fair"]
    by_pk = {n.pk: n for n in report.nodes("project")}
    assert by_pk[a.pk].results[Metric.JOBS] == len(expected_a)
    assert by_pk[b.pk].results[Metric.JOBS] == len(expected_b)
    assert report.root.results[Metric.JOBS] == len({p.pk for p in expected_a + expected_b})


def test_traffic_light_and_pace_forecast():
    plan = PlanFactory(year=2026)
    project = ProjectFactory(program__strategy__plan=plan)
    TargetFactory(project=project, value=120)
    for m in range(1, 7):
        for _ in range(10 if m <= 3 else 5):
            Attribution.objects.create(
                project=project, placement=PlacementFactory(hire_date=dt.date(2026, m, 5)), method="manual"
            )
    mid = plan_report(plan, dt.date(2026, 6, 30), use_cache=False).nodes("project")[0]
    assert mid.results[Metric.JOBS] == 45
    assert mid.forecast == round(45 / (181 / 365))
    assert mid.status == RED  # 45 of an expected ~59.5
    early = plan_report(plan, dt.date(2026, 3, 31), use_cache=False).nodes("project")[0]
    assert early.status == GREEN  # 30 of an expected ~29.6
    assert early.forecast == round(30 / (90 / 365))


def test_monthly_targets_set_the_expected_pace():
    plan = PlanFactory(year=2026)
    project = ProjectFactory(program__strategy__plan=plan)
    for month, value in enumerate([0, 0, 0, 0, 0, 0, 20, 20, 20, 20, 20, 20], start=1):
        TargetFactory(project=project, month=month, value=value)
    node = plan_report(plan, dt.date(2026, 6, 30), use_cache=False).nodes("project")[0]
    assert node.targets[Metric.JOBS] == 0
    assert node.expected == 0
    assert node.status == GREEN
    Attribution.objects.create(
        project=project, placement=PlacementFactory(hire_date=dt.date(2026, 7, 2)), method="manual"
    )
    node = plan_report(plan, dt.date(2026, 8, 1), use_cache=False).nodes("project")[0]
    assert node.expected == pytest.approx(20 + 20 / 31 * 0, abs=0.01)
    assert node.status == RED


def test_year_over_year_change_of_the_jobs_target():
    previous = PlanFactory(year=2018)
    current = PlanFactory(year=2019, organisation=previous.organisation)
    TargetFactory(project=ProjectFactory(program__strategy__plan=previous), year=2018, value=9717)
    TargetFactory(project=ProjectFactory(program__strategy__plan=current), year=2019, value=10562)
    report = plan_report(current, dt.date(2019, 12, 31), use_cache=False)
    assert f"{report.yoy_change * 100:+.1f}%" == "+8.7%"


def test_retention_counts_cancellations_before_each_milestone(tree):
    plan, a, _b = tree
    attribute(a, PlacementFactory(hire_date=dt.date(2026, 1, 10)))
    early_leaver = PlacementFactory(
        hire_date=dt.date(2026, 1, 10),
        status="cancelled",
        cancelled_at=timezone.make_aware(dt.datetime(2026, 2, 20, 12)),
    )
    attribute(a, early_leaver)
    attribute(a, PlacementFactory(hire_date=dt.date(2026, 10, 1)))
    rows = {r["months"]: r for r in retention(plan, dt.date(2026, 11, 30))}
    assert rows[1] == {"months": 1, "eligible": 3, "retained": 3, "rate": 1.0}
    assert rows[3]["eligible"] == 2 and rows[3]["retained"] == 1
    assert rows[12]["eligible"] == 0 and rows[12]["rate"] is None


def test_series_progress_accumulates_over_the_years(program_manager):
    from iljari.programs.models import ProgramSeries

    first = PlanFactory(year=2020)
    second = PlanFactory(year=2021, organisation=first.organisation)
    series = ProgramSeries.objects.create(
        organisation=first.organisation, name="패키지", start_year=2020, end_year=2021, total_jobs_target=30
    )
    p1 = ProjectFactory(program__strategy__plan=first, program__series=series)
    p2 = ProjectFactory(program__strategy__plan=second, program__series=series)
    TargetFactory(project=p1, year=2020, value=10)
    TargetFactory(project=p2, year=2021, value=20)
    attribute(p1, PlacementFactory(hire_date=dt.date(2020, 5, 1)))
    attribute(p1, PlacementFactory(hire_date=dt.date(2021, 5, 1)))  # outside the 2020 plan's year
    attribute(p2, PlacementFactory(hire_date=dt.date(2021, 6, 1)))
    rows = series_progress(series)
    assert [(r["year"], r["target"], r["result"], r["cum_target"], r["cum_result"]) for r in rows] == [
        (2020, 10, 1, 10, 1),
        (2021, 20, 1, 30, 2),
    ]
