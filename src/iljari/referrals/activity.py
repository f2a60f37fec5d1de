"""A seeker's own 취업 활동: one timeline of what they did and what the center arranged for them.

Applications, the center's 알선 (answered from the page), interview and 동행면접 appointments with
place, time and the counselor's name and phone, the hire and the follow-up calls to expect. An
application's move to 면접 is a status change and shows its date only: a time is shown only for an
interview actually scheduled (an ``Interview`` row).

The seeker's 내 지원 현황 (/me/applications/, ``referrals:seeker_applications``) is here too: the
applications with their status timelines and the counselors' proposals to answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST

from iljari.audit.actions import log_access
from iljari.core.client_ip import client_ip
from iljari.core.models import TransitionLog
from iljari.seekers.views import seeker_required
from iljari.vacancies.actions import APPLICATION_FLOW
from iljari.vacancies.models import Application, ApplicationStatus

from .actions import do_answer_referral
from .models import (
    FollowUpStatus,
    Interview,
    InterviewKind,
    InterviewStatus,
    Placement,
    PlacementStatus,
    Referral,
    ReferralStatus,
    RetentionFollowUp,
)


@dataclass
class Event:
    """One line of the timeline."""

    kind: str  # application, referral, interview, hire, follow_up
    title: str
    day: dt.date
    at: dt.datetime | None = None  # a time only for a real appointment
    vacancy: object = None
    detail: list[tuple] = field(default_factory=list)  # (label, value) or (label, phone, "tel")
    upcoming: bool = False
    referral: Referral | None = None  # a proposal to answer


def _logs(model, ids) -> dict[int, list[TransitionLog]]:
    out: dict[int, list[TransitionLog]] = {pk: [] for pk in ids}
    if not out:
        return out
    content_type = ContentType.objects.get_for_model(model)
    for row in TransitionLog.objects.filter(content_type=content_type, object_id__in=list(out)).order_by(
        "at", "id"
    ):
        out[row.object_id].append(row)
    return out


def _application_events(seeker) -> list[Event]:
    rows = list(
        Application.objects.filter(seeker=seeker).select_related("vacancy__employer").order_by("-created_at")
    )
    labels = dict(ApplicationStatus.choices)
    logs = _logs(Application, [a.pk for a in rows])
    events = []
    for application in rows:
        vacancy = application.vacancy
        events.append(
            Event("application", _("%(employer)s에 지원") % {"employer": vacancy.employer.name},
                  timezone.localdate(application.created_at), vacancy=vacancy)
        )  # fmt: skip
        for log in logs[application.pk]:
            if not log.from_state:
                continue
            if log.to_state == ApplicationStatus.INTERVIEW:
                title = _("면접 대상자로 선정 (면접 일시는 기업이 따로 알려 드립니다)")
            else:
                title = _("지원 상태: %(status)s") % {"status": labels.get(log.to_state, log.to_state)}
            detail = [(_("사유"), log.reason)] if log.reason else []
            events.append(
                Event("application", title, timezone.localdate(log.at), vacancy=vacancy, detail=detail)
            )
    return events


def _counselor_detail(counselor) -> list[tuple]:
    if counselor is None:
        return []
    phone = counselor.phone or settings.ILJARI.get("CENTER_PHONE", "")
    return [(_("담당 상담사"), counselor.display_name), (_("상담사 연락처"), phone, "tel")]


def _referral_events(seeker, now) -> list[Event]:
    referrals = list(
        Referral.objects.filter(seeker=seeker)
        .select_related("vacancy__employer", "counselor")
        .order_by("-created_at")
    )
    labels = dict(ReferralStatus.choices)
    logs = _logs(Referral, [r.pk for r in referrals])
    events = []
    for referral in referrals:
        vacancy = referral.vacancy
        proposal = Event(
            "referral",
            _("일자리센터의 알선: %(employer)s") % {"employer": vacancy.employer.name},
            timezone.localdate(referral.created_at),
            vacancy=vacancy,
            detail=_counselor_detail(referral.counselor)
            + ([(_("메모"), referral.note)] if referral.note else []),
            referral=referral if referral.status == ReferralStatus.PROPOSED else None,
        )
        events.append(proposal)
        for log in logs[referral.pk]:
            if not log.from_state or log.to_state in (ReferralStatus.INTERVIEW, ReferralStatus.HIRED):
                continue  # the appointment and the hire have their own lines
            events.append(
                Event("referral", _("알선 진행: %(status)s") % {"status": labels.get(log.to_state, log.to_state)},
                      timezone.localdate(log.at), vacancy=vacancy)
            )  # fmt: skip
    interviews = (
        Interview.objects.filter(referral__seeker=seeker)
        .exclude(status=InterviewStatus.CANCELLED)
        .select_related("referral__vacancy__employer", "counselor")
    )
    for interview in interviews:
        vacancy = interview.referral.vacancy
        accompanied = interview.kind == InterviewKind.ACCOMPANIED
        title = (_("동행면접: %(employer)s") if accompanied else _("면접: %(employer)s")) % {
            "employer": vacancy.employer.name
        }
        detail = [(_("장소"), interview.place)]
        if interview.meeting_point:
            detail.append((_("만나는 곳"), interview.meeting_point))
        if interview.transport_note:
            detail.append((_("교통 안내"), interview.transport_note))
        detail += _counselor_detail(interview.counselor or interview.referral.counselor)
        if interview.status != InterviewStatus.SCHEDULED:
            detail.append((_("결과"), interview.get_status_display()))
        at = timezone.localtime(interview.starts_at)
        events.append(
            Event("interview", title, at.date(), at=at, vacancy=vacancy, detail=detail,
                  upcoming=interview.status == InterviewStatus.SCHEDULED and interview.starts_at >= now)
        )  # fmt: skip
    return events


def _hire_events(seeker, today) -> list[Event]:
    events = []
    placements = Placement.objects.filter(seeker=seeker, status=PlacementStatus.ACTIVE).select_related(
        "employer", "vacancy", "recorded_by"
    )
    for placement in placements:
        detail = [(_("입사일"), placement.hire_date.isoformat())]
        if placement.recorded_by is not None:
            detail.append((_("기록한 상담사"), placement.recorded_by.display_name))
        events.append(
            Event("hire", _("취업: %(employer)s") % {"employer": placement.employer.name}, placement.hire_date,
                  vacancy=placement.vacancy, detail=detail)
        )  # fmt: skip
    follow_ups = RetentionFollowUp.objects.filter(
        placement__seeker=seeker, placement__status=PlacementStatus.ACTIVE
    ).select_related("placement__employer")
    for follow_up in follow_ups:
        pending = follow_up.status == FollowUpStatus.PENDING
        title = (
            _("고용 유지 확인 전화 예정 (%(month)d개월 차)")
            if pending
            else _("고용 유지 확인 (%(month)d개월 차): %(status)s")
        ) % {"month": follow_up.month, "status": follow_up.get_status_display()}
        detail = [(_("회사"), follow_up.placement.employer.name)]
        if pending:
            detail.append((_("안내"), _("일자리센터 상담사가 잘 다니고 계신지 전화로 여쭙니다.")))
        events.append(
            Event("follow_up", title, follow_up.due_date, detail=detail, upcoming=pending and follow_up.due_date >= today)
        )  # fmt: skip
    return events


@require_GET
@seeker_required
def activity(request):
    seeker = request.seeker
    now = timezone.now()
    today = timezone.localdate()
    events = _application_events(seeker) + _referral_events(seeker, now) + _hire_events(seeker, today)
    upcoming = sorted((e for e in events if e.upcoming), key=lambda e: (e.day, e.at or now))
    to_answer = [e for e in events if e.referral is not None]
    history = sorted(
        (e for e in events if not e.upcoming and e.referral is None),
        key=lambda e: (e.day, e.at.timestamp() if e.at else 0),
        reverse=True,
    )
    log_access(
        actor=request.user,
        action="view",
        subject=seeker,
        fields="applications,referrals,interviews,placements",
        purpose=gettext_noop("본인 취업 활동 조회"),
        request=request,
    )
    return render(
        request,
        "referrals/activity.html",
        {"seeker": seeker, "upcoming": upcoming, "to_answer": to_answer, "history": history},
    )


# --- the seeker answers a 알선 proposal (from 내 지원 현황 or from this page) ------------------


@require_POST
@seeker_required
def referral_answer(request, pk: int, answer: str):
    if answer not in ("accept", "decline"):
        raise PermissionDenied
    referral = get_object_or_404(Referral, pk=pk, seeker=request.seeker)
    try:
        do_answer_referral(
            seeker=request.seeker,
            referral=referral,
            accept=answer == "accept",
            actor=request.user,
            share_contact=request.POST.get("share_contact") == "on",
            ip_address=client_ip(request),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("알선 제안을 수락했습니다. 상담사가 기업에 전달합니다.")
            if answer == "accept"
            else _("알선 제안을 거절했습니다."),
        )
    if request.POST.get("next") == reverse("referrals:activity"):
        return redirect("referrals:activity")
    return redirect("referrals:seeker_applications")


@require_GET
@seeker_required
def seeker_applications(request):
    """내 지원 현황: the seeker's applications, each with its timeline, and the proposals to answer."""
    seeker = request.seeker
    rows = list(
        Application.objects.filter(seeker=seeker)
        .select_related("vacancy__employer", "vacancy__work_region")
        .order_by("-created_at", "-id")
    )
    timelines = _logs(Application, [a.pk for a in rows])
    labels: dict[str, str] = {value: str(label) for value, label in ApplicationStatus.choices}
    # a move to 면접 is a status change, not an appointment: no time is shown for it (nor for
    # any status change); the employer or the center gives the interview's time
    labels[ApplicationStatus.INTERVIEW] = _("면접 대상자로 선정")
    for application in rows:
        application.timeline = [  # type: ignore[attr-defined]
            {"label": labels.get(t.to_state, t.to_state), "at": t.at, "reason": t.reason}
            for t in timelines[application.pk]
        ]
        application.can_withdraw = APPLICATION_FLOW.can_move(application, ApplicationStatus.WITHDRAWN)  # type: ignore[attr-defined]
    proposals = list(
        Referral.objects.filter(seeker=seeker, status=ReferralStatus.PROPOSED).select_related(
            "vacancy__employer", "vacancy__work_region", "counselor"
        )
    )
    log_access(
        actor=request.user,
        action="view",
        subject=seeker,
        fields="applications,referrals",
        purpose=gettext_noop("본인 지원 현황 조회"),
        request=request,
    )
    return render(
        request,
        "referrals/seeker_applications.html",
        {"seeker": seeker, "applications": rows, "proposals": proposals},
    )
