import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from iljari.referrals.ics import calendar
from iljari.referrals.interviews import do_record_interview_outcome, do_schedule_interview
from iljari.referrals.models import Interview, ReferralStatus
from tests.factories import accompanied, referral_at, tomorrow_at

pytestmark = pytest.mark.django_db


def test_first_interview_moves_referral_from_employer_review_to_interview(seeker, vacancy, counselor):
    referral = referral_at("employer_review", seeker=seeker, vacancy=vacancy, counselor=counselor)
    interview = accompanied(referral, counselor)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.INTERVIEW
    assert interview.counselor == counselor
    assert interview.kind == "accompanied"


def test_interview_before_the_seeker_agreed_is_refused(seeker, vacancy, counselor):
    referral = referral_at("proposed", seeker=seeker, vacancy=vacancy, counselor=counselor)
    with pytest.raises(ValidationError, match="기업검토 또는 면접 단계"):
        accompanied(referral, counselor)
    assert not Interview.objects.exists()


def test_accompanied_interview_needs_a_counselor_and_a_place(seeker, vacancy, counselor, employer_member):
    referral = referral_at("employer_review", seeker=seeker, vacancy=vacancy, counselor=counselor)
    with pytest.raises(ValidationError) as info:
        do_schedule_interview(
            referral=referral, actor=employer_member, starts_at=tomorrow_at(), place=" ", kind="accompanied"
        )
    assert set(info.value.message_dict) == {"place", "counselor"}


def test_interview_in_the_past_is_refused(seeker, vacancy, counselor):
    referral = referral_at("employer_review", seeker=seeker, vacancy=vacancy, counselor=counselor)
    with pytest.raises(ValidationError, match="지난 시각"):
        accompanied(referral, counselor, starts_at=timezone.now() - dt.timedelta(days=2))


def test_counselor_cannot_be_at_two_accompanied_interviews_at_once(seeker, other_seeker, vacancy, counselor):
    first = referral_at("employer_review", seeker=seeker, vacancy=vacancy, counselor=counselor)
    second = referral_at("employer_review", seeker=other_seeker, vacancy=vacancy, counselor=counselor)
    accompanied(first, counselor)
    with pytest.raises(ValidationError, match="같은 시간대"):
        accompanied(second, counselor, starts_at=tomorrow_at() + dt.timedelta(minutes=30))


def test_failed_interview_closes_the_referral_as_not_hired(seeker, vacancy, counselor):
    referral = referral_at("employer_review", seeker=seeker, vacancy=vacancy, counselor=counselor)
    interview = accompanied(referral, counselor)
    do_record_interview_outcome(
        interview=interview, status="done", result="failed", actor=counselor, note="경력 부족"
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.NOT_HIRED
    assert referral.outcome_reason == "경력 부족"
    with pytest.raises(ValidationError, match="이미 결과"):
        do_record_interview_outcome(interview=interview, status="done", result="passed", actor=counselor)


def test_done_interview_needs_a_result(seeker, vacancy, counselor):
    interview = accompanied(
        referral_at("employer_review", seeker=seeker, vacancy=vacancy, counselor=counselor), counselor
    )
    with pytest.raises(ValidationError, match="면접 결과"):
        do_record_interview_outcome(interview=interview, status="done", actor=counselor)


def test_ics_export_is_valid_icalendar_with_utc_times_and_escaped_text(seeker, vacancy, counselor):
    interview = accompanied(
        referral_at("employer_review", seeker=seeker, vacancy=vacancy, counselor=counselor), counselor
    )
    interview.place = "본관 2층, 회의실; A동"
    text = calendar([interview])
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and "END:VCALENDAR" in lines
    start = interview.starts_at.astimezone(dt.UTC)
    assert f"DTSTART:{start:%Y%m%dT%H%M%SZ}" in lines
    assert "LOCATION:본관 2층\\, 회의실\\; A동" in text.replace("\r\n ", "")
    assert "동행 상담사: 김상담" in text.replace("\r\n ", "").replace("\\n", "\n")
    assert all(len(line.encode()) <= 75 for line in lines)


@pytest.mark.parametrize("breaker", ["\r", "\n", "\r\n", "\x0b", "\x1b"])
def test_ics_escapes_a_bare_cr_and_every_control_character(client_for, seeker, vacancy, counselor, breaker):
    """Issue 15 #19: interview text must not start a new iCalendar property (e.g. a forged ATTENDEE)."""
    interview = accompanied(
        referral_at("employer_review", seeker=seeker, vacancy=vacancy, counselor=counselor), counselor
    )
    interview.transport_note = f"버스 12번{breaker}ATTENDEE:mailto:evil@example.com"
    interview.meeting_point = f"정문{breaker}URL:http://evil.example"
    interview.save()
    client = client_for(counselor)
    for url in (
        f"/api/referrals/interviews/{interview.pk}.ics",
        f"/referrals/interviews/{interview.pk}/calendar.ics",
    ):
        response = client.get(url)
        assert response.status_code == 200
        body = response.content.decode()
        lines = body.replace("\r\n ", "").split("\r\n")
        assert not any("\r" in line or "\n" in line or "\x0b" in line or "\x1b" in line for line in lines)
        assert not any(line.startswith(("ATTENDEE", "URL")) for line in lines)
        description = next(line for line in lines if line.startswith("DESCRIPTION:"))
        assert "ATTENDEE:mailto:evil@example.com" in description
