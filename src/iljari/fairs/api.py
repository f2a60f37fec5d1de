"""/api/fairs/: events (public unless draft), booths, the organiser's optimise and report.

Seekers' personal data never leaves through this router except the caller's own schedule.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from iljari.accounts.api_auth import OPTIONAL_AUTH
from iljari.accounts.permissions import has_capability

from . import scheduling
from .models import Event, EventStatus, InterviewStatus, ParticipationStatus
from .report import event_report

router = Router(tags=["fairs"])


class EventOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    mode: str
    status: str
    status_label: str
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    slot_minutes: int
    venue: str
    video_url: str
    booths: int


class BoothOut(Schema):
    id: int
    booth_number: int | None
    hall: str
    company: str
    interviewers: int


class OptimiseIn(Schema):
    time_limit: float = Field(10.0, ge=0.5, le=120.0, description="CP-SAT 제한 시간(초)")


class RunOut(Schema):
    method: str
    status: str
    interviews: int
    value: int
    bound: int | None
    gap: float | None
    seconds: float
    seekers_with_interview: int
    greedy_interviews: int
    greedy_value: int
    greedy_seekers: int
    warnings: list[str]


class ReportOut(Schema):
    summary: str
    figures: dict[str, int]


class MyInterviewOut(Schema):
    slot: int
    time: str
    booth: str
    company: str
    status: str
    result: str


def _visible(request, event: Event) -> None:
    if event.status == EventStatus.DRAFT and not has_capability(request.user, "manage_fairs"):
        raise Http404


def _event_out(e: Event) -> dict:
    return {
        "id": e.pk,
        "title": e.title,
        "kind": e.kind,
        "kind_label": str(e.get_kind_display()),
        "mode": e.mode,
        "status": e.status,
        "status_label": str(e.get_status_display()),
        "date": e.date,
        "start_time": e.start_time,
        "end_time": e.end_time,
        "slot_minutes": e.slot_minutes,
        "venue": e.venue,
        "video_url": e.video_url,
        "booths": e.participations.filter(status=ParticipationStatus.APPROVED).count(),
    }


@router.get("/", response=list[EventOut], auth=OPTIONAL_AUTH, summary="행사 목록")
def list_events(request):
    qs = Event.objects.exclude(status=EventStatus.DRAFT).order_by("-date")[:200]
    return [_event_out(e) for e in qs]


@router.get("/{event_id}", response=EventOut, auth=OPTIONAL_AUTH, summary="행사 정보")
def get_event(request, event_id: int):
    event = get_object_or_404(Event, pk=event_id)
    _visible(request, event)
    return _event_out(event)


@router.get("/{event_id}/booths", response=list[BoothOut], auth=OPTIONAL_AUTH, summary="참여 부스")
def list_booths(request, event_id: int):
    event = get_object_or_404(Event, pk=event_id)
    _visible(request, event)
    return [
        {
            "id": p.pk,
            "booth_number": p.booth_number,
            "hall": p.hall,
            "company": p.employer.name,
            "interviewers": p.interviewers,
        }
        for p in event.participations.filter(status=ParticipationStatus.APPROVED).select_related("employer")
    ]


@router.post("/{event_id}/optimise", response=RunOut, summary="면접 시간표 최적화(운영자)")
def optimise(request, event_id: int, payload: OptimiseIn):
    if not has_capability(request.user, "manage_fairs"):
        raise PermissionDenied(_("박람회 운영 권한이 없습니다."))
    event = get_object_or_404(Event, pk=event_id)
    run = scheduling.do_optimise(event=event, actor=request.user, time_limit=payload.time_limit)
    return {
        "method": run.method,
        "status": run.status,
        "interviews": run.interviews,
        "value": run.value,
        "bound": run.bound,
        "gap": run.gap,
        "seconds": run.seconds,
        "seekers_with_interview": run.seekers_with_interview,
        "greedy_interviews": run.greedy_interviews,
        "greedy_value": run.greedy_value,
        "greedy_seekers": run.greedy_seekers,
        "warnings": run.warnings,
    }


@router.get("/{event_id}/report", response=ReportOut, summary="결과 보고(운영자·통계 열람)")
def report(request, event_id: int):
    if not (has_capability(request.user, "manage_fairs") or has_capability(request.user, "view_statistics")):
        raise PermissionDenied(_("통계 열람 권한이 없습니다."))
    event = get_object_or_404(Event, pk=event_id)
    data = event_report(event)
    return {"summary": data["summary"], "figures": data["figures"]}


@router.get("/{event_id}/my-interviews", response=list[MyInterviewOut], summary="내 면접 일정(구직자 본인)")
def my_interviews(request, event_id: int):
    event = get_object_or_404(Event, pk=event_id)
    seeker = getattr(request.user, "seeker", None)
    reg = event.registrations.filter(seeker=seeker).first() if seeker else None
    if reg is None:
        raise Http404
    return [
        {
            "slot": iv.slot,
            "time": iv.slot_label,
            "booth": iv.participation.booth_label,
            "company": iv.participation.employer.name,
            "status": iv.status,
            "result": iv.result,
        }
        for iv in reg.interviews.exclude(status=InterviewStatus.CANCELLED).select_related(
            "participation__employer"
        )
    ]
