"""The retention period of a seeker's data (docs/privacy.md): who is past it."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from .models import Seeker


def inactive_seekers(now=None):
    """Seekers whose last activity is older than the retention period and who are not yet anonymised."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.ILJARI_SEEKER_RETENTION_DAYS)
    return Seeker.objects.filter(last_active_at__lt=cutoff, anonymised_at__isnull=True).select_related(
        "user", "home_region"
    )
