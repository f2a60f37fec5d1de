"""Due reminders, run by ``iljari send-reminders`` (cron) or the ``send_due_reminders`` task:
interview reminders for the next day (iljari.referrals.reminders) and the retention follow-ups due
today, sent to the seeker's counselor — which is why this lives in counseling, above referrals.

Idempotent: each reminder has a dedupe key, and the row is stamped ``reminder_sent_at``.
"""

from django.db import transaction
from django.utils import timezone

from iljari.notifications.actions import do_notify
from iljari.referrals.models import FollowUpStatus, RetentionFollowUp
from iljari.referrals.reminders import send_interview_reminders

from .models import Case


def send_due_reminders(now=None) -> dict:
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {"interviews": send_interview_reminders(now), "follow_ups": 0}
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
    case = (
        Case.objects.filter(seeker_id=placement.seeker_id).select_related("counselor").order_by("-id").first()
    )
    if case is not None and case.counselor is not None:
        return case.counselor
    if placement.referral_id and placement.referral.counselor_id:
        return placement.referral.counselor
    return placement.recorded_by
