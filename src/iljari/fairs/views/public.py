"""The public pages: the fairs, and a fair with its hall map and companies."""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from iljari.accounts.permissions import employer_ids_of

from ..models import Event, EventStatus, ParticipationStatus
from .common import can_manage, seeker_of


def event_list(request):
    events = Event.objects.exclude(status=EventStatus.DRAFT).order_by("-date")
    if can_manage(request.user):
        events = Event.objects.order_by("-date")
    return render(request, "fairs/list.html", {"events": events, "can_manage": can_manage(request.user)})


def hall_map(event: Event, parts) -> list[dict]:
    """Booths grouped by hall, in rows of ``event.booth_columns`` (the printed floor plan)."""
    halls: dict[str, list] = defaultdict(list)
    for p in parts:
        halls[p.hall or event.hall_list()[0]].append(p)
    out = []
    for hall, items in halls.items():
        items.sort(key=lambda p: p.booth_number or 0)
        cols = event.booth_columns
        out.append({"hall": hall, "rows": [items[i : i + cols] for i in range(0, len(items), cols)]})
    return out


def event_detail(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    if event.status == EventStatus.DRAFT and not can_manage(request.user):
        raise PermissionDenied(_("공개되지 않은 행사입니다."))
    parts = list(
        event.participations.filter(status=ParticipationStatus.APPROVED)
        .select_related("employer")
        .prefetch_related("vacancies")
    )
    seeker = seeker_of(request.user)
    registration = event.registrations.filter(seeker=seeker).first() if seeker else None
    employer_ids = employer_ids_of(request.user)
    applied = set(
        event.participations.filter(employer_id__in=employer_ids).values_list("employer_id", flat=True)
    )
    ctx = {
        "event": event,
        "parts": parts,
        "hall_map": hall_map(event, parts),
        "registration": registration if registration and registration.is_active else None,
        "can_register": seeker is not None and event.registration_open,
        "can_apply": bool(employer_ids - applied) and event.status in (EventStatus.DRAFT, EventStatus.OPEN),
        "can_manage": can_manage(request.user),
        "my_booths": [p for p in parts if p.employer_id in employer_ids],
    }
    return render(request, "fairs/detail.html", ctx)
