"""The counselor console: work queues, approvals, bulk actions, seeker view, 알선, search."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from iljari.audit.models import AccessLog
from iljari.console.models import SeekerContact
from iljari.core.models import TransitionLog
from iljari.employers.models import Employer, EmployerStatus, ReferralRequest
from iljari.referrals.models import Referral
from iljari.seekers.models import Seeker
from iljari.taxonomy.models import Region
from iljari.vacancies.models import Vacancy, VacancyStatus
from tests import factories as f

pytestmark = pytest.mark.django_db

NOT_COUNSELORS = ["seeker", "employer_member", "program_manager", "official"]


def login(client, user):
    client.force_login(getattr(user, "user", user))
    return client


@pytest.fixture
def pending_employer(db):
    return f.EmployerFactory(name="(주)대기정밀", status=EmployerStatus.PENDING)


@pytest.fixture
def pending_vacancy(employer):
    return f.VacancyFactory(
        employer=employer, title="열처리 기능공 모집", status=VacancyStatus.PENDING, published_at=None
    )


# --- access -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", NOT_COUNSELORS)
def test_console_is_closed_to_everyone_but_job_center_staff(client, request, persona, seeker):
    c = login(client, request.getfixturevalue(persona))
    for url in (
        "/counselor/",
        f"/counselor/seekers/{seeker.pk}/",
        "/counselor/search/?q=홍길동",
        "/counselor/queues/seekers/",
    ):
        assert c.get(url).status_code == 403, url
    assert c.post(f"/counselor/seekers/{seeker.pk}/refer/", {"vacancy": 1}).status_code == 403
    assert c.post("/counselor/bulk/", {"action": "mark_contacted", "ids": [seeker.pk]}).status_code == 403
    assert not SeekerContact.objects.exists()


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/counselor/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["counselor", "other_team_counselor", "admin_user"])
def test_staff_open_the_work_queues(client, request, persona):
    assert login(client, request.getfixturevalue(persona)).get("/counselor/").status_code == 200


# --- work queues ------------------------------------------------------------------------------


def test_home_shows_every_queue_with_counts(
    client, counselor, pending_employer, pending_vacancy, seeker, vacancy, django_assert_max_num_queries
):
    f.ReferralRequestFactory(vacancy=vacancy)
    Referral.objects.create(seeker=seeker, vacancy=vacancy, counselor=counselor)
    for _ in range(5):
        f.SeekerFactory()
    c = login(client, counselor)
    with django_assert_max_num_queries(30):
        response = c.get("/counselor/")
    counts = {q["key"]: q["count"] for q in response.context["queues"]}
    assert counts == {"employers": 1, "vacancies": 1, "seekers": 6, "requests": 1, "referrals": 1}
    html = response.content.decode()
    assert "(주)대기정밀" in html and "열처리 기능공 모집" in html and "홍길동" in html


def test_new_seeker_queue_skips_contacted_and_old_registrations(client, counselor, seeker, other_seeker):
    SeekerContact.objects.create(seeker=other_seeker, counselor=counselor)
    old = f.SeekerFactory()
    Seeker.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=60))
    response = login(client, counselor).get("/counselor/queues/seekers/")
    assert [s.pk for s in response.context["items"]] == [seeker.pk]


def test_queue_page_paginates_without_n_plus_one(client, counselor, employer, django_assert_max_num_queries):
    for n in range(30):
        f.VacancyFactory(
            employer=employer, title=f"대기 공고 {n}", status=VacancyStatus.PENDING, published_at=None
        )
    c = login(client, counselor)
    with django_assert_max_num_queries(10):
        response = c.get("/counselor/queues/vacancies/")
    assert len(response.context["items"]) == 25
    assert len(c.get("/counselor/queues/vacancies/", {"page": 2}).context["items"]) == 5
    assert c.get("/counselor/queues/unknown/").status_code == 404


# --- approvals --------------------------------------------------------------------------------


def test_counselor_approves_a_company_with_a_logged_transition(client, counselor, pending_employer):
    response = login(client, counselor).post(
        f"/counselor/employers/{pending_employer.pk}/", {"decision": "approve"}
    )
    assert response.status_code == 302
    pending_employer.refresh_from_db()
    assert pending_employer.status == EmployerStatus.APPROVED
    log = TransitionLog.objects.get(object_id=pending_employer.pk, to_state="approved")
    assert log.actor == counselor


def test_rejecting_a_company_needs_a_reason(client, counselor, pending_employer):
    c = login(client, counselor)
    response = c.post(f"/counselor/employers/{pending_employer.pk}/", {"decision": "reject", "reason": " "})
    assert response.context["form"].errors["reason"] == ["반려 사유를 입력해 주세요."]
    assert Employer.objects.get(pk=pending_employer.pk).status == EmployerStatus.PENDING
    response = c.post(f"/counselor/employers/{pending_employer.pk}/", {"decision": "maybe"})
    assert response.context["form"].errors["decision"] == ["목록에 있는 값을 선택해 주세요."]


def test_counselor_publishes_a_pending_vacancy(client, counselor, pending_vacancy):
    login(client, counselor).post(f"/counselor/vacancies/{pending_vacancy.pk}/", {"decision": "publish"})
    pending_vacancy.refresh_from_db()
    assert pending_vacancy.status == VacancyStatus.PUBLISHED and pending_vacancy.published_at is not None


def test_vacancy_of_unapproved_company_cannot_be_published(client, counselor, pending_employer):
    vacancy = f.VacancyFactory(employer=pending_employer, status=VacancyStatus.PENDING, published_at=None)
    response = login(client, counselor).post(f"/counselor/vacancies/{vacancy.pk}/", {"decision": "publish"})
    assert "승인되지 않은 기업의 공고는 게시할 수 없습니다." in response.content.decode()
    assert Vacancy.objects.get(pk=vacancy.pk).status == VacancyStatus.PENDING


def test_returning_a_vacancy_needs_a_reason_and_goes_back_to_draft(client, counselor, pending_vacancy):
    c = login(client, counselor)
    response = c.post(f"/counselor/vacancies/{pending_vacancy.pk}/", {"decision": "return"})
    assert response.context["form"].errors["reason"] == ["보완 요청 사유를 입력해 주세요."]
    c.post(
        f"/counselor/vacancies/{pending_vacancy.pk}/",
        {"decision": "return", "reason": "임금을 확인해 주세요"},
    )
    pending_vacancy.refresh_from_db()
    assert pending_vacancy.status == VacancyStatus.DRAFT
    assert (
        TransitionLog.objects.get(object_id=pending_vacancy.pk, to_state="draft").reason
        == "임금을 확인해 주세요"
    )


# --- bulk actions -----------------------------------------------------------------------------


def test_bulk_publish_reports_the_vacancy_that_could_not_go_out(
    client, counselor, employer, pending_employer
):
    ok = [
        f.VacancyFactory(employer=employer, status=VacancyStatus.PENDING, published_at=None) for _ in range(3)
    ]
    blocked = f.VacancyFactory(
        employer=pending_employer, title="미승인 기업 공고", status=VacancyStatus.PENDING
    )
    response = login(client, counselor).post(
        "/counselor/bulk/",
        {"action": "publish_vacancies", "ids": [v.pk for v in [*ok, blocked]]},
        follow=True,
    )
    html = response.content.decode()
    assert "공고 3건을 처리했습니다." in html
    assert "미승인 기업 공고: 승인되지 않은 기업의 공고는 게시할 수 없습니다." in html
    assert Vacancy.objects.filter(status=VacancyStatus.PUBLISHED).count() == 3
    assert Vacancy.objects.get(pk=blocked.pk).status == VacancyStatus.PENDING


def test_bulk_approve_companies_and_mark_seekers_contacted(
    client, counselor, pending_employer, seeker, other_seeker
):
    c = login(client, counselor)
    c.post("/counselor/bulk/", {"action": "approve_employers", "ids": [pending_employer.pk]})
    assert Employer.objects.get(pk=pending_employer.pk).status == EmployerStatus.APPROVED
    c.post("/counselor/bulk/", {"action": "mark_contacted", "ids": [seeker.pk, other_seeker.pk]})
    assert set(SeekerContact.objects.values_list("seeker_id", flat=True)) == {seeker.pk, other_seeker.pk}
    assert c.get("/counselor/").context["queues"][2]["count"] == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "mark_contacted"}, "처리할 항목을 하나 이상 선택해 주세요."),
        ({"action": "mark_contacted", "ids": ["x"]}, "선택한 항목이 올바르지 않습니다."),
        ({"action": "delete_everything", "ids": ["1"]}, "목록에 있는 값을 선택해 주세요."),
    ],
)
def test_bad_bulk_requests_get_korean_messages_and_change_nothing(client, counselor, seeker, data, message):
    response = login(client, counselor).post("/counselor/bulk/", data, follow=True)
    assert message in response.content.decode()
    assert not SeekerContact.objects.exists()


def test_bulk_redirect_ignores_foreign_next_urls(client, counselor, seeker):
    response = login(client, counselor).post(
        "/counselor/bulk/", {"action": "mark_contacted", "ids": [seeker.pk], "next": "https://evil.example/"}
    )
    assert response["Location"] == "/counselor/"


# --- seeker view and 알선 -----------------------------------------------------------------------


def test_seeker_view_shows_full_data_and_writes_the_access_log(client, counselor, seeker):
    f.ExperienceFactory(seeker=seeker)
    response = login(client, counselor).get(f"/counselor/seekers/{seeker.pk}/")
    html = response.content.decode()
    assert "010-1234-5678" in html and "CO2 용접공" in html
    row = AccessLog.objects.get(actor=counselor, subject_type="seeker", subject_id=str(seeker.pk))
    assert row.action == "view" and "연락처" in row.fields


def test_seeker_view_shows_the_wishes_the_recommendations_keep(client, counselor, seeker):
    seeker.shift_preferences = ["day"]
    seeker.save()
    seeker.desired_regions.set(Region.objects.filter(code__in=["28200", "28185"]))
    html = login(client, counselor).get(f"/counselor/seekers/{seeker.pk}/").content.decode()
    assert re.search(r"희망 지역</th><td>(남동구, 연수구|연수구, 남동구)</td>", html)
    assert re.search(r"희망 근무형태</th><td>주간</td>", html)
    seeker.desired_regions.clear()
    html = login(client, counselor).get(f"/counselor/seekers/{seeker.pk}/").content.decode()
    assert "희망 지역</th><td>상관없음</td>" in html


def test_seeker_view_lists_recommended_vacancies(client, counselor, seeker, vacancy):
    seeker.desired_occupations.add(vacancy.occupation)
    response = login(client, counselor).get(f"/counselor/seekers/{seeker.pk}/")
    assert vacancy in [r.vacancy for r in response.context["recommendations"]]


def test_counselor_refers_a_seeker_and_the_employer_sees_it(
    client, counselor, seeker, vacancy, employer_member
):
    c = login(client, counselor)
    response = c.post(
        f"/counselor/seekers/{seeker.pk}/refer/", {"vacancy": vacancy.pk, "note": "용접 5년"}, follow=True
    )
    assert 'id="confirm-step"' in response.content.decode() and not Referral.objects.exists()
    response = c.post(
        f"/counselor/seekers/{seeker.pk}/refer/",
        {"vacancy": vacancy.pk, "note": "용접 5년", "confirm": "yes"},
        follow=True,
    )
    assert "알선했습니다" in response.content.decode()
    referral = Referral.objects.get(seeker=seeker, vacancy=vacancy)
    assert referral.counselor == counselor and referral.note == "용접 5년"
    c.logout()
    html = login(client, employer_member).get("/employers/referrals/").content.decode()
    assert "홍*동" not in html  # not before the seeker accepts (issue 15 #3)
    Referral.objects.filter(pk=referral.pk).update(status="employer_review")
    html = client.get("/employers/referrals/").content.decode()
    assert "홍*동" in html and "용접 5년" not in html  # the counselor's note stays with staff


@pytest.mark.parametrize(
    ("vacancy_value", "message"),
    [("", "필수 입력 항목입니다."), ("abc", "숫자로 입력해 주세요."), ("999999", "찾을 수 없습니다")],
)
def test_bad_referral_input_is_refused_in_korean(client, counselor, seeker, vacancy_value, message):
    response = login(client, counselor).post(
        f"/counselor/seekers/{seeker.pk}/refer/", {"vacancy": vacancy_value}, follow=True
    )
    assert message in response.content.decode()
    assert not Referral.objects.exists()


def test_referral_to_closed_vacancy_or_twice_is_refused(client, counselor, seeker, vacancy):
    c = login(client, counselor)
    closed = f.VacancyFactory(status=VacancyStatus.CLOSED)
    url = f"/counselor/seekers/{seeker.pk}/refer/"
    response = c.post(url, {"vacancy": closed.pk, "confirm": "yes"}, follow=True)
    assert "마감되었거나 게시되지 않은 공고에는 알선할 수 없습니다." in response.content.decode()
    c.post(url, {"vacancy": vacancy.pk, "confirm": "yes"})
    response = c.post(url, {"vacancy": vacancy.pk, "confirm": "yes"}, follow=True)
    assert "이미 진행 중인 알선이 있습니다." in response.content.decode()
    assert Referral.objects.count() == 1


def test_counselor_answers_an_employer_referral_request(client, counselor, vacancy):
    referral_request = f.ReferralRequestFactory(vacancy=vacancy)
    c = login(client, counselor)
    response = c.post(f"/counselor/referral-requests/{referral_request.pk}/", {"answer": ""})
    assert "답변 내용을 입력해 주세요." in response.content.decode()
    c.post(f"/counselor/referral-requests/{referral_request.pk}/", {"answer": "2명 알선했습니다."})
    referral_request.refresh_from_db()
    assert referral_request.status == "answered" and referral_request.answered_by == counselor
    assert ReferralRequest.objects.filter(status="open").count() == 0


# --- search -----------------------------------------------------------------------------------


def test_counselor_finds_seekers_by_name_or_phone_and_each_hit_is_logged(
    client, counselor, seeker, other_seeker
):
    c = login(client, counselor)
    response = c.get("/counselor/search/", {"q": "홍길"})
    assert [s.pk for s in response.context["results"]] == [seeker.pk]
    rows = AccessLog.objects.filter(action="search", actor=counselor)
    assert [r.subject_id for r in rows] == [str(seeker.pk)]
    assert "홍길" not in rows[0].purpose  # the search term itself is masked in the log
    response = c.get("/counselor/search/", {"q": "01012345678"})
    assert {s.pk for s in response.context["results"]} == {seeker.pk, other_seeker.pk}
    assert AccessLog.objects.filter(action="search").count() == 3


def test_search_with_no_hit_is_logged_too(client, counselor):
    login(client, counselor).get("/counselor/search/", {"q": "없는사람"})
    row = AccessLog.objects.get(action="search")
    assert row.count == 0


def test_too_short_search_is_refused_and_not_run(client, counselor, seeker):
    response = login(client, counselor).get("/counselor/search/", {"q": "홍"})
    assert response.context["form"].errors["q"] == ["두 글자 이상 입력해 주세요."]
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("persona", ["program_manager", "official", "employer_member", "seeker"])
def test_search_is_for_counselors_only(client, request, persona, seeker):
    response = login(client, request.getfixturevalue(persona)).get("/counselor/search/", {"q": "홍길동"})
    assert response.status_code == 403
    assert not AccessLog.objects.exists()


def test_nul_characters_get_korean_messages_not_database_errors(client, counselor, seeker):
    c = login(client, counselor)
    response = c.get("/counselor/search/", {"q": "홍길\x00동"})
    assert response.context["form"].errors["q"] == ["입력할 수 없는 문자(NUL)가 들어 있습니다."]
    response = c.post(f"/counselor/seekers/{seeker.pk}/refer/", {"vacancy": "1", "note": "\x00"}, follow=True)
    assert response.status_code == 200
    assert client.get("/employers/invitations/%00abc/").status_code == 410
