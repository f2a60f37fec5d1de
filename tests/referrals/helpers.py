"""Builders shared by the services tests (referrals, counseling, support, notifications)."""

import datetime as dt

from django.utils import timezone

from iljari.counseling.actions import do_open_case
from iljari.referrals.actions import do_create_referral, do_move_referral, do_schedule_interview

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def referral_at(status, *, seeker, vacancy, counselor):
    """A referral moved through the flow to ``status`` (proposed → … → status)."""
    order = ["proposed", "seeker_accepted", "employer_review", "interview"]
    referral = do_create_referral(seeker=seeker, vacancy=vacancy, counselor=counselor)
    target = order.index(status) if status in order else len(order) - 1
    for state in order[1 : target + 1]:
        referral = do_move_referral(referral=referral, to_status=state, actor=counselor)
    if status not in order:
        referral = do_move_referral(referral=referral, to_status=status, actor=counselor)
    return referral


def tomorrow_at(hour=10):
    day = timezone.localdate() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def accompanied(referral, counselor, *, starts_at=None):
    return do_schedule_interview(
        referral=referral,
        actor=counselor,
        starts_at=starts_at or tomorrow_at(),
        place="(주)남동용접 본관 2층",
        kind="accompanied",
        meeting_point="남동공단역 2번 출구",
        transport_note="수인분당선 남동공단역 도보 10분",
    )


def open_case(seeker, counselor, **kwargs):
    return do_open_case(seeker=seeker, counselor=counselor, actor=counselor, **kwargs)


def run_db_worker(monkeypatch) -> None:
    """Run ``iljari db_worker --batch`` inside the test transaction.

    The worker closes "old" connections between tasks (right for a long-running process); on
    PostgreSQL that would close the test's own transaction, so only that hygiene step is disabled.
    """
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
