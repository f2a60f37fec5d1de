"""Employer support workflows: visits, suggestions, consulting requests, the services catalogue."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iljari.core.workflow import Workflow

from .models import ApplicationStatus as AS
from .models import (
    Audience,
    ConsultingChannel,
    ConsultingRequest,
    ConsultingStatus,
    Expert,
    ServiceApplication,
    Suggestion,
    SuggestionStatus,
    SupportService,
    Topic,
    Visit,
)

SS = SuggestionStatus
SUGGESTION_FLOW = Workflow(
    {
        SS.RECEIVED: {SS.REVIEWING, SS.REJECTED},
        SS.REVIEWING: {SS.IN_PROGRESS, SS.RESOLVED, SS.REJECTED},
        SS.IN_PROGRESS: {SS.RESOLVED, SS.REJECTED},
        SS.RESOLVED: set(),
        SS.REJECTED: set(),
    }
)
CS = ConsultingStatus
CONSULTING_FLOW = Workflow(
    {
        CS.RECEIVED: {CS.ASSIGNED, CS.REJECTED},
        CS.ASSIGNED: {CS.REVIEWING, CS.ASSIGNED, CS.REJECTED},
        CS.REVIEWING: {CS.ANSWERED, CS.ASSIGNED, CS.REJECTED},
        CS.ANSWERED: set(),
        CS.REJECTED: set(),
    }
)
SERVICE_FLOW = Workflow(
    {
        AS.APPLIED: {AS.APPROVED, AS.REJECTED, AS.WITHDRAWN},
        AS.APPROVED: {AS.IN_USE, AS.WITHDRAWN},
        AS.IN_USE: {AS.COMPLETED},
        AS.REJECTED: set(),
        AS.COMPLETED: set(),
        AS.WITHDRAWN: set(),
    }
)
SLA_DAYS = getattr(settings, "ILJARI_CONSULTING_SLA_DAYS", 14)


def _topics(values, field: str) -> list[str]:
    values = list(dict.fromkeys(values or []))
    bad = [v for v in values if v not in Topic.values]
    if bad:
        raise ValidationError(
            {field: _("알 수 없는 분야입니다: %(v)s") % {"v": ", ".join(bad)}}, code="invalid"
        )
    return values


# --- visits and suggestions ------------------------------------------------------------------


@transaction.atomic
def do_record_visit(
    *, employer, visited_on, staff, topics, actor, summary: str = "", company_attendees: str = ""
) -> Visit:
    errors: dict[str, str | list[str]] = {}
    if visited_on is None:
        errors["visited_on"] = _("방문일을 입력해 주세요.")
    elif visited_on > timezone.localdate():
        errors["visited_on"] = _("방문일은 오늘 이후일 수 없습니다.")
    try:
        topics = _topics(topics, "topics")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not topics and "topics" not in errors:
        errors["topics"] = _("상담 분야를 하나 이상 골라 주세요.")
    staff = list(staff or [])
    if not staff:
        errors["staff"] = _("방문 직원을 한 명 이상 골라 주세요.")
    if errors:
        raise ValidationError(errors)
    visit = Visit.objects.create(
        employer=employer,
        visited_on=visited_on,
        topics=topics,
        summary=summary.strip(),
        company_attendees=company_attendees.strip(),
        created_by=actor,
    )
    visit.staff.set(staff)
    return visit


@transaction.atomic
def do_add_suggestion(
    *,
    employer,
    category: str,
    title: str,
    body: str,
    department: str,
    actor,
    visit=None,
    due_on=None,
    owner=None,
    received_on=None,
) -> Suggestion:
    errors = {}
    if category not in Topic.values:
        errors["category"] = _("분야를 골라 주세요.")
    if not (title or "").strip():
        errors["title"] = _("제목을 입력해 주세요.")
    if not (body or "").strip():
        errors["body"] = _("내용을 입력해 주세요.")
    if not (department or "").strip():
        errors["department"] = _("담당 부서를 입력해 주세요.")
    received_on = received_on or timezone.localdate()
    if due_on is not None and due_on < received_on:
        errors["due_on"] = _("처리 기한은 접수일 이후여야 합니다.")
    if visit is not None and visit.employer_id != employer.pk:
        errors["visit"] = _("다른 기업의 방문 기록입니다.")
    if errors:
        raise ValidationError(errors)
    suggestion = Suggestion.objects.create(
        employer=employer,
        visit=visit,
        category=category,
        title=title.strip(),
        body=body.strip(),
        department=department.strip(),
        owner=owner,
        due_on=due_on,
        received_on=received_on,
    )
    SUGGESTION_FLOW.record_start(suggestion, actor=actor)
    return suggestion


@transaction.atomic
def do_move_suggestion(
    *, suggestion: Suggestion, to_status: str, actor, reason: str = "", resolution: str = ""
) -> Suggestion:
    suggestion = Suggestion.objects.select_for_update().select_related("employer").get(pk=suggestion.pk)
    final = to_status in (SS.RESOLVED, SS.REJECTED)
    if final and not (resolution or "").strip():
        raise ValidationError(
            {"resolution": _("처리 결과(또는 불가 사유)를 입력해 주세요.")}, code="required"
        )
    SUGGESTION_FLOW.move(suggestion, to_status, actor=actor, reason=reason or resolution[:200], save=False)
    if final:
        suggestion.resolution = resolution.strip()
        suggestion.resolved_on = timezone.localdate()
    suggestion.save()
    if final:
        _notify_company(suggestion)
    return suggestion


def _notify_company(suggestion: Suggestion) -> None:
    """Queue the notice of the result to every member of the company (once per suggestion)."""
    from iljari.notifications.actions import do_notify

    context = {
        "employer": suggestion.employer.name,
        "title": suggestion.title,
        "status": suggestion.get_status_display(),
        "resolution": suggestion.resolution,
    }
    queued = 0
    for member in suggestion.employer.members.select_related("user"):
        queued += len(
            do_notify(
                template_key="suggestion_resolved",
                context=context,
                user=member.user,
                dedupe_key=f"suggestion:{suggestion.pk}:{member.user_id}",
            )
        )
    Suggestion.objects.filter(pk=suggestion.pk).update(notified_at=timezone.now())


def visit_statistics(start: dt.date, end: dt.date, visits=None, suggestions=None) -> dict:
    """'24개 기업 방문, 건의사항 73건 (처리완료 n, 진행중 m)' for a period."""
    from django.db.models import Count, Q

    visits = (visits if visits is not None else Visit.objects.all()).filter(visited_on__range=(start, end))
    suggestions = (suggestions if suggestions is not None else Suggestion.objects.all()).filter(
        received_on__range=(start, end)
    )
    agg = suggestions.aggregate(
        total=Count("id"),
        resolved=Count("id", filter=Q(status=SS.RESOLVED)),
        rejected=Count("id", filter=Q(status=SS.REJECTED)),
        open=Count("id", filter=Q(status__in=[SS.RECEIVED, SS.REVIEWING, SS.IN_PROGRESS])),
        overdue=Count(
            "id",
            filter=Q(status__in=[SS.RECEIVED, SS.REVIEWING, SS.IN_PROGRESS], due_on__lt=timezone.localdate()),
        ),
    )
    by_category = {
        row["category"]: row["n"] for row in suggestions.values("category").annotate(n=Count("id"))
    }
    return {
        "start": start,
        "end": end,
        "visits": visits.count(),
        "companies_visited": visits.values("employer").distinct().count(),
        "suggestions": agg["total"],
        "resolved": agg["resolved"],
        "rejected": agg["rejected"],
        "in_progress": agg["open"],
        "overdue": agg["overdue"],
        "by_category": [(str(label), by_category.get(value, 0)) for value, label in Topic.choices],
    }


# --- consulting requests ---------------------------------------------------------------------


@transaction.atomic
def do_submit_consulting_request(
    *,
    company_name: str,
    contact_name: str,
    contact_email: str,
    field: str,
    subject: str,
    body: str,
    employer=None,
    contact_phone: str = "",
    channel: str = ConsultingChannel.WEB,
    actor=None,
    received_at=None,
) -> ConsultingRequest:
    from django.core.validators import validate_email

    from iljari.core.validators import normalize_phone

    errors = {}
    for name, value, message in (
        ("company_name", company_name, _("기업명을 입력해 주세요.")),
        ("contact_name", contact_name, _("담당자 이름을 입력해 주세요.")),
        ("subject", subject, _("제목을 입력해 주세요.")),
        ("body", body, _("자문 요청 내용을 입력해 주세요.")),
    ):
        if not (value or "").strip():
            errors[name] = message
    try:
        validate_email(contact_email or "")
    except ValidationError:
        errors["contact_email"] = _("이메일 주소 형식이 올바르지 않습니다.")
    if contact_phone:
        try:
            contact_phone = normalize_phone(contact_phone)
        except ValidationError as exc:
            errors["contact_phone"] = exc.messages[0]
    if field not in Topic.values:
        errors["field"] = _("자문 분야를 골라 주세요.")
    if channel not in ConsultingChannel.values:
        errors["channel"] = _("접수 경로를 골라 주세요.")
    if errors:
        raise ValidationError(errors)
    received_at = received_at or timezone.now()
    request = ConsultingRequest.objects.create(
        employer=employer,
        company_name=company_name.strip(),
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        contact_phone=contact_phone,
        field=field,
        subject=subject.strip(),
        body=body.strip(),
        channel=channel,
        received_at=received_at,
        due_on=timezone.localdate(received_at) + dt.timedelta(days=SLA_DAYS),
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    CONSULTING_FLOW.record_start(request, actor=actor)
    from iljari.notifications.actions import do_notify

    do_notify(
        template_key="consulting_received",
        context={
            "contact": request.contact_name,
            "subject": request.subject,
            "due_on": request.due_on.isoformat(),
        },
        email=request.contact_email,
        dedupe_key=f"consulting-received:{request.pk}",
    )
    return request


def suggest_experts(request: ConsultingRequest):
    """Active experts whose fields include the request's field, the least busy first."""
    from django.db.models import Count, Q

    open_states = [CS.ASSIGNED, CS.REVIEWING]
    return (
        Expert.objects.filter(active=True)
        .annotate(load=Count("requests", filter=Q(requests__status__in=open_states)))
        .order_by("load", "name")
        .filter(pk__in=[e.pk for e in Expert.objects.filter(active=True) if request.field in e.fields])
    )


@transaction.atomic
def do_assign_expert(
    *, request: ConsultingRequest, expert: Expert, actor, reason: str = ""
) -> ConsultingRequest:
    request = ConsultingRequest.objects.select_for_update().get(pk=request.pk)
    if not expert.active:
        raise ValidationError({"expert": _("활동 중인 자문위원이 아닙니다.")}, code="inactive")
    if request.field not in expert.fields:
        raise ValidationError(
            {"expert": _("이 자문위원의 전문 분야가 아닙니다. 같은 분야의 위원을 골라 주세요.")}, code="field"
        )
    CONSULTING_FLOW.move(request, CS.ASSIGNED, actor=actor, reason=reason or str(expert), save=False)
    request.expert = expert
    request.assigned_at = timezone.now()
    request.save()
    return request


@transaction.atomic
def do_start_review(*, request: ConsultingRequest, actor) -> ConsultingRequest:
    request = ConsultingRequest.objects.select_for_update().get(pk=request.pk)
    CONSULTING_FLOW.move(request, CS.REVIEWING, actor=actor)
    return request


@transaction.atomic
def do_answer_consulting(*, request: ConsultingRequest, result: str, actor) -> ConsultingRequest:
    request = ConsultingRequest.objects.select_for_update().get(pk=request.pk)
    if not (result or "").strip():
        raise ValidationError({"result": _("자문 결과를 입력해 주세요.")}, code="required")
    CONSULTING_FLOW.move(request, CS.ANSWERED, actor=actor, save=False)
    request.result = result.strip()
    request.answered_at = timezone.now()
    request.save()
    from iljari.notifications.actions import do_notify

    do_notify(
        template_key="consulting_answered",
        context={"contact": request.contact_name, "subject": request.subject, "result": request.result},
        email=request.contact_email,
        dedupe_key=f"consulting-answered:{request.pk}",
    )
    return request


@transaction.atomic
def do_reject_consulting(*, request: ConsultingRequest, reason: str, actor) -> ConsultingRequest:
    request = ConsultingRequest.objects.select_for_update().get(pk=request.pk)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("반려 사유를 입력해 주세요.")}, code="required")
    CONSULTING_FLOW.move(request, CS.REJECTED, actor=actor, reason=reason.strip(), save=False)
    request.result = reason.strip()
    request.save()
    return request


def sla_statistics(queryset=None) -> dict:
    qs = list(
        (queryset if queryset is not None else ConsultingRequest.objects.all()).only(
            "status", "received_at", "answered_at", "due_on"
        )
    )
    answered = [r for r in qs if r.answered_at is not None]
    days = sorted((r.answered_at - r.received_at).total_seconds() / 86400 for r in answered)
    on_time = sum(1 for r in answered if r.answered_on_time)
    return {
        "total": len(qs),
        "open": sum(1 for r in qs if r.is_open),
        "overdue": sum(1 for r in qs if r.is_overdue),
        "answered": len(answered),
        "on_time_rate": round(100 * on_time / len(answered), 1) if answered else None,
        "median_days": round(days[len(days) // 2], 1) if days else None,
        "sla_days": SLA_DAYS,
    }


# --- services catalogue ----------------------------------------------------------------------


def eligibility_problems(service: SupportService, *, employer=None, seeker=None) -> list[str]:
    """What keeps this applicant from the service (empty list: eligible)."""
    problems = []
    if not service.active:
        problems.append(_("지금은 신청을 받지 않는 서비스입니다."))
    if service.audience == Audience.EMPLOYER:
        if employer is None:
            return problems + [_("기업만 신청할 수 있는 서비스입니다.")]
        if employer.status != "approved":
            problems.append(_("승인된 기업만 신청할 수 있습니다."))
        if service.root_sectors and employer.root_sector not in service.root_sectors:
            problems.append(
                _("대상 뿌리산업 분야(%(s)s)가 아닙니다.") % {"s": ", ".join(service.sector_labels())}
            )
        if service.max_employees is not None and employer.employees > service.max_employees:
            problems.append(
                _("상시 근로자 %(n)d인 이하 기업만 신청할 수 있습니다.") % {"n": service.max_employees}
            )
        region_code = employer.region.code if employer.region_id else ""
    else:
        if seeker is None:
            return problems + [_("근로자·구직자만 신청할 수 있는 서비스입니다.")]
        if service.min_age is not None and seeker.age < service.min_age:
            problems.append(_("만 %(n)d세 이상만 신청할 수 있습니다.") % {"n": service.min_age})
        if service.max_age is not None and seeker.age > service.max_age:
            problems.append(_("만 %(n)d세 이하만 신청할 수 있습니다.") % {"n": service.max_age})
        region_code = seeker.home_region.code if seeker.home_region_id else ""
    if service.region_prefixes and not any(region_code.startswith(p) for p in service.region_prefixes):
        problems.append(_("대상 지역이 아닙니다."))
    if service.quota is not None:
        used = service.applications.filter(status__in=[AS.APPROVED, AS.IN_USE, AS.COMPLETED]).count()
        if used >= service.quota:
            problems.append(_("올해 지원 한도(%(n)d건)가 모두 찼습니다.") % {"n": service.quota})
    return problems


@transaction.atomic
def do_apply_service(
    *, service: SupportService, actor, employer=None, seeker=None, note: str = ""
) -> ServiceApplication:
    problems = eligibility_problems(service, employer=employer, seeker=seeker)
    if problems:
        raise ValidationError({"service": problems}, code="ineligible")
    open_states = [AS.APPLIED, AS.APPROVED, AS.IN_USE]
    exists = ServiceApplication.objects.filter(service=service, status__in=open_states)
    exists = exists.filter(employer=employer) if employer is not None else exists.filter(seeker=seeker)
    if exists.exists():
        raise ValidationError(_("이미 신청해 진행 중인 서비스입니다."), code="duplicate")
    application = ServiceApplication.objects.create(
        service=service,
        employer=employer if service.audience == Audience.EMPLOYER else None,
        seeker=seeker if service.audience == Audience.WORKER else None,
        applicant=actor,
        note=note.strip(),
        eligibility_note=_("자격 요건 충족 (신청 시 자동 확인)"),
    )
    SERVICE_FLOW.record_start(application, actor=actor)
    return application


@transaction.atomic
def do_decide_service(
    *, application: ServiceApplication, approve: bool, actor, reason: str = ""
) -> ServiceApplication:
    application = (
        ServiceApplication.objects.select_for_update().select_related("service").get(pk=application.pk)
    )
    if not approve and not (reason or "").strip():
        raise ValidationError({"reason": _("반려 사유를 입력해 주세요.")}, code="required")
    if approve:
        problems = eligibility_problems(
            application.service, employer=application.employer, seeker=application.seeker
        )
        if problems:
            raise ValidationError({"service": problems}, code="ineligible")
    to = AS.APPROVED if approve else AS.REJECTED
    SERVICE_FLOW.move(application, to, actor=actor, reason=reason, save=False)
    application.decision_reason = reason.strip()[:300]
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.save()
    from iljari.notifications.actions import do_notify

    if application.applicant is not None:
        do_notify(
            template_key="service_decided",
            context={
                "name": application.applicant.display_name,
                "service": application.service.name,
                "status": application.get_status_display(),
                "reason": application.decision_reason,
            },
            user=application.applicant,
            dedupe_key=f"service-decided:{application.pk}",
        )
    return application


@transaction.atomic
def do_record_service_usage(
    *, application: ServiceApplication, actor, count: int = 1, complete: bool = False
) -> ServiceApplication:
    application = ServiceApplication.objects.select_for_update().get(pk=application.pk)
    if count < 1 or count > 1000:
        raise ValidationError({"count": _("이용 횟수는 1 이상 1,000 이하로 입력해 주세요.")}, code="range")
    if application.status == AS.APPROVED:
        SERVICE_FLOW.move(application, AS.IN_USE, actor=actor, save=False)
    elif application.status != AS.IN_USE:
        raise ValidationError(
            _("승인되었거나 이용 중인 신청에만 이용 실적을 기록할 수 있습니다."), code="state"
        )
    application.usage_count += count
    if complete:
        application.save()
        SERVICE_FLOW.move(application, AS.COMPLETED, actor=actor, save=False)
    application.save()
    return application


@transaction.atomic
def do_withdraw_service(*, application: ServiceApplication, actor) -> ServiceApplication:
    application = ServiceApplication.objects.select_for_update().get(pk=application.pk)
    SERVICE_FLOW.move(application, AS.WITHDRAWN, actor=actor)
    return application


@transaction.atomic
def do_add_expert(
    *, name: str, fields, actor, affiliation: str = "", email: str = "", phone: str = ""
) -> Expert:
    errors: dict[str, str | list[str]] = {}
    if not (name or "").strip():
        errors["name"] = _("이름을 입력해 주세요.")
    try:
        fields = _topics(fields, "fields")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not fields and "fields" not in errors:
        errors["fields"] = _("전문 분야를 하나 이상 골라 주세요.")
    if errors:
        raise ValidationError(errors)
    return Expert.objects.create(
        name=name.strip(),
        affiliation=affiliation.strip(),
        fields=fields,
        email=email.strip(),
        phone=phone.strip(),
    )
