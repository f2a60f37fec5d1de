"""The programs pages per persona: who sees the dashboard, who may change a plan."""

import pytest

from iljari.audit.models import AccessLog
from iljari.programs.models import AttributionRule, ManualResult, Plan, Program, Project, Strategy, Target

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["official", "program_manager", "counselor", "admin_user"])
def test_staff_with_view_statistics_see_the_dashboard(request, client_for, demo_plan, persona):
    client = client_for(request.getfixturevalue(persona))
    response = client.get(f"/programs/?plan={demo_plan.pk}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "2026년 일자리 목표 공시" in body
    assert 'id="plan-tree"' in body


@pytest.mark.parametrize("persona", ["seeker", "employer_member"])
def test_seekers_and_employers_cannot_see_the_dashboard(request, client_for, demo_plan, persona):
    user = request.getfixturevalue(persona)
    user = getattr(user, "user", user)
    assert client_for(user).get("/programs/").status_code == 403


def test_anonymous_visitor_is_sent_to_login(client, demo_plan):
    response = client.get("/programs/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_dashboard_shows_deduplicated_total_and_korean_numbers(client_for, official, demo_plan):
    body = client_for(official).get(f"/programs/?plan={demo_plan.pk}").content.decode()
    # a: 3 placements, b: the shared one, c: none (cancelled and next year's) → 3 in total, not 4
    assert 'id="tree-total-result">3<' in body
    assert "20개" in body


def test_dashboard_query_count_does_not_grow_with_projects(
    client_for, official, demo_plan, django_assert_max_num_queries
):
    client = client_for(official)
    client.get(f"/programs/?plan={demo_plan.pk}")
    with django_assert_max_num_queries(40):
        client.get(f"/programs/?plan={demo_plan.pk}")
    strategy = demo_plan.strategies.first()
    for i in range(15):
        program = Program.objects.create(strategy=strategy, name=f"추가 사업 {i}", program_type="service")
        for j in range(3):
            Target.objects.create(
                project=Project.objects.create(program=program, name=f"세부 {i}-{j}"),
                year=2026,
                metric="jobs",
                value=5,
            )
    with django_assert_max_num_queries(40):
        assert client.get(f"/programs/?plan={demo_plan.pk}").status_code == 200


def test_official_cannot_add_a_strategy(client_for, official, demo_plan):
    response = client_for(official).post(
        f"/programs/plans/{demo_plan.pk}/", {"form": "strategy", "s-name": "새 전략"}
    )
    assert response.status_code == 403
    assert not Strategy.objects.filter(name="새 전략").exists()


def test_manager_builds_a_plan_with_strategy_program_project_and_target(
    client_for, program_manager, organisation
):
    client = client_for(program_manager)
    response = client.post(
        "/programs/plans/", {"organisation": organisation.pk, "year": 2026, "title": "2026 계획"}
    )
    plan = Plan.objects.get(title="2026 계획")
    assert response.status_code == 302
    client.post(f"/programs/plans/{plan.pk}/", {"form": "strategy", "s-name": "부평 제조업 르네상스"})
    strategy = plan.strategies.get()
    client.post(
        f"/programs/plans/{plan.pk}/",
        {
            "form": "program",
            "p-strategy": strategy.pk,
            "p-name": "부평산단 활성화",
            "p-program_type": "subsidy",
            "p-department": "일자리경제과",
            "p-national_budget": 100,
            "p-city_budget": 50,
            "p-district_budget": 10,
        },
    )
    program = strategy.programs.get()
    assert program.total_budget == 160
    client.post(
        f"/programs/plans/{plan.pk}/",
        {"form": "project", "j-program": program.pk, "j-name": "입주기업 고용", "j-jobs_target": 1120},
    )
    project = program.projects.get()
    assert Target.objects.get(project=project, month=0, metric="jobs").value == 1120


def test_plan_form_shows_korean_field_errors_and_saves_nothing(client_for, program_manager, organisation):
    response = client_for(program_manager).post(
        "/programs/plans/", {"organisation": organisation.pk, "year": "abc", "title": ""}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "숫자로 입력해 주세요." in body or "정수를 입력하세요" in body
    assert "계획명을 입력해 주세요." in body
    assert not Plan.objects.exists()


def test_duplicate_plan_for_the_same_year_is_refused(client_for, program_manager, demo_plan):
    response = client_for(program_manager).post(
        "/programs/plans/", {"organisation": demo_plan.organisation.pk, "year": 2026, "title": "중복"}
    )
    assert "이미 있습니다" in response.content.decode()
    assert Plan.objects.count() == 1


def test_project_page_lists_the_placements_behind_the_number_masked_and_logged(
    client_for, official, demo_plan
):
    project = demo_plan.projects["c"]
    body = client_for(official).get(f"/programs/projects/{project.pk}/").content.decode()
    assert "채용 취소" in body
    assert "2027년 입사(사업 연도 밖)" in body
    assert "*" in body  # names are masked for an official
    from iljari.programs.results.evidence import project_placements

    shown = {str(a.placement.seeker_id) for a in project_placements(project)}
    logged = AccessLog.objects.filter(actor=official, subject_type="seeker", action="view")
    assert len(shown) >= 1 and set(logged.values_list("subject_id", flat=True)) == shown  # each person


def test_manager_adds_rule_and_applies_it(client_for, program_manager, demo_plan):
    client = client_for(program_manager)
    project = demo_plan.projects["c"]
    client.post(f"/programs/projects/{project.pk}/rules/", {"r-root_sector": "welding"})
    assert AttributionRule.objects.filter(project=project, root_sector="welding").exists()
    client.post(f"/programs/plans/{demo_plan.pk}/apply-rules/")
    # all test employers are welding companies: the 2026 hires not yet manually attributed to c
    # (the shared one and the March and April hires) come in by rule; the next year's hire does not
    assert project.attributions.filter(method="rule").count() == 3
    assert project.attributions.count() == 5


def test_rule_without_criteria_is_refused_with_a_message(client_for, program_manager, demo_plan):
    project = demo_plan.projects["a"]
    response = client_for(program_manager).post(f"/programs/projects/{project.pk}/rules/", {}, follow=True)
    assert "연계 조건을 하나 이상 정해 주세요." in response.content.decode()
    assert not AttributionRule.objects.exists()


def test_manual_result_with_evidence_is_approved_by_another_manager(
    client_for, program_manager, admin_user, demo_plan
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    project = demo_plan.projects["a"]
    client = client_for(program_manager)
    upload = SimpleUploadedFile("지급결정.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    client.post(
        f"/programs/projects/{project.pk}/results/",
        {"m-month": 1, "m-metric": "jobs", "m-value": 7, "m-note": "고용장려금", "m-evidence": upload},
    )
    entry = ManualResult.objects.get(project=project)
    assert entry.status == "submitted"
    response = client.post(f"/programs/results/{entry.pk}/decide/", {"decision": "approve"}, follow=True)
    assert "다른 담당자가 승인해야 합니다" in response.content.decode()
    client.logout()
    client_for(admin_user).post(f"/programs/results/{entry.pk}/decide/", {"decision": "approve"})
    entry.refresh_from_db()
    assert entry.status == "approved"
    assert client_for(admin_user).get(f"/programs/results/{entry.pk}/evidence/").status_code == 200


def test_import_csv_is_all_or_nothing(client_for, program_manager, demo_plan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    a = demo_plan.projects["a"]
    bad = f"project_id,year,month,metric,value,note\n{a.pk},2026,1,jobs,5,ok\n{a.pk},2026,2,hires,3,중복\n"
    response = client_for(program_manager).post(
        f"/programs/plans/{demo_plan.pk}/import/", {"file": SimpleUploadedFile("r.csv", bad.encode())}
    )
    assert response.status_code == 400
    assert "3행" in response.content.decode()
    assert not ManualResult.objects.exists()
    good = f"project_id,year,month,metric,value,note\n{a.pk},2026,1,jobs,5,\n{a.pk},2026,1,budget,1000000,\n"
    client_for(program_manager).post(
        f"/programs/plans/{demo_plan.pk}/import/",
        {"file": SimpleUploadedFile("r.csv", good.encode("utf-8-sig"))},
    )
    assert ManualResult.objects.filter(project=a).count() == 2


def test_plan_detail_is_read_only_for_an_official(client_for, official, demo_plan):
    body = client_for(official).get(f"/programs/plans/{demo_plan.pk}/").content.decode()
    assert "상담사 알선 취업" in body
    assert 'id="form-strategy"' not in body


def test_dashboard_without_plans_says_so(client_for, official):
    body = client_for(official).get("/programs/").content.decode()
    assert "아직 등록된 일자리 계획이 없습니다." in body


def test_unknown_plan_id_is_404(client_for, official, demo_plan):
    assert client_for(official).get("/programs/?plan=999999").status_code == 404
    assert client_for(official).get("/programs/?plan=abc").status_code == 404


def test_future_month_manual_result_is_refused(client_for, program_manager):
    from django.utils import timezone

    from tests.factories import ProjectFactory

    project = ProjectFactory(program__strategy__plan__year=timezone.localdate().year + 1)
    response = client_for(program_manager).post(
        f"/programs/projects/{project.pk}/results/",
        {"m-month": 1, "m-metric": "jobs", "m-value": 1},
        follow=True,
    )
    assert "아직 오지 않은 달의 실적은 입력할 수 없습니다." in response.content.decode()
    assert not ManualResult.objects.exists()
