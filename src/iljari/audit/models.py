"""Personal-data access log (개인정보 접속기록): who viewed, exported or changed whose data.

Rows form a keyed hash chain (``iljari.audit.chain``): each row has a sequence number and an
HMAC of all its columns and the previous row's hash, so an edited, deleted or inserted row
breaks ``verify_chain``; the head is anchored outside the database, so deleting the newest rows
does too.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    VIEW = "view", _("열람")
    LIST = "list", _("목록 조회")
    SEARCH = "search", _("검색")
    EXPORT = "export", _("내보내기")
    CHANGE = "change", _("변경")
    DELETE = "delete", _("삭제")
    DOWNLOAD = "download", _("다운로드")


class AccessLog(models.Model):
    at = models.DateTimeField(_("일시"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("처리자"),
    )
    actor_label = models.CharField(_("처리자 계정"), max_length=150)
    # apps may log finer verbs (e.g. "fair_check_in"); the choices name the common ones
    action = models.CharField(_("행위"), max_length=40, choices=AccessAction.choices)
    subject_type = models.CharField(_("대상 종류"), max_length=40)
    subject_id = models.CharField(_("대상 ID"), max_length=40, db_index=True)
    subject_label = models.CharField(_("정보주체"), max_length=150, blank=True)
    fields = models.CharField(_("항목"), max_length=300, blank=True)
    purpose = models.CharField(_("목적"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("접속지"), null=True, blank=True)
    path = models.CharField(_("경로"), max_length=300, blank=True)
    count = models.PositiveIntegerField(_("건수"), default=1)
    seq = models.PositiveBigIntegerField(_("일련번호"), unique=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    row_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("개인정보 접속기록")
        verbose_name_plural = _("개인정보 접속기록")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["actor", "at"]), models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.get_action_display()} {self.subject_label}"

    def get_purpose_display(self) -> str:
        """The purpose in the reader's language: it is stored as written in the source (Korean,
        the msgid), so a translated purpose reads in English for an English reader."""
        return gettext(self.purpose) if self.purpose else ""
