"""Shared model pieces: timestamps and the workflow transition log."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("등록일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정일시"), auto_now=True)

    class Meta:
        abstract = True


class TransitionLog(models.Model):
    """One state change of a workflow object: who, when, from, to, why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    from_state = models.CharField(_("이전 상태"), max_length=40, blank=True)
    to_state = models.CharField(_("변경 상태"), max_length=40)
    reason = models.TextField(_("사유"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("처리자")
    )
    at = models.DateTimeField(_("처리일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("상태 변경 이력")
        verbose_name_plural = _("상태 변경 이력")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.from_state or '-'} → {self.to_state} ({self.at:%Y-%m-%d %H:%M})"
