"""Users, roles, counselor teams and consent records (개인정보 수집·이용 동의)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iljari.core.validators import validate_phone

from .tokens import default_expiry, scope_label


class Role(models.TextChoices):
    SEEKER = "seeker", _("구직자")
    EMPLOYER = "employer", _("기업 담당자")
    COUNSELOR = "counselor", _("상담사")
    PROGRAM_MANAGER = "program_manager", _("사업 담당자")
    OFFICIAL = "official", _("공무원(통계 열람)")
    ADMIN = "admin", _("관리자")


STAFF_ROLES = {Role.COUNSELOR, Role.PROGRAM_MANAGER, Role.OFFICIAL, Role.ADMIN}


class Team(models.Model):
    """A job-center team; counselors see their own and their team's cases."""

    name = models.CharField(_("팀 이름"), max_length=80, unique=True)
    center = models.CharField(_("센터"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("팀")
        verbose_name_plural = _("팀")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(
        _("역할"), max_length=20, choices=Role.choices, default=Role.SEEKER, db_index=True
    )
    full_name = models.CharField(_("이름"), max_length=60, blank=True)
    phone = models.CharField(_("전화번호"), max_length=20, blank=True, validators=[validate_phone])
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("소속 팀")
    )

    class Meta:
        verbose_name = _("사용자")
        verbose_name_plural = _("사용자")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def is_job_center_staff(self) -> bool:
        return self.is_active and (self.role in STAFF_ROLES or self.is_superuser)


class ConsentPurpose(models.TextChoices):
    SERVICE = "service", _("구직 서비스 제공을 위한 개인정보 수집·이용 (필수)")
    MATCHING = "matching", _("맞춤 일자리 추천을 위한 이용 (필수)")
    SHARE_WITH_EMPLOYERS = "share_employers", _("알선 기업에 이력 정보 제공 (선택)")
    MARKETING = "notifications", _("채용 소식·행사 알림 수신 (선택)")
    TERMS = "terms", _("이용약관 (필수)")


class ConsentText(models.Model):
    """A versioned consent text; a new version means users are asked again."""

    purpose = models.CharField(_("목적"), max_length=30, choices=ConsentPurpose.choices)
    version = models.PositiveSmallIntegerField(_("버전"))
    required = models.BooleanField(_("필수 여부"), default=False)
    title = models.CharField(_("제목"), max_length=120)
    body = models.TextField(_("내용"))
    items = models.CharField(_("수집 항목"), max_length=300, blank=True)
    retention = models.CharField(_("보유 기간"), max_length=120, blank=True)
    effective_from = models.DateField(_("시행일"), default=timezone.localdate)

    class Meta:
        verbose_name = _("동의서")
        verbose_name_plural = _("동의서")
        constraints = [
            models.UniqueConstraint(fields=["purpose", "version"], name="consent_text_unique_version")
        ]
        ordering = ["purpose", "-version"]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class ConsentRecord(models.Model):
    """A user's answer to one version of a consent text; withdrawal keeps the row."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="consents", verbose_name=_("사용자")
    )
    text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, verbose_name=_("동의서"))
    granted = models.BooleanField(_("동의 여부"))
    answered_at = models.DateTimeField(_("응답 일시"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("철회 일시"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 주소"), null=True, blank=True)
    # A consent that names one company (e.g. "share my name and contact with 한빛정밀"): only this
    # kind discloses a referred seeker's name and contact to that company.
    employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="seeker_consents",
        verbose_name=_("제공받는 기업"),
    )

    class Meta:
        verbose_name = _("동의 기록")
        verbose_name_plural = _("동의 기록")
        ordering = ["-answered_at"]

    def __str__(self) -> str:
        state = _("동의") if self.granted and not self.withdrawn_at else _("미동의/철회")
        return f"{self.user} · {self.text} · {state}"

    @property
    def is_active(self) -> bool:
        return self.granted and self.withdrawn_at is None


class ApiToken(models.Model):
    """A bearer token for integrations; only its SHA-256 is stored."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("사용자")
    )
    name = models.CharField(_("이름"), max_length=80)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("앞자리"), max_length=8)
    created_at = models.DateTimeField(_("발급일시"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("최근 사용"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("폐기 일시"), null=True, blank=True)
    # "<area>:<read|write>" (accounts/tokens.py); checked on every API call by the token schemes
    scopes = models.JSONField(_("권한"), default=list)
    expires_at = models.DateTimeField(_("만료 일시"), default=default_expiry)

    class Meta:
        verbose_name = _("API 토큰")
        verbose_name_plural = _("API 토큰")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def scope_labels(self) -> list[str]:
        return [scope_label(s) for s in self.scopes]
