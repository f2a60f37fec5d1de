"""Issue 15, finding 3: a company sees a referral only once the seeker agreed, never the
counselor's note, and the seeker's name and phone only under the consent naming that company."""

import pytest

from iljari.accounts.models import ConsentRecord
from iljari.referrals.actions import do_create_referral
from iljari.referrals.models import Referral
from tests import factories as f

pytestmark = pytest.mark.django_db

PRIVATE_NOTE = "기초생활수급자, 우울증 치료 중"


@pytest.fixture
def proposed(vacancy, seeker, counselor):
    return do_create_referral(seeker=seeker, vacancy=vacancy, counselor=counselor, note=PRIVATE_NOTE)


def test_company_does_not_see_a_proposal_the_seeker_has_not_accepted(
    client_for, employer_member, employer, proposed
):
    c = client_for(employer_member)
    page = c.get("/employers/referrals/").content.decode()
    assert "홍*동" not in page and proposed.vacancy.title not in page
    assert 'id="no-referrals"' in page
    api = c.get(f"/api/employers/{employer.pk}/referrals").json()
    assert api == {"total": 0, "items": []}
    assert c.get("/api/referrals").json()["count"] == 0
    assert c.get(f"/api/referrals/{proposed.pk}").status_code == 404


@pytest.mark.parametrize("status", ["seeker_accepted", "cancelled"])
def test_company_does_not_see_a_referral_before_it_is_forwarded_or_after_cancelling(
    client_for, employer_member, employer, proposed, status
):
    Referral.objects.filter(pk=proposed.pk).update(status=status)
    c = client_for(employer_member)
    assert c.get(f"/api/employers/{employer.pk}/referrals").json()["total"] == 0
    assert 'id="no-referrals"' in c.get("/employers/referrals/").content.decode()


@pytest.mark.parametrize("status", ["employer_review", "interview", "hired", "not_hired"])
def test_the_counselors_note_is_never_shown_to_the_company(
    client_for, employer_member, employer, proposed, status
):
    Referral.objects.filter(pk=proposed.pk).update(status=status)
    c = client_for(employer_member)
    page = c.get("/employers/referrals/").content.decode()
    assert proposed.vacancy.title in page and PRIVATE_NOTE not in page
    api = c.get(f"/api/employers/{employer.pk}/referrals").json()
    assert api["total"] == 1 and PRIVATE_NOTE not in str(api)
    assert PRIVATE_NOTE not in c.get(f"/referrals/{proposed.pk}/").content.decode()
    assert c.get(f"/api/referrals/{proposed.pk}").json()["note"] == ""


def test_staff_still_see_the_proposal_and_the_note(client_for, counselor, employer, proposed):
    body = client_for(counselor).get(f"/api/employers/{employer.pk}/referrals").json()
    assert body["total"] == 1
    assert client_for(counselor).get(f"/api/referrals/{proposed.pk}").json()["note"] == PRIVATE_NOTE


def test_general_consent_alone_shows_neither_name_nor_phone(
    client_for, employer_member, employer, proposed, seeker
):
    Referral.objects.filter(pk=proposed.pk).update(status="employer_review")
    f.grant_share_consent(seeker.user)
    c = client_for(employer_member)
    for body in (
        c.get("/employers/referrals/").content.decode(),
        c.get(f"/api/employers/{employer.pk}/referrals").content.decode(),
        c.get(f"/referrals/{proposed.pk}/").content.decode(),
        c.get(f"/api/referrals/{proposed.pk}").content.decode(),
        c.get("/referrals/").content.decode(),
    ):
        assert "홍길동" not in body and "010-1234-5678" not in body


def test_consent_to_another_company_does_not_disclose_to_this_one(
    client_for, employer_member, employer, proposed, seeker
):
    Referral.objects.filter(pk=proposed.pk).update(status="employer_review")
    f.grant_share_consent(seeker.user, f.EmployerFactory())
    c = client_for(employer_member)
    item = c.get(f"/api/employers/{employer.pk}/referrals").json()["items"][0]
    assert item["candidate"]["display_name"] == "홍*동" and item["candidate"]["phone"] == "010-****-5678"


def test_seeker_accepting_with_the_box_ticked_consents_for_that_company_only(
    consent_texts, client_for, employer_member, employer, proposed, seeker
):
    client = client_for(seeker.user)
    page = client.get("/me/applications/").content.decode()
    assert 'name="share_contact"' in page and employer.name in page
    response = client.post(f"/me/referrals/{proposed.pk}/accept/", {"share_contact": "on"}, follow=True)
    proposed.refresh_from_db()
    assert "알선 제안을 수락했습니다" in response.content.decode(), response.content.decode()[-3000:]
    assert proposed.status == "seeker_accepted"
    record = ConsentRecord.objects.get(user=seeker.user, employer=employer)
    assert record.is_active and record.text.purpose == "share_employers"
    Referral.objects.filter(pk=proposed.pk).update(status="employer_review")
    c = client_for(employer_member)
    item = c.get(f"/api/employers/{employer.pk}/referrals").json()["items"][0]
    assert (item["candidate"]["display_name"], item["candidate"]["phone"]) == ("홍길동", "010-1234-5678")
    assert "홍길동" in c.get("/employers/referrals/").content.decode()


def test_seeker_accepting_without_the_box_keeps_everything_masked(
    client_for, employer_member, employer, proposed, seeker
):
    client_for(seeker.user).post(f"/me/referrals/{proposed.pk}/accept/")
    proposed.refresh_from_db()
    assert proposed.status == "seeker_accepted"
    assert not ConsentRecord.objects.filter(user=seeker.user, employer__isnull=False).exists()
    Referral.objects.filter(pk=proposed.pk).update(status="employer_review")
    item = client_for(employer_member).get(f"/api/employers/{employer.pk}/referrals").json()["items"][0]
    assert item["candidate"]["display_name"] == "홍*동"
