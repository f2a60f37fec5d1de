"""Issue 15 #18: sign-up does not say whether a username exists, and is rate limited per address."""

import pytest
from django.urls import reverse

from iljari.accounts.models import User
from iljari.employers.models import Employer
from iljari.seekers.models import Seeker
from tests import factories as f

pytestmark = pytest.mark.django_db

UNAVAILABLE = "이 아이디는 사용할 수 없습니다. 다른 아이디를 입력해 주세요."


def seeker_errors(client, texts, username, ip="198.51.100.7"):
    response = client.post(
        reverse("seekers:signup"), f.seeker_signup_data(texts, username=username), REMOTE_ADDR=ip
    )
    return response.status_code, response.context["form"].errors.get("username")


def test_existing_and_reserved_usernames_get_the_same_answer(client, consent_texts):  # noqa: F811
    f.UserFactory(username="hong_gildong")
    existing = seeker_errors(client, consent_texts, "hong_gildong")
    case_variant = seeker_errors(client, consent_texts, "HONG_GILDONG")
    reserved = seeker_errors(client, consent_texts, "admin")
    assert existing == case_variant == reserved == (400, [UNAVAILABLE])
    assert User.objects.filter(username__iexact="hong_gildong").count() == 1
    assert not User.objects.filter(username="admin").exists()


def test_the_message_never_says_the_name_is_in_use(client, consent_texts):  # noqa: F811
    f.UserFactory(username="kim_welder")
    body = client.post(
        reverse("seekers:signup"), f.seeker_signup_data(consent_texts, username="kim_welder")
    ).content
    text = body.decode()
    assert "이미 사용 중" not in text and "이미 존재" not in text and UNAVAILABLE in text


def test_employer_sign_up_gives_the_same_answer(client):
    f.UserFactory(username="hr_kim")
    taken = client.post("/employers/register/", f.EMPLOYER_SIGNUP).context["form"].errors["username"]
    reserved = (
        client.post("/employers/register/", {**f.EMPLOYER_SIGNUP, "username": "root"})
        .context["form"]
        .errors["username"]
    )
    assert taken == reserved == [UNAVAILABLE]
    assert not Employer.objects.exists()


def test_seeker_sign_up_is_rate_limited_per_address(client, consent_texts, settings):  # noqa: F811
    settings.ILJARI_RATE_LIMITS = {**settings.ILJARI_RATE_LIMITS, "signup": (3, 3600)}
    f.UserFactory(username="taken_one")
    for _ in range(3):  # probing a taken name uses up the allowance
        assert seeker_errors(client, consent_texts, "taken_one")[0] == 400
    response = client.post(
        reverse("seekers:signup"),
        f.seeker_signup_data(consent_texts, username="fresh_name"),
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 429
    assert "요청이 너무 많습니다. 잠시 후 다시 시도해 주세요." in response.content.decode()
    assert not Seeker.objects.filter(user__username="fresh_name").exists()
    other = client.post(
        reverse("seekers:signup"),
        f.seeker_signup_data(consent_texts, username="fresh_name"),
        REMOTE_ADDR="203.0.113.9",
    )
    assert other.status_code == 302
    assert Seeker.objects.filter(user__username="fresh_name").exists()


def test_employer_sign_up_is_rate_limited(client, settings):
    settings.ILJARI_RATE_LIMITS = {**settings.ILJARI_RATE_LIMITS, "signup": (1, 3600)}
    f.UserFactory(username="hr_kim")
    client.post("/employers/register/", f.EMPLOYER_SIGNUP)
    response = client.post("/employers/register/", {**f.EMPLOYER_SIGNUP, "username": "hr_park"})
    assert response.status_code == 429
    assert not User.objects.filter(username="hr_park").exists()


def test_invalid_forms_do_not_use_up_the_allowance(client, consent_texts, settings):  # noqa: F811
    settings.ILJARI_RATE_LIMITS = {**settings.ILJARI_RATE_LIMITS, "signup": (1, 3600)}
    for _ in range(4):  # a person correcting their typos is not an attacker
        client.post(reverse("seekers:signup"), f.seeker_signup_data(consent_texts, password2="other-2026!"))
    response = client.post(reverse("seekers:signup"), f.seeker_signup_data(consent_texts))
    assert response.status_code == 302
