"""/api/programs through HTTP, per persona."""

import pytest

from iljari.programs.models import Attribution, ManualResult, Target
from tests.factories import PlacementFactory

pytestmark = pytest.mark.django_db


def test_official_reads_the_summary_with_deduplicated_total(client_for, official, demo_plan):
    response = client_for(official).get(f"/api/programs/plans/{demo_plan.pk}/summary?as_of=2026-12-31")
    assert response.status_code == 200
    data = response.json()
    assert data["root"]["targets"]["jobs"] == 20
    assert data["root"]["results"]["jobs"] == 3
    projects = [j for s in data["root"]["children"] for p in s["children"] for j in p["children"]]
    assert sorted(p["results"]["jobs"] for p in projects) == [0, 1, 3]


def test_drilldown_lists_placements_with_reasons_and_no_names(client_for, official, demo_plan):
    project = demo_plan.projects["c"]
    rows = client_for(official).get(f"/api/programs/projects/{project.pk}/placements").json()
    assert {r["reason"] for r in rows} == {"채용 취소", "2027년 입사(사업 연도 밖)"}
    assert not any(r["counted"] for r in rows)
    assert "seeker" not in rows[0]


def test_alerts_list_projects_far_behind(client_for, official, demo_plan):
    rows = client_for(official).get(f"/api/programs/plans/{demo_plan.pk}/alerts").json()
    assert "현장훈련 후 취업" in {r["name"] for r in rows}


def test_official_cannot_write(client_for, official, demo_plan):
    project = demo_plan.projects["a"]
    client = client_for(official)
    response = client.post(
        f"/api/programs/projects/{project.pk}/targets",
        {"metric": "jobs", "value": 99},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_seeker_cannot_read(client_for, seeker, demo_plan):
    assert client_for(seeker.user).get("/api/programs/plans").status_code == 403


def test_anonymous_gets_401(client, demo_plan):
    assert client.get("/api/programs/plans").status_code == 401


def test_manager_sets_a_monthly_target_and_bad_input_is_a_problem(client_for, program_manager, demo_plan):
    project = demo_plan.projects["a"]
    client = client_for(program_manager)
    ok = client.post(
        f"/api/programs/projects/{project.pk}/targets",
        {"metric": "jobs", "value": 3, "month": 5},
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert Target.objects.get(project=project, month=5).value == 3
    bad = client.post(
        f"/api/programs/projects/{project.pk}/targets",
        {"metric": "jobs", "value": -1, "month": 13},
        content_type="application/json",
    )
    assert bad.status_code == 422
    wrong_year = client.post(
        f"/api/programs/projects/{project.pk}/targets",
        {"metric": "jobs", "value": 1, "year": 2030},
        content_type="application/json",
    )
    assert wrong_year.status_code == 422
    assert "기간에 속하지 않는" in wrong_year.json()["detail"]


def test_manager_attributes_once_and_second_time_is_422(client_for, program_manager, demo_plan):
    project = demo_plan.projects["b"]
    placement = PlacementFactory()
    client = client_for(program_manager)
    url = f"/api/programs/projects/{project.pk}/attributions"
    assert (
        client.post(url, {"placement_id": placement.pk}, content_type="application/json").status_code == 201
    )
    again = client.post(url, {"placement_id": placement.pk}, content_type="application/json")
    assert again.status_code == 422
    assert Attribution.objects.filter(project=project, placement=placement).count() == 1
    assert client.post(url, {"placement_id": 999999}, content_type="application/json").status_code == 404


def test_manual_hires_are_refused_to_avoid_double_counting(client_for, program_manager, demo_plan):
    project = demo_plan.projects["a"]
    response = client_for(program_manager).post(
        f"/api/programs/projects/{project.pk}/results",
        {"month": 1, "metric": "hires", "value": 4},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "중복 집계" in response.json()["detail"]
    assert not ManualResult.objects.exists()


def test_manager_creates_a_plan_via_api(client_for, program_manager, organisation):
    response = client_for(program_manager).post(
        "/api/programs/plans",
        {"organisation": organisation.name, "year": 2027, "title": "2027 계획"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["year"] == 2027


def test_series_progress_endpoint(client_for, official, demo_plan):
    series = demo_plan.strategies.first().programs.first().series
    rows = client_for(official).get(f"/api/programs/series/{series.pk}/progress").json()
    assert rows[0] == {"year": 2026, "target": 16, "result": 3, "cum_target": 16, "cum_result": 3}
