"""Searching the access log (the page and the API share this)."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from .models import AccessLog


def search_access_log(*, actor="", subject="", action="", purpose="", ip=None, date_from=None, date_to=None):
    rows = AccessLog.objects.all()
    if actor:
        rows = rows.filter(actor_label__icontains=actor)
    if subject:
        rows = rows.filter(Q(subject_label__icontains=subject) | Q(subject_id=subject))
    if action:
        rows = rows.filter(action=action)
    if purpose:
        rows = rows.filter(purpose__icontains=purpose)
    if ip:
        rows = rows.filter(ip_address=ip)
    tz = timezone.get_current_timezone()
    if date_from:
        rows = rows.filter(at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=tz))
    if date_to:
        rows = rows.filter(at__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    return rows.order_by("-at", "-id")
