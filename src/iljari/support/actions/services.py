"""The services catalogue: eligibility, applications and their decisions, usage; the experts list."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iljari.core.workflow import REJECTION_REASON, Move, Workflow
from iljari.notifications.actions import do_notify

from ..models import Audience, Expert, ServiceApplication, ServiceApplicationStatus, SupportService
from .visits import _topics


def _record_decision(move: Move) -> None:
    """An approval or a refusal keeps who decided, when and why, and the applicant is told."""
    application = move.obj
    application.decision_reason = move.reason.strip()[:300]
    application.decided_by = move.actor
    application.decided_at = timezone.now()
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


SERVICE_FLOW = Workflow(
    {
        ServiceApplicationStatus.APPLIED: {
            ServiceApplicationStatus.APPROVED,
            ServiceApplicationStatus.REJECTED,
            ServiceApplicationStatus.WITHDRAWN,
        },
        ServiceApplicationStatus.APPROVED: {
            ServiceApplicationStatus.IN_USE,
            ServiceApplicationStatus.WITHDRAWN,
        },
        ServiceApplicationStatus.IN_USE: {ServiceApplicationStatus.COMPLETED},
        ServiceApplicationStatus.REJECTED: set(),
        ServiceApplicationStatus.COMPLETED: set(),
        ServiceApplicationStatus.WITHDRAWN: set(),
    },
    required={ServiceApplicationStatus.REJECTED: REJECTION_REASON},
    on_enter=dict.fromkeys(
        (ServiceApplicationStatus.APPROVED, ServiceApplicationStatus.REJECTED), [_record_decision]
    ),
)


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
        used = service.applications.filter(
            status__in=[
                ServiceApplicationStatus.APPROVED,
                ServiceApplicationStatus.IN_USE,
                ServiceApplicationStatus.COMPLETED,
            ]
        ).count()
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
    open_states = [
        ServiceApplicationStatus.APPLIED,
        ServiceApplicationStatus.APPROVED,
        ServiceApplicationStatus.IN_USE,
    ]
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
    if approve:
        problems = eligibility_problems(
            application.service, employer=application.employer, seeker=application.seeker
        )
        if problems:
            raise ValidationError({"service": problems}, code="ineligible")
    SERVICE_FLOW.move(
        application,
        ServiceApplicationStatus.APPROVED if approve else ServiceApplicationStatus.REJECTED,
        actor=actor,
        reason=reason,
    )
    return application


@transaction.atomic
def do_record_service_usage(
    *, application: ServiceApplication, actor, count: int = 1, complete: bool = False
) -> ServiceApplication:
    application = ServiceApplication.objects.select_for_update().get(pk=application.pk)
    if count < 1 or count > 1000:
        raise ValidationError({"count": _("이용 횟수는 1 이상 1,000 이하로 입력해 주세요.")}, code="range")
    if application.status == ServiceApplicationStatus.APPROVED:
        SERVICE_FLOW.move(application, ServiceApplicationStatus.IN_USE, actor=actor, save=False)
    elif application.status != ServiceApplicationStatus.IN_USE:
        raise ValidationError(
            _("승인되었거나 이용 중인 신청에만 이용 실적을 기록할 수 있습니다."), code="state"
        )
    application.usage_count += count
    if complete:
        application.save()
        SERVICE_FLOW.move(application, ServiceApplicationStatus.COMPLETED, actor=actor, save=False)
    application.save()
    return application


@transaction.atomic
def do_withdraw_service(*, application: ServiceApplication, actor) -> ServiceApplication:
    application = ServiceApplication.objects.select_for_update().get(pk=application.pk)
    SERVICE_FLOW.move(application, ServiceApplicationStatus.WITHDRAWN, actor=actor)
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
