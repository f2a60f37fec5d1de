"""Referrals (알선) of seekers to vacancies, and placements (취업) that follow."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from iljari.core.models import TimeStampedModel
from iljari.employers.models import Employer
from iljari.seekers.models import EmploymentType, Seeker
from iljari.taxonomy.models import Occupation
from iljari.vacancies.models import Vacancy


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("제안")
    SEEKER_ACCEPTED = "seeker_accepted", _("구직자동의")
    EMPLOYER_REVIEW = "employer_review", _("기업검토")
    INTERVIEW = "interview", _("면접")
    HIRED = "hired", _("채용")
    NOT_HIRED = "not_hired", _("불채용")
    CANCELLED = "cancelled", _("취소")


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
