"""The cached report is keyed by a data version: every change that can alter a figure gives a new one.

Each test reads the report through the cache, changes one thing the way the application
(or the admin) does, and reads it again through the cache.
"""

import csv
import datetime as dt
import io
import re

import pytest
from django.utils import translation

from iljari.programs import actions, manual_results, versions
from iljari.programs.models import Attribution, AttributionRule, Metric, Training
from iljari.programs.results.plan import plan_report
from iljari.referrals import actions as referral_actions
from tests import factories as f
from tests.factories import PlacementFactory, PlanFactory, ProjectFactory, TargetFactory

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 12, 31)


@pytest.fixture
def setup():
    plan = PlanFactory(year=2026)
    project = ProjectFactory(program__strategy__plan=plan, name="동행면접")
    TargetFactory(project=project, value=10)
    placement = PlacementFactory(hire_date=dt.date(2026, 3, 2))
    Attribution.objects.create(project=project, placement=placement, method="manual")
    return plan, project, placement


def jobs(plan) -> int:
    return plan_report(plan, AS_OF).root.results[Metric.JOBS]


def test_attribution_through_the_action_shows_at_once(setup, program_manager):
    plan, project, _placement = setup
    assert jobs(plan) == 1
    actions.do_attribute_placement(
        actor=program_manager, project=project, placement=PlacementFactory(hire_date=dt.date(2026, 5, 1))
    )
    assert jobs(plan) == 2


def test_removing_an_attribution_shows_at_once(setup, program_manager):
    plan, project, placement = setup
    later = PlacementFactory(hire_date=dt.date(2026, 8, 1))
    Attribution.objects.create(project=project, placement=later, method="manual")
    assert jobs(plan) == 2
    older = Attribution.objects.get(placement=placement)  # not the newest row: the largest id stays
    actions.do_remove_attribution(actor=program_manager, attribution=older)
    assert jobs(plan) == 1


def test_applying_rules_shows_at_once(setup, program_manager):
    plan, project, _placement = setup
    assert jobs(plan) == 1
    PlacementFactory(hire_date=dt.date(2026, 6, 1), employer=f.EmployerFactory(root_sector="casting"))
    AttributionRule.objects.create(project=project, root_sector="casting")
    assert jobs(plan) == 1  # a rule counts once applied
    actions.do_apply_rules(actor=program_manager, plan=plan)
    assert jobs(plan) == 2


def test_cancelling_a_hire_shows_at_once(setup, program_manager):
    plan, _project, placement = setup
    assert jobs(plan) == 1
    referral_actions.do_cancel_placement(placement=placement, actor=program_manager, reason="퇴사")
    assert jobs(plan) == 0


def test_correcting_a_hire_date_shows_at_once(setup):
    plan, _project, placement = setup
    report = plan_report(plan, AS_OF)
    assert report.root.monthly_results[Metric.JOBS][2] == 1
    placement.hire_date = dt.date(2026, 4, 2)
    placement.save()  # an edit in the admin
    assert plan_report(plan, AS_OF).root.monthly_results[Metric.JOBS][2:4] == [0, 1]
    placement.hire_date = dt.date(2027, 1, 5)
    placement.save(update_fields=["hire_date", "updated_at"])
    assert jobs(plan) == 0


def test_deleting_a_hire_shows_at_once(setup):
    plan, _project, placement = setup
    assert jobs(plan) == 1
    placement.delete()
    assert jobs(plan) == 0


def test_a_new_target_shows_at_once(setup, program_manager):
    plan, project, _placement = setup
    assert plan_report(plan, AS_OF).root.targets[Metric.JOBS] == 10
    actions.do_set_target(actor=program_manager, project=project, year=2026, metric=Metric.JOBS, value=25)
    assert plan_report(plan, AS_OF).root.targets[Metric.JOBS] == 25


def test_an_approved_manual_entry_shows_at_once(setup, program_manager, admin_user):
    plan, project, _placement = setup
    entry = manual_results.do_record_manual_result(
        actor=program_manager, project=project, year=2026, month=1, metric=Metric.BUDGET, value=5_000_000
    )
    assert plan_report(plan, AS_OF).root.results[Metric.BUDGET] == 0  # not yet approved
    manual_results.do_decide_manual_result(actor=admin_user, result=entry, approve=True)
    assert plan_report(plan, AS_OF).root.results[Metric.BUDGET] == 5_000_000


def test_a_completion_changing_status_shows_at_once(setup, program_manager):
    plan, project, _placement = setup
    training = Training.objects.create(
        project=project, name="용접 기초", starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 5, 31)
    )
    seeker = f.SeekerFactory()
    day = dt.date(2026, 5, 31)
    actions.do_record_completion(
        actor=program_manager, training=training, seeker=seeker, completed_on=day, status="dropped"
    )
    assert plan_report(plan, AS_OF).root.results[Metric.TRAINED] == 0
    actions.do_record_completion(actor=program_manager, training=training, seeker=seeker, completed_on=day)
    assert plan_report(plan, AS_OF).root.results[Metric.TRAINED] == 1


def test_renaming_a_project_and_moving_an_employer_show_at_once(setup):
    plan, project, placement = setup
    report = plan_report(plan, AS_OF)
    assert report.nodes("project")[0].name == "동행면접"
    assert [r["name"] for r in report.by_sector] == ["용접"]
    project.name = "동행면접 취업"
    project.save()
    employer = placement.employer
    employer.root_sector = "mold"
    employer.save()
    report = plan_report(plan, AS_OF)
    assert report.nodes("project")[0].name == "동행면접 취업"
    assert [r["name"] for r in report.by_sector] == ["금형"]


def test_rows_inserted_without_save_change_the_version_too(setup):
    _plan, project, _placement = setup
    before = versions.current()
    Attribution.objects.bulk_create(
        [
            Attribution(
                project=project, placement=PlacementFactory(hire_date=dt.date(2026, 7, 1)), method="manual"
            )
        ]
    )
    assert versions.current() != before


def test_saves_that_change_nothing_counted_keep_the_version(setup):
    _plan, _project, placement = setup
    before = versions.current()
    placement.monthly_wage = 3_100_000
    placement.save(update_fields=["monthly_wage", "updated_at"])
    employer = placement.employer
    employer.employees = 45
    employer.save(update_fields=["employees"])
    assert versions.current() == before
    placement.status = "cancelled"
    placement.save(update_fields=["status"])
    assert versions.current() != before


def test_the_dashboard_shows_the_numbers_of_the_results_report(client_for, official, demo_plan):
    client = client_for(official)
    page = client.get(f"/programs/?plan={demo_plan.pk}").content.decode()
    shown = dict(
        re.findall(
            r'<tr class="lvl-project"><th scope="row"><a [^>]*>([^<]+)</a></th><td>[^<]*</td><td>([^<]*)</td>',
            page,
        )
    )
    body = client.get(f"/programs/plans/{demo_plan.pk}/report/results.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert shown == {r["세부사업"]: r["일자리실적"] for r in rows[:-1]}
    assert re.search(r'id="tree-total-result">([^<]+)<', page).group(1) == rows[-1]["일자리실적"]
    assert len(shown) == 3


def test_the_cached_report_is_kept_per_language(setup):
    plan, _project, _placement = setup
    assert [r["name"] for r in plan_report(plan, AS_OF).by_sector] == ["용접"]
    with translation.override("en"):
        assert [r["name"] for r in plan_report(plan, AS_OF).by_sector] == ["Welding"]
    assert [r["name"] for r in plan_report(plan, AS_OF).by_sector] == ["용접"]
