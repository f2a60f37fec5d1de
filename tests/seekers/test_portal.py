import re

import pytest
from django.urls import reverse

from iljari.accounts.models import ConsentRecord, User
from iljari.audit.models import AccessLog
from iljari.notifications.models import OptOut
from iljari.referrals.actions import do_create_referral
from iljari.referrals.models import ReferralStatus
from iljari.seekers.actions import normalise_job_title, notification_preference
from iljari.seekers.models import Experience, QualificationHeld, Seeker
from iljari.taxonomy.models import Region
from iljari.vacancies.actions import do_apply, do_move_application
from iljari.vacancies.models import Application, ApplicationStatus
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_signup_page_shows_versioned_required_and_optional_consents(client, consent_texts):
    html = client.get(reverse("seekers:signup")).content.decode()
    assert "필수" in html and "선택" in html and "버전 1" in html
    for text in consent_texts:
        assert f'name="consent_{text.purpose}"' in html


def test_signup_creates_the_seeker_with_consents_and_logs_in(client, consent_texts):
    response = client.post(
        reverse("seekers:signup"), f.seeker_signup_data(consent_texts, consent_notifications="on")
    )
    assert response.status_code == 302 and response["Location"] == reverse("seekers:profile")
    seeker = Seeker.objects.get(user__username="welder55")
    assert seeker.home_region.code == "28200111" and seeker.user.phone == "010-2345-6789"
    records = {r.text.purpose: r.granted for r in ConsentRecord.objects.filter(user=seeker.user)}
    assert records["notifications"] is True and records["share_employers"] is False
    assert notification_preference(seeker)["events"] is True
    assert not OptOut.objects.filter(user=seeker.user).exists()
    assert client.get(reverse("seekers:profile")).status_code == 200


def test_signup_without_a_required_consent_saves_nothing(client, consent_texts):
    data = f.seeker_signup_data(consent_texts, consent_service=None)
    response = client.post(reverse("seekers:signup"), data)
    assert response.status_code == 400
    assert "필수 동의 항목입니다." in response.content.decode()
    assert not User.objects.filter(username="welder55").exists()


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"birth_year": "2020"}, "만 15세 이상만 가입할 수 있습니다."),
        ({"birth_year": "천구백"}, "출생연도는 숫자 네 자리로 입력해 주세요."),
        ({"password2": "different-1"}, "비밀번호가 서로 다릅니다."),
        ({"username": "a b"}, "아이디는 영문, 숫자, 밑줄(_)로 4~30자입니다."),
        ({"sigungu": ""}, "사는 시군구를 골라 주세요."),
        ({"phone": "12345"}, "전화번호 형식이 올바르지 않습니다"),
        ({"password": "12345678", "password2": "12345678"}, "비밀번호"),
    ],
)
def test_signup_bad_input_gives_field_messages_and_saves_nothing(client, consent_texts, overrides, message):
    response = client.post(reverse("seekers:signup"), f.seeker_signup_data(consent_texts, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Seeker.objects.filter(user__username="welder55").exists()


def test_duplicate_username_is_refused(client, consent_texts, seeker):
    response = client.post(
        reverse("seekers:signup"), f.seeker_signup_data(consent_texts, username="seeker_a")
    )
    assert response.status_code == 400
    assert "이 아이디는 사용할 수 없습니다. 다른 아이디를 입력해 주세요." in response.content.decode()


@pytest.mark.parametrize("title,code", [("CO2 용접공", "8241"), ("용접원", "8241")])
def test_free_text_job_names_are_normalised_to_occupations(title, code):
    occupation = normalise_job_title(title)
    assert occupation is not None and occupation.code == code


def test_gibberish_job_name_is_not_forced_onto_an_occupation():
    assert normalise_job_title("ㅋㅋㅋ") is None


@pytest.mark.parametrize(
    "title,code",
    [
        ("CO2 용접공", "8241"),
        ("도금", "8252"),
        ("지게차 운전", "6230"),  # the full job dictionary knows 지게차운전원 (the old subset did not)
        # not sure between 사출 and the machine words: it says it does not know rather than guess
        ("사출기 오퍼레이터", None),
    ],
)
def test_the_resume_builder_uses_the_one_normaliser(title, code):
    """Shop-floor words go through the matching's normaliser (not a bigram guess: 시아게 was
    직조기 조작원, 지게차 기술 영업원); when it is not sure it says so (None) instead of guessing."""
    from iljari.taxonomy.titles import suggest

    occupation = normalise_job_title(title)
    assert (occupation.code if occupation else None) == code
    assert suggest(title).code == code
    shiage = normalise_job_title("시아게")
    assert shiage is None or shiage.code != "8612"  # 직조기 조작원


def test_an_unsure_experience_offers_three_occupations_to_pick(client, seeker):
    from iljari.seekers.actions import experience_occupation_choices

    client.force_login(seeker.user)
    client.post(reverse("seekers:experience_add"), {"job_title": "사출기 오퍼레이터", "years": "4"})
    experience = Experience.objects.get(seeker=seeker)
    assert experience.occupation is None
    choices = experience_occupation_choices(experience)
    assert len(choices) == 3
    page = client.get(reverse("seekers:profile")).content.decode()
    assert "‘사출기 오퍼레이터’에 맞는 직업 분류를 골라 주세요" in page and "모르겠음" in page
    assert all(f'value="{o.code}"' in page for o in choices)
    url = reverse("seekers:experience_occupation", args=[experience.pk])
    response = client.post(url, {"code": "0000"})
    assert response.status_code == 400 and "제시된 직업 분류 중에서 골라 주세요." in response.content.decode()
    assert client.post(url, {"code": choices[1].code}).status_code == 302
    experience.refresh_from_db()
    assert experience.occupation == choices[1]
    assert client.post(url, {"code": ""}).status_code == 302  # 모르겠음
    experience.refresh_from_db()
    assert experience.occupation is None


@pytest.mark.parametrize(
    "url_name,needs_login",
    [
        ("seekers:profile", True),
        ("matching:seeker_recommendations", True),
        ("referrals:seeker_applications", True),
        ("seekers:notifications", True),
    ],
)
def test_portal_pages_need_a_seeker(client, url_name, needs_login, employer_member):
    response = client.get(reverse(url_name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(employer_member)
    assert client.get(reverse(url_name)).status_code == 403


def test_resume_builder_adds_experience_qualification_and_preferences(client, seeker):
    client.force_login(seeker.user)
    response = client.post(
        reverse("seekers:experience_add"),
        {"job_title": "CO2 용접공", "years": "12.5", "employer_name": "남동산업"},
    )
    assert response.status_code == 302
    experience = Experience.objects.get(seeker=seeker)
    assert experience.occupation.code == "8241" and float(experience.years) == 12.5
    assert client.post(reverse("seekers:qualification_add"), {"name": "용접기능사"}).status_code == 302
    assert QualificationHeld.objects.filter(seeker=seeker, qualification__name="용접기능사").exists()
    welder = f.occupation("8241")
    namdong = f.region("28200")
    response = client.post(
        reverse("seekers:preferences"),
        {
            "desired_occupations": [welder.pk],
            "desired_regions": [namdong.pk],
            "desired_monthly_wage": "3000000",
            "shift_preferences": ["day", "two_shift"],
            "employment_type": "permanent",
            "max_commute_minutes": "45",
        },
    )
    assert response.status_code == 302
    seeker.refresh_from_db()
    assert seeker.desired_monthly_wage == 3_000_000 and seeker.shift_preferences == ["day", "two_shift"]
    assert list(seeker.desired_occupations.all()) == [welder]
    html = client.get(reverse("seekers:profile")).content.decode()
    assert "CO2 용접공" in html and "용접원" in html and "용접기능사" in html
    assert AccessLog.objects.filter(subject_id=str(seeker.pk), action="view").exists()


@pytest.mark.parametrize(
    "url_name,data,message",
    [
        ("seekers:experience_add", {"job_title": "", "years": "3"}, "직무명을 입력해 주세요."),
        (
            "seekers:experience_add",
            {"job_title": "용접", "years": "칠십"},
            "경력 기간은 숫자로 입력해 주세요",
        ),
        ("seekers:experience_add", {"job_title": "용접", "years": "99"}, "60년 이하"),
        ("seekers:qualification_add", {"name": "없는자격증"}, "Q-Net 자격 목록에 있는 이름을 골라 주세요"),
        (
            "seekers:qualification_add",
            {"name": "용접기능사", "acquired_on": "2020-13-45"},
            "날짜 형식이 올바르지 않습니다",
        ),
        ("seekers:preferences", {"employment_type": "permanent", "max_commute_minutes": "5"}, "10분 이상"),
        (
            "seekers:preferences",
            {"employment_type": "permanent", "max_commute_minutes": "60", "desired_monthly_wage": "-1"},
            "0원 이상",
        ),
        ("seekers:preferences", {"employment_type": "x", "max_commute_minutes": "60"}, "선택"),
        (
            "seekers:profile_basic",
            {"full_name": "", "birth_year": "1970", "education": "high", "sigungu": "28200"},
            "이름을 입력해 주세요.",
        ),
    ],
)
def test_resume_forms_refuse_bad_input_in_korean(client, seeker, url_name, data, message):
    client.force_login(seeker.user)
    response = client.post(reverse(url_name), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Experience.objects.filter(seeker=seeker).exists()
    assert not QualificationHeld.objects.filter(seeker=seeker).exists()


def test_cannot_delete_someone_elses_experience(client, seeker, other_seeker):
    theirs = f.ExperienceFactory(seeker=other_seeker)
    client.force_login(seeker.user)
    client.post(reverse("seekers:experience_delete", args=[theirs.pk]))
    assert Experience.objects.filter(pk=theirs.pk).exists()


def test_recommendations_show_reasons_without_n_plus_one(
    client, seeker, employer, django_assert_max_num_queries
):
    f.ExperienceFactory(seeker=seeker)
    f.VacancyFactory.create_batch(12, employer=employer)
    client.force_login(seeker.user)
    client.get(reverse("matching:seeker_recommendations"))
    with django_assert_max_num_queries(25):
        response = client.get(reverse("matching:seeker_recommendations"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="card vacancy-card"') == 12
    assert 'class="reasons"' in html


def test_applications_page_shows_the_status_timeline(
    client, seeker, vacancy, employer_member, django_assert_max_num_queries
):
    application = do_apply(seeker=seeker, vacancy=vacancy)
    do_move_application(application=application, to_status=ApplicationStatus.SCREENING, actor=employer_member)
    for _ in range(3):
        do_apply(seeker=seeker, vacancy=f.VacancyFactory(employer=vacancy.employer))
    client.force_login(seeker.user)
    with django_assert_max_num_queries(16):
        html = client.get(reverse("referrals:seeker_applications")).content.decode()
    assert html.count('class="timeline"') == 4
    assert "서류검토" in html and "접수" in html


def test_seeker_withdraws_an_application(client, seeker, vacancy):
    application = do_apply(seeker=seeker, vacancy=vacancy)
    client.force_login(seeker.user)
    step = client.post(reverse("seekers:application_withdraw", args=[application.pk]))
    assert step.status_code == 200 and 'id="confirm-step"' in step.content.decode()
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.RECEIVED
    client.post(reverse("seekers:application_withdraw", args=[application.pk]), {"confirm": "yes"})
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.WITHDRAWN
    response = client.post(
        reverse("seekers:application_withdraw", args=[application.pk]), {"confirm": "yes"}, follow=True
    )
    assert "바꿀 수 없습니다" in response.content.decode()


def test_other_seeker_cannot_withdraw_my_application(client, seeker, other_seeker, vacancy):
    application = do_apply(seeker=seeker, vacancy=vacancy)
    client.force_login(other_seeker.user)
    assert client.post(reverse("seekers:application_withdraw", args=[application.pk])).status_code == 404
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.RECEIVED


def test_seeker_accepts_or_declines_referral_proposals(client, seeker, vacancy, counselor, employer):
    accepted = do_create_referral(seeker=seeker, vacancy=vacancy, counselor=counselor, note="경력 맞음")
    declined = do_create_referral(
        seeker=seeker, vacancy=f.VacancyFactory(employer=employer), counselor=counselor
    )
    client.force_login(seeker.user)
    html = client.get(reverse("referrals:seeker_applications")).content.decode()
    assert 'id="referral-proposals"' in html and "경력 맞음" in html
    client.post(reverse("referrals:answer", args=[accepted.pk, "accept"]))
    client.post(reverse("referrals:answer", args=[declined.pk, "decline"]))
    accepted.refresh_from_db()
    declined.refresh_from_db()
    assert (accepted.status, declined.status) == (ReferralStatus.SEEKER_ACCEPTED, ReferralStatus.CANCELLED)


def test_notification_preferences_are_saved_and_email_needs_an_address(client, seeker):
    client.force_login(seeker.user)
    response = client.post(reverse("seekers:notifications"), {"by_sms": "on", "application_updates": "on"})
    assert response.status_code == 302
    preference = notification_preference(seeker)
    assert (preference["by_sms"], preference["new_recommendations"], preference["application_updates"]) == (
        True,
        False,
        True,
    )
    assert set(OptOut.objects.filter(user=seeker.user).values_list("channel", "topic")) == {
        ("email", ""),
        ("", "recommendations"),
        ("", "events"),
    }
    seeker.user.email = ""
    seeker.user.save()
    response = client.post(reverse("seekers:notifications"), {"by_email": "on"})
    assert response.status_code == 400
    assert "이메일 주소를 먼저 등록해 주세요" in response.content.decode()


def test_account_deletion_needs_confirmation_and_password(client, seeker):
    client.force_login(seeker.user)
    page = client.get(reverse("seekers:delete_account")).content.decode()
    assert "되돌릴 수 없습니다" in page
    response = client.post(reverse("seekers:delete_account"), {"confirm": "네", "password": "wrong"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "를 정확히 입력해 주세요." in html and "비밀번호가 맞지 않습니다." in html
    assert User.objects.get(pk=seeker.user.pk).is_active


def test_account_deletion_anonymises_and_withdraws_open_applications(client, seeker, vacancy):
    application = do_apply(seeker=seeker, vacancy=vacancy, message="연락 주세요 010-1234-5678")
    client.force_login(seeker.user)
    response = client.post(
        reverse("seekers:delete_account"), {"confirm": "탈퇴합니다", "password": f.PASSWORD}
    )
    assert response.status_code == 302
    user = User.objects.get(pk=seeker.user.pk)
    assert not user.is_active and user.phone == "" and user.username.startswith("deleted-")
    assert Seeker.objects.get(pk=seeker.pk).anonymised_at is not None
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN and application.message == ""
    assert client.get(reverse("seekers:profile")).status_code == 302


def test_recommendations_show_the_seekers_own_conditions(client, seeker):
    seeker.needs_dormitory = True
    seeker.shift_preferences = ["two_shift"]
    seeker.save()
    client.force_login(seeker.user)
    html = client.get(reverse("matching:seeker_recommendations")).content.decode()
    box = html[
        html.index('id="my-constraints"') : html.index("</section>", html.index('id="my-constraints"'))
    ]
    assert "기숙사" in box and "필요" in box and "2교대" in box and "보유 자격" in box
    assert "<dt>희망 지역</dt><dd>상관없음</dd>" in box
    seeker.desired_regions.set(Region.objects.filter(code__in=["28200", "28185"]))
    html = client.get(reverse("matching:seeker_recommendations")).content.decode()
    assert re.search(r"<dt>희망 지역</dt><dd>(남동구, 연수구|연수구, 남동구)</dd>", html)
