"""Targets and what counts toward them: attribution rules and rows (placements), approved
manual monthly results, and the change rows that version cached reports."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from iljari.core.models import TimeStampedModel
from iljari.employers.models import Employer, RootSector
from iljari.referrals.models import Placement, PlacementSource

from .plans import Project


class Metric(models.TextChoices):
    JOBS = "jobs", _("일자리 창출")
    HIRES = "hires", _("취업자")
    TRAINED = "trained", _("교육 수료")
    PARTICIPANTS = "participants", _("참여자")
    BUDGET = "budget", _("예산 집행")
    VISITS = "visits", _("기업 방문")
    SUGGESTIONS = "suggestions", _("기업 건의 처리")


METRIC_UNITS = {
    Metric.JOBS: _("개"),
    Metric.HIRES: _("명"),
    Metric.TRAINED: _("명"),
    Metric.PARTICIPANTS: _("명"),
    Metric.BUDGET: _("원"),
    Metric.VISITS: _("곳"),
    Metric.SUGGESTIONS: _("건"),
}

METRIC_DEFINITIONS = {
    Metric.JOBS: _("연도 안에 입사한 취업 1건(채용 취소 제외) + 승인된 시스템 외 실적"),
    Metric.HIRES: _("연도 안에 취업한 구직자 수(한 사람은 한 번)"),
    Metric.TRAINED: _("연도 안에 수료한 교육생 수(과정별 한 사람 한 번)"),
    Metric.PARTICIPANTS: _("승인된 월별 참여자 실적"),
    Metric.BUDGET: _("승인된 월별 집행액(원)"),
    Metric.VISITS: _("승인된 월별 기업 현장 방문 수(곳)"),
    Metric.SUGGESTIONS: _("기업 방문에서 받아 처리했거나 진행 중인 건의사항 수(승인된 월별 실적)"),
}


class Target(models.Model):
    """A target for one project, year and metric; ``month`` 0 is the yearly target."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="targets", verbose_name=_("세부사업")
    )
    year = models.PositiveSmallIntegerField(_("연도"))
    month = models.PositiveSmallIntegerField(
        _("월"), default=0, validators=[MaxValueValidator(12)], help_text=_("0은 연간 목표")
    )
    metric = models.CharField(_("지표"), max_length=12, choices=Metric.choices)
    value = models.PositiveBigIntegerField(_("목표값"))

    class Meta:
        verbose_name = _("목표")
        verbose_name_plural = _("목표")
        ordering = ["project", "year", "metric", "month"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "month", "metric"], name="target_unique"),
            models.CheckConstraint(condition=models.Q(month__lte=12), name="target_month_range"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}/{self.month} {self.metric}={self.value}"


class AttributionRule(models.Model):
    """Which placements count for a project: every filled criterion must match."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="rules", verbose_name=_("세부사업")
    )
    root_sector = models.CharField(_("뿌리산업 분야"), max_length=20, choices=RootSector.choices, blank=True)
    region_prefix = models.CharField(
        _("지역 코드 앞자리"), max_length=10, blank=True, help_text=_("예: 28200(남동구), 28 (인천)")
    )
    source = models.CharField(_("취업 경로"), max_length=12, choices=PlacementSource.choices, blank=True)
    source_ref = models.CharField(_("경로 참조(박람회 등)"), max_length=40, blank=True)
    employer = models.ForeignKey(
        Employer, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("기업")
    )
    note = models.CharField(_("메모"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("실적 연계 규칙")
        verbose_name_plural = _("실적 연계 규칙")
        ordering = ["project", "id"]

    def __str__(self) -> str:
        return f"{self.project}: {self.describe()}"

    def describe(self) -> str:
        parts = []
        if self.root_sector:
            parts.append(str(self.get_root_sector_display()))
        if self.region_prefix:
            parts.append(f"{_('지역')} {self.region_prefix}*")
        if self.source:
            parts.append(str(self.get_source_display()))
        if self.source_ref:
            parts.append(self.source_ref)
        if self.employer_id:
            parts.append(str(self.employer))
        return " · ".join(parts) or str(_("모든 취업"))

    def placement_filter(self) -> models.Q:
        q = models.Q()
        if self.root_sector:
            q &= models.Q(employer__root_sector=self.root_sector)
        if self.region_prefix:
            q &= models.Q(employer__region__code__startswith=self.region_prefix)
        if self.source:
            q &= models.Q(source=self.source)
        if self.source_ref:
            q &= models.Q(source_ref=self.source_ref)
        if self.employer_id:
            q &= models.Q(employer_id=self.employer_id)
        return q


class AttributionMethod(models.TextChoices):
    RULE = "rule", _("규칙")
    MANUAL = "manual", _("수동")


class Attribution(models.Model):
    """This placement counts for this project. Unique: a hire counts once per project."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="attributions", verbose_name=_("세부사업")
    )
    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="program_attributions", verbose_name=_("취업")
    )
    method = models.CharField(_("연계 방법"), max_length=8, choices=AttributionMethod.choices)
    rule = models.ForeignKey(
        AttributionRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("연계 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("실적 연계")
        verbose_name_plural = _("실적 연계")
        constraints = [
            models.UniqueConstraint(fields=["project", "placement"], name="attribution_once_per_project")
        ]
        indexes = [models.Index(fields=["placement", "project"])]

    def __str__(self) -> str:
        return f"{self.project} ← {self.placement_id}"


class ManualResultStatus(models.TextChoices):
    SUBMITTED = "submitted", _("승인 대기")
    APPROVED = "approved", _("승인")
    REJECTED = "rejected", _("반려")


class ManualResult(TimeStampedModel):
    """A monthly result the system does not record itself (with evidence), counted once approved."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="manual_results", verbose_name=_("세부사업")
    )
    year = models.PositiveSmallIntegerField(_("연도"))
    month = models.PositiveSmallIntegerField(
        _("월"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    metric = models.CharField(_("지표"), max_length=12, choices=Metric.choices)
    value = models.PositiveBigIntegerField(_("실적값"))
    note = models.CharField(_("내용"), max_length=300, blank=True)
    evidence = models.FileField(_("증빙 자료"), upload_to="programs/evidence/%Y/", blank=True)
    status = models.CharField(
        _("상태"), max_length=10, choices=ManualResultStatus.choices, default=ManualResultStatus.SUBMITTED
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("처리 일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("수기 실적")
        verbose_name_plural = _("수기 실적")
        ordering = ["-year", "-month", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="manual_result_month_range"
            ),
            # one live entry per project, month and metric: a correction replaces, never adds
            models.UniqueConstraint(
                fields=["project", "year", "month", "metric"],
                condition=~models.Q(status="rejected"),
                name="manual_result_one_per_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}-{self.month:02d} {self.metric}={self.value}"


class ResultsChange(models.Model):
    """One row per change that can alter a plan's results; the newest row is the data version.

    Cached reports are keyed by it (``versions.current``). Rows are written in the same
    transaction as the change (``versions.bump``), so a rolled-back change leaves no row, and
    the random token tells a new row from an older one that reused a rolled-back id.
    """

    id = models.BigAutoField(primary_key=True)
    token = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("실적 변경 기록")
        verbose_name_plural = _("실적 변경 기록")

    def __str__(self) -> str:
        return f"{self.pk}:{self.token}"
