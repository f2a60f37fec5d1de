"""/api/support: visits, suggestions, statistics, consulting requests (public submission), experts, services."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from iljari.accounts.api_auth import OPTIONAL_AUTH
from iljari.accounts.models import User
from iljari.accounts.permissions import (
    employer_ids_of,
    has_capability,
    is_employer_user,
)
from iljari.core import ratelimit
from iljari.employers.models import Employer

from . import actions
from .access import require_support_staff
from .models import (
    ConsultingRequest,
    ConsultingStatus,
    Expert,
    ServiceApplication,
    Suggestion,
    SuggestionStatus,
    SupportService,
    Visit,
)

router = Router(tags=["support"])


def _year(year):
    if year is not None and not 2000 <= year <= 2100:
        raise ValidationError({"year": _("연도는 2000년에서 2100년 사이로 입력해 주세요.")})
    return year


class VisitIn(Schema):
    employer_id: int
    visited_on: dt.date
    topics: list[str]
    staff_ids: list[int] = []
    summary: str = Field("", max_length=5000)
    company_attendees: str = Field("", max_length=200)


class SuggestionIn(Schema):
    employer_id: int
    category: str = Field(max_length=12)
    title: str = Field(max_length=150)
    body: str = Field(max_length=10000)
    department: str = Field(max_length=80)
    visit_id: int | None = None
    due_on: dt.date | None = None


class SuggestionMoveIn(Schema):
    to_status: str = Field(max_length=12)
    resolution: str = Field("", max_length=5000)
    reason: str = Field("", max_length=500)


class ConsultingIn(Schema):
    company_name: str = Field(max_length=120)
    contact_name: str = Field(max_length=60)
    contact_email: str = Field(max_length=254)
    field: str = Field(max_length=12)
    subject: str = Field(max_length=150)
    body: str = Field(max_length=10000)
    contact_phone: str = Field("", max_length=20)
    channel: str = Field("web", max_length=8)


class AssignIn(Schema):
    expert_id: int


class AnswerIn(Schema):
    result: str = Field(max_length=10000)


class RejectIn(Schema):
    reason: str = Field(max_length=500)


class ApplyIn(Schema):
    note: str = Field("", max_length=2000)


class DecisionIn(Schema):
    approve: bool
    reason: str = Field("", max_length=300)


def _suggestion(s: Suggestion) -> dict:
    return {
        "id": s.pk,
        "employer_id": s.employer_id,
        "visit_id": s.visit_id,
        "category": s.category,
        "title": s.title,
        "department": s.department,
        "status": s.status,
        "received_on": s.received_on,
        "due_on": s.due_on,
        "resolution": s.resolution,
        "resolved_on": s.resolved_on,
        "notified_at": s.notified_at,
        "overdue": s.is_overdue,
    }


def _consulting(c: ConsultingRequest) -> dict:
    return {
        "id": c.pk,
        "company_name": c.company_name,
        "field": c.field,
        "subject": c.subject,
        "status": c.status,
        "channel": c.channel,
        "expert_id": c.expert_id,
        "received_at": c.received_at,
        "due_on": c.due_on,
        "answered_at": c.answered_at,
        "result": c.result,
        "overdue": c.is_overdue,
    }


@router.get("/visits", summary="기업 방문 기록")
def list_visits(request, year: int | None = None):
    require_support_staff(request.user)
    qs = Visit.objects.select_related("employer").prefetch_related("staff").order_by("-visited_on")
    if _year(year):
        qs = qs.filter(visited_on__year=year)
    return [
        {
            "id": v.pk,
            "employer_id": v.employer_id,
            "employer": v.employer.name,
            "visited_on": v.visited_on,
            "topics": v.topics,
            "staff": [u.display_name for u in v.staff.all()],
        }
        for v in qs[:500]
    ]


@router.post("/visits", response={201: dict}, summary="기업 방문 기록")
def create_visit(request, payload: VisitIn):
    require_support_staff(request.user)
    employer = get_object_or_404(Employer, pk=payload.employer_id)
    staff = list(User.objects.filter(pk__in=payload.staff_ids or [request.user.pk]))
    visit = actions.do_record_visit(
        employer=employer,
        visited_on=payload.visited_on,
        staff=staff,
        topics=payload.topics,
        actor=request.user,
        summary=payload.summary,
        company_attendees=payload.company_attendees,
    )
    return Status(201, {"id": visit.pk, "topics": visit.topics})


@router.get("/suggestions", summary="건의사항")
def list_suggestions(request, status: str = "", year: int | None = None):
    user = request.user
    qs = Suggestion.objects.order_by("-received_on", "-id")
    if not has_capability(user, "manage_support"):
        if not is_employer_user(user):
            raise PermissionDenied(_("건의사항을 볼 권한이 없습니다."))
        qs = qs.filter(employer_id__in=employer_ids_of(user))
    if status and status not in SuggestionStatus.values:
        raise ValidationError({"status": _("알 수 없는 처리 상태입니다.")})
    if status:
        qs = qs.filter(status=status)
    if _year(year):
        qs = qs.filter(received_on__year=year)
    return [_suggestion(s) for s in qs[:500]]


@router.post("/suggestions", response={201: dict}, summary="건의사항 접수")
def create_suggestion(request, payload: SuggestionIn):
    require_support_staff(request.user)
    employer = get_object_or_404(Employer, pk=payload.employer_id)
    visit = get_object_or_404(Visit, pk=payload.visit_id) if payload.visit_id else None
    s = actions.do_add_suggestion(
        employer=employer,
        visit=visit,
        actor=request.user,
        **payload.dict(exclude={"employer_id", "visit_id"}),
    )
    return Status(201, _suggestion(s))


@router.post("/suggestions/{pk}/transitions", summary="건의사항 처리 상태 변경 (완료·불가 시 기업 통보)")
def move_suggestion(request, pk: int, payload: SuggestionMoveIn):
    require_support_staff(request.user)
    s = actions.do_move_suggestion(
        suggestion=get_object_or_404(Suggestion, pk=pk), actor=request.user, **payload.dict()
    )
    return _suggestion(Suggestion.objects.get(pk=s.pk))


@router.get("/statistics", summary="방문·건의사항 통계 (예: 24개 기업 방문, 건의사항 73건)")
def statistics(request, year: int | None = None):
    if not (
        has_capability(request.user, "manage_support") or has_capability(request.user, "view_statistics")
    ):
        raise PermissionDenied(_("통계를 볼 권한이 없습니다."))
    year = _year(year) or timezone.localdate().year
    stats = actions.visit_statistics(dt.date(year, 1, 1), dt.date(year, 12, 31))
    stats["by_category"] = dict(stats["by_category"])
    stats["consulting"] = actions.sla_statistics(ConsultingRequest.objects.filter(received_at__year=year))
    return stats


@router.post(
    "/consulting",
    response={201: dict},
    auth=OPTIONAL_AUTH,
    summary="자문 요청 (누구나 신청, 직원은 이메일 접수분 입력)",
)
def submit_consulting(request, payload: ConsultingIn):
    user = request.user
    employer = None
    channel = "web"
    if getattr(user, "is_authenticated", False):
        if is_employer_user(user):
            employer = Employer.objects.filter(pk__in=employer_ids_of(user)).first()
        if has_capability(user, "manage_support"):
            channel = payload.channel
    if not has_capability(user, "manage_support") and not actions.consulting_within_limits(
        request, payload.contact_email
    ):
        raise HttpError(429, ratelimit.message())
    c = actions.do_submit_consulting_request(
        employer=employer, actor=user, channel=channel, **payload.dict(exclude={"channel"})
    )
    if c.status == ConsultingStatus.UNCONFIRMED:  # nothing but the link goes to the address
        return Status(201, {"id": c.pk, "status": c.status, "confirm_by": c.confirm_expires_at})
    return Status(201, {"id": c.pk, "status": c.status, "due_on": c.due_on})


@router.get("/consulting", summary="자문 요청 목록")
def list_consulting(request, status: str = "", overdue: bool = False):
    user = request.user
    qs = ConsultingRequest.objects.order_by("due_on", "id")
    if not has_capability(user, "manage_support"):
        if not is_employer_user(user):
            raise PermissionDenied(_("자문 요청을 볼 권한이 없습니다."))
        qs = qs.filter(employer_id__in=employer_ids_of(user))
    if status and status not in ConsultingStatus.values:
        raise ValidationError({"status": _("알 수 없는 진행 상태입니다.")})
    # a request nobody has confirmed yet is not routed: listed only when asked for by name
    qs = qs.filter(status=status) if status else qs.exclude(status=ConsultingStatus.UNCONFIRMED)
    rows = [_consulting(c) for c in qs[:500]]
    return [r for r in rows if r["overdue"]] if overdue else rows


@router.post("/consulting/{pk}/assign", summary="전문가 배정")
def assign(request, pk: int, payload: AssignIn):
    require_support_staff(request.user)
    c = actions.do_assign_expert(
        consulting_request=get_object_or_404(ConsultingRequest, pk=pk),
        expert=get_object_or_404(Expert, pk=payload.expert_id),
        actor=request.user,
    )
    return _consulting(c)


@router.post("/consulting/{pk}/review", summary="전문가 검토 시작")
def review(request, pk: int):
    require_support_staff(request.user)
    return _consulting(
        actions.do_start_review(
            consulting_request=get_object_or_404(ConsultingRequest, pk=pk), actor=request.user
        )
    )


@router.post("/consulting/{pk}/answer", summary="자문 결과 회신")
def answer(request, pk: int, payload: AnswerIn):
    require_support_staff(request.user)
    return _consulting(
        actions.do_answer_consulting(
            consulting_request=get_object_or_404(ConsultingRequest, pk=pk),
            result=payload.result,
            actor=request.user,
        )
    )


@router.post("/consulting/{pk}/reject", summary="자문 요청 반려")
def reject(request, pk: int, payload: RejectIn):
    require_support_staff(request.user)
    return _consulting(
        actions.do_reject_consulting(
            consulting_request=get_object_or_404(ConsultingRequest, pk=pk),
            reason=payload.reason,
            actor=request.user,
        )
    )


@router.get("/experts", summary="자문위원 명단")
def experts(request):
    require_support_staff(request.user)
    return [
        {"id": e.pk, "name": e.name, "affiliation": e.affiliation, "fields": e.fields, "active": e.active}
        for e in Expert.objects.all()
    ]


@router.get("/services", auth=OPTIONAL_AUTH, summary="지원 서비스 목록")
def services(request):
    return [
        {"slug": s.slug, "name": s.name, "audience": s.audience, "provider": s.provider, "summary": s.summary}
        for s in SupportService.objects.filter(active=True)
    ]


@router.post(
    "/services/{slug}/applications", response={201: dict}, summary="지원 서비스 신청 (자격 자동 확인)"
)
def apply(request, slug: str, payload: ApplyIn):
    from .views.services import _applicant

    service = get_object_or_404(SupportService, slug=slug)
    employer, seeker = _applicant(request.user)
    if employer is None and seeker is None:
        raise PermissionDenied(_("기업 담당자나 구직자만 신청할 수 있습니다."))
    a = actions.do_apply_service(
        service=service, actor=request.user, employer=employer, seeker=seeker, note=payload.note
    )
    return Status(201, {"id": a.pk, "status": a.status})


@router.post("/applications/{pk}/decision", summary="서비스 신청 승인·반려")
def decide(request, pk: int, payload: DecisionIn):
    require_support_staff(request.user)
    a = actions.do_decide_service(
        application=get_object_or_404(ServiceApplication, pk=pk),
        approve=payload.approve,
        reason=payload.reason,
        actor=request.user,
    )
    return {"id": a.pk, "status": a.status}
