"""Bulk-access alerts: one account touching many people's records in a short time."""

import datetime as dt

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncHour
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AccessLog

CHANGING_ACTIONS = ("change", "delete")


def bulk_access_alerts(*, since=None, threshold: int | None = None) -> list[dict]:
    """Per account and hour: the number of distinct people accessed and of records exported.

    An alert is raised when either reaches ``threshold`` (ILJARI_BULK_ACCESS_THRESHOLD).
    """
    threshold = threshold or settings.ILJARI_BULK_ACCESS_THRESHOLD
    since = since or timezone.now() - dt.timedelta(days=7)
    rows = (
        AccessLog.objects.filter(at__gte=since)
        .exclude(action__in=CHANGING_ACTIONS)
        .annotate(hour=TruncHour("at"))
        .values("actor_label", "hour")
        .annotate(
            subjects=Count("subject_id", distinct=True),
            records=Sum("count"),
            exports=Sum("count", filter=Q(action__in=("export", "download"))),
        )
        .filter(Q(subjects__gte=threshold) | Q(records__gte=threshold))
        .order_by("-hour", "actor_label")
    )
    return [
        {
            "actor": row["actor_label"],
            "hour": row["hour"],
            "subjects": row["subjects"],
            "records": row["records"] or 0,
            "exports": row["exports"] or 0,
        }
        for row in rows[:200]
    ]


def notify_privacy_officers(alerts: list[dict]) -> int:
    """E-mail the privacy officers (ILJARI_PRIVACY_OFFICER_EMAILS); returns messages sent."""
    from django.core.mail import send_mail

    recipients = settings.ILJARI_PRIVACY_OFFICER_EMAILS
    if not alerts or not recipients:
        return 0
    lines = [
        _("%(hour)s %(actor)s: 정보주체 %(subjects)s명, 기록 %(records)s건")
        % {
            "hour": f"{a['hour']:%Y-%m-%d %H:00}",
            "actor": a["actor"],
            "subjects": a["subjects"],
            "records": a["records"],
        }
        for a in alerts
    ]
    send_mail(
        subject=_("[일자리] 개인정보 대량 접근 경보 %(n)s건") % {"n": len(alerts)},
        message=_("다음 계정의 대량 접근을 확인해 주세요.") + "\n\n" + "\n".join(lines),
        from_email=None,
        recipient_list=recipients,
    )
    return 1
