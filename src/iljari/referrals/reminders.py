"""Interview reminders: the day before, to the seeker, by SMS and e-mail. Part of the due reminders
that ``iljari send-reminders`` (cron) or the ``send_due_reminders`` task run (iljari.counseling.
reminders, which adds the follow-ups due to each seeker's counselor).

Idempotent: each reminder has a dedupe key, and the row is stamped ``reminder_sent_at``.
"""

from datetime import timedelta

from django.db import transaction

from iljari.notifications.actions import do_notify

from .interviews import interview_context
from .models import Interview, InterviewStatus


def send_interview_reminders(now) -> int:
    """Remind each seeker of an interview in the next 36 hours, once; the number reminded."""
    sent = 0
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
            sent += 1
    return sent
