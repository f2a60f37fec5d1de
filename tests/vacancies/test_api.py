import pytest

from iljari.accounts.actions import do_issue_api_token
from iljari.audit.models import AccessLog
from iljari.vacancies.actions import do_apply
from iljari.vacancies.models import Application, ApplicationStatus, VacancyStatus
from tests import factories as f

pytestmark = pytest.mark.django_db

PERSONAS = [
    "seeker",
    "other_seeker",
    "employer_member",
    "other_employer_member",
    "counselor",
    "program_manager",
    "official",
    "admin_user",
]


def as_user(client, request, persona):
    if persona != "anonymous":
        user = request.getfixturevalue(persona)
        client.force_login(getattr(user, "user", user))
    return client


def test_vacancy_list_is_public_with_search_filters_and_pagination(
    client, employer, other_employer, django_assert_max_num_queries
):
    f.VacancyFactory.create_batch(25, employer=employer)
    f.VacancyFactory(
        employer=other_employer, title="금형 사상", duties="금형 연마", occupation=None, dormitory=True
    )
    f.VacancyFactory(employer=employer, title="초안", status=VacancyStatus.DRAFT)
    client.get("/api/vacancies/", {"q": "용접"})  # warm the index
    with django_assert_max_num_queries(6):
        response = client.get("/api/vacancies/", {"q": "용접", "page": 2, "page_size": 10})
    body = response.json()
    assert response.status_code == 200
    assert (body["count"], body["page"], len(body["results"])) == (25, 2, 10)
    assert client.get("/api/vacancies/", {"dormitory": "true"}).json()["count"] == 1
    assert client.get("/api/vacancies/", {"q": "초안"}).json()["count"] == 0


@pytest.mark.parametrize(
    "params",
    [
        {"q": "용접", "page_size": 5},
        {"dong": "28200111", "sort": "distance"},
        {"q": "남동구 기숙사 용접"},
        {"q": "없는말xyz", "region": "28200"},
    ],
)
def test_search_answers_are_what_their_schema_says(client, employer, params):
    """The list is rendered without validating it through ``VacancyPage`` again: its shape and types
    must be the schema's (the OpenAPI document promises them)."""
    from iljari.vacancies.api import VacancyPage

    f.VacancyFactory.create_batch(3, employer=employer, dormitory=True)
    body = client.get("/api/vacancies/", params).json()
    assert body["results"] or body["relaxations"] or params.get("q") == "없는말xyz"
    assert VacancyPage.model_validate(body).model_dump(mode="json") == body


def test_distance_is_given_when_a_dong_is_chosen(client, vacancy):
    body = client.get("/api/vacancies/", {"dong": "28200111", "sort": "distance"}).json()
    assert body["results"][0]["distance_km"] is not None


@pytest.mark.parametrize(
    "params",
    [
        {"page": 0},
        {"page_size": 500},
        {"sort": "random"},
        {"region": "abc"},
        {"shift": "weekend"},
        {"wage_min": -1},
        {"dong": "99999999"},
    ],
)
def test_bad_query_parameters_give_a_422_problem(client, params):
    response = client.get("/api/vacancies/", params)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "입력값을 확인해 주세요."


def test_vacancy_detail_public_but_drafts_hidden(client, employer, employer_member):
    published = f.VacancyFactory(employer=employer)
    draft = f.VacancyFactory(employer=employer, status=VacancyStatus.DRAFT)
    assert client.get(f"/api/vacancies/{published.pk}").json()["duties"]
    assert client.get(f"/api/vacancies/{draft.pk}").status_code == 404
    client.force_login(employer_member)
    assert client.get(f"/api/vacancies/{draft.pk}").status_code == 200
    assert client.get("/api/vacancies/999999").status_code == 404


# --- applications --------------------------------------------------------------------------


@pytest.fixture
def applied(seeker, vacancy):
    return do_apply(seeker=seeker, vacancy=vacancy, message="지원합니다")


EXPECTED_LIST = {
    "anonymous": (401, None),
    "seeker": (200, 1),
    "other_seeker": (200, 0),
    "employer_member": (200, 1),
    "other_employer_member": (200, 0),
    "counselor": (200, 1),
    "program_manager": (403, None),
    "official": (403, None),
    "admin_user": (200, 1),
}


@pytest.mark.parametrize("persona", list(EXPECTED_LIST))
def test_application_list_per_persona(client, request, applied, persona):
    response = as_user(client, request, persona).get("/api/applications/")
    status, count = EXPECTED_LIST[persona]
    assert response.status_code == status
    if count is not None:
        assert response.json()["count"] == count


EXPECTED_DETAIL = {
    "anonymous": 401,
    "seeker": 200,
    "other_seeker": 404,
    "employer_member": 200,
    "other_employer_member": 404,
    "counselor": 200,
    "program_manager": 403,
    "official": 403,
    "admin_user": 200,
}


@pytest.mark.parametrize("persona", list(EXPECTED_DETAIL))
def test_application_detail_per_persona(client, request, applied, persona):
    response = as_user(client, request, persona).get(f"/api/applications/{applied.pk}")
    assert response.status_code == EXPECTED_DETAIL[persona]


def test_employer_sees_masked_name_and_access_is_logged(client, applied, employer_member):
    client.force_login(employer_member)
    body = client.get(f"/api/applications/{applied.pk}").json()
    assert body["seeker"]["name"] == "홍*동"
    assert [h["to_state"] for h in body["history"]] == ["received"]
    assert AccessLog.objects.filter(actor=employer_member, subject_id=str(applied.seeker_id)).exists()


def test_seeker_applies_through_the_api_with_a_token(client, seeker, vacancy):
    _token, key = do_issue_api_token(user=seeker.user, name="test")
    response = client.post(
        "/api/applications/",
        {"vacancy_id": vacancy.pk, "message": "안녕하세요"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 201
    assert response.json()["status"] == "received"
    again = client.post(
        "/api/applications/",
        {"vacancy_id": vacancy.pk},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert again.status_code == 422 and "이미 지원한 공고" in again.json()["detail"]
    assert Application.objects.count() == 1


def test_the_apply_answer_is_the_application_as_read_back_and_reads_each_row_once(client, seeker, vacancy):
    from django.db import connection

    statements: list[str] = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    client.force_login(seeker.user)
    with connection.execute_wrapper(record):
        created = client.post(
            "/api/applications/", {"vacancy_id": vacancy.pk}, content_type="application/json"
        )
    assert created.status_code == 201
    read_back = client.get(f"/api/applications/{created.json()['id']}").json()
    assert created.json() == read_back
    # the vacancy with its company, region and occupation in one read, then the lock: no
    # column left out of OUT_COLUMNS is fetched on its own afterwards
    reads = [sql for sql in statements if sql.lstrip().upper().startswith("SELECT")]
    assert sum(' FROM "vacancies_vacancy"' in sql for sql in reads) == 2, reads
    assert not any(' FROM "employers_employer"' in sql for sql in reads), reads


@pytest.mark.parametrize("persona,status", [("anonymous", 401), ("employer_member", 403), ("counselor", 403)])
def test_only_seekers_apply_through_the_api(client, request, vacancy, persona, status):
    response = as_user(client, request, persona).post(
        "/api/applications/", {"vacancy_id": vacancy.pk}, content_type="application/json"
    )
    assert response.status_code == status
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    "payload", [{}, {"vacancy_id": "x"}, {"vacancy_id": 0}, {"vacancy_id": 1, "message": "가" * 2001}]
)
def test_bad_application_payload_is_a_422(client, seeker, payload):
    client.force_login(seeker.user)
    response = client.post("/api/applications/", payload, content_type="application/json")
    assert response.status_code == 422


def test_apply_to_unknown_or_draft_vacancy_is_404(client, seeker, employer):
    client.force_login(seeker.user)
    draft = f.VacancyFactory(employer=employer, status=VacancyStatus.DRAFT)
    for pk in (draft.pk, 987654):
        assert (
            client.post("/api/applications/", {"vacancy_id": pk}, content_type="application/json").status_code
            == 404
        )


def test_withdraw_only_own_and_only_once(client, applied, seeker, other_seeker, employer_member):
    client.force_login(employer_member)
    assert client.post(f"/api/applications/{applied.pk}/withdraw").status_code == 403
    client.force_login(other_seeker.user)
    assert client.post(f"/api/applications/{applied.pk}/withdraw").status_code == 404
    client.force_login(seeker.user)
    response = client.post(f"/api/applications/{applied.pk}/withdraw")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert client.post(f"/api/applications/{applied.pk}/withdraw").status_code == 422


def test_employer_moves_its_applicant_but_not_others(
    client, applied, employer_member, other_employer_member, seeker
):
    client.force_login(other_employer_member)
    assert (
        client.post(
            f"/api/applications/{applied.pk}/status", {"status": "screening"}, content_type="application/json"
        ).status_code
        == 404
    )
    client.force_login(seeker.user)
    assert (
        client.post(
            f"/api/applications/{applied.pk}/status", {"status": "screening"}, content_type="application/json"
        ).status_code
        == 403
    )
    client.force_login(employer_member)
    response = client.post(
        f"/api/applications/{applied.pk}/status", {"status": "screening"}, content_type="application/json"
    )
    assert response.status_code == 200
    illegal = client.post(
        f"/api/applications/{applied.pk}/status", {"status": "accepted"}, content_type="application/json"
    )
    assert illegal.status_code == 422
    assert Application.objects.get(pk=applied.pk).status == ApplicationStatus.SCREENING


def test_a_company_token_sees_its_own_draft_on_the_public_operation(employer, employer_member):
    from django.test import Client

    draft = f.VacancyFactory(employer=employer, status=VacancyStatus.DRAFT, title="작성중 용접공")
    _token, key = do_issue_api_token(user=employer_member, name="erp")
    url = f"/api/vacancies/{draft.pk}"
    assert Client().get(url).status_code == 404
    assert Client().get(url, HTTP_AUTHORIZATION="Bearer not-a-token").status_code == 404
    response = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert response.json()["title"] == "작성중 용접공"
