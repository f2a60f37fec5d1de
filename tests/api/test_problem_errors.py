"""The API's error contract, through HTTP: problem+json bodies, never a 500."""

import pytest

pytestmark = pytest.mark.django_db


def test_public_lookup_works_without_signing_in(client):
    response = client.get("/api/taxonomy/regions", {"q": "남동구 고잔동"})
    assert response.status_code == 200
    assert response.json()[0]["code"] == "28200111"


def test_occupation_lookup_finds_welders(client):
    names = [o["name"] for o in client.get("/api/taxonomy/occupations", {"q": "용접"}).json()]
    assert "용접원" in names


def test_bad_query_parameter_gives_a_problem_body_in_korean(client):
    response = client.get("/api/taxonomy/regions", {"limit": "many"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 422
    assert body["title"] == "입력값을 확인해 주세요."
    assert "limit" in body["errors"]


def test_out_of_range_limit_is_refused(client):
    assert client.get("/api/taxonomy/qualifications", {"limit": 1000}).status_code == 422


def test_openapi_spec_is_served(client):
    spec = client.get("/api/openapi.json").json()
    assert spec["info"]["title"] == "일자리 API"
    assert "/api/taxonomy/regions" in spec["paths"]


def test_a_bearer_token_can_write_without_a_csrf_token(seeker, vacancy):
    from django.test import Client

    from iljari.accounts.actions import do_issue_api_token

    _token, key = do_issue_api_token(user=seeker.user, name="integration")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/applications/",
        {"vacancy_id": vacancy.pk, "message": "지원합니다"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code in (200, 201), response.content
    assert seeker.applications.filter(vacancy=vacancy).exists()


def test_a_session_write_without_csrf_is_refused(client, seeker, vacancy):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(seeker.user)
    response = browser.post("/api/applications/", {"vacancy_id": vacancy.pk}, content_type="application/json")
    assert response.status_code == 403
    assert not seeker.applications.exists()
