"""Every page of the employer portal and the console, for every persona: a page or a 4xx, never a 500."""

import pytest

from iljari.referrals.actions import do_create_referral
from tests import factories as f

pytestmark = pytest.mark.django_db

PERSONAS = [
    None,
    "seeker",
    "employer_member",
    "other_employer_member",
    "counselor",
    "official",
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_answers_with_a_server_error(client, request, persona, employer, vacancy, seeker, counselor):
    application = f.ApplicationFactory(seeker=seeker, vacancy=vacancy)
    referral_request = f.ReferralRequestFactory(vacancy=vacancy)
    invitation = f.InvitationFactory(employer=employer)
    do_create_referral(seeker=f.SeekerFactory(), vacancy=vacancy, counselor=counselor)
    if persona:
        user = request.getfixturevalue(persona)
        client.force_login(getattr(user, "user", user))
    e, v, s = employer.pk, vacancy.pk, seeker.pk
    gets = [
        "/employers/", "/employers/register/", f"/employers/company/{e}/edit/", f"/employers/company/{e}/members/",
        f"/employers/invitations/{invitation.token}/", "/employers/vacancies/new/", f"/employers/vacancies/{v}/",
        f"/employers/vacancies/{v}/?status=nonsense", f"/employers/vacancies/{v}/edit/",
        f"/employers/vacancies/{v}/preview/", f"/employers/vacancies/{v}/close/",
        f"/employers/vacancies/{v}/candidates/", "/employers/referrals/", "/employers/vacancies/999999/",
        "/counselor/", "/counselor/queues/employers/?page=abc", "/counselor/queues/vacancies/?page=999",
        "/counselor/queues/requests/", "/counselor/queues/referrals/", f"/counselor/employers/{e}/",
        f"/counselor/vacancies/{v}/", f"/counselor/seekers/{s}/", "/counselor/seekers/999999/",
        f"/counselor/referral-requests/{referral_request.pk}/", "/counselor/search/?q=", "/counselor/search/?q=홍길동",
    ]  # fmt: skip
    posts = [
        ("/employers/register/", {"business_number": "x"}),
        (f"/employers/company/{e}/members/", {"email": "x"}),
        ("/employers/vacancies/live-preview/", {"wage_amount": "x"}),
        (f"/employers/vacancies/{v}/submit/", {}),
        (f"/employers/applications/{application.pk}/move/", {"to_status": "x"}),
        (f"/employers/vacancies/{v}/referral-request/", {"wanted": "x"}),
        ("/counselor/bulk/", {"action": "publish_vacancies", "ids": ["1", "x"]}),
        (f"/counselor/seekers/{s}/refer/", {"vacancy": "x"}),
        (f"/counselor/employers/{e}/", {"decision": "x"}),
        (f"/counselor/vacancies/{v}/", {"decision": "x"}),
        (f"/counselor/referral-requests/{referral_request.pk}/", {"answer": ""}),
    ]
    for url in gets:
        assert client.get(url).status_code < 500, url
    for url, data in posts:
        assert client.post(url, data).status_code < 500, url
