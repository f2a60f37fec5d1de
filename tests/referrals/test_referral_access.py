"""Pages and API of referrals, persona by persona."""

import html

import pytest

from iljari.accounts.models import ConsentPurpose, ConsentRecord
from iljari.audit.models import AccessLog
from iljari.referrals.models import Interview
from tests import factories as f
from tests.factories import accompanied, referral_at, tomorrow_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(seeker, vacancy, counselor):
    return referral_at("employer_review", seeker=seeker, vacancy=vacancy, counselor=counselor)


@pytest.fixture
def other_referral(other_seeker, other_employer, other_team_counselor):
    vacancy = f.VacancyFactory(employer=other_employer)
    return referral_at(
        "employer_review", seeker=other_seeker, vacancy=vacancy, counselor=other_team_counselor
    )


def test_counselor_sees_own_and_team_referrals_not_other_teams(
    client_for, counselor, team, referral, other_referral
):
    teammate = f.UserFactory(username="counselor_c", role="counselor", team=team)
    client = client_for(teammate)
    page = client.get("/referrals/")
    assert page.status_code == 200
    assert f"/referrals/{referral.pk}/" in page.text
    assert f"/referrals/{other_referral.pk}/" not in page.text
    assert client.get(f"/referrals/{referral.pk}/").status_code == 200
    assert client.get(f"/referrals/{other_referral.pk}/").status_code == 404


def test_employer_sees_only_referrals_to_its_vacancies_after_consent(
    client_for, employer_member, referral, other_referral, seeker, vacancy, other_seeker, counselor
):
    proposed = referral_at("proposed", seeker=f.SeekerFactory(), vacancy=vacancy, counselor=counselor)
    client = client_for(employer_member)
    page = client.get("/referrals/")
    assert f"/referrals/{referral.pk}/" in page.text
    assert f"/referrals/{other_referral.pk}/" not in page.text
    assert f"/referrals/{proposed.pk}/" not in page.text  # the seeker has not agreed yet
    detail = client.get(f"/referrals/{referral.pk}/")
    assert detail.status_code == 200
    assert "홍*동" in detail.text and "홍길동" not in detail.text  # no sharing consent → masked
    assert "010-****-5678" in detail.text
    assert client.get(f"/referrals/{other_referral.pk}/").status_code == 404
    api = client.get("/api/referrals").json()
    assert [r["id"] for r in api["results"]] == [referral.pk]
    assert AccessLog.objects.filter(actor=employer_member, subject_id=str(seeker.pk)).exists()


def test_employer_sees_name_only_under_the_consent_naming_it(client_for, employer_member, referral, seeker):
    text = f.ConsentTextFactory(purpose=ConsentPurpose.SHARE_WITH_EMPLOYERS, title="제공", body="-")
    general = ConsentRecord.objects.create(user=seeker.user, text=text, granted=True)
    c = client_for(employer_member)
    page = c.get(f"/referrals/{referral.pk}/").text
    assert "홍길동" not in page and "010-1234-5678" not in page
    api = c.get(f"/api/referrals/{referral.pk}").json()
    assert api["seeker"]["name"] != "홍길동"
    general.employer = referral.vacancy.employer
    general.save()
    page = c.get(f"/referrals/{referral.pk}/").text
    assert "홍길동" in page and "010-1234-5678" in page
    assert c.get(f"/api/referrals/{referral.pk}").json()["seeker"]["name"] == "홍길동"


def test_seeker_sees_own_referral_and_can_only_accept_or_decline(
    client_for, seeker, vacancy, counselor, other_referral
):
    referral = referral_at("proposed", seeker=seeker, vacancy=vacancy, counselor=counselor)
    client = client_for(seeker.user)
    assert client.get(f"/referrals/{other_referral.pk}/").status_code == 404
    response = client.post(f"/referrals/{referral.pk}/move/", {"to_status": "seeker_accepted"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "seeker_accepted"
    # forwarding to the company is the counselor's step, not the seeker's
    response = client.post(
        f"/api/referrals/{referral.pk}/transitions",
        {"to_status": "employer_review"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_illegal_transition_is_refused_with_a_clear_message(client_for, counselor, referral):
    client = client_for(counselor)
    page = client.post(f"/referrals/{referral.pk}/move/", {"to_status": "hired"})
    assert page.status_code == 400
    assert "'기업검토' 상태에서 '채용' 상태로 바꿀 수 없습니다." in html.unescape(page.text)
    api = client.post(
        f"/api/referrals/{referral.pk}/transitions",
        {"to_status": "proposed"},
        content_type="application/json",
    )
    assert api.status_code == 422
    assert api["Content-Type"] == "application/problem+json"
    assert "바꿀 수 없습니다" in api.json()["detail"]


def test_outsiders_get_nothing(client, client_for, official, referral):
    assert client.get("/referrals/").status_code == 302  # to login
    assert client.get("/api/referrals").status_code == 401
    official_client = client_for(official)
    assert official_client.get(f"/referrals/{referral.pk}/").status_code == 404
    assert official_client.get("/api/referrals").json()["count"] == 0


def test_interview_form_errors_are_korean_and_nothing_is_saved(client_for, counselor, referral):
    page = client_for(counselor).post(
        f"/referrals/{referral.pk}/interviews/",
        {"kind": "accompanied", "starts_at": "", "duration_minutes": 60, "place": ""},
    )
    assert page.status_code == 400
    assert "필수 항목입니다" in page.text or "입력해 주세요" in page.text
    assert not Interview.objects.exists()


def test_api_schedules_accompanied_interview_and_exports_ics(client_for, counselor, referral):
    client = client_for(counselor)
    response = client.post(
        f"/api/referrals/{referral.pk}/interviews",
        {
            "starts_at": tomorrow_at(14).isoformat(),
            "place": "본사 회의실",
            "kind": "accompanied",
            "transport_note": "통근버스 B노선",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["counselor"] == "김상담" and body["kind"] == "accompanied"
    ics = client.get(f"/api/referrals/interviews/{body['id']}.ics")
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in ics.content
    assert client.get(f"/referrals/interviews/{body['id']}/calendar.ics").status_code == 200


def test_api_hire_creates_placement_with_follow_ups_and_employer_cannot_see_others(
    client_for, counselor, referral, other_employer_member
):
    accompanied(referral, counselor)
    client = client_for(counselor)
    response = client.post(
        f"/api/referrals/{referral.pk}/hire",
        {"hire_date": "2026-03-02", "monthly_wage": 3000000},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert [fu["month"] for fu in response.json()["follow_ups"]] == [1, 3, 6, 12]
    client.force_login(other_employer_member)
    assert (
        client.post(
            f"/api/referrals/{referral.pk}/hire",
            {"hire_date": "2026-03-02", "monthly_wage": 1},
            content_type="application/json",
        ).status_code
        == 404
    )


def test_bad_api_input_gives_problem_json_not_500(client_for, counselor, referral):
    client = client_for(counselor)
    response = client.post(
        f"/api/referrals/{referral.pk}/hire",
        {"hire_date": "어제", "monthly_wage": -1},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "errors" in response.json()


def test_referral_list_has_no_n_plus_one(client_for, counselor, vacancy, django_assert_max_num_queries):
    for _ in range(12):
        referral_at("employer_review", seeker=f.SeekerFactory(), vacancy=vacancy, counselor=counselor)
    client = client_for(counselor)
    with django_assert_max_num_queries(14):
        assert client.get("/referrals/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get("/api/referrals").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/referrals?offset=-5&limit=-1",
        "/api/referrals?vacancy_id=99999999999999999999",
        "/api/referrals/placements?offset=-1",
        "/api/referrals/retention?by=planet",
        "/api/cases?offset=-3&stage=%00",
        "/api/support/suggestions?year=755837",
        "/api/support/visits?year=-1",
        "/api/support/statistics?year=99999",
        "/api/notifications/deliveries?offset=-9",
        "/api/referrals/99999999999999999999",
        "/api/referrals?status=%00",
        "/api/support/suggestions?status=%00x",
        "/api/support/consulting?status=%00",
        "/api/notifications/deliveries?status=%00",
    ],
)
def test_api_answers_hostile_query_parameters_without_a_server_error(client_for, counselor, path):
    response = client_for(counselor).get(path)
    assert response.status_code < 500, (path, response.status_code)
