"""A seeker's side: registering, the interview schedule (by link or signed in) and its QR code."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from iljari.audit.actions import log_access

from .. import actions, scores
from ..forms import RegistrationForm
from ..models import Event, InterviewStatus, Registration
from ..outputs import pdf_from_template, qr_data_uri, qr_png
from .common import can_manage, seeker_of


@login_required
def register(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    seeker = seeker_of(request.user)
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
    seeker = seeker_of(request.user)
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
    seeker = seeker_of(request.user)
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
