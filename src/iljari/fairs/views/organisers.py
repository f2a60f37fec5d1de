"""Running a fair: create it, move it through its states, review companies and booths, optimise
the interview timetable and see it."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from iljari.core.confirm import confirmation
from iljari.jobs.actions import active_job, do_start_job

from .. import actions, scheduling
from ..forms import BoothForm, EventForm
from ..jobkinds import KIND_OPTIMISE, target_of
from ..models import (
    Event,
    EventStatus,
    InterviewStatus,
    Participation,
    ParticipationStatus,
    RegistrationStatus,
)
from .common import require_manager, show_errors

EVENT_ACTIONS = [
    (EventStatus.OPEN, _lazy("참가 접수 시작")),
    (EventStatus.CLOSED, pgettext_lazy("action", "접수 마감")),
    (EventStatus.SCHEDULED, pgettext_lazy("action", "면접 시간표 공지")),
    (EventStatus.ONGOING, _lazy("행사 시작")),
    (EventStatus.FINISHED, _lazy("행사 종료")),
    (EventStatus.CANCELLED, _lazy("행사 취소")),
]


def _optimise_job(event: Event):
    """The optimisation job queued or running for this event, if any."""
    return active_job(KIND_OPTIMISE, target_of(event))


@login_required
def event_create(request):
    require_manager(request)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = actions.do_create_event(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("행사를 만들었습니다."))
            return redirect("fairs:manage", pk=event.pk)
    return render(request, "fairs/form.html", {"form": form, "title": _("새 행사 만들기")})


@login_required
def event_manage(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    require_manager(request, event)
    parts = (
        event.participations.select_related("employer")
        .prefetch_related("vacancies")
        .order_by("status", "booth_number", "id")
    )
    regs = event.registrations.exclude(status=RegistrationStatus.CANCELLED)
    ctx = {
        "event": event,
        "parts": parts,
        "registered": regs.count(),
        "walk_ins": regs.filter(status=RegistrationStatus.WALK_IN).count(),
        "interviews": event.interviews.exclude(status=InterviewStatus.CANCELLED).count(),
        "run": event.timetable_runs.first(),
        "optimise_job": _optimise_job(event),
        "transitions": [
            (to, label) for to, label in EVENT_ACTIONS if to in actions.EVENT_FLOW.allowed(event.status)
        ],
    }
    return render(request, "fairs/manage.html", ctx)


@login_required
@require_POST
def event_move(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    require_manager(request, event)
    to_status = request.POST.get("to", "")
    if to_status == EventStatus.CANCELLED:
        registered = event.registrations.exclude(status=RegistrationStatus.CANCELLED).count()
        step = confirmation(
            request,
            title=_("행사 취소"),
            question=_("'%(title)s' 행사를 취소할까요?") % {"title": event.title},
            consequences=[
                _("참여 기업 %(parts)d곳과 등록한 구직자 %(people)d명의 행사가 취소됩니다.")
                % {"parts": event.participations.count(), "people": registered},
                _("취소한 행사는 다시 열 수 없습니다. 날짜만 바꿀 거라면 행사 정보를 고쳐 주세요."),
            ],
            confirm_label=_("행사 취소"),
            back_url=reverse("fairs:manage", args=[pk]),
            back_label=_("취소하지 않고 돌아가기"),
        )
        if step is not None:
            return step
    try:
        actions.do_move_event(event=event, to_status=to_status, actor=request.user)
        messages.success(request, _("행사 상태를 바꿨습니다."))
    except ValidationError as exc:
        show_errors(request, exc)
    return redirect("fairs:manage", pk=pk)


@login_required
@require_POST
def participation_review(request, pk: int, part_pk: int):
    event = get_object_or_404(Event, pk=pk)
    require_manager(request, event)
    part = get_object_or_404(Participation, pk=part_pk, event=event)
    try:
        approve = request.POST.get("decision") == "approve"
        actions.do_review_participation(participation=part, approve=approve, actor=request.user)
        done = _("%(name)s 참여를 승인했습니다.") if approve else _("%(name)s 참여를 반려했습니다.")
        messages.success(request, done % {"name": part.employer.name})
    except ValidationError as exc:
        show_errors(request, exc)
    return redirect("fairs:manage", pk=pk)


@login_required
def booth_edit(request, pk: int, part_pk: int):
    event = get_object_or_404(Event, pk=pk)
    require_manager(request, event)
    part = get_object_or_404(Participation, pk=part_pk, event=event)
    form = BoothForm(request.POST or None, instance=part)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_booth(participation=part, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("부스 정보를 저장했습니다."))
            return redirect("fairs:manage", pk=pk)
    return render(
        request,
        "fairs/form.html",
        {"form": form, "title": _("부스 설정: %(n)s") % {"n": part.employer.name}, "event": event},
    )


@login_required
@require_POST
def optimise(request, pk: int):
    """Start the optimisation as a background job and show its page (returns at once)."""
    event = get_object_or_404(Event, pk=pk)
    require_manager(request, event)
    try:
        scheduling.check_can_optimise(event)
    except ValidationError as exc:
        messages.error(request, _("시간표를 만들 수 없습니다. 아래 내용을 고쳐 주세요."))
        show_errors(request, exc)
        return redirect("fairs:manage", pk=pk)
    job, created = do_start_job(
        kind=KIND_OPTIMISE,
        target=target_of(event),
        owner=request.user,
        target_label=event.title,
        params={"event": event.pk, "progress": "time"},
        notify_email=request.POST.get("notify_email") == "1",
    )
    if not created:
        messages.info(
            request, _("이 박람회의 시간표 최적화가 이미 진행 중입니다. 진행 중인 작업을 보여 드립니다.")
        )
    return redirect("jobs:detail", pk=job.pk)


@login_required
def timetable(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    require_manager(request, event)
    parts = list(event.participations.filter(status=ParticipationStatus.APPROVED).select_related("employer"))
    ivs = event.interviews.exclude(status=InterviewStatus.CANCELLED).select_related(
        "registration__seeker__user"
    )
    cells: dict = defaultdict(list)
    for iv in ivs:
        cells[(iv.participation_id, iv.slot)].append(iv)
    grid = [{"part": p, "cells": [cells.get((p.pk, t), []) for t in range(event.num_slots)]} for p in parts]
    return render(
        request,
        "fairs/timetable.html",
        {
            "event": event,
            "grid": grid,
            "slots": event.slot_labels(),
            "run": event.timetable_runs.first(),
            "optimise_job": _optimise_job(event),
        },
    )
