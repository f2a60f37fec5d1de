import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from iljari.core.workflow import history
from iljari.referrals.actions import (
    do_cancel_placement,
    do_create_referral,
    do_move_referral,
    do_record_placement,
)
from iljari.referrals.models import Placement, ReferralStatus

pytestmark = pytest.mark.django_db


def test_referral_moves_through_named_states_with_a_log(seeker, vacancy, counselor):
    referral = do_create_referral(seeker=seeker, vacancy=vacancy, counselor=counselor, note="용접 경력 5년")
    for state in ("seeker_accepted", "employer_review", "interview", "hired"):
        referral = do_move_referral(referral=referral, to_status=state, actor=counselor)
    assert [(h.from_state, h.to_state) for h in history(referral)] == [
        ("", "proposed"),
        ("proposed", "seeker_accepted"),
        ("seeker_accepted", "employer_review"),
        ("employer_review", "interview"),
        ("interview", "hired"),
    ]


def test_referral_cannot_skip_the_seekers_consent(seeker, vacancy, counselor):
    referral = do_create_referral(seeker=seeker, vacancy=vacancy, counselor=counselor)
    with pytest.raises(ValidationError):
        do_move_referral(referral=referral, to_status=ReferralStatus.EMPLOYER_REVIEW, actor=counselor)


def test_a_second_open_referral_for_the_same_pair_is_refused(seeker, vacancy, counselor):
    do_create_referral(seeker=seeker, vacancy=vacancy, counselor=counselor)
    with pytest.raises(ValidationError, match="이미 진행 중인 알선"):
        do_create_referral(seeker=seeker, vacancy=vacancy, counselor=counselor)


def test_placement_is_recorded_once_and_can_be_cancelled(seeker, vacancy, counselor):
    hire_date = timezone.localdate()
    args = {
        "seeker": seeker,
        "employer": vacancy.employer,
        "vacancy": vacancy,
        "hire_date": hire_date,
        "monthly_wage": 3_000_000,
    }
    first = do_record_placement(actor=counselor, **args)
    again = do_record_placement(actor=counselor, **args)
    assert first.pk == again.pk
    assert Placement.objects.count() == 1
    assert first.occupation == vacancy.occupation
    seeker.refresh_from_db()
    assert seeker.status == "employed"
    do_cancel_placement(placement=first, actor=counselor)
    with pytest.raises(ValidationError):
        do_cancel_placement(placement=first, actor=counselor)


def test_negative_wage_or_far_future_hire_is_refused(seeker, vacancy):
    with pytest.raises(ValidationError):
        do_record_placement(
            seeker=seeker, employer=vacancy.employer, hire_date=timezone.localdate(), monthly_wage=-5
        )
    with pytest.raises(ValidationError):
        do_record_placement(
            seeker=seeker,
            employer=vacancy.employer,
            hire_date=timezone.localdate() + dt.timedelta(days=800),
            monthly_wage=1,
        )
    assert not Placement.objects.exists()
