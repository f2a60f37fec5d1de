"""What a company sees of a seeker: anonymous until applied, or consented to sharing with that company."""

import pytest

from iljari.employers.candidates import candidate_card, disclosure_for, seeker_queryset
from iljari.referrals.models import Referral
from tests import factories as f

pytestmark = pytest.mark.django_db


def card_for(employer, seeker):
    seeker = seeker_queryset().get(pk=seeker.pk)
    return candidate_card(seeker, disclosure_for(employer, [seeker]))


@pytest.fixture
def welder(db):
    return f.SeekerFactory(
        user__full_name="박용접", user__phone="010-9999-8888", user__email="park@example.kr"
    )


def test_consent_alone_does_not_reveal_a_recommended_candidate(employer, welder):
    f.grant_share_consent(welder.user)
    card = card_for(employer, welder)
    assert (card["display_name"], card["phone"], card["email"]) == (
        "박*접",
        "010-****-8888",
        "pa**@example.kr",
    )


def test_referral_without_consent_keeps_name_and_contact_masked(employer, vacancy, welder, counselor):
    Referral.objects.create(seeker=welder, vacancy=vacancy, counselor=counselor)
    card = card_for(employer, welder)
    assert not card["identity_visible"] and not card["contact_visible"]


def test_referral_with_the_general_consent_keeps_name_and_contact_masked(
    employer, vacancy, welder, counselor
):
    Referral.objects.create(seeker=welder, vacancy=vacancy, counselor=counselor, status="employer_review")
    f.grant_share_consent(welder.user)
    card = card_for(employer, welder)
    assert (card["display_name"], card["phone"]) == ("박*접", "010-****-8888")


def test_consent_naming_the_company_reveals_name_and_contact_to_it_only(
    employer, other_employer, vacancy, welder, counselor
):
    Referral.objects.create(seeker=welder, vacancy=vacancy, counselor=counselor, status="employer_review")
    f.grant_share_consent(welder.user, employer)
    card = card_for(employer, welder)
    assert (card["display_name"], card["phone"]) == ("박용접", "010-9999-8888")
    assert card_for(other_employer, welder)["display_name"] == "박*접"


def test_accepted_referral_without_the_consent_reveals_nothing(employer, vacancy, welder, counselor):
    Referral.objects.create(seeker=welder, vacancy=vacancy, counselor=counselor, status="seeker_accepted")
    card = card_for(employer, welder)
    assert card["display_name"] == "박*접" and card["phone"] == "010-****-8888"


def test_withdrawn_consent_masks_again(employer, vacancy, welder, counselor):
    from iljari.accounts.actions import do_withdraw_consent

    f.grant_share_consent(welder.user, employer)
    do_withdraw_consent(user=welder.user, purpose="share_employers")
    assert card_for(employer, welder)["display_name"] == "박*접"


def test_cancelled_referral_reveals_nothing(employer, vacancy, welder, counselor):
    Referral.objects.create(seeker=welder, vacancy=vacancy, counselor=counselor, status="cancelled")
    f.grant_share_consent(welder.user)
    assert card_for(employer, welder)["display_name"] == "박*접"


def test_application_reveals_everything_to_that_company_only(employer, other_employer, vacancy, welder):
    f.ApplicationFactory(seeker=welder, vacancy=vacancy)
    assert card_for(employer, welder)["phone"] == "010-9999-8888"
    assert card_for(other_employer, welder)["phone"] == "010-****-8888"


def test_withdrawn_application_no_longer_reveals(employer, vacancy, welder):
    f.ApplicationFactory(seeker=welder, vacancy=vacancy, status="withdrawn")
    assert card_for(employer, welder)["display_name"] == "박*접"


def test_disclosure_costs_two_queries_for_any_number_of_seekers(employer, django_assert_num_queries):
    seekers = [f.SeekerFactory() for _ in range(8)]
    with django_assert_num_queries(2):
        disclosure_for(employer, seekers)
