"""Counseling case files (사례관리): a case per seeker, stages, sessions, action plan, attachments."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from iljari.core.models import TimeStampedModel
from iljari.seekers.models import Seeker


class CaseStage(models.TextChoices):
    INTAKE = "intake", _("초기상담")
    PLANNING = "planning", _("진로설정")
    TRAINING = "training", _("직업훈련")
    JOB_SEARCH = "job_search", _("취업알선")
    EMPLOYED = "employed", _("취업")
    AFTERCARE = "aftercare", _("사후관리")
    CLOSED = "closed", pgettext_lazy("status", "종결")


STAGE_ORDER = list(CaseStage.values)


class Case(TimeStampedModel):
    seeker = models.ForeignKey(
        Seeker, on_delete=models.CASCADE, related_name="cases", verbose_name=_("구직자")
    )
    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="cases",
        verbose_name=_("담당 상담사"),
    )
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("담당 팀")
    )
    stage = models.CharField(
        _("단계"), max_length=12, choices=CaseStage.choices, default=CaseStage.INTAKE, db_index=True
    )
    opened_on = models.DateField(_("개시일"), default=timezone.localdate)
    closed_on = models.DateField(_("종결일"), null=True, blank=True)
    goal = models.CharField(_("상담 목표"), max_length=200, blank=True)
    summary = models.TextField(
        _("사례 요약"), blank=True, help_text=_("구직자 본인도 볼 수 있는 요약입니다.")
    )
    next_contact_on = models.DateField(_("다음 연락 예정일"), null=True, blank=True)

    class Meta:
        verbose_name = _("상담 사례")
        verbose_name_plural = _("상담 사례")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["seeker"], condition=~models.Q(stage="closed"), name="case_one_open_per_seeker"
            )
        ]

    def __str__(self) -> str:
        return f"{self.seeker} ({self.get_stage_display()})"

    @property
    def stage_index(self) -> int:
        return STAGE_ORDER.index(self.stage)


class NoteKind(models.TextChoices):
    SESSION = "session", _("대면 상담")
    PHONE = "phone", _("전화 상담")
    VISIT = "visit", _("방문 상담")
    ACCOMPANIED = "accompanied", _("동행면접")
    OTHER = "other", _("기타")


class CaseNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes", verbose_name=_("사례"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("작성자"),
    )
    kind = models.CharField(_("상담 방식"), max_length=12, choices=NoteKind.choices, default=NoteKind.SESSION)
    session_on = models.DateField(_("상담일"), default=timezone.localdate)
    body = models.TextField(_("상담 내용"))
    internal = models.BooleanField(
        _("내부 메모"), default=True, help_text=_("내부 메모는 구직자에게 보이지 않습니다.")
    )
    created_at = models.DateTimeField(_("등록일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("상담 기록")
        verbose_name_plural = _("상담 기록")
        ordering = ["-session_on", "-id"]

    def __str__(self) -> str:
        return f"{self.session_on:%Y-%m-%d} {self.get_kind_display()}"


class ActionItem(models.Model):
    """One step of the action plan (취업활동계획) with a due date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plan", verbose_name=_("사례"))
    title = models.CharField(_("할 일"), max_length=200)
    owner = models.CharField(
        _("수행 주체"),
        max_length=10,
        choices=[("seeker", _("구직자")), ("counselor", _("상담사"))],
        default="seeker",
    )
    due_on = models.DateField(_("기한"), db_index=True)
    done_on = models.DateField(_("완료일"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("등록일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("활동 계획")
        verbose_name_plural = _("활동 계획")
        ordering = ["done_on", "due_on", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.done_on is None and self.due_on < timezone.localdate()


def attachment_path(instance, filename: str) -> str:
    # the stored name never comes from the user: case id + random token + sniffed extension
    import secrets

    return f"cases/{instance.case_id}/{secrets.token_hex(12)}.{instance.kind}"


class Attachment(models.Model):
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("사례")
    )
    file = models.FileField(_("파일"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("파일 이름"), max_length=200)
    kind = models.CharField(_("형식"), max_length=8)
    content_type = models.CharField(_("MIME 형식"), max_length=100)
    size = models.PositiveIntegerField(_("크기(바이트)"))
    description = models.CharField(_("설명"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("등록일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("첨부 파일")
        verbose_name_plural = _("첨부 파일")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.original_name


class CaseTransfer(models.Model):
    """A case handed from one counselor to another (담당자 변경)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers", verbose_name=_("사례"))
    from_counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("이전 담당"),
    )
    to_counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("새 담당"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("처리자"),
    )
    reason = models.CharField(_("사유"), max_length=300)
    at = models.DateTimeField(_("처리일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("담당자 변경")
        verbose_name_plural = _("담당자 변경")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_counselor_id} → {self.to_counselor_id}"
