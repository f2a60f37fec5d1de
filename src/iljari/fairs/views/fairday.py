"""The day of the fair: check-in, the booths' queues, walk-ins, interview results and the report."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iljari.accounts.permissions import has_capability
from iljari.audit.actions import log_access
from iljari.seekers.models import Seeker

from .. import actions, scheduling
from ..forms import ResultForm, WalkInForm
from ..models import Event, Interview, InterviewStatus, ParticipationStatus, Registration, RegistrationStatus
from ..outputs import pdf_from_template, report_xlsx
from ..report import event_report
from .common import can_manage, require_manager, show_errors


@login_required
def checkin(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    require_manager(request, event)
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
            show_errors(request, exc)
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
    require_manager(request, event)
    template = "fairs/_queues.html" if request.headers.get("HX-Request") else "fairs/queues.html"
    return render(request, template, _queues(event))


@login_required
@require_POST
def mark_interview(request, pk: int, iv_pk: int):
    event = get_object_or_404(Event, pk=pk)
    require_manager(request, event)
    iv = get_object_or_404(Interview, pk=iv_pk, event=event)
    try:
        actions.do_mark_interview(interview=iv, status=request.POST.get("status", ""), actor=request.user)
    except ValidationError as exc:
        show_errors(request, exc)
    if request.headers.get("HX-Request"):
        return render(request, "fairs/_queues.html", _queues(event))
    return redirect(request.POST.get("next") or reverse("fairs:queues", args=[pk]))


@login_required
def walk_in(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    require_manager(request, event)
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
    require_manager(request, event)
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
    require_manager(request, event)
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
            show_errors(request, exc)
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
