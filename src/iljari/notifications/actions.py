"""Queue notifications: render now, send later from the task queue (never in the request)."""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import Channel, Delivery, DeliveryStatus, OptOut
from .templates import render


def _address(user, channel: str) -> str:
    if user is None:
        return ""
    if channel == Channel.EMAIL:
        return user.email or ""
    return user.phone or ""


def do_notify(
    *,
    template_key: str,
    context: dict,
    user=None,
    email: str = "",
    channels=(Channel.EMAIL,),
    dedupe_key: str = "",
) -> list[Delivery]:
    """Queue one message per channel for ``user`` (or to the plain ``email``).

    With a ``dedupe_key`` the same message is queued at most once per channel, however often
    this is called (retries, double clicks). Sending happens after the transaction commits.
    """
    from .tasks import send_delivery

    deliveries = []
    for channel in channels:
        rendered = render(template_key, channel, context)
        if rendered is None:
            continue
        subject, body = rendered
        to = email if (email and channel == Channel.EMAIL) else _address(user, channel)
        if dedupe_key and Delivery.objects.filter(dedupe_key=dedupe_key, channel=channel).exists():
            continue
        try:
            with transaction.atomic():
                delivery = Delivery.objects.create(
                    recipient=user,
                    channel=channel,
                    to_address=to,
                    template_key=template_key,
                    subject=subject[:200],
                    body=body,
                    dedupe_key=dedupe_key,
                )
        except IntegrityError:  # a concurrent call queued it first
            continue
        deliveries.append(delivery)
        transaction.on_commit(partial(send_delivery.enqueue, delivery.pk))
    return deliveries


@transaction.atomic
def do_opt_out(*, user, channel: str) -> OptOut:
    if channel not in Channel.values:
        raise ValidationError({"channel": _("알 수 없는 채널입니다.")}, code="invalid")
    return OptOut.objects.get_or_create(user=user, channel=channel)[0]


@transaction.atomic
def do_opt_in(*, user, channel: str) -> int:
    return OptOut.objects.filter(user=user, channel=channel).delete()[0]


def is_opted_out(user, channel: str) -> bool:
    return user is not None and OptOut.objects.filter(user=user, channel=channel).exists()


def deliver(delivery_id: int) -> str:
    """Send one queued delivery exactly once; returns the final status."""
    from django.utils import timezone

    from .senders import send_email, sms_sender

    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or delivery.status != DeliveryStatus.QUEUED:
            return delivery.status if delivery else "missing"
        delivery.attempts += 1
        if is_opted_out(delivery.recipient, delivery.channel):
            delivery.status = DeliveryStatus.OPTED_OUT
        elif not delivery.to_address:
            delivery.status = DeliveryStatus.NO_ADDRESS
        else:
            try:
                if delivery.channel == Channel.EMAIL:
                    result = send_email(to=delivery.to_address, subject=delivery.subject, body=delivery.body)
                else:
                    result = sms_sender().send(
                        to=delivery.to_address,
                        body=delivery.body,
                        channel=delivery.channel,
                        template_key=delivery.template_key,
                    )
            except Exception as exc:  # noqa: BLE001 — any provider error is logged on the row
                delivery.status = DeliveryStatus.FAILED
                delivery.error = f"{type(exc).__name__}: {exc}"[:300]
            else:
                delivery.status = DeliveryStatus.SENT
                delivery.provider = result.provider[:60]
                delivery.provider_ref = result.ref[:120]
                delivery.sent_at = timezone.now()
                delivery.error = ""
        delivery.save()
        return delivery.status


@transaction.atomic
def do_retry_delivery(*, delivery: Delivery) -> Delivery:
    from .tasks import send_delivery

    if delivery.status != DeliveryStatus.FAILED:
        raise ValidationError(_("발송에 실패한 메시지만 다시 보낼 수 있습니다."), code="not_failed")
    delivery.status = DeliveryStatus.QUEUED
    delivery.save(update_fields=["status"])
    transaction.on_commit(lambda: send_delivery.enqueue(delivery.pk))
    return delivery
