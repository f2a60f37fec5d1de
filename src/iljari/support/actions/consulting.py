"""Consulting requests to experts: submitted, confirmed by e-mail, routed, reviewed, answered."""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iljari.accounts.permissions import has_capability
from iljari.core import ratelimit
from iljari.core.models import TransitionLog
from iljari.core.validators import normalize_phone
from iljari.core.workflow import REJECTION_REASON, Move, Required, Workflow
from iljari.jobs.actions import site_url
from iljari.notifications.actions import do_notify

from ..models import ConsultingChannel, ConsultingRequest, ConsultingStatus, Expert, Topic


def _receive(move: Move) -> None:
    """Confirmed by its sender: the link is spent, the SLA counts from now, the receipt goes out."""
    consulting_request, now = move.obj, move.data.get("now") or timezone.now()
    consulting_request.confirm_token_hash = ""
    consulting_request.confirmed_at = consulting_request.received_at = now
    consulting_request.due_on = timezone.localdate(now) + dt.timedelta(days=SLA_DAYS)
    _notify_received(consulting_request)


def _assign(move: Move) -> None:
    move.obj.expert = move.data["expert"]
    move.obj.assigned_at = timezone.now()


def _answer(move: Move) -> None:
    consulting_request = move.obj
    consulting_request.result = move.text("result").strip()
    consulting_request.answered_at = timezone.now()
    do_notify(
        template_key="consulting_answered",
        context={
            "contact": consulting_request.contact_name,
            "subject": consulting_request.subject,
            "result": consulting_request.result,
        },
        email=consulting_request.contact_email,
        dedupe_key=f"consulting-answered:{consulting_request.pk}",
    )


def _keep_rejection(move: Move) -> None:
    move.obj.result = move.reason.strip()


CONSULTING_FLOW = Workflow(
    {
        ConsultingStatus.UNCONFIRMED: {ConsultingStatus.RECEIVED},
        ConsultingStatus.RECEIVED: {ConsultingStatus.ASSIGNED, ConsultingStatus.REJECTED},
        ConsultingStatus.ASSIGNED: {
            ConsultingStatus.REVIEWING,
            ConsultingStatus.ASSIGNED,
            ConsultingStatus.REJECTED,
        },
        ConsultingStatus.REVIEWING: {
            ConsultingStatus.ANSWERED,
            ConsultingStatus.ASSIGNED,
            ConsultingStatus.REJECTED,
        },
        ConsultingStatus.ANSWERED: set(),
        ConsultingStatus.REJECTED: set(),
    },
    required={
        ConsultingStatus.ANSWERED: Required(gettext_lazy("자문 결과를 입력해 주세요."), field="result"),
        ConsultingStatus.REJECTED: REJECTION_REASON,
    },
    on_enter={
        ConsultingStatus.RECEIVED: [_receive],
        ConsultingStatus.ASSIGNED: [_assign],
        ConsultingStatus.ANSWERED: [_answer],
        ConsultingStatus.REJECTED: [_keep_rejection],
    },
)
SLA_DAYS = getattr(settings, "ILJARI_CONSULTING_SLA_DAYS", 14)
#: How long the link in the confirmation e-mail works; unconfirmed requests are deleted after it.
CONFIRM_HOURS = getattr(settings, "ILJARI_CONSULTING_CONFIRM_HOURS", 24)


def needs_confirmation(actor) -> bool:
    """Whether a request must be confirmed from the given address before anything else is sent.

    The accounts have no verified e-mail address (sign-up does not check one), so only support
    staff entering a request received by e-mail, post or phone skip the link; everyone else —
    anonymous visitors and signed-in company members alike — confirms the address first."""
    return not has_capability(actor, "manage_support")


def consulting_within_limits(http_request, contact_email: str) -> bool:
    """Count one request from this client address and to this e-mail address (iljari.core.ratelimit);
    False once either is over its limit (``consulting`` per address, ``consulting_email`` per
    target address), so the form and the API answer 429 and nothing is stored or sent."""
    if not ratelimit.hit(http_request, "consulting"):
        return False
    return ratelimit.hit(http_request, "consulting_email", key=(contact_email or "").strip().lower())


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _send_confirmation(consulting_request: ConsultingRequest, token: str) -> None:
    """The only message to an unconfirmed address: fixed text and the link, nothing the sender wrote."""
    from django.urls import reverse

    do_notify(
        template_key="consulting_confirm",
        context={
            "link": site_url(reverse("support:consulting_confirm", args=[token])),
            "hours": CONFIRM_HOURS,
        },
        email=consulting_request.contact_email,
        dedupe_key=f"consulting-confirm:{consulting_request.pk}",
    )


def _notify_received(consulting_request: ConsultingRequest) -> None:
    do_notify(
        template_key="consulting_received",
        context={
            "contact": consulting_request.contact_name,
            "subject": consulting_request.subject,
            "due_on": consulting_request.due_on.isoformat(),
        },
        email=consulting_request.contact_email,
        dedupe_key=f"consulting-received:{consulting_request.pk}",
    )


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
    confirm = needs_confirmation(actor)
    token = secrets.token_urlsafe(32) if confirm else ""
    consulting_request = ConsultingRequest.objects.create(
        employer=employer,
        company_name=company_name.strip(),
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        contact_phone=contact_phone,
        field=field,
        subject=subject.strip(),
        body=body.strip(),
        channel=channel,
        status=ConsultingStatus.UNCONFIRMED if confirm else ConsultingStatus.RECEIVED,
        received_at=received_at,
        due_on=timezone.localdate(received_at) + dt.timedelta(days=SLA_DAYS),
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
        confirm_token_hash=_token_hash(token) if confirm else "",
        confirm_expires_at=timezone.now() + dt.timedelta(hours=CONFIRM_HOURS) if confirm else None,
        confirmed_at=None if confirm else timezone.now(),
    )
    CONSULTING_FLOW.record_start(consulting_request, actor=actor)
    if confirm:
        _send_confirmation(consulting_request, token)
    else:
        _notify_received(consulting_request)
    return consulting_request


@transaction.atomic
def do_confirm_consulting_request(*, token: str) -> ConsultingRequest:
    """Open the link of the confirmation e-mail: the request is received (routed to experts from
    now on, its SLA counted from now) and the receipt with its subject goes out. The link works
    once and until ``confirm_expires_at``; anything else is refused with a Korean message."""
    invalid = ValidationError(
        _("확인 링크가 올바르지 않거나 이미 사용되었습니다. 자문 요청을 다시 신청해 주세요."), code="invalid"
    )
    if not token or len(token) > 100:
        raise invalid
    consulting_request = (
        ConsultingRequest.objects.select_for_update()
        .filter(status=ConsultingStatus.UNCONFIRMED, confirm_token_hash=_token_hash(token))
        .first()
    )
    if consulting_request is None:
        raise invalid
    now = timezone.now()
    if consulting_request.confirm_expires_at is None or consulting_request.confirm_expires_at <= now:
        raise ValidationError(
            _("확인 링크의 유효 기간이 지났습니다. 자문 요청을 다시 신청해 주세요."), code="expired"
        )
    CONSULTING_FLOW.move(
        consulting_request, ConsultingStatus.RECEIVED, reason=_("신청자 이메일 확인"), now=now
    )
    return consulting_request


@transaction.atomic
def do_purge_unconfirmed_consulting(*, now=None, apply: bool = True) -> int:
    """Delete the requests whose confirmation link ran out (run nightly by ``iljari purge-expired``)."""
    from django.contrib.contenttypes.models import ContentType

    expired = ConsultingRequest.objects.filter(
        status=ConsultingStatus.UNCONFIRMED, confirm_expires_at__lt=now or timezone.now()
    )
    ids = list(expired.values_list("pk", flat=True))
    if apply and ids:
        TransitionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(ConsultingRequest), object_id__in=ids
        ).delete()
        ConsultingRequest.objects.filter(pk__in=ids).delete()
    return len(ids)


def suggest_experts(consulting_request: ConsultingRequest):
    """Active experts whose fields include the request's field, the least busy first."""
    from django.db.models import Count, Q

    open_states = [ConsultingStatus.ASSIGNED, ConsultingStatus.REVIEWING]
    return (
        Expert.objects.filter(active=True)
        .annotate(load=Count("requests", filter=Q(requests__status__in=open_states)))
        .order_by("load", "name")
        .filter(
            pk__in=[e.pk for e in Expert.objects.filter(active=True) if consulting_request.field in e.fields]
        )
    )


@transaction.atomic
def do_assign_expert(
    *, consulting_request: ConsultingRequest, expert: Expert, actor, reason: str = ""
) -> ConsultingRequest:
    consulting_request = ConsultingRequest.objects.select_for_update().get(pk=consulting_request.pk)
    if not expert.active:
        raise ValidationError({"expert": _("활동 중인 자문위원이 아닙니다.")}, code="inactive")
    if consulting_request.field not in expert.fields:
        raise ValidationError(
            {"expert": _("이 자문위원의 전문 분야가 아닙니다. 같은 분야의 위원을 골라 주세요.")}, code="field"
        )
    CONSULTING_FLOW.move(
        consulting_request,
        ConsultingStatus.ASSIGNED,
        actor=actor,
        reason=reason or str(expert),
        expert=expert,
    )
    return consulting_request


@transaction.atomic
def do_start_review(*, consulting_request: ConsultingRequest, actor) -> ConsultingRequest:
    consulting_request = ConsultingRequest.objects.select_for_update().get(pk=consulting_request.pk)
    CONSULTING_FLOW.move(consulting_request, ConsultingStatus.REVIEWING, actor=actor)
    return consulting_request


@transaction.atomic
def do_answer_consulting(*, consulting_request: ConsultingRequest, result: str, actor) -> ConsultingRequest:
    consulting_request = ConsultingRequest.objects.select_for_update().get(pk=consulting_request.pk)
    CONSULTING_FLOW.move(consulting_request, ConsultingStatus.ANSWERED, actor=actor, result=result)
    return consulting_request


@transaction.atomic
def do_reject_consulting(*, consulting_request: ConsultingRequest, reason: str, actor) -> ConsultingRequest:
    consulting_request = ConsultingRequest.objects.select_for_update().get(pk=consulting_request.pk)
    CONSULTING_FLOW.move(
        consulting_request, ConsultingStatus.REJECTED, actor=actor, reason=(reason or "").strip()
    )
    return consulting_request


def sla_statistics(queryset=None) -> dict:
    qs = list(
        (queryset if queryset is not None else ConsultingRequest.objects.all())
        .exclude(status=ConsultingStatus.UNCONFIRMED)
        .only("status", "received_at", "answered_at", "due_on")
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
