"""Due reminders, run by ``iljari send-reminders`` (cron) or the ``send_due_reminders`` task.

Idempotent: each reminder has a dedupe key, and the row is stamped ``reminder_sent_at``.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import FollowUpStatus, Interview, InterviewStatus, RetentionFollowUp


def send_due_reminders(now=None) -> dict:
    from iljari.notifications.actions import do_notify

    from .actions import interview_context

    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {"interviews": 0, "follow_ups": 0}
    upcoming = Interview.objects.filter(
        status=InterviewStatus.SCHEDULED,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + timedelta(hours=36),
    ).select_related("referral__seeker__user", "referral__vacancy__employer", "counselor")
    for interview in upcoming:
        with transaction.atomic():
            user = interview.referral.seeker.user
            context = {"name": user.display_name, **interview_context(interview)}
            do_notify(
                template_key="interview_reminder",
                context=context,
                user=user,
                channels=("sms", "email"),
                dedupe_key=f"interview-reminder:{interview.pk}",
            )
            Interview.objects.filter(pk=interview.pk).update(reminder_sent_at=now)
            counts["interviews"] += 1
    due = RetentionFollowUp.objects.filter(
        status=FollowUpStatus.PENDING, reminder_sent_at__isnull=True, due_date__lte=today
    ).select_related("placement__seeker__user", "placement__employer", "placement__recorded_by")
    for follow_up in due:
        placement = follow_up.placement
        counselor = _counselor_of(placement)
        with transaction.atomic():
            if counselor is not None:
                do_notify(
                    template_key="followup_due",
                    context={
                        "counselor": counselor.display_name,
                        "seeker": placement.seeker.initials,
                        "employer": placement.employer.name,
                        "hire_date": placement.hire_date.isoformat(),
                        "month": follow_up.month,
                        "due_date": follow_up.due_date.isoformat(),
                    },
                    user=counselor,
                    dedupe_key=f"followup-due:{follow_up.pk}",
                )
            RetentionFollowUp.objects.filter(pk=follow_up.pk).update(reminder_sent_at=now)
            counts["follow_ups"] += 1
    return counts


def _counselor_of(placement):
    """The seeker's case counselor, else the referral's counselor, else who recorded the hire."""
    from iljari.counseling.models import Case

    case = (
        Case.objects.filter(seeker_id=placement.seeker_id).select_related("counselor").order_by("-id").first()
    )
    if case is not None and case.counselor is not None:
        return case.counselor
    if placement.referral_id and placement.referral.counselor_id:
        return placement.referral.counselor
    return placement.recorded_by
