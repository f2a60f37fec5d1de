"""Issue 15 #14 and #16: NUL characters, out-of-range numbers and dates, and foreign Host headers
are refused with a 400/422 (problem body on the API, Korean text on pages), never a 500 — on
SQLite and on PostgreSQL (run this file with DATABASE_URL pointing at PostgreSQL too)."""

import datetime as dt

import pytest
from django.urls import reverse

from iljari.counseling.models import CaseNote
from iljari.programs.models import ManualResult, Target
from iljari.vacancies import search_index
from iljari.vacancies.models import Application
from tests import factories as f
from tests.factories import PlanFactory, ProgramFactory, ProjectFactory, StrategyFactory, open_case

pytestmark = pytest.mark.django_db

HUGE = 10**30


def assert_problem(response, status: int = 422, field: str | None = None) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["title"] == "입력값을 확인해 주세요."
    if field is not None:
        assert field in body["errors"], body
    return body


# --- NUL -----------------------------------------------------------------------------------


def test_nul_in_a_region_search_is_a_422_problem(client):
    body = assert_problem(client.get("/api/taxonomy/regions", {"q": "\x00"}), field="q")
    assert body["errors"]["q"] == ["사용할 수 없는 문자(NUL)가 들어 있습니다."]


@pytest.mark.parametrize("path", ["/jobs/", "/referrals/", "/cases/", "/employers/referrals/"])
def test_nul_in_a_page_query_is_never_a_500(client_for, counselor, path):
    response = client_for(counselor).get(path, {"q": "용접\x00", "status": "\x00"})
    assert response.status_code in (200, 400, 403)


def test_nul_in_an_application_message_is_refused_and_nothing_saved(client_for, seeker, vacancy):
    response = client_for(seeker.user).post(
        "/api/applications/",
        {"vacancy_id": vacancy.pk, "message": "안녕하세요\x00"},
        content_type="application/json",
    )
    assert_problem(response, field="message")
    assert not Application.objects.exists()


def test_nul_in_the_seeker_summary_is_refused(client_for, seeker):
    response = client_for(seeker.user).patch(
        f"/api/seekers/{seeker.pk}", {"summary": "성실\u0000합니다"}, content_type="application/json"
    )
    assert_problem(response, field="summary")
    seeker.refresh_from_db()
    assert "\x00" not in seeker.summary


def test_nul_in_a_case_note_is_refused_api_and_page(client_for, seeker, counselor):
    case = open_case(seeker, counselor)
    client = client_for(counselor)
    response = client.post(f"/api/cases/{case.pk}/notes", {"body": "\x00"}, content_type="application/json")
    assert_problem(response, field="body")
    page = client.post(f"/cases/{case.pk}/notes/", {"body": "메모\x00"}, follow=True)
    assert page.status_code in (200, 400) and "null 문자는 사용할 수 없습니다" in page.content.decode()
    assert not CaseNote.objects.filter(case=case).exists()


def test_nul_in_a_nested_json_field_names_the_field(client_for, seeker):
    response = client_for(seeker.user).patch(
        f"/api/seekers/{seeker.pk}",
        {"desired_occupations": ["ok", "bad\u0000"]},
        content_type="application/json",
    )
    assert_problem(response, field="desired_occupations[1]")


# --- out of range --------------------------------------------------------------------------


@pytest.fixture
def project(db):
    plan = PlanFactory(year=2026)
    return ProjectFactory(program=ProgramFactory(strategy=StrategyFactory(plan=plan)))


@pytest.mark.parametrize("value", [HUGE, 2**63, 10**15 + 1])
def test_huge_programme_targets_and_results_are_422(client_for, program_manager, project, value):
    client = client_for(program_manager)
    target = client.post(
        f"/api/programs/projects/{project.pk}/targets",
        {"metric": "jobs", "value": value},
        content_type="application/json",
    )
    assert_problem(target, field="value")
    result = client.post(
        f"/api/programs/projects/{project.pk}/results",
        {"metric": "participants", "month": 3, "value": value},
        content_type="application/json",
    )
    assert_problem(result, field="value")
    assert not Target.objects.filter(project=project).exists()
    assert not ManualResult.objects.exists()


def test_huge_target_in_the_form_is_a_korean_field_error(client_for, program_manager, project):
    response = client_for(program_manager).post(
        reverse("programs:set_target", args=[project.pk]),
        {"t-metric": "jobs", "t-month": "0", "t-value": str(HUGE)},
        follow=True,
    )
    assert response.status_code == 200
    assert "이하의 숫자로 입력해 주세요." in response.content.decode()
    assert not Target.objects.filter(project=project).exists()


@pytest.mark.parametrize("params", [{"limit": HUGE}, {"offset": HUGE}, {"limit": -HUGE}, {"offset": 2**63}])
def test_placements_paging_out_of_range_is_422(client_for, counselor, params):
    assert_problem(client_for(counselor).get("/api/referrals/placements", params))


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31"])
def test_plan_summary_far_dates_are_422(client_for, official, project, as_of):
    plan = project.program.strategy.plan
    response = client_for(official).get(f"/api/programs/plans/{plan.pk}/summary", {"as_of": as_of})
    assert_problem(response, field="as_of")
    ok = client_for(official).get(f"/api/programs/plans/{plan.pk}/summary", {"as_of": "2026-06-30"})
    assert ok.status_code == 200 and ok.json()["as_of"] == dt.date(2026, 6, 30).isoformat()


# --- Host ----------------------------------------------------------------------------------


def test_cached_api_search_answer_still_checks_the_host(client, employer):
    search_index.forget()
    f.VacancyFactory(employer=employer, title="CO2 용접공 모집")
    first = client.get("/api/vacancies/", {"q": "용접"})
    again = client.get("/api/vacancies/", {"q": "용접"})
    assert first.status_code == again.status_code == 200
    assert again["X-Search-Cache"] == "hit"
    evil = client.get("/api/vacancies/", {"q": "용접"}, HTTP_HOST="evil.example")
    assert evil.status_code == 400
    assert b"CO2" not in evil.content
    search_index.forget()


@pytest.mark.parametrize(
    "path",
    ["/", "/jobs/", "/api/vacancies/", "/static/vendor/krds-uiux/resources/cdn/krds.min.css", "/nope/"],
)
def test_every_answer_checks_the_host(client, path):
    assert client.get(path, HTTP_HOST="evil.example").status_code == 400
