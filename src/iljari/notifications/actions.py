"""Queue notifications: render now, send later from the task queue (never in the request)."""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Channel, Delivery, DeliveryStatus, Notice, OptOut, Topic
from .templates import TOPICS, render, render_for_inbox


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
    topic: str | None = None,
    link: str = "",
) -> list[Delivery]:
    """Queue one message per channel for ``user`` (or to the plain ``email``), and put it in the
    user's in-site inbox (알림함) whatever the channels and preferences.

    With a ``dedupe_key`` the same message is queued at most once per channel, however often
    this is called (retries, double clicks). Sending happens after the transaction commits, by
    the task worker, which honours the recipient's opt-outs (channel and ``topic``; by default
    the template's topic, ``templates.TOPICS``).
    """
    from .tasks import send_delivery

    topic = TOPICS.get(template_key, "") if topic is None else topic
    if user is not None:
        _to_inbox(user, template_key, context, channels, dedupe_key=dedupe_key, topic=topic, link=link)
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
                    topic=topic,
                    subject=subject[:200],
                    body=body,
                    dedupe_key=dedupe_key,
                )
        except IntegrityError:  # a concurrent call queued it first
            continue
        deliveries.append(delivery)
        transaction.on_commit(partial(send_delivery.enqueue, delivery.pk))
    return deliveries


def _to_inbox(user, template_key, context, channels, *, dedupe_key, topic, link) -> None:
    rendered = render_for_inbox(template_key, context, channels)
    if rendered is None:
        return
    if dedupe_key and Notice.objects.filter(recipient=user, dedupe_key=dedupe_key).exists():
        return
    subject, body = rendered
    try:
        with transaction.atomic():
            Notice.objects.create(
                recipient=user,
                template_key=template_key,
                topic=topic,
                subject=subject[:200],
                body=body,
                link=link[:300],
                dedupe_key=dedupe_key,
            )
    except IntegrityError:  # a concurrent call put it there first
        pass


def _check(channel: str, topic: str) -> None:
    if channel and channel not in Channel.values:
        raise ValidationError({"channel": _("알 수 없는 채널입니다.")}, code="invalid")
    if topic and topic not in Topic.values:
        raise ValidationError({"topic": _("알 수 없는 알림 주제입니다.")}, code="invalid")
    if not channel and not topic:
        raise ValidationError(_("채널이나 알림 주제를 골라 주세요."), code="required")


@transaction.atomic
def do_opt_out(*, user, channel: str = "", topic: str = "") -> OptOut:
    """Stop ``channel`` (every topic), ``topic`` (every channel), or that topic on that channel."""
    _check(channel, topic)
    return OptOut.objects.get_or_create(user=user, channel=channel, topic=topic)[0]


@transaction.atomic
def do_opt_in(*, user, channel: str = "", topic: str = "") -> int:
    _check(channel, topic)
    return OptOut.objects.filter(user=user, channel=channel, topic=topic).delete()[0]


def is_opted_out(user, channel: str, topic: str = "") -> bool:
    """Has ``user`` turned off this channel, this topic, or this topic on this channel?"""
    if user is None:
        return False
    rows = OptOut.objects.filter(user=user, channel__in=(channel, ""))
    return rows.filter(topic__in=(topic, "")).exclude(channel="", topic="").exists()


def preferences(user) -> dict[str, bool]:
    """Every channel and topic of ``user`` as on (True) or off: the settings pages' initial values."""
    rows = set(OptOut.objects.filter(user=user).values_list("channel", "topic"))
    on = {channel: (channel, "") not in rows for channel in Channel.values}
    on.update({topic: ("", topic) not in rows for topic in Topic.values})
    return on


@transaction.atomic
def do_set_preferences(
    *, user, channels: dict[str, bool] | None = None, topics: dict[str, bool] | None = None
):
    """Turn whole channels and whole topics on (True) or off (False); others stay as they are."""
    for channel, wanted in (channels or {}).items():
        (do_opt_in if wanted else do_opt_out)(user=user, channel=channel)
    for topic, wanted in (topics or {}).items():
        (do_opt_in if wanted else do_opt_out)(user=user, topic=topic)
    return preferences(user)


def unread_count(user) -> int:
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


@transaction.atomic
def do_mark_read(*, user, notice_ids=None) -> int:
    """Mark the user's notices (these ids, or all) as read; returns how many changed."""
    rows = Notice.objects.filter(recipient=user, read_at__isnull=True)
    if notice_ids is not None:
        rows = rows.filter(pk__in=notice_ids)
    return rows.update(read_at=timezone.now())


def deliver(delivery_id: int) -> str:
    """Send one queued delivery exactly once; returns the final status."""
    from .senders import send_email, sms_sender

    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or delivery.status != DeliveryStatus.QUEUED:
            return delivery.status if delivery else "missing"
        delivery.attempts += 1
        if is_opted_out(delivery.recipient, delivery.channel, delivery.topic):
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
