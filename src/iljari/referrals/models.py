"""Referrals (알선) of seekers to vacancies, and placements (취업) that follow."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from iljari.core.models import TimeStampedModel
from iljari.employers.models import Employer
from iljari.seekers.models import Seeker
from iljari.taxonomy.choices import EmploymentType
from iljari.taxonomy.models import Occupation
from iljari.vacancies.models import Vacancy


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("제안")
    SEEKER_ACCEPTED = "seeker_accepted", _("구직자동의")
    EMPLOYER_REVIEW = "employer_review", _("기업검토")
    INTERVIEW = "interview", _("면접")
    HIRED = "hired", _("채용")
    NOT_HIRED = "not_hired", _("불채용")
    CANCELLED = "cancelled", pgettext_lazy("status", "취소")


class Referral(TimeStampedModel):
    seeker = models.ForeignKey(
        Seeker, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("구직자")
    )
    vacancy = models.ForeignKey(
        Vacancy, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("공고")
    )
    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("담당 상담사"),
    )
    status = models.CharField(
        _("진행 상태"),
        max_length=16,
        choices=ReferralStatus.choices,
        default=ReferralStatus.PROPOSED,
        db_index=True,
    )
    note = models.TextField(_("알선 메모"), blank=True)
    outcome_reason = models.CharField(_("결과 사유"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("알선")
        verbose_name_plural = _("알선")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["seeker", "vacancy"],
                condition=~models.Q(status__in=["cancelled", "not_hired"]),
                name="referral_one_open_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.seeker} → {self.vacancy.title} ({self.get_status_display()})"


class PlacementSource(models.TextChoices):
    REFERRAL = "referral", _("알선")
    APPLICATION = "application", _("직접 지원")
    FAIR = "fair", _("채용박람회")
    DIRECT = "direct", _("직접 입력")


class PlacementStatus(models.TextChoices):
    ACTIVE = "active", _("취업")
    CANCELLED = "cancelled", _("채용 취소")


class Placement(TimeStampedModel):
    """A hire. The source of program results (jobs created)."""

    seeker = models.ForeignKey(
        Seeker, on_delete=models.PROTECT, related_name="placements", verbose_name=_("구직자")
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="placements", verbose_name=_("기업")
    )
    vacancy = models.ForeignKey(
        Vacancy,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placements",
        verbose_name=_("공고"),
    )
    referral = models.OneToOneField(
        Referral,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placement",
        verbose_name=_("알선"),
    )
    source = models.CharField(
        _("경로"), max_length=12, choices=PlacementSource.choices, default=PlacementSource.DIRECT
    )
    source_ref = models.CharField(_("경로 참조"), max_length=40, blank=True)
    hire_date = models.DateField(_("입사일"), db_index=True)
    monthly_wage = models.PositiveIntegerField(_("월 임금(원)"))
    employment_type = models.CharField(
        _("고용 형태"), max_length=10, choices=EmploymentType.choices, default=EmploymentType.PERMANENT
    )
    occupation = models.ForeignKey(
        Occupation, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("직종")
    )
    status = models.CharField(
        _("상태"),
        max_length=10,
        choices=PlacementStatus.choices,
        default=PlacementStatus.ACTIVE,
        db_index=True,
    )
    cancelled_at = models.DateTimeField(_("취소 일시"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("취업")
        verbose_name_plural = _("취업")
        ordering = ["-hire_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["seeker", "employer", "hire_date"], name="placement_unique_hire"),
        ]

    def __str__(self) -> str:
        return f"{self.seeker} → {self.employer} ({self.hire_date:%Y-%m-%d})"


class InterviewKind(models.TextChoices):
    REGULAR = "regular", _("일반 면접")
    ACCOMPANIED = "accompanied", _("동행면접")


class InterviewStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("예정")
    DONE = "done", _("완료")
    NO_SHOW = "no_show", _("불참")
    CANCELLED = "cancelled", pgettext_lazy("status", "취소")


class InterviewResult(models.TextChoices):
    PENDING = "", _("미정")
    PASSED = "passed", _("합격")
    FAILED = "failed", _("불합격")
    ON_HOLD = "on_hold", _("보류")


class Interview(TimeStampedModel):
    """An interview of a referred seeker; 동행면접 means a counselor goes along."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="interviews", verbose_name=_("알선")
    )
    kind = models.CharField(
        _("면접 유형"), max_length=12, choices=InterviewKind.choices, default=InterviewKind.REGULAR
    )
    starts_at = models.DateTimeField(_("면접 일시"), db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(_("소요 시간(분)"), default=60)
    place = models.CharField(_("장소"), max_length=200)
    meeting_point = models.CharField(_("만나는 곳"), max_length=200, blank=True)
    transport_note = models.CharField(_("교통 안내"), max_length=300, blank=True)
    company_contact = models.CharField(_("기업 면접관"), max_length=100, blank=True)
    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accompanied_interviews",
        verbose_name=_("동행 상담사"),
    )
    status = models.CharField(
        _("상태"), max_length=10, choices=InterviewStatus.choices, default=InterviewStatus.SCHEDULED
    )
    result = models.CharField(
        _("면접 결과"), max_length=10, choices=InterviewResult.choices, blank=True, default=""
    )
    outcome_note = models.TextField(_("결과 메모"), blank=True)
    reminder_sent_at = models.DateTimeField(_("알림 발송"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("면접")
        verbose_name_plural = _("면접")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="accompanied") | models.Q(counselor__isnull=False),
                name="interview_accompanied_has_counselor",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)


FOLLOW_UP_MONTHS = (1, 3, 6, 12)


class FollowUpStatus(models.TextChoices):
    PENDING = "pending", _("확인 예정")
    EMPLOYED = "employed", _("재직")
    CHANGED_JOB = "changed_job", _("이직")
    LEFT = "left", _("퇴사")
    UNREACHABLE = "unreachable", _("연락 두절")
    CANCELLED = "cancelled", _("해당 없음")


RETAINED_STATES = {FollowUpStatus.EMPLOYED}
RECORDED_STATES = {
    FollowUpStatus.EMPLOYED,
    FollowUpStatus.CHANGED_JOB,
    FollowUpStatus.LEFT,
    FollowUpStatus.UNREACHABLE,
}


class RetentionFollowUp(TimeStampedModel):
    """The 1-, 3-, 6- and 12-month check whether a hire is still in work (고용 유지)."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("취업")
    )
    month = models.PositiveSmallIntegerField(_("개월 차"))
    due_date = models.DateField(_("확인 예정일"), db_index=True)
    status = models.CharField(
        _("확인 결과"),
        max_length=12,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.PENDING,
        db_index=True,
    )
    reason = models.CharField(_("사유"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("확인일시"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(_("알림 발송"), null=True, blank=True)

    class Meta:
        verbose_name = _("고용 유지 확인")
        verbose_name_plural = _("고용 유지 확인")
        ordering = ["due_date", "month"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "month"], name="follow_up_once_per_month")
        ]

    def __str__(self) -> str:
        return gettext("%(placement)s · %(month)s개월 (%(status)s)") % {
            "placement": self.placement,
            "month": self.month,
            "status": self.get_status_display(),
        }

    @property
    def is_overdue(self) -> bool:
        return self.status == FollowUpStatus.PENDING and self.due_date < timezone.localdate()
