"""/api/employers through HTTP: each endpoint, each persona, problem bodies for bad input."""

import pytest

from iljari.accounts.models import Role
from iljari.audit.models import AccessLog
from iljari.employers.models import Employer, EmployerMember, EmployerStatus, MemberRole, ReferralRequest
from iljari.referrals.actions import do_create_referral
from iljari.referrals.models import Referral
from tests import factories as f

pytestmark = pytest.mark.django_db

STAFF = ["counselor", "other_team_counselor", "admin_user"]
NON_STAFF_OUTSIDERS = ["seeker", "other_employer_member", "program_manager", "official"]
ALL_PERSONAS = ["employer_member", *STAFF, *NON_STAFF_OUTSIDERS]

NEW_COMPANY = {
    "name": "(주)고잔정밀",
    "business_number": "220-81-62517",
    "region_code": "28200111",
    "address": "인천 남동구 고잔동 1",
    "root_sector": "mold",
    "employees": 28,
}


def as_user(client, user):
    client.force_login(getattr(user, "user", user))  # the seeker persona is a Seeker
    return client


@pytest.fixture
def pending_employer(employer_member):
    other = f.EmployerFactory(name="(주)승인대기", status=EmployerStatus.PENDING)
    EmployerMember.objects.create(user=employer_member, employer=other, role=MemberRole.OWNER)
    return other


# --- list --------------------------------------------------------------------------------------


def test_anonymous_visitor_gets_401_problem(client, employer):
    response = client.get("/api/employers/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "로그인이 필요합니다."


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_each_persona_lists_only_the_companies_it_may_see(
    client, request, persona, employer, pending_employer
):
    stranger_pending = f.EmployerFactory(name="(주)남의대기", status=EmployerStatus.PENDING)
    user = request.getfixturevalue(persona)
    response = as_user(client, user).get("/api/employers/")
    assert response.status_code == 200
    names = {item["name"] for item in response.json()["items"]}
    assert employer.name in names  # approved: public profile
    assert (pending_employer.name in names) == (persona in ["employer_member", *STAFF])
    assert (stranger_pending.name in names) == (persona in STAFF)


def test_list_filters_and_paginates(client, counselor, django_assert_max_num_queries):
    for n in range(5):
        f.EmployerFactory(name=f"(주)금형{n}", root_sector="mold")
    f.EmployerFactory(name="(주)용접하나", root_sector="welding", status=EmployerStatus.PENDING)
    c = as_user(client, counselor)
    with django_assert_max_num_queries(8):  # session, user, count, page: not one per company
        page = c.get("/api/employers/", {"root_sector": "mold", "limit": 2, "offset": 2}).json()
    assert page["total"] == 5
    assert [i["name"] for i in page["items"]] == ["(주)금형2", "(주)금형3"]
    pending = c.get("/api/employers/", {"status": "pending"}).json()
    assert [i["name"] for i in pending["items"]] == ["(주)용접하나"]
    assert c.get("/api/employers/", {"q": "용접하"}).json()["total"] == 1
    assert c.get("/api/employers/", {"region": "28200"}).json()["total"] == 6
    assert c.get("/api/employers/", {"region": "41"}).json()["total"] == 0


def test_bad_filter_values_give_422_problem(client, counselor):
    c = as_user(client, counselor)
    for params in ({"status": "maybe"}, {"limit": 0}, {"limit": "many"}, {"region": "남동"}, {"offset": -1}):
        response = c.get("/api/employers/", params)
        assert response.status_code == 422, params
        assert response["Content-Type"] == "application/problem+json"


def test_mine_lists_only_own_companies(client, employer_member, employer, pending_employer, other_employer):
    items = as_user(client, employer_member).get("/api/employers/", {"mine": "true"}).json()["items"]
    assert {i["name"] for i in items} == {employer.name, pending_employer.name}


# --- register ----------------------------------------------------------------------------------


def test_employer_user_registers_a_company_that_waits_for_approval(client):
    user = f.UserFactory(role=Role.EMPLOYER, username="hr_new")
    response = as_user(client, user).post("/api/employers/", NEW_COMPANY, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "pending" and body["status_label"] == "승인 대기"
    assert body["business_number"] == "220-81-62517"
    assert EmployerMember.objects.get(employer_id=body["id"]).user == user


@pytest.mark.parametrize("persona", ["seeker", "program_manager", "official"])
def test_non_employer_accounts_cannot_register_companies(client, request, persona):
    response = as_user(client, request.getfixturevalue(persona)).post(
        "/api/employers/", NEW_COMPANY, content_type="application/json"
    )
    assert response.status_code == 403
    assert not Employer.objects.filter(name="(주)고잔정밀").exists()


def test_staff_register_a_company_on_its_behalf_without_becoming_members(client, counselor):
    response = as_user(client, counselor).post(
        "/api/employers/", NEW_COMPANY, content_type="application/json"
    )
    assert response.status_code == 201
    assert not EmployerMember.objects.filter(employer_id=response.json()["id"]).exists()


def test_wrong_check_digit_gives_korean_field_error_and_saves_nothing(client):
    user = f.UserFactory(role=Role.EMPLOYER)
    response = as_user(client, user).post(
        "/api/employers/", {**NEW_COMPANY, "business_number": "220-81-62518"}, content_type="application/json"
    )
    assert response.status_code == 422
    body = response.json()
    assert body["errors"]["business_number"] == [
        "사업자등록번호가 올바르지 않습니다. 번호를 다시 확인해 주세요."
    ]
    assert not Employer.objects.exists()
    assert not EmployerMember.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"region_code": "99999999"}, "region_code"),
        ({"phone": "12"}, "phone"),
        ({"name": ""}, "name"),
        ({"employees": -3}, "employees"),
        ({"business_number": "12345"}, "business_number"),
    ],
)
def test_bad_company_fields_are_refused_per_field(client, change, field):
    user = f.UserFactory(role=Role.EMPLOYER)
    response = as_user(client, user).post(
        "/api/employers/", {**NEW_COMPANY, **change}, content_type="application/json"
    )
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not Employer.objects.exists()


def test_malformed_json_is_a_4xx_problem(client):
    user = f.UserFactory(role=Role.EMPLOYER)
    response = as_user(client, user).post("/api/employers/", "{not json", content_type="application/json")
    assert 400 <= response.status_code < 500
    assert not Employer.objects.exists()


# --- detail, update, decision ------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_pending_company_detail_is_hidden_from_outsiders(client, request, persona, pending_employer):
    response = as_user(client, request.getfixturevalue(persona)).get(f"/api/employers/{pending_employer.pk}")
    expected = 200 if persona in ["employer_member", *STAFF] else 404
    assert response.status_code == expected


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_only_members_and_staff_may_update_a_company(client, request, persona, employer, employer_member):
    response = as_user(client, request.getfixturevalue(persona)).patch(
        f"/api/employers/{employer.pk}",
        {"employees": 45, "business_number": "000-00-00000"},
        content_type="application/json",
    )
    allowed = persona in ["employer_member", "counselor", "other_team_counselor", "admin_user"]
    assert response.status_code == (200 if allowed else 403)
    employer.refresh_from_db()
    assert employer.employees == (45 if allowed else 30)
    assert employer.business_number != "000-00-00000"


def test_update_with_bad_phone_changes_nothing(client, employer_member, employer):
    response = as_user(client, employer_member).patch(
        f"/api/employers/{employer.pk}", {"phone": "abc", "employees": 99}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "phone" in response.json()["errors"]
    employer.refresh_from_db()
    assert employer.employees == 30


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_only_staff_decide_on_a_company(client, request, persona, pending_employer):
    response = as_user(client, request.getfixturevalue(persona)).post(
        f"/api/employers/{pending_employer.pk}/decision", {"approve": True}, content_type="application/json"
    )
    if persona in STAFF:
        assert response.status_code == 200
        assert response.json()["status"] == "approved"
    else:
        assert response.status_code == 403
        pending_employer.refresh_from_db()
        assert pending_employer.status == EmployerStatus.PENDING


def test_rejection_needs_a_reason(client, counselor, pending_employer):
    c = as_user(client, counselor)
    response = c.post(
        f"/api/employers/{pending_employer.pk}/decision", {"approve": False}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"]["reason"] == ["반려 사유를 입력해 주세요."]
    response = c.post(
        f"/api/employers/{pending_employer.pk}/decision",
        {"approve": False, "reason": "휴업 사업장"},
        content_type="application/json",
    )
    assert response.json()["status"] == "rejected"


# --- members and invitations -------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_member_list_is_for_members_and_staff(client, request, persona, employer, employer_member):
    response = as_user(client, request.getfixturevalue(persona)).get(f"/api/employers/{employer.pk}/members")
    if persona in ["employer_member", *STAFF]:
        assert response.status_code == 200
        assert [m["username"] for m in response.json()] == ["employer_a"]
    else:
        assert response.status_code == 403


def test_owner_invites_a_colleague(client, employer_member, employer):
    EmployerMember.objects.filter(user=employer_member).update(role=MemberRole.OWNER)
    response = as_user(client, employer_member).post(
        f"/api/employers/{employer.pk}/invitations",
        {"email": "Kim@Example.kr"},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["email"] == "kim@example.kr"
    assert "/employers/invitations/" in body["url"]


@pytest.mark.parametrize("persona", ["employer_member", "other_employer_member", "seeker", "counselor"])
def test_non_owners_cannot_invite(client, request, persona, employer, employer_member):
    response = as_user(client, request.getfixturevalue(persona)).post(
        f"/api/employers/{employer.pk}/invitations",
        {"email": "kim@example.kr"},
        content_type="application/json",
    )
    assert response.status_code == 403  # employer_member is a 채용 담당자, not the owner


def test_invitation_with_bad_email_is_422(client, employer_member, employer):
    EmployerMember.objects.filter(user=employer_member).update(role=MemberRole.OWNER)
    response = as_user(client, employer_member).post(
        f"/api/employers/{employer.pk}/invitations",
        {"email": "not-an-email"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"]["email"] == ["이메일 형식이 올바르지 않습니다."]


# --- referrals, candidates, referral requests --------------------------------------------------


@pytest.fixture
def referral(vacancy, seeker, counselor):
    """A referral the seeker accepted and the counselor forwarded (기업검토): the company sees it."""
    created = do_create_referral(seeker=seeker, vacancy=vacancy, counselor=counselor, note="성실한 분입니다.")
    Referral.objects.filter(pk=created.pk).update(status="employer_review")
    return created


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_referral_list_is_for_the_company_and_staff(client, request, persona, employer, referral):
    response = as_user(client, request.getfixturevalue(persona)).get(
        f"/api/employers/{employer.pk}/referrals"
    )
    if persona in ["employer_member", *STAFF]:
        assert response.status_code == 200
        assert response.json()["total"] == 1
    else:
        assert response.status_code == 403


def test_referred_candidate_contact_is_masked_until_consent(
    client, employer_member, employer, referral, seeker
):
    c = as_user(client, employer_member)
    candidate = c.get(f"/api/employers/{employer.pk}/referrals").json()["items"][0]["candidate"]
    assert candidate["display_name"] == "홍*동"
    assert candidate["phone"] == "010-****-5678"
    assert candidate["seeker_id"] is None
    assert candidate["contact_visible"] is False
    assert AccessLog.objects.filter(actor=employer_member, subject_id=str(seeker.pk)).exists()
    f.grant_share_consent(seeker.user)  # the general consent names no company: still masked
    candidate = c.get(f"/api/employers/{employer.pk}/referrals").json()["items"][0]["candidate"]
    assert candidate["phone"] == "010-****-5678" and candidate["display_name"] == "홍*동"
    f.grant_share_consent(seeker.user, employer)
    candidate = c.get(f"/api/employers/{employer.pk}/referrals").json()["items"][0]["candidate"]
    assert candidate["phone"] == "010-1234-5678"
    assert candidate["contact_visible"] is True


def test_applicant_is_fully_visible_to_the_company(
    client, employer_member, employer, referral, seeker, vacancy
):
    f.ApplicationFactory(seeker=seeker, vacancy=vacancy)
    candidate = (
        as_user(client, employer_member)
        .get(f"/api/employers/{employer.pk}/referrals")
        .json()["items"][0]["candidate"]
    )
    assert candidate["display_name"] == "홍길동"
    assert candidate["phone"] == "010-1234-5678"
    assert candidate["seeker_id"] == seeker.pk


def test_recommended_candidates_are_anonymised(client, employer_member, employer, vacancy):
    seeker = f.SeekerFactory(user__full_name="박용접")
    seeker.desired_occupations.add(vacancy.occupation)
    f.ExperienceFactory(seeker=seeker, years=12)
    f.QualificationHeldFactory(seeker=seeker)
    response = as_user(client, employer_member).get(
        f"/api/employers/{employer.pk}/vacancies/{vacancy.pk}/candidates"
    )
    assert response.status_code == 200
    [card] = [c for c in response.json() if c["display_name"] == "박*접"]
    assert card["seeker_id"] is None and card["identity_visible"] is False
    assert card["phone"] == "010-****-5678"
    assert card["age_band"].endswith("대") and card["district"] == "남동구"
    assert card["qualifications"] == ["용접기능사"]
    assert card["experience"] == "CO2 용접공 12년"
    assert card["reasons"] and all(isinstance(r, str) for r in card["reasons"])


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_candidates_endpoint_permissions(client, request, persona, employer, vacancy):
    response = as_user(client, request.getfixturevalue(persona)).get(
        f"/api/employers/{employer.pk}/vacancies/{vacancy.pk}/candidates"
    )
    assert response.status_code == (200 if persona in ["employer_member", *STAFF] else 403)


def test_candidates_of_another_companys_vacancy_are_404(client, employer_member, employer, other_employer):
    foreign = f.VacancyFactory(employer=other_employer)
    response = as_user(client, employer_member).get(
        f"/api/employers/{employer.pk}/vacancies/{foreign.pk}/candidates"
    )
    assert response.status_code == 404


def test_pending_company_gets_no_candidates(client, employer_member, pending_employer):
    vacancy = f.VacancyFactory(employer=pending_employer, status="draft")
    response = as_user(client, employer_member).get(
        f"/api/employers/{pending_employer.pk}/vacancies/{vacancy.pk}/candidates"
    )
    assert response.status_code == 403


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_only_members_request_referrals(client, request, persona, employer, vacancy):
    response = as_user(client, request.getfixturevalue(persona)).post(
        f"/api/employers/{employer.pk}/referral-requests",
        {"vacancy_id": vacancy.pk, "wanted": 2, "message": "야간 가능자"},
        content_type="application/json",
    )
    assert response.status_code == (201 if persona == "employer_member" else 403)
    assert ReferralRequest.objects.count() == (1 if persona == "employer_member" else 0)


def test_second_open_referral_request_is_refused(client, employer_member, employer, vacancy):
    c = as_user(client, employer_member)
    url = f"/api/employers/{employer.pk}/referral-requests"
    assert c.post(url, {"vacancy_id": vacancy.pk}, content_type="application/json").status_code == 201
    response = c.post(url, {"vacancy_id": vacancy.pk}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"]["vacancy"] == ["이 공고에 대한 알선 요청이 이미 접수되어 있습니다."]
    assert (
        c.post(url, {"vacancy_id": vacancy.pk, "wanted": 0}, content_type="application/json").status_code
        == 422
    )
    assert ReferralRequest.objects.count() == 1


def test_referral_request_for_another_companys_vacancy_is_refused(
    client, employer_member, employer, other_employer
):
    foreign = f.VacancyFactory(employer=other_employer)
    response = as_user(client, employer_member).post(
        f"/api/employers/{employer.pk}/referral-requests",
        {"vacancy_id": foreign.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "vacancy_id" in response.json()["errors"]
    assert not ReferralRequest.objects.exists()


def test_referral_list_queries_do_not_grow_with_rows(
    client, employer_member, employer, vacancy, counselor, django_assert_max_num_queries
):
    for _ in range(6):
        seeker = f.SeekerFactory()
        f.ExperienceFactory(seeker=seeker)
        made = do_create_referral(
            seeker=seeker, vacancy=f.VacancyFactory(employer=employer), counselor=counselor
        )
        Referral.objects.filter(pk=made.pk).update(status="interview")
    c = as_user(client, employer_member)
    with django_assert_max_num_queries(20):
        body = c.get(f"/api/employers/{employer.pk}/referrals", {"limit": 4}).json()
    assert body["total"] == 6 and len(body["items"]) == 4


GARBAGE = ["\x00", "가" * 5000, None, 12, -1, [], {"a": 1}, "'; drop table employers_employer; --"]


@pytest.mark.parametrize("value", GARBAGE)
def test_garbage_in_any_field_never_gives_a_500_or_a_half_saved_company(
    client, employer_member, employer, value
):
    c = as_user(client, employer_member)
    for field in ("name", "business_number", "region_code", "address", "phone", "employees", "description"):
        response = c.post("/api/employers/", {**NEW_COMPANY, field: value}, content_type="application/json")
        assert response.status_code < 500, (field, value)
        if response.status_code != 201:
            assert response["Content-Type"] == "application/problem+json"
        patch = c.patch(f"/api/employers/{employer.pk}", {field: value}, content_type="application/json")
        assert patch.status_code < 500, (field, value)
    for params in ({"q": value}, {"status": value}, {"region": value}):
        assert c.get("/api/employers/", params if value is not None else {}).status_code < 500
    referrals = c.get(
        f"/api/employers/{employer.pk}/referrals", {"status": value} if value is not None else {}
    )
    assert referrals.status_code < 500
    request = c.post(
        f"/api/employers/{employer.pk}/referral-requests",
        {"vacancy_id": value, "message": value},
        content_type="application/json",
    )
    assert request.status_code < 500
    assert Employer.objects.filter(name__startswith="(주)고잔").count() <= 1


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/employers/1"),
        ("patch", "/api/employers/1"),
        ("post", "/api/employers/"),
        ("post", "/api/employers/1/decision"),
        ("get", "/api/employers/1/members"),
        ("post", "/api/employers/1/invitations"),
        ("get", "/api/employers/1/referrals"),
        ("get", "/api/employers/1/vacancies/1/candidates"),
        ("post", "/api/employers/1/referral-requests"),
    ],
)
def test_every_endpoint_refuses_anonymous_callers(client, employer, method, path):
    response = getattr(client, method)(path, {}, content_type="application/json")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
