"""Notifications: message templates, the delivery log, the in-site inbox and every preference.

Messages are rendered when they are queued (``actions.do_notify``) and sent by a task
(``tasks.send_delivery``) from the queue, never inside a web request. Each message also lands in
the recipient's inbox (``Notice``). What a person does not want to receive is an ``OptOut``: a
channel (문자 off), a topic (행사 소식 off) or both — the one store of notification preferences.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("이메일")
    SMS = "sms", _("문자(SMS)")
    ALIMTALK = "alimtalk", _("알림톡")


class Topic(models.TextChoices):
    """What a message is about; a person can turn a topic off on every channel."""

    RECOMMENDATIONS = "recommendations", _("새 추천 일자리")
    APPLICATIONS = "applications", _("지원·알선·면접 진행 상황")
    EVENTS = "events", _("채용박람회·행사 소식")


class MessageTemplate(models.Model):
    """An editable message; the built-in defaults live in ``templates.DEFAULT_TEMPLATES``."""

    key = models.CharField(_("템플릿 키"), max_length=60)
    channel = models.CharField(_("채널"), max_length=10, choices=Channel.choices)
    subject = models.CharField(_("제목"), max_length=150, blank=True)
    body = models.TextField(_("본문"))
    active = models.BooleanField(_("사용"), default=True)
    updated_at = models.DateTimeField(_("수정일시"), auto_now=True)

    class Meta:
        verbose_name = _("메시지 템플릿")
        verbose_name_plural = _("메시지 템플릿")
        ordering = ["key", "channel"]
        constraints = [models.UniqueConstraint(fields=["key", "channel"], name="message_template_unique")]

    def __str__(self) -> str:
        return f"{self.key} ({self.get_channel_display()})"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("발송 대기")
    SENT = "sent", _("발송 완료")
    FAILED = "failed", _("발송 실패")
    OPTED_OUT = "opted_out", _("수신 거부")
    NO_ADDRESS = "no_address", _("연락처 없음")


class Delivery(models.Model):
    """One message to one recipient on one channel: the delivery log."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
        verbose_name=_("수신자"),
    )
    channel = models.CharField(_("채널"), max_length=10, choices=Channel.choices)
    to_address = models.CharField(_("수신 주소"), max_length=254, blank=True)
    template_key = models.CharField(_("템플릿"), max_length=60)
    topic = models.CharField(_("주제"), max_length=20, choices=Topic.choices, blank=True)
    subject = models.CharField(_("제목"), max_length=200, blank=True)
    body = models.TextField(_("본문"))
    status = models.CharField(
        _("상태"), max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED, db_index=True
    )
    dedupe_key = models.CharField(_("중복 방지 키"), max_length=120, blank=True)
    provider = models.CharField(_("발송 수단"), max_length=60, blank=True)
    provider_ref = models.CharField(_("발송 참조"), max_length=120, blank=True)
    error = models.CharField(_("오류"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("시도 횟수"), default=0)
    created_at = models.DateTimeField(_("등록일시"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("발송일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("발송 기록")
        verbose_name_plural = _("발송 기록")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key", "channel"],
                condition=~models.Q(dedupe_key=""),
                name="delivery_unique_dedupe",
            )
        ]

    def __str__(self) -> str:
        return f"{self.template_key} → {self.to_address or '-'} ({self.get_status_display()})"


class OptOut(models.Model):
    """What a user does not want to receive (수신 거부): a channel for every topic (topic blank), a
    topic on every channel (channel blank), or one topic on one channel. Service notices that the
    law requires are not sent by a channel turned off either; the in-site inbox keeps them all."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="opt_outs", verbose_name=_("사용자")
    )
    channel = models.CharField(_("채널"), max_length=10, choices=Channel.choices, blank=True)
    topic = models.CharField(_("주제"), max_length=20, choices=Topic.choices, blank=True)
    created_at = models.DateTimeField(_("등록일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("수신 거부")
        verbose_name_plural = _("수신 거부")
        constraints = [
            models.UniqueConstraint(fields=["user", "channel", "topic"], name="opt_out_unique_channel_topic"),
            models.CheckConstraint(condition=~models.Q(channel="", topic=""), name="opt_out_names_something"),
        ]

    def __str__(self) -> str:
        what = " · ".join(str(x) for x in (self.get_channel_display(), self.get_topic_display()) if x)
        return f"{self.user} · {what}"


class Notice(models.Model):
    """One message in a user's in-site inbox (알림함): every notification, whatever the channels."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices", verbose_name=_("수신자")
    )
    template_key = models.CharField(_("템플릿"), max_length=60)
    topic = models.CharField(_("주제"), max_length=20, choices=Topic.choices, blank=True)
    subject = models.CharField(_("제목"), max_length=200, blank=True)
    body = models.TextField(_("본문"))
    link = models.CharField(_("바로가기"), max_length=300, blank=True)
    dedupe_key = models.CharField(_("중복 방지 키"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("등록일시"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("읽은 일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("알림함 메시지")
        verbose_name_plural = _("알림함 메시지")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_recipient_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notice_unique_dedupe",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.subject or self.template_key}"
