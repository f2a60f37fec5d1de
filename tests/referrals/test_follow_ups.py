import datetime as dt

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from iljari.counseling.reminders import send_due_reminders
from iljari.notifications.models import Delivery
from iljari.referrals.actions import (
    add_months,
    do_cancel_placement,
    do_hire,
    do_record_follow_up,
    do_record_placement,
    ensure_follow_ups,
)
from iljari.referrals.models import FollowUpStatus, RetentionFollowUp
from iljari.referrals.selectors import retention_table
from tests.factories import accompanied, referral_at

from .helpers import DB_TASKS, IMMEDIATE_TASKS, run_db_worker

pytestmark = pytest.mark.django_db


def _hire(seeker, vacancy, counselor, hire_date=None):
    referral = referral_at("employer_review", seeker=seeker, vacancy=vacancy, counselor=counselor)
    accompanied(referral, counselor)
    return do_hire(
        referral=referral,
        actor=counselor,
        hire_date=hire_date or timezone.localdate(),
        monthly_wage=3_100_000,
    )


def test_hire_creates_follow_ups_at_1_3_6_and_12_months(seeker, vacancy, counselor):
    placement = _hire(seeker, vacancy, counselor, hire_date=dt.date(2026, 1, 31))
    rows = list(placement.follow_ups.order_by("month").values_list("month", "due_date", "status"))
    assert rows == [
        (1, dt.date(2026, 2, 28), "pending"),
        (3, dt.date(2026, 4, 30), "pending"),
        (6, dt.date(2026, 7, 31), "pending"),
        (12, dt.date(2027, 1, 31), "pending"),
    ]
    assert placement.referral.status == "hired"
    assert placement.source == "referral"


def test_follow_ups_are_created_exactly_once_under_retries(seeker, vacancy, counselor):
    placement = _hire(seeker, vacancy, counselor)
    again = do_hire(
        referral=placement.referral, actor=counselor, hire_date=placement.hire_date, monthly_wage=3_100_000
    )
    twice = do_record_placement(
        seeker=seeker,
        employer=vacancy.employer,
        hire_date=placement.hire_date,
        monthly_wage=3_100_000,
        actor=counselor,
    )
    assert again.pk == twice.pk == placement.pk
    assert ensure_follow_ups(placement) == 4
    assert ensure_follow_ups(placement) == 4
    assert RetentionFollowUp.objects.count() == 4


def test_direct_placement_gets_follow_ups_too(seeker, employer, counselor):
    placement = do_record_placement(
        seeker=seeker,
        employer=employer,
        hire_date=timezone.localdate(),
        monthly_wage=2_600_000,
        source="fair",
        source_ref="fair:1",
        actor=counselor,
    )
    assert placement.follow_ups.count() == 4
    assert placement.source == "fair"


def test_leaving_cancels_later_checks_and_cancelled_hire_cancels_all(
    seeker, other_seeker, vacancy, counselor
):
    placement = _hire(seeker, vacancy, counselor)
    first = placement.follow_ups.get(month=1)
    with pytest.raises(Exception, match="사유"):
        do_record_follow_up(follow_up=first, status="left", actor=counselor)
    do_record_follow_up(follow_up=first, status="left", reason="야간 근무 적응 어려움", actor=counselor)
    assert list(placement.follow_ups.order_by("month").values_list("status", flat=True)) == [
        "left",
        "cancelled",
        "cancelled",
        "cancelled",
    ]
    other = do_record_placement(
        seeker=other_seeker, employer=vacancy.employer, hire_date=timezone.localdate(), monthly_wage=2_500_000
    )
    do_cancel_placement(placement=other, actor=counselor, reason="입사 취소")
    assert set(other.follow_ups.values_list("status", flat=True)) == {"cancelled"}


def test_retention_rate_by_employer_counts_only_recorded_checks(seeker, other_seeker, vacancy, counselor):
    a = _hire(seeker, vacancy, counselor)
    b = do_record_placement(
        seeker=other_seeker, employer=vacancy.employer, hire_date=timezone.localdate(), monthly_wage=2_500_000
    )
    do_record_follow_up(follow_up=a.follow_ups.get(month=1), status="employed", actor=counselor)
    do_record_follow_up(
        follow_up=b.follow_ups.get(month=1), status="changed_job", reason="이직", actor=counselor
    )
    (row,) = retention_table("employer")
    assert row["group"] == vacancy.employer.name
    assert row["placements"] == 2
    month1 = row["cells"][0]
    assert (month1["recorded"], month1["retained"], month1["rate"]) == (2, 1, 50.0)
    assert row["cells"][1]["rate"] is None


@override_settings(TASKS=IMMEDIATE_TASKS)
def test_due_reminders_are_sent_once_however_often_the_command_runs(
    seeker, vacancy, counselor, django_capture_on_commit_callbacks
):
    placement = _hire(seeker, vacancy, counselor, hire_date=timezone.localdate() - dt.timedelta(days=40))
    with django_capture_on_commit_callbacks(execute=True):
        first = send_due_reminders()
        second = send_due_reminders()
        call_command("send-reminders")
    assert first == {"interviews": 1, "follow_ups": 1}
    assert second == {"interviews": 0, "follow_ups": 0}
    reminder = Delivery.objects.get(template_key="followup_due")
    assert reminder.recipient == counselor
    assert reminder.status == "sent"
    assert "1개월 차" in reminder.subject
    assert Delivery.objects.filter(template_key="interview_reminder").count() == 2  # sms + email, once
    assert placement.follow_ups.filter(reminder_sent_at__isnull=False).count() == 1


@override_settings(TASKS=DB_TASKS)
def test_db_queue_sends_each_notification_once_even_when_the_task_runs_twice(
    seeker, vacancy, counselor, django_capture_on_commit_callbacks, monkeypatch
):
    seeker.user.email = "hong@example.kr"
    seeker.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        referral = referral_at("employer_review", seeker=seeker, vacancy=vacancy, counselor=counselor)
    assert Delivery.objects.filter(status="queued").count() == 1  # nothing is sent inside the request
    queued = DBTaskResult.objects.count()
    assert queued == 1
    run_db_worker(monkeypatch)
    delivery = Delivery.objects.get(template_key="referral_proposed")
    assert delivery.status == "sent" and delivery.attempts == 1
    # a retry of the same task (e.g. the worker died after sending) does not send again
    from iljari.notifications.tasks import send_delivery

    with django_capture_on_commit_callbacks(execute=True):
        send_delivery.enqueue(delivery.pk)
    run_db_worker(monkeypatch)
    delivery.refresh_from_db()
    assert delivery.attempts == 1
    assert referral.status == "employer_review"


def test_add_months_clamps_to_the_last_day():
    assert add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2024, 11, 30), 3) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 1, 15), 12) == dt.date(2025, 1, 15)


def test_follow_up_status_must_be_an_outcome(seeker, vacancy, counselor):
    placement = _hire(seeker, vacancy, counselor)
    with pytest.raises(Exception, match="골라"):
        do_record_follow_up(follow_up=placement.follow_ups.first(), status="pending", actor=counselor)
    assert placement.follow_ups.filter(status=FollowUpStatus.PENDING).count() == 4


def test_retention_by_hire_quarter_is_labelled_in_korean_and_in_date_order(seeker, other_seeker, vacancy):
    for person, hired in ((seeker, dt.date(2026, 2, 10)), (other_seeker, dt.date(2025, 11, 3))):
        do_record_placement(seeker=person, employer=vacancy.employer, hire_date=hired, monthly_wage=2_500_000)
    rows = retention_table("cohort")
    assert [row["group"] for row in rows] == ["2025년 4분기", "2026년 1분기"]
    assert all(row["placements"] == 1 for row in rows)
