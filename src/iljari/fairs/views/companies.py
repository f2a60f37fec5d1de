"""A company's side: applying for a booth and its booth's interview schedule."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from iljari.accounts.permissions import is_member_of
from iljari.audit.actions import log_access

from .. import actions
from ..forms import ParticipationApplyForm
from ..models import Event, InterviewStatus, Participation
from ..outputs import pdf_from_template, qr_data_uri
from .common import can_manage


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
