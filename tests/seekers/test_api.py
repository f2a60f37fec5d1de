import pytest

from iljari.accounts.actions import do_issue_api_token
from iljari.audit.models import AccessLog
from iljari.seekers.models import Seeker

pytestmark = pytest.mark.django_db

LIST_EXPECTED = {
    "anonymous": (401, None),
    "seeker": (200, {"seeker_a"}),
    "employer_member": (403, None),
    "counselor": (200, {"seeker_a", "seeker_b"}),
    "other_team_counselor": (200, {"seeker_a", "seeker_b"}),
    "program_manager": (403, None),
    "official": (403, None),
    "admin_user": (200, {"seeker_a", "seeker_b"}),
}


def login(client, request, persona):
    if persona != "anonymous":
        user = request.getfixturevalue(persona)
        client.force_login(getattr(user, "user", user))


@pytest.mark.parametrize("persona", list(LIST_EXPECTED))
def test_seeker_list_per_persona(
    client, request, seeker, other_seeker, persona, django_assert_max_num_queries
):
    login(client, request, persona)
    with django_assert_max_num_queries(16):
        response = client.get("/api/seekers/")
    status, usernames = LIST_EXPECTED[persona]
    assert response.status_code == status
    if usernames is not None:
        assert {s["username"] for s in response.json()["results"]} == usernames
    else:
        assert response["Content-Type"] == "application/problem+json"


DETAIL_EXPECTED = {
    "anonymous": 401,
    "seeker": 200,
    "other_seeker": 404,
    "employer_member": 404,
    "counselor": 200,
    "program_manager": 404,
    "official": 404,
    "admin_user": 200,
}


@pytest.mark.parametrize("persona", list(DETAIL_EXPECTED))
def test_seeker_detail_per_persona(client, request, seeker, persona):
    login(client, request, persona)
    response = client.get(f"/api/seekers/{seeker.pk}")
    assert response.status_code == DETAIL_EXPECTED[persona]
    if response.status_code == 200:
        assert response.json()["name"] == "홍길동"


def test_staff_access_is_logged(client, seeker, counselor):
    client.force_login(counselor)
    client.get(f"/api/seekers/{seeker.pk}")
    assert AccessLog.objects.filter(actor=counselor, subject_id=str(seeker.pk), action="view").exists()


def test_me_endpoint_with_a_bearer_token(client, seeker):
    _token, key = do_issue_api_token(user=seeker.user, name="app")
    response = client.get("/api/seekers/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200 and response.json()["id"] == seeker.pk
    assert client.get("/api/seekers/me", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


PATCH_EXPECTED = {
    "anonymous": 401,
    "seeker": 200,
    "other_seeker": 404,
    "employer_member": 404,
    "counselor": 200,
    "official": 404,
}


@pytest.mark.parametrize("persona", list(PATCH_EXPECTED))
def test_patch_preferences_per_persona(client, request, seeker, persona):
    login(client, request, persona)
    response = client.patch(
        f"/api/seekers/{seeker.pk}",
        {
            "desired_monthly_wage": 3_300_000,
            "shift_preferences": ["day", "night"],
            "desired_occupations": ["8241"],
        },
        content_type="application/json",
    )
    assert response.status_code == PATCH_EXPECTED[persona]
    seeker.refresh_from_db()
    changed = seeker.desired_monthly_wage == 3_300_000
    assert changed is (response.status_code == 200)
    if changed:
        assert response.json()["desired_occupations"] == ["8241"]


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"desired_monthly_wage": -5}, "desired_monthly_wage"),
        ({"shift_preferences": ["weekend"]}, "shift_preferences"),
        ({"max_commute_minutes": 500}, "max_commute_minutes"),
        ({"desired_occupations": ["0000"]}, "desired_occupations"),
        ({"desired_regions": ["99999"]}, "desired_regions"),
        ({"summary": "가" * 2001}, "summary"),
    ],
)
def test_bad_patch_is_a_422_with_field_errors_and_nothing_saved(client, seeker, payload, field):
    client.force_login(seeker.user)
    before = Seeker.objects.get(pk=seeker.pk).desired_monthly_wage
    response = client.patch(
        f"/api/seekers/{seeker.pk}",
        {**payload, "desired_monthly_wage": payload.get("desired_monthly_wage", 4_000_000)},
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["title"] == "입력값을 확인해 주세요."
    assert field in body["errors"], body["errors"]
    assert all(message and not message.isascii() for message in body["errors"][field])  # Korean
    assert Seeker.objects.get(pk=seeker.pk).desired_monthly_wage == before


def test_openapi_lists_the_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in [
        "/api/vacancies/",
        "/api/vacancies/{vacancy_id}",
        "/api/applications/",
        "/api/seekers/",
        "/api/seekers/{seeker_id}",
    ]:
        assert path in paths
