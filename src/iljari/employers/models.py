"""Employers (사업장) and their members."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from iljari.core.fields import WebAddressField
from iljari.core.models import TimeStampedModel
from iljari.core.validators import validate_business_number, validate_phone
from iljari.taxonomy.models import IndustrialComplex, Industry, Region


class RootSector(models.TextChoices):
    CASTING = "casting", _("주조")
    MOLD = "mold", _("금형")
    WELDING = "welding", _("용접")
    PLASTIC_WORKING = "plastic_working", _("소성가공")
    SURFACE_TREATMENT = "surface", _("표면처리")
    HEAT_TREATMENT = "heat", _("열처리")
    OTHER = "other", _("기타 제조업")


class EmployerStatus(models.TextChoices):
    PENDING = "pending", _("승인 대기")
    APPROVED = "approved", pgettext_lazy("status", "승인")
    REJECTED = "rejected", pgettext_lazy("status", "반려")


class SizeBand(models.TextChoices):
    MICRO = "micro", _("10인 미만")
    SMALL = "small", _("10~49인")
    MEDIUM = "medium", _("50~299인")
    LARGE = "large", _("300인 이상")


class Employer(TimeStampedModel):
    name = models.CharField(_("기업명"), max_length=120)
    business_number = models.CharField(
        _("사업자등록번호"), max_length=12, unique=True, validators=[validate_business_number]
    )
    representative = models.CharField(_("대표자"), max_length=60, blank=True)
    industry = models.ForeignKey(
        Industry, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("업종")
    )
    root_sector = models.CharField(
        _("뿌리산업 분야"), max_length=20, choices=RootSector.choices, default="other"
    )
    address = models.CharField(_("주소"), max_length=200)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("지역"))
    lat = models.FloatField(_("위도"), validators=[MinValueValidator(33.0), MaxValueValidator(39.0)])
    lon = models.FloatField(_("경도"), validators=[MinValueValidator(124.0), MaxValueValidator(132.0)])
    industrial_complex = models.ForeignKey(
        IndustrialComplex, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("산업단지")
    )
    employees = models.PositiveIntegerField(_("상시 근로자 수"), default=0)
    phone = models.CharField(_("대표 전화"), max_length=20, blank=True, validators=[validate_phone])
    website = WebAddressField(_("홈페이지"), blank=True)
    description = models.TextField(_("기업 소개"), blank=True)
    commuter_bus = models.BooleanField(_("통근버스"), default=False)
    dormitory = models.BooleanField(_("기숙사"), default=False)
    canteen = models.BooleanField(_("구내식당"), default=False)
    status = models.CharField(
        _("승인 상태"),
        max_length=10,
        choices=EmployerStatus.choices,
        default=EmployerStatus.PENDING,
        db_index=True,
    )

    class Meta:
        verbose_name = _("기업")
        verbose_name_plural = _("기업")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lat__gte=33, lat__lte=39), name="employer_lat_in_korea"
            ),
            models.CheckConstraint(
                condition=models.Q(lon__gte=124, lon__lte=132), name="employer_lon_in_korea"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def size_band(self) -> str:
        if self.employees < 10:
            return SizeBand.MICRO
        if self.employees < 50:
            return SizeBand.SMALL
        if self.employees < 300:
            return SizeBand.MEDIUM
        return SizeBand.LARGE

    def get_size_band_display(self) -> str:
        return str(SizeBand(self.size_band).label)


class MemberRole(models.TextChoices):
    OWNER = "owner", _("대표 관리자")
    MANAGER = "manager", _("채용 담당자")


class EmployerMember(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="employer_memberships",
        verbose_name=_("사용자"),
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="members", verbose_name=_("기업")
    )
    role = models.CharField(_("권한"), max_length=10, choices=MemberRole.choices, default=MemberRole.MANAGER)
    joined_at = models.DateTimeField(_("가입일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("기업 담당자")
        verbose_name_plural = _("기업 담당자")
        constraints = [models.UniqueConstraint(fields=["user", "employer"], name="employer_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.employer}"


class Invitation(models.Model):
    """A member's invitation of a colleague; the link carries an unguessable token."""

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("기업")
    )
    email = models.EmailField(_("이메일"))
    full_name = models.CharField(_("이름"), max_length=60, blank=True)
    role = models.CharField(_("권한"), max_length=10, choices=MemberRole.choices, default=MemberRole.MANAGER)
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("초대한 사람"),
    )
    created_at = models.DateTimeField(_("초대일시"), auto_now_add=True)
    expires_at = models.DateTimeField(_("만료일시"))
    accepted_at = models.DateTimeField(_("수락일시"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("취소일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("담당자 초대")
        verbose_name_plural = _("담당자 초대")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.employer}"

    @property
    def is_usable(self) -> bool:
        from django.utils import timezone

        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class ReferralRequestStatus(models.TextChoices):
    OPEN = "open", _("요청")
    ANSWERED = "answered", _("답변 완료")
    WITHDRAWN = "withdrawn", _("요청 취소")


class ReferralRequest(TimeStampedModel):
    """An employer asks the job center to refer (알선) candidates for one vacancy."""

    vacancy = models.ForeignKey(
        "vacancies.Vacancy",
        on_delete=models.CASCADE,
        related_name="referral_requests",
        verbose_name=_("공고"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("요청자"),
    )
    message = models.TextField(_("요청 내용"), blank=True)
    wanted = models.PositiveSmallIntegerField(
        _("희망 알선 인원"), default=3, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    status = models.CharField(
        _("처리 상태"),
        max_length=10,
        choices=ReferralRequestStatus.choices,
        default=ReferralRequestStatus.OPEN,
        db_index=True,
    )
    answer = models.TextField(_("센터 답변"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("답변일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("알선 요청")
        verbose_name_plural = _("알선 요청")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy"],
                condition=models.Q(status="open"),
                name="referral_request_one_open_per_vacancy",
            )
        ]

    def __str__(self) -> str:
        return f"{self.vacancy_id} · {self.get_status_display()}"
