"""The employer portal pages: registration, members, vacancies, applicants, 추천 인재, referrals."""

import datetime as dt

import pytest
from django.utils import timezone

from iljari.accounts.models import Role, User
from iljari.audit.models import AccessLog
from iljari.core.models import TransitionLog
from iljari.employers.models import (
    Employer,
    EmployerMember,
    EmployerStatus,
    Invitation,
    MemberRole,
    ReferralRequest,
)
from iljari.referrals.actions import do_create_referral
from iljari.referrals.models import Referral
from iljari.vacancies.models import Application, Vacancy, VacancyStatus
from tests import factories as f

pytestmark = pytest.mark.django_db

# --- registration ------------------------------------------------------------------------------


def test_new_hr_contact_signs_up_and_registers_the_company_in_one_form(client):
    response = client.post("/employers/register/", f.EMPLOYER_SIGNUP)
    assert response.status_code == 302 and response["Location"] == "/employers/"
    user = User.objects.get(username="hr_kim")
    assert user.role == Role.EMPLOYER and user.phone == "010-2222-3333"
    employer = Employer.objects.get(business_number="220-81-62517")
    assert employer.status == EmployerStatus.PENDING and employer.commuter_bus
    assert EmployerMember.objects.get(employer=employer).role == MemberRole.OWNER
    page = client.get("/employers/").content.decode()  # signed in already
    assert "(주)고잔정밀" in page and "승인 대기" in page


def test_wrong_business_number_shows_korean_field_error_and_saves_nothing(client):
    response = client.post("/employers/register/", {**f.EMPLOYER_SIGNUP, "business_number": "220-81-62518"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["business_number"] == [
        "사업자등록번호가 올바르지 않습니다. 번호를 다시 확인해 주세요."
    ]
    assert not User.objects.filter(username="hr_kim").exists()
    assert not Employer.objects.exists()


def test_every_missing_field_gets_a_korean_message(client):
    response = client.post("/employers/register/", {})
    errors = response.context["form"].errors
    for field in (
        "username",
        "password",
        "full_name",
        "email",
        "name",
        "business_number",
        "region_code",
        "address",
    ):
        assert errors[field] == ["필수 입력 항목입니다."], field
    assert errors["agree"] == ["동의해야 가입할 수 있습니다."]
    assert "입력 내용을 확인해 주세요." in response.content.decode()


def test_duplicate_username_and_mismatched_passwords_are_reported(client):
    f.UserFactory(username="hr_kim")
    response = client.post("/employers/register/", {**f.EMPLOYER_SIGNUP, "password2": "different-2026!"})
    assert response.context["form"].errors["password2"] == ["비밀번호가 서로 다릅니다."]
    response = client.post("/employers/register/", f.EMPLOYER_SIGNUP)
    assert response.context["form"].errors["username"] == [
        "이 아이디는 사용할 수 없습니다. 다른 아이디를 입력해 주세요."
    ]
    assert not Employer.objects.exists()


def test_duplicate_business_number_does_not_leave_a_new_account(client):
    f.EmployerFactory(business_number="220-81-62517")
    response = client.post("/employers/register/", f.EMPLOYER_SIGNUP)
    assert response.context["form"].errors["business_number"] == ["이미 등록된 사업자등록번호입니다."]
    assert not User.objects.filter(username="hr_kim").exists()


def test_signed_in_employer_registers_another_company(client_for, employer_member):
    data = {
        k: v
        for k, v in f.EMPLOYER_SIGNUP.items()
        if k in ("name", "business_number", "root_sector", "region_code", "address")
    }
    response = client_for(employer_member).post("/employers/register/", {**data, "employees": "3"})
    assert response.status_code == 302
    assert Employer.objects.get(business_number="220-81-62517").members.get().user == employer_member


@pytest.mark.parametrize("persona", ["seeker", "counselor", "official"])
def test_non_employer_accounts_cannot_open_registration(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))
    assert client.get("/employers/register/").status_code == 403


# --- dashboard and access ----------------------------------------------------------------------


def test_dashboard_lists_own_vacancies_with_applicant_counts(
    client_for, employer_member, employer, django_assert_max_num_queries
):
    vacancies = [f.VacancyFactory(employer=employer) for _ in range(4)]
    for v in vacancies:
        f.ApplicationFactory(vacancy=v)
    f.VacancyFactory(title="남의 공고")
    c = client_for(employer_member)
    with django_assert_max_num_queries(10):
        response = c.get("/employers/")
    html = response.content.decode()
    assert all(v.title in html for v in vacancies)
    assert "남의 공고" not in html
    assert response.context["counts"]["new_applicants"] == 4


@pytest.mark.parametrize("persona", ["seeker", "counselor", "program_manager", "official"])
def test_dashboard_is_for_employer_accounts(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))
    assert client.get("/employers/").status_code == 403


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/employers/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_companys_vacancy_pages_are_404(client_for, other_employer_member, vacancy):
    c = client_for(other_employer_member)
    for suffix in ("", "edit/", "preview/", "close/", "candidates/"):
        assert c.get(f"/employers/vacancies/{vacancy.pk}/{suffix}").status_code == 404, suffix
    assert c.post(f"/employers/vacancies/{vacancy.pk}/submit/").status_code == 404


# --- vacancies ---------------------------------------------------------------------------------


def test_employer_posts_a_vacancy_for_approval(client_for, employer_member, employer):
    q = f.qualification()
    response = client_for(employer_member).post(
        "/employers/vacancies/new/", f.vacancy_post(submit="1", required_qualifications=[q.pk])
    )
    vacancy = Vacancy.objects.get(employer=employer)
    assert response.status_code == 302 and response["Location"] == f"/employers/vacancies/{vacancy.pk}/"
    assert vacancy.status == VacancyStatus.PENDING
    assert vacancy.wage_amount == 3_200_000 and vacancy.created_by == employer_member
    assert list(vacancy.required_qualifications.all()) == [q]


def test_an_unsure_title_asks_the_employer_to_pick_one_of_three_occupations(
    client_for, employer_member, employer
):
    c = client_for(employer_member)
    # 시아게 (마무리 사상): the normaliser hesitates between 금속 공작기계 조작원 and 직조기 조작원
    response = c.post("/employers/vacancies/new/", f.vacancy_post(save="1", title="시아게"))
    html = response.content.decode()
    assert response.status_code != 302 and "공고 제목만으로는 직종을 확실히 알 수 없습니다. 후보:" in html
    assert not Vacancy.objects.filter(employer=employer).exists()
    picked = response.context["form"].occupation_candidates[0]
    assert f"{picked.name} ({picked.code})" in html
    c.post(
        "/employers/vacancies/new/",
        f.vacancy_post(save="1", title="지게차 운전원 모집", occupation=picked.pk),
    )
    assert Vacancy.objects.get(employer=employer).occupation == picked
    c.post(
        "/employers/vacancies/new/", f.vacancy_post(save="1", title="시아게 작업", occupation_unknown="on")
    )
    assert Vacancy.objects.get(employer=employer, title="시아게 작업").occupation is None
    # a sure title needs no pick: the normaliser's code is stored
    c.post("/employers/vacancies/new/", f.vacancy_post(save="1"))
    assert Vacancy.objects.get(employer=employer, title__startswith="CO2").occupation.code == "8241"


def test_draft_is_saved_without_submitting(client_for, employer_member, employer):
    client_for(employer_member).post("/employers/vacancies/new/", f.vacancy_post(save="1"))
    assert Vacancy.objects.get(employer=employer).status == VacancyStatus.DRAFT


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"title": ""}, "title", "필수 입력 항목입니다."),
        ({"wage_amount": "삼백만"}, "wage_amount", "숫자로 입력해 주세요."),
        ({"wage_amount": "-1"}, "wage_amount", "0 이상으로 입력해 주세요."),
        (
            {"wage_amount": "5000"},
            "wage_amount",
            "월급이 지나치게 낮습니다. 임금 형태(시급/월급)를 확인해 주세요.",
        ),
        ({"closing_date": "2020-01-01"}, "closing_date", "마감일은 오늘 이후여야 합니다."),
        ({"closing_date": "내일"}, "closing_date", "날짜를 YYYY-MM-DD 형식으로 입력해 주세요."),
        ({"openings": "0"}, "openings", "1 이상으로 입력해 주세요."),
        ({"shift": "sometimes"}, "shift", "목록에 있는 값을 선택해 주세요."),
        (
            {"required_qualifications": ["999999"]},
            "required_qualifications",
            "목록에 있는 값을 선택해 주세요.",
        ),
    ],
)
def test_bad_vacancy_input_gets_a_korean_field_message_and_saves_nothing(
    client_for, employer_member, change, field, message
):
    response = client_for(employer_member).post(
        "/employers/vacancies/new/", f.vacancy_post(submit="1", **change)
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert not Vacancy.objects.exists()
    assert not TransitionLog.objects.exists()


def test_live_preview_renders_what_is_typed(client_for, employer_member, employer):
    response = client_for(employer_member).post(
        "/employers/vacancies/live-preview/",
        {
            "title": "금형 사상원 모집",
            "duties": "사상 작업",
            "wage_type": "hourly",
            "wage_amount": "12000",
            "dormitory": "on",
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "금형 사상원 모집" in html and "시급 12,000원" in html and "기숙사" in html
    assert employer.name in html
    assert not Vacancy.objects.exists()


def test_edit_keeps_qualifications_and_rejects_bad_input_without_change(client_for, employer_member, vacancy):
    c = client_for(employer_member)
    q = f.qualification()
    response = c.post(
        f"/employers/vacancies/{vacancy.pk}/edit/",
        f.vacancy_post(title="CO2 용접공 (야간)", preferred_qualifications=[q.pk]),
    )
    assert response.status_code == 302
    vacancy.refresh_from_db()
    published_title = vacancy.title  # published: the new title waits for approval (issue 15 #5)
    assert vacancy.revisions.get(status="pending").changes["title"] == "CO2 용접공 (야간)"
    assert list(vacancy.preferred_qualifications.all()) == [q]
    response = c.post(f"/employers/vacancies/{vacancy.pk}/edit/", f.vacancy_post(title="", wage_amount="x"))
    assert set(response.context["form"].errors) == {"title", "wage_amount"}
    vacancy.refresh_from_db()
    assert vacancy.title == published_title


def test_close_asks_for_a_reason_and_logs_it(client_for, employer_member, vacancy):
    c = client_for(employer_member)
    assert c.post(f"/employers/vacancies/{vacancy.pk}/close/", {"reason": "아무거나"}).status_code == 200
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PUBLISHED
    response = c.post(f"/employers/vacancies/{vacancy.pk}/close/", {"reason": "채용 완료"})
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.CLOSED
    assert TransitionLog.objects.get(object_id=vacancy.pk, to_state="closed").reason == "채용 완료"


def test_preview_page_shows_the_posting_as_seekers_see_it(client_for, employer_member, vacancy):
    html = client_for(employer_member).get(f"/employers/vacancies/{vacancy.pk}/preview/").content.decode()
    assert vacancy.title in html and "월급 3,000,000원" in html


# --- applicants pipeline -----------------------------------------------------------------------


def test_pipeline_moves_applicants_and_requires_a_refusal_reason(client_for, employer_member, vacancy):
    application = f.ApplicationFactory(vacancy=vacancy)
    c = client_for(employer_member)
    url = f"/employers/applications/{application.pk}/move/"
    c.post(url, {"to_status": "screening"})
    application.refresh_from_db()
    assert application.status == "screening"
    response = c.post(url, {"to_status": "rejected", "reason": ""}, follow=True)
    assert "불합격 사유를 선택해 주세요." in response.content.decode()
    application.refresh_from_db()
    assert application.status == "screening"
    c.post(url, {"to_status": "accepted"})  # not allowed from 서류검토
    application.refresh_from_db()
    assert application.status == "screening"
    c.post(url, {"to_status": "rejected", "reason": "자격 요건 미충족"})
    application.refresh_from_db()
    assert (application.status, application.refusal_reason) == ("rejected", "자격 요건 미충족")


def test_other_company_cannot_move_applicants(client_for, other_employer_member, vacancy):
    application = f.ApplicationFactory(vacancy=vacancy)
    response = client_for(other_employer_member).post(
        f"/employers/applications/{application.pk}/move/", {"to_status": "screening"}
    )
    assert response.status_code == 404
    assert Application.objects.get(pk=application.pk).status == "received"


def test_pipeline_tabs_filter_and_show_applicant_in_full_with_access_log(
    client_for, employer_member, vacancy, django_assert_max_num_queries
):
    apps = [f.ApplicationFactory(vacancy=vacancy) for _ in range(5)]
    Application.objects.filter(pk=apps[0].pk).update(status="interview")
    c = client_for(employer_member)
    with django_assert_max_num_queries(25):
        response = c.get(f"/employers/vacancies/{vacancy.pk}/")
    assert len(response.context["rows"]) == 5
    first = apps[0].seeker.user
    assert first.display_name in response.content.decode()  # applicants are not anonymous
    interview = c.get(f"/employers/vacancies/{vacancy.pk}/", {"status": "interview"})
    assert [r["application"].pk for r in interview.context["rows"]] == [apps[0].pk]
    shown = AccessLog.objects.filter(actor=employer_member, subject_type="seeker")
    assert {str(a.seeker_id) for a in apps} <= set(shown.values_list("subject_id", flat=True))  # each person


# --- 추천 인재 and referrals ------------------------------------------------------------------


def test_recommended_candidates_hide_name_and_contact(client_for, employer_member, vacancy):
    seeker = f.SeekerFactory(user__full_name="박용접", user__phone="010-9999-8888")
    seeker.desired_occupations.add(vacancy.occupation)
    html = client_for(employer_member).get(f"/employers/vacancies/{vacancy.pk}/candidates/").content.decode()
    assert "박*접" in html and "박용접" not in html
    assert "010-****-8888" in html and "010-9999-8888" not in html


def test_candidate_is_revealed_after_applying(client_for, employer_member, vacancy):
    seeker = f.SeekerFactory(user__full_name="박용접", user__phone="010-9999-8888")
    seeker.desired_occupations.add(vacancy.occupation)
    f.ApplicationFactory(seeker=seeker, vacancy=vacancy)
    html = client_for(employer_member).get(f"/employers/vacancies/{vacancy.pk}/candidates/").content.decode()
    assert "박용접" in html and "010-9999-8888" in html


def test_pending_company_cannot_browse_candidates(client_for, employer_member, employer):
    Employer.objects.filter(pk=employer.pk).update(status=EmployerStatus.PENDING)
    vacancy = f.VacancyFactory(employer=employer, status="draft")
    assert (
        client_for(employer_member).get(f"/employers/vacancies/{vacancy.pk}/candidates/").status_code == 403
    )


def test_employer_sees_referrals_to_own_vacancies_only_and_masked(
    client_for, employer_member, vacancy, seeker, counselor, other_seeker
):
    mine = do_create_referral(seeker=seeker, vacancy=vacancy, counselor=counselor, note="CO2 용접 5년")
    Referral.objects.filter(pk=mine.pk).update(status="employer_review")
    theirs = do_create_referral(seeker=other_seeker, vacancy=f.VacancyFactory(), counselor=counselor)
    Referral.objects.filter(pk=theirs.pk).update(status="employer_review")
    c = client_for(employer_member)
    html = c.get("/employers/referrals/").content.decode()
    assert "홍*동" in html and "010-****-5678" in html
    assert "CO2 용접 5년" not in html  # the counselor's note is never shown to the company
    assert "김*희" not in html
    f.grant_share_consent(seeker.user, vacancy.employer)
    html = c.get("/employers/referrals/").content.decode()
    assert "010-1234-5678" in html


def test_referral_request_is_sent_once_per_vacancy(client_for, employer_member, vacancy):
    c = client_for(employer_member)
    c.post(f"/employers/vacancies/{vacancy.pk}/referral-request/", {"wanted": "2", "message": "야간 가능자"})
    response = c.post(f"/employers/vacancies/{vacancy.pk}/referral-request/", {"wanted": "2"}, follow=True)
    assert "이미 접수되어 있습니다" in response.content.decode()
    response = c.post(f"/employers/vacancies/{vacancy.pk}/referral-request/", {"wanted": "0"}, follow=True)
    assert "1 이상으로 입력해 주세요." in response.content.decode()
    assert ReferralRequest.objects.get().message == "야간 가능자"


# --- members and invitations -------------------------------------------------------------------


@pytest.fixture
def owner(employer_member):
    EmployerMember.objects.filter(user=employer_member).update(role=MemberRole.OWNER)
    return employer_member


def test_owner_invites_and_colleague_signs_up_through_the_link(client, owner, employer):
    client.force_login(owner)
    response = client.post(
        f"/employers/company/{employer.pk}/members/", {"email": "lee@example.kr", "role": "manager"}
    )
    link = response.context["new_link"]
    invitation = Invitation.objects.get()
    assert link.endswith(f"/employers/invitations/{invitation.token}/")
    client.logout()
    response = client.post(
        f"/employers/invitations/{invitation.token}/",
        {
            "username": "lee_hr",
            "password": "Lee-colleague-2026!",
            "password2": "Lee-colleague-2026!",
            "full_name": "이채용",
        },
    )
    assert response.status_code == 302
    member = EmployerMember.objects.get(user__username="lee_hr")
    assert member.employer == employer and member.user.email == "lee@example.kr"
    assert client.get(f"/employers/invitations/{invitation.token}/").status_code == 410


def test_used_or_expired_invitation_is_refused(client, employer):
    expired = f.InvitationFactory(employer=employer, expires_at=timezone.now() - dt.timedelta(days=1))
    response = client.get(f"/employers/invitations/{expired.token}/")
    assert response.status_code == 410
    assert "만료" in response.content.decode()
    assert client.get("/employers/invitations/no-such-token/").status_code == 410


def test_manager_cannot_invite_or_remove(client_for, employer_member, employer):
    c = client_for(employer_member)
    response = c.get(f"/employers/company/{employer.pk}/members/")
    assert "대표 관리자만" in response.content.decode()
    colleague = f.EmployerMemberFactory(employer=employer)
    c.post(f"/employers/company/{employer.pk}/members/{colleague.pk}/remove/")
    assert EmployerMember.objects.filter(pk=colleague.pk).exists()


def test_last_owner_cannot_be_removed(client_for, owner, employer):
    member = EmployerMember.objects.get(user=owner)
    response = client_for(owner).post(
        f"/employers/company/{employer.pk}/members/{member.pk}/remove/", {"confirm": "yes"}, follow=True
    )
    assert "마지막 대표 관리자는 삭제할 수 없습니다." in response.content.decode()
    assert EmployerMember.objects.filter(pk=member.pk).exists()


def test_members_page_of_another_company_is_404(client_for, other_employer_member, employer):
    assert (
        client_for(other_employer_member).get(f"/employers/company/{employer.pk}/members/").status_code == 404
    )


def test_company_edit_saves_and_refuses_bad_phone(client_for, employer_member, employer):
    c = client_for(employer_member)
    data = {
        "name": "(주)남동용접",
        "root_sector": "welding",
        "address": "고잔동 2",
        "employees": "40",
        "phone": "032-123-4567",
    }
    assert c.post(f"/employers/company/{employer.pk}/edit/", data).status_code == 302
    employer.refresh_from_db()
    assert (employer.employees, employer.phone) == (40, "032-123-4567")
    response = c.post(f"/employers/company/{employer.pk}/edit/", {**data, "phone": "12", "employees": "41"})
    assert response.context["form"].errors["phone"] == [
        "전화번호 형식이 올바르지 않습니다 (예: 010-1234-5678)."
    ]
    employer.refresh_from_db()
    assert employer.employees == 40


def test_employer_answers_a_referral_under_review(client_for, employer_member, vacancy, seeker, counselor):
    referral = do_create_referral(seeker=seeker, vacancy=vacancy, counselor=counselor)
    c = client_for(employer_member)
    url = f"/employers/referrals/{referral.pk}/answer/"
    response = c.post(url, {"to_status": "interview"})  # still 제안: the company does not even see it
    assert response.status_code == 404
    assert Referral.objects.get(pk=referral.pk).status == "proposed"
    Referral.objects.filter(pk=referral.pk).update(status="employer_review")
    response = c.post(url, {"to_status": "not_hired", "reason": ""}, follow=True)
    assert "불채용 사유를 선택해 주세요." in response.content.decode()
    c.post(url, {"to_status": "not_hired", "reason": "경력 부족"})
    referral.refresh_from_db()
    assert (referral.status, referral.outcome_reason) == ("not_hired", "경력 부족")


def test_other_company_cannot_answer_a_referral(
    client_for, other_employer_member, vacancy, seeker, counselor
):
    referral = do_create_referral(seeker=seeker, vacancy=vacancy, counselor=counselor)
    Referral.objects.filter(pk=referral.pk).update(status="employer_review")
    response = client_for(other_employer_member).post(
        f"/employers/referrals/{referral.pk}/answer/", {"to_status": "interview"}
    )
    assert response.status_code == 404
    assert Referral.objects.get(pk=referral.pk).status == "employer_review"


def test_referral_list_does_not_grow_queries_with_referrals(
    client_for, employer_member, employer, counselor, django_assert_max_num_queries
):
    for _ in range(6):
        seeker = f.SeekerFactory()
        f.ExperienceFactory(seeker=seeker)
        f.QualificationHeldFactory(seeker=seeker)
        made = do_create_referral(
            seeker=seeker, vacancy=f.VacancyFactory(employer=employer), counselor=counselor
        )
        Referral.objects.filter(pk=made.pk).update(status="employer_review")
    c = client_for(employer_member)
    with django_assert_max_num_queries(20):
        response = c.get("/employers/referrals/")
    assert len(response.context["cards"]) == 6


def test_edit_and_submit_a_draft_in_one_step(client_for, employer_member, employer):
    draft = f.VacancyFactory(employer=employer, status=VacancyStatus.DRAFT, published_at=None)
    q = f.qualification()
    client_for(employer_member).post(
        f"/employers/vacancies/{draft.pk}/edit/", f.vacancy_post(submit="1", required_qualifications=[q.pk])
    )
    draft.refresh_from_db()
    assert draft.status == VacancyStatus.PENDING
    assert list(draft.required_qualifications.all()) == [q]


def test_malformed_company_parameter_is_a_404_not_a_500(client_for, employer_member):
    c = client_for(employer_member)
    assert c.get("/employers/vacancies/new/", {"employer": "abc"}).status_code == 404
    assert c.post("/employers/vacancies/live-preview/", {"employer": "\x00"}).status_code == 404
    assert c.get("/employers/vacancies/new/", {"employer": "99999"}).status_code == 404


def test_live_preview_opened_directly_shows_an_empty_posting(client_for, employer_member):
    response = client_for(employer_member).get("/employers/vacancies/live-preview/")
    assert response.status_code == 200
    assert "(공고 제목)" in response.content.decode()


def test_admin_account_is_not_an_employer(client_for, admin_user):
    c = client_for(admin_user)
    assert c.get("/employers/").status_code == 403
    assert c.get("/employers/referrals/").status_code == 403
