"""Pages of the fairs app: validate, call one action, render."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from iljari.accounts.permissions import employer_ids_of, has_capability, is_member_of
from iljari.audit.actions import log_access
from iljari.core.confirm import confirmation
from iljari.jobs.actions import active_job, do_start_job
from iljari.seekers.models import Seeker

from . import actions, scheduling, scores
from .forms import BoothForm, EventForm, ParticipationApplyForm, RegistrationForm, ResultForm, WalkInForm
from .models import (
    Event,
    EventStatus,
    Interview,
    InterviewStatus,
    Participation,
    ParticipationStatus,
    Registration,
    RegistrationStatus,
)
from .outputs import pdf_from_template, qr_data_uri, qr_png, report_xlsx
from .report import event_report

EVENT_ACTIONS = [
    (EventStatus.OPEN, _lazy("참가 접수 시작")),
    (EventStatus.CLOSED, pgettext_lazy("action", "접수 마감")),
    (EventStatus.SCHEDULED, pgettext_lazy("action", "면접 시간표 공지")),
    (EventStatus.ONGOING, _lazy("행사 시작")),
    (EventStatus.FINISHED, _lazy("행사 종료")),
    (EventStatus.CANCELLED, _lazy("행사 취소")),
]


def can_manage(user, event: Event | None = None) -> bool:
    return has_capability(user, "manage_fairs")


def _require_manager(request, event=None):
    if not request.user.is_authenticated:
        raise PermissionDenied(_("로그인이 필요합니다."))
    if not can_manage(request.user, event):
        raise PermissionDenied(_("박람회 운영 권한이 없습니다."))


def _optimise_job(event: Event):
    """The optimisation job queued or running for this event, if any."""
    from .jobkinds import KIND_OPTIMISE, target_of

    return active_job(KIND_OPTIMISE, target_of(event))


def _errors(request, exc: ValidationError) -> None:
    for m in exc.messages:
        messages.error(request, m)


def _seeker_of(user):
    return getattr(user, "seeker", None) if getattr(user, "is_authenticated", False) else None


# --- public ---------------------------------------------------------------------------------
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
    seeker = _seeker_of(request.user)
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


# --- organisers -----------------------------------------------------------------------------
@login_required
def event_create(request):
    _require_manager(request)
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
    _require_manager(request, event)
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
    _require_manager(request, event)
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
        _errors(request, exc)
    return redirect("fairs:manage", pk=pk)


@login_required
@require_POST
def participation_review(request, pk: int, part_pk: int):
    event = get_object_or_404(Event, pk=pk)
    _require_manager(request, event)
    part = get_object_or_404(Participation, pk=part_pk, event=event)
    try:
        approve = request.POST.get("decision") == "approve"
        actions.do_review_participation(participation=part, approve=approve, actor=request.user)
        done = _("%(name)s 참여를 승인했습니다.") if approve else _("%(name)s 참여를 반려했습니다.")
        messages.success(request, done % {"name": part.employer.name})
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("fairs:manage", pk=pk)


@login_required
def booth_edit(request, pk: int, part_pk: int):
    event = get_object_or_404(Event, pk=pk)
    _require_manager(request, event)
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
    from .jobkinds import KIND_OPTIMISE, target_of

    event = get_object_or_404(Event, pk=pk)
    _require_manager(request, event)
    try:
        scheduling.check_can_optimise(event)
    except ValidationError as exc:
        messages.error(request, _("시간표를 만들 수 없습니다. 아래 내용을 고쳐 주세요."))
        _errors(request, exc)
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
    _require_manager(request, event)
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


# --- companies ------------------------------------------------------------------------------
@login_required
def participation_apply(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    employers = request.user.employer_memberships.select_related("employer")
    membership = employers.exclude(employer__fair_participations__event=event).first()
    if membership is None:
        raise PermissionDenied(_("참여 신청할 수 있는 기업 계정이 아닙니다."))
    employer = membership.employer
    form = ParticipationApplyForm(request.POST or None, employer=employer)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_apply_participation(
                event=event,
                employer=employer,
                actor=request.user,
                interviewers=form.cleaned_data["interviewers"],
                vacancies=form.cleaned_data["vacancies"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("참여 신청을 접수했습니다. 승인되면 부스 번호를 알려드립니다."))
            return redirect("fairs:detail", pk=pk)
    return render(
        request,
        "fairs/form.html",
        {
            "form": form,
            "title": _("%(e)s 참여 신청: %(c)s") % {"e": event.title, "c": employer.name},
            "event": event,
        },
    )


# --- seekers --------------------------------------------------------------------------------
@login_required
def register(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    seeker = _seeker_of(request.user)
    if seeker is None:
        raise PermissionDenied(_("구직자 회원만 참가 등록할 수 있습니다."))
    suggestions = scores.suggest_booths(event, seeker)
    form = RegistrationForm(
        request.POST if request.method == "POST" else None, event=event, suggestions=suggestions
    )
    if request.method == "POST" and form.is_valid():
        try:
            reg = actions.do_register_seeker(
                event=event,
                seeker=seeker,
                actor=request.user,
                choices=form.choices(),
                consent_share_resume=form.cleaned_data["consent_share_resume"],
                arrive_at=form.cleaned_data["arrive_at"],
                leave_at=form.cleaned_data["leave_at"],
                suggested_ids=[p.pk for p, _s in suggestions],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("참가 등록을 마쳤습니다. 면접 시간표가 나오면 이 화면에서 확인하세요.")
            )
            return redirect("fairs:seeker_schedule", pk=pk, token=reg.token)
    return render(request, "fairs/register.html", {"event": event, "form": form, "suggestions": suggestions})


def _registration_for(request, event, token) -> Registration:
    reg = get_object_or_404(Registration, event=event, token=token)
    seeker = _seeker_of(request.user)
    if not (seeker is not None and reg.seeker_id == seeker.pk) and not can_manage(request.user, event):
        raise PermissionDenied(_("본인 또는 박람회 운영자만 볼 수 있습니다."))
    return reg


@login_required
def seeker_schedule(request, pk: int, token):
    event = get_object_or_404(Event, pk=pk)
    reg = _registration_for(request, event, token)
    ivs = reg.interviews.exclude(status=InterviewStatus.CANCELLED).select_related("participation__employer")
    checkin_url = request.build_absolute_uri(reverse("fairs:checkin_token", args=[event.pk, reg.token]))
    ctx = {"event": event, "reg": reg, "interviews": ivs, "checkin_url": checkin_url}
    if reg.seeker.user_id != request.user.pk:
        log_access(
            actor=request.user,
            action="fair_schedule",
            subject=reg.seeker,
            fields="name",
            purpose=event.title,
            request=request,
        )
    if request.GET.get("format") == "pdf":
        ctx["qr"] = qr_data_uri(checkin_url)
        pdf = pdf_from_template("fairs/pdf/seeker_schedule.html", ctx, request.build_absolute_uri("/"))
        resp = HttpResponse(pdf, content_type="application/pdf")
        resp["Content-Disposition"] = f'inline; filename="fair-{event.pk}-schedule.pdf"'
        return resp
    return render(request, "fairs/seeker_schedule.html", ctx)


@login_required
def my_schedule(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    seeker = _seeker_of(request.user)
    reg = event.registrations.filter(seeker=seeker).first() if seeker else None
    if reg is None:
        messages.error(request, _("이 행사에 등록하지 않았습니다."))
        return redirect("fairs:detail", pk=pk)
    return redirect("fairs:seeker_schedule", pk=pk, token=reg.token)


@login_required
def qr_image(request, pk: int, token):
    event = get_object_or_404(Event, pk=pk)
    reg = _registration_for(request, event, token)
    url = request.build_absolute_uri(reverse("fairs:checkin_token", args=[event.pk, reg.token]))
    return HttpResponse(qr_png(url), content_type="image/png")


@login_required
def booth_schedule(request, pk: int, part_pk: int):
    event = get_object_or_404(Event, pk=pk)
    part = get_object_or_404(Participation, pk=part_pk, event=event)
    manager = can_manage(request.user, event)
    if not manager and not is_member_of(request.user, part.employer):
        raise PermissionDenied(_("해당 기업 담당자 또는 박람회 운영자만 볼 수 있습니다."))
    ivs = list(
        part.interviews.exclude(status=InterviewStatus.CANCELLED)
        .select_related("registration__seeker__user")
        .order_by("slot")
    )
    rows = []
    for iv in ivs:
        seeker = iv.registration.seeker
        shared = manager or iv.registration.consent_share_resume
        rows.append(
            {"iv": iv, "name": seeker.user.display_name if shared else seeker.initials, "shared": shared}
        )
        if shared:
            log_access(
                actor=request.user,
                action="fair_booth_schedule",
                subject=seeker,
                fields="name",
                purpose=event.title,
                request=request,
            )
    booth_url = request.build_absolute_uri(reverse("fairs:booth_schedule", args=[event.pk, part.pk]))
    ctx = {"event": event, "part": part, "rows": rows, "booth_url": booth_url}
    if request.GET.get("format") == "pdf":
        ctx["qr"] = qr_data_uri(booth_url)
        pdf = pdf_from_template("fairs/pdf/booth_schedule.html", ctx, request.build_absolute_uri("/"))
        resp = HttpResponse(pdf, content_type="application/pdf")
        resp["Content-Disposition"] = f'inline; filename="fair-{event.pk}-booth-{part.booth_number}.pdf"'
        return resp
    return render(request, "fairs/booth_schedule.html", ctx)


# --- day of the fair ------------------------------------------------------------------------
@login_required
def checkin(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    _require_manager(request, event)
    reg = None
    if request.method == "POST":
        token = request.POST.get("token", "").strip().rsplit("/checkin/", 1)[-1].strip("/")
        try:
            reg = actions.do_check_in(event=event, token=token, actor=request.user, request=request)
            messages.success(request, _("%(name)s 님 입장을 확인했습니다.") % {"name": reg.seeker})
        except (ValidationError, ValueError) as exc:
            messages.error(
                request,
                exc.messages[0]
                if isinstance(exc, ValidationError)
                else _("확인 코드 형식이 올바르지 않습니다."),
            )
    checked = event.registrations.filter(checked_in_at__isnull=False).count()
    total = event.registrations.exclude(status=RegistrationStatus.CANCELLED).count()
    return render(
        request, "fairs/checkin.html", {"event": event, "reg": reg, "checked": checked, "total": total}
    )


@login_required
def checkin_token(request, pk: int, token):
    """Where the seeker's QR code points: organisers confirm the entry with one button."""
    event = get_object_or_404(Event, pk=pk)
    if not can_manage(request.user, event):
        return redirect("fairs:seeker_schedule", pk=pk, token=token)
    reg = get_object_or_404(Registration, event=event, token=token)
    if request.method == "POST":
        try:
            actions.do_check_in(event=event, token=token, actor=request.user, request=request)
            messages.success(request, _("%(name)s 님 입장을 확인했습니다.") % {"name": reg.seeker})
        except ValidationError as exc:
            _errors(request, exc)
        return redirect("fairs:checkin", pk=pk)
    ivs = reg.interviews.exclude(status=InterviewStatus.CANCELLED).select_related("participation__employer")
    log_access(
        actor=request.user,
        action="fair_check_in_view",
        subject=reg.seeker,
        fields="name",
        purpose=event.title,
        request=request,
    )
    return render(request, "fairs/checkin_confirm.html", {"event": event, "reg": reg, "interviews": ivs})


def _queues(event: Event):
    now = scheduling.current_slot(event)
    parts = list(event.participations.filter(status=ParticipationStatus.APPROVED).select_related("employer"))
    ivs = (
        event.interviews.filter(
            status__in=[InterviewStatus.SCHEDULED, InterviewStatus.DONE, InterviewStatus.NO_SHOW]
        )
        .select_related("registration__seeker__user")
        .order_by("slot")
    )
    by_part = defaultdict(list)
    for iv in ivs:
        by_part[iv.participation_id].append(iv)
    queues = []
    for p in parts:
        items = by_part.get(p.pk, [])
        waiting = [iv for iv in items if iv.status == InterviewStatus.SCHEDULED]
        queues.append(
            {
                "part": p,
                "waiting": waiting[:6],
                "waiting_count": len(waiting),
                "done": sum(1 for iv in items if iv.status == InterviewStatus.DONE),
            }
        )
    return {
        "event": event,
        "queues": queues,
        "now_slot": now,
        "now_label": event.slot_label(now) if now < event.num_slots else "-",
    }


@login_required
def queues(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    _require_manager(request, event)
    template = "fairs/_queues.html" if request.headers.get("HX-Request") else "fairs/queues.html"
    return render(request, template, _queues(event))


@login_required
@require_POST
def mark_interview(request, pk: int, iv_pk: int):
    event = get_object_or_404(Event, pk=pk)
    _require_manager(request, event)
    iv = get_object_or_404(Interview, pk=iv_pk, event=event)
    try:
        actions.do_mark_interview(interview=iv, status=request.POST.get("status", ""), actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    if request.headers.get("HX-Request"):
        return render(request, "fairs/_queues.html", _queues(event))
    return redirect(request.POST.get("next") or reverse("fairs:queues", args=[pk]))


@login_required
def walk_in(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    _require_manager(request, event)
    form = WalkInForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        seeker = Seeker.objects.filter(user__username=form.cleaned_data["username"]).first()
        if seeker is None:
            form.add_error("username", _("해당 아이디의 구직자가 없습니다. 먼저 구직자 등록을 하세요."))
        else:
            try:
                reg = scheduling.do_walk_in(
                    event=event,
                    seeker=seeker,
                    actor=request.user,
                    choices=form.choices(),
                    consent_share_resume=form.cleaned_data["consent_share_resume"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                n = reg.interviews.count()
                messages.success(request, _("현장 접수: 면접 %(n)d건을 배정했습니다.") % {"n": n})
                return redirect("fairs:seeker_schedule", pk=pk, token=reg.token)
    return render(request, "fairs/form.html", {"form": form, "title": _("현장 접수(워크인)"), "event": event})


@login_required
def outcomes(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    _require_manager(request, event)
    ivs = (
        event.interviews.exclude(status=InterviewStatus.CANCELLED)
        .select_related("registration__seeker__user", "participation__employer")
        .order_by("participation__booth_number", "slot")
    )
    return render(request, "fairs/outcomes.html", {"event": event, "interviews": ivs, "form": ResultForm()})


@login_required
@require_POST
def record_result(request, pk: int, iv_pk: int):
    event = get_object_or_404(Event, pk=pk)
    _require_manager(request, event)
    iv = get_object_or_404(Interview, pk=iv_pk, event=event)
    form = ResultForm(request.POST)
    if form.is_valid():
        try:
            actions.do_record_result(
                interview=iv,
                result=form.cleaned_data["result"],
                actor=request.user,
                monthly_wage=form.cleaned_data["monthly_wage"],
            )
            messages.success(request, _("결과를 기록했습니다."))
        except ValidationError as exc:
            _errors(request, exc)
    else:
        messages.error(request, _("결과를 선택하세요."))
    return redirect(reverse("fairs:outcomes", args=[pk]) + f"#iv-{iv.pk}")


def report(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    if not (can_manage(request.user, event) or has_capability(request.user, "view_statistics")):
        raise PermissionDenied(_("통계 열람 권한이 없습니다."))
    data = event_report(event)
    fmt = request.GET.get("format")
    if fmt == "xlsx":
        resp = HttpResponse(
            report_xlsx(data),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        resp["Content-Disposition"] = f'attachment; filename="fair-{event.pk}-report.xlsx"'
        return resp
    if fmt == "pdf":
        pdf = pdf_from_template("fairs/pdf/report.html", data, request.build_absolute_uri("/"))
        resp = HttpResponse(pdf, content_type="application/pdf")
        resp["Content-Disposition"] = f'inline; filename="fair-{event.pk}-report.pdf"'
        return resp
    return render(request, "fairs/report.html", data)
