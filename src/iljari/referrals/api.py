"""/api/referrals: referrals, transitions, interviews (ICS), hires, placements, follow-ups, retention."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Field, Router, Schema, Status

from iljari.accounts.models import User
from iljari.accounts.permissions import Capability, has_capability, require_capability
from iljari.audit.actions import log_access, log_access_many
from iljari.core.bounds import Limit, Offset
from iljari.core.workflow import history
from iljari.employers.models import Employer
from iljari.seekers.models import Seeker
from iljari.vacancies.models import Vacancy

from . import actions, ics, interviews
from .display import seeker_display
from .models import Interview, Placement, Referral, ReferralStatus, RetentionFollowUp
from .permissions import allowed_moves, can_record_hire, can_schedule_interview, role_of, visible_referrals
from .placements import visible_placements
from .selectors import GROUPINGS, retention_table

router = Router(tags=["referrals"])


class ReferralIn(Schema):
    seeker_id: int
    vacancy_id: int
    note: str = Field("", max_length=2000)


class TransitionIn(Schema):
    to_status: str = Field(max_length=20)
    reason: str = Field("", max_length=500)


class InterviewIn(Schema):
    starts_at: dt.datetime
    place: str = Field(max_length=200)
    kind: str = Field("regular", max_length=12)
    duration_minutes: int = Field(60, ge=10, le=480)
    counselor_id: int | None = None
    meeting_point: str = Field("", max_length=200)
    transport_note: str = Field("", max_length=300)
    company_contact: str = Field("", max_length=100)


class OutcomeIn(Schema):
    status: str = Field(max_length=12)
    result: str = Field("", max_length=10)
    note: str = Field("", max_length=2000)


class HireIn(Schema):
    hire_date: dt.date
    monthly_wage: int = Field(ge=0, le=100_000_000)
    employment_type: str | None = Field(None, max_length=10)


class PlacementIn(HireIn):
    seeker_id: int
    employer_id: int
    vacancy_id: int | None = None
    source: str = Field("direct", max_length=12)
    source_ref: str = Field("", max_length=40)


class FollowUpIn(Schema):
    status: str = Field(max_length=12)
    reason: str = Field("", max_length=300)


def _referral_out(user, r: Referral) -> dict:
    return {
        "id": r.pk,
        "status": r.status,
        "status_label": r.get_status_display(),
        "seeker": {"id": r.seeker_id, "name": seeker_display(user, r.seeker, r.vacancy.employer)},
        "vacancy": {
            "id": r.vacancy_id,
            "title": r.vacancy.title,
            "employer_id": r.vacancy.employer_id,
            "employer": r.vacancy.employer.name,
        },
        "counselor": r.counselor.display_name if r.counselor else None,
        "note": r.note if role_of(user, r) == "staff" else "",
        "outcome_reason": r.outcome_reason,
        "allowed_transitions": allowed_moves(user, r),
        "created_at": r.created_at,
        "updated_at": r.updated_at,
    }


def _interview_out(i: Interview) -> dict:
    return {
        "id": i.pk,
        "referral_id": i.referral_id,
        "kind": i.kind,
        "starts_at": i.starts_at,
        "ends_at": i.ends_at,
        "duration_minutes": i.duration_minutes,
        "place": i.place,
        "meeting_point": i.meeting_point,
        "transport_note": i.transport_note,
        "company_contact": i.company_contact,
        "counselor": i.counselor.display_name if i.counselor else None,
        "status": i.status,
        "result": i.result,
        "outcome_note": i.outcome_note,
    }


def _placement_out(p: Placement, follow_ups=None) -> dict:
    out = {
        "id": p.pk,
        "seeker_id": p.seeker_id,
        "employer_id": p.employer_id,
        "employer": p.employer.name,
        "vacancy_id": p.vacancy_id,
        "referral_id": p.referral_id,
        "source": p.source,
        "source_ref": p.source_ref,
        "hire_date": p.hire_date,
        "monthly_wage": p.monthly_wage,
        "employment_type": p.employment_type,
        "occupation": p.occupation.name if p.occupation else None,
        "status": p.status,
    }
    if follow_ups is not None:
        out["follow_ups"] = [
            {
                "id": f.pk,
                "month": f.month,
                "due_date": f.due_date,
                "status": f.status,
                "reason": f.reason,
                "recorded_at": f.recorded_at,
            }
            for f in follow_ups
        ]
    return out


def _qs():
    return Referral.objects.select_related("seeker__user", "vacancy__employer", "counselor")


def _get(request, pk) -> Referral:
    return get_object_or_404(visible_referrals(request.user, _qs()), pk=pk)


def _staff(request):
    require_capability(request.user, Capability.REFER, _("알선 권한이 없습니다."))


@router.get("", summary="알선 목록 (권한에 따라: 상담사는 본인·팀, 기업은 자사 공고, 구직자는 본인)")
def list_referrals(
    request, status: str = "", vacancy_id: int | None = None, limit: int = 50, offset: int = 0
):
    qs = visible_referrals(request.user, _qs()).order_by("-updated_at", "-id")
    if status and status not in ReferralStatus.values:
        raise ValidationError({"status": _("알 수 없는 진행 상태입니다.")})
    if status:
        qs = qs.filter(status=status)
    if vacancy_id:
        if not 0 < vacancy_id < 2**63:
            raise ValidationError({"vacancy_id": _("공고 번호가 올바르지 않습니다.")})
        qs = qs.filter(vacancy_id=vacancy_id)
    limit = max(1, min(limit, 200))
    rows = list(qs[max(offset, 0) : max(offset, 0) + limit])
    log_access_many(
        actor=request.user,
        action="list",
        subjects=[r.seeker for r in rows if r.seeker.user_id != request.user.pk],
        fields="name",
        purpose=gettext_noop("알선 목록(API)"),
        request=request,
    )
    return {"count": qs.count(), "results": [_referral_out(request.user, r) for r in rows]}


@router.post("", response={201: dict}, summary="알선 등록")
def create_referral(request, payload: ReferralIn):
    _staff(request)
    seeker = get_object_or_404(Seeker, pk=payload.seeker_id)
    vacancy = get_object_or_404(Vacancy.objects.select_related("employer"), pk=payload.vacancy_id)
    referral = actions.do_create_referral(
        seeker=seeker, vacancy=vacancy, counselor=request.user, note=payload.note
    )
    return Status(201, _referral_out(request.user, _get(request, referral.pk)))


@router.get("/placements", summary="취업 기록")
def list_placements(request, limit: Limit = 50, offset: Offset = 0):
    qs = visible_placements(request.user).order_by("-hire_date", "-id")
    limit = max(1, min(limit, 200))
    placements = list(qs[max(offset, 0) : max(offset, 0) + limit])
    log_access_many(
        actor=request.user,
        action="list",
        subjects=[p.seeker for p in placements],
        fields="name,placement",
        purpose=gettext_noop("취업 기록 목록(API)"),
        request=request,
    )
    return {"count": qs.count(), "results": [_placement_out(p) for p in placements]}


@router.post("/placements", response={201: dict}, summary="취업 직접 등록 (알선 외 경로)")
def create_placement(request, payload: PlacementIn):
    _staff(request)
    seeker = get_object_or_404(Seeker, pk=payload.seeker_id)
    employer = get_object_or_404(Employer, pk=payload.employer_id)
    vacancy = (
        Vacancy.objects.filter(pk=payload.vacancy_id, employer=employer).first()
        if payload.vacancy_id
        else None
    )
    placement = actions.do_record_placement(
        seeker=seeker,
        employer=employer,
        vacancy=vacancy,
        hire_date=payload.hire_date,
        monthly_wage=payload.monthly_wage,
        employment_type=payload.employment_type,
        source=payload.source,
        source_ref=payload.source_ref,
        actor=request.user,
    )
    return Status(201, _placement_out(placement, placement.follow_ups.all()))


@router.get("/placements/{pk}", summary="취업과 고용 유지 확인")
def get_placement(request, pk: int):
    placement = get_object_or_404(visible_placements(request.user), pk=pk)
    log_access(
        actor=request.user,
        action="view",
        subject=placement.seeker,
        fields="placement",
        purpose="고용 유지 관리",
        request=request,
    )
    return _placement_out(placement, placement.follow_ups.all())


@router.post("/follow-ups/{pk}", summary="고용 유지 확인 결과 기록 (재직/이직/퇴사/연락 두절)")
def record_follow_up(request, pk: int, payload: FollowUpIn):
    follow_up = get_object_or_404(RetentionFollowUp, pk=pk)
    get_object_or_404(visible_placements(request.user), pk=follow_up.placement_id)
    follow_up = actions.do_record_follow_up(
        follow_up=follow_up, status=payload.status, reason=payload.reason, actor=request.user
    )
    return {
        "id": follow_up.pk,
        "month": follow_up.month,
        "status": follow_up.status,
        "reason": follow_up.reason,
    }


@router.get("/retention", summary="고용 유지율 (기업·업종·직종·입사 분기별)")
def retention(request, by: str = "employer"):
    if not has_capability(request.user, "view_statistics"):
        raise PermissionDenied(_("통계를 볼 권한이 없습니다."))
    if by not in GROUPINGS:
        raise ValidationError({"by": _("employer, industry, occupation, cohort 중 하나를 고르세요.")})
    return {"by": by, "rows": retention_table(by)}


@router.get("/interviews/{pk}.ics", summary="면접 일정 (iCalendar)")
def interview_ics(request, pk: int):
    interview = get_object_or_404(
        Interview.objects.select_related(
            "referral__vacancy__employer", "referral__seeker__user", "counselor"
        ),
        pk=pk,
    )
    _get(request, interview.referral_id)
    return HttpResponse(ics.calendar([interview]), content_type="text/calendar; charset=utf-8")


@router.post("/interviews/{pk}/outcome", summary="면접 결과 기록")
def interview_outcome(request, pk: int, payload: OutcomeIn):
    interview = get_object_or_404(Interview, pk=pk)
    referral = _get(request, interview.referral_id)
    if not can_schedule_interview(request.user, referral):
        raise PermissionDenied(_("면접 결과를 기록할 권한이 없습니다."))
    interview = interviews.do_record_interview_outcome(
        interview=interview,
        actor=request.user,
        status=payload.status,
        result=payload.result,
        note=payload.note,
    )
    return _interview_out(interview)


@router.get("/{pk}", summary="알선 상세")
def get_referral(request, pk: int):
    referral = _get(request, pk)
    if role_of(request.user, referral) in ("staff", "employer"):
        log_access(
            actor=request.user,
            action="view",
            subject=referral.seeker,
            fields="name",
            purpose="알선 진행",
            request=request,
        )
    out = _referral_out(request.user, referral)
    out["interviews"] = [_interview_out(i) for i in referral.interviews.select_related("counselor")]
    return out


@router.get("/{pk}/history", summary="진행 이력 (누가, 언제, 어디서, 어디로, 왜)")
def referral_history(request, pk: int):
    referral = _get(request, pk)
    return [
        {
            "at": h.at,
            "from": h.from_state,
            "to": h.to_state,
            "actor": h.actor.display_name
            if h.actor_id and role_of(request.user, referral) != "seeker"
            else None,
            "reason": h.reason if role_of(request.user, referral) == "staff" else "",
        }
        for h in history(referral)
    ]


@router.post("/{pk}/transitions", summary="진행 상태 변경")
def move_referral(request, pk: int, payload: TransitionIn):
    referral = _get(request, pk)
    if payload.to_status not in allowed_moves(request.user, referral):
        labels = dict(ReferralStatus.choices)
        if actions.REFERRAL_FLOW.can_move(referral, payload.to_status):
            raise PermissionDenied(_("이 단계로 바꿀 권한이 없습니다."))
        raise ValidationError(
            _("'%(from)s' 상태에서 '%(to)s' 상태로 바꿀 수 없습니다.")
            % {"from": referral.get_status_display(), "to": labels.get(payload.to_status, payload.to_status)},
            code="illegal_transition",
        )
    referral = actions.do_move_referral(
        referral=referral, to_status=payload.to_status, actor=request.user, reason=payload.reason
    )
    return _referral_out(request.user, _get(request, referral.pk))


@router.post("/{pk}/interviews", response={201: dict}, summary="면접·동행면접 일정 등록")
def schedule_interview(request, pk: int, payload: InterviewIn):
    referral = _get(request, pk)
    if not can_schedule_interview(request.user, referral):
        raise PermissionDenied(_("면접 일정을 잡을 권한이 없습니다."))
    counselor = User.objects.filter(pk=payload.counselor_id).first() if payload.counselor_id else None
    data = payload.dict(exclude={"counselor_id"})
    interview = interviews.do_schedule_interview(
        referral=referral, actor=request.user, counselor=counselor, **data
    )
    return Status(201, _interview_out(interview))


@router.post(
    "/{pk}/hire",
    response={201: dict},
    summary="채용 확정 및 취업 기록 (고용 유지 확인 1·3·6·12개월 자동 생성)",
)
def hire(request, pk: int, payload: HireIn):
    referral = _get(request, pk)
    if not can_record_hire(request.user, referral):
        raise PermissionDenied(_("채용 결과를 기록할 권한이 없습니다."))
    placement = actions.do_hire(referral=referral, actor=request.user, **payload.dict())
    return Status(201, _placement_out(placement, placement.follow_ups.all()))
