"""Who plans (organisations) and the plan tree: Plan → Strategy → Program → Project, and the
multi-year ProgramSeries that links the yearly programs."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from iljari.core.models import TimeStampedModel
from iljari.taxonomy.models import Region


class OrgKind(models.TextChoices):
    CITY = "city", _("광역시·도")
    DISTRICT = "district", _("시·군·구")
    CENTER = "center", _("일자리센터")


class Organisation(models.Model):
    name = models.CharField(_("기관명"), max_length=80, unique=True)
    kind = models.CharField(_("기관 유형"), max_length=10, choices=OrgKind.choices)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("관할 지역")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        verbose_name=_("상위 기관"),
    )

    class Meta:
        verbose_name = _("기관")
        verbose_name_plural = _("기관")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("작성 중")
    PUBLISHED = "published", _("공시")


class Plan(TimeStampedModel):
    """지역 일자리 목표 공시: one organisation's job plan for one year."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="plans", verbose_name=_("기관")
    )
    year = models.PositiveSmallIntegerField(
        _("연도"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("계획명"), max_length=150)
    vision = models.CharField(_("비전"), max_length=200, blank=True)
    status = models.CharField(_("상태"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)

    class Meta:
        verbose_name = _("일자리 계획")
        verbose_name_plural = _("일자리 계획")
        ordering = ["-year", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="plan_one_per_org_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.organisation} {self.title}"


class Strategy(models.Model):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="strategies", verbose_name=_("계획")
    )
    order = models.PositiveSmallIntegerField(_("순서"), default=1)
    name = models.CharField(_("핵심전략"), max_length=150)

    class Meta:
        verbose_name = _("핵심전략")
        verbose_name_plural = _("핵심전략")
        ordering = ["plan", "order", "id"]

    def __str__(self) -> str:
        return self.name


class ProgramType(models.TextChoices):
    """The official classification of job programs (재정지원 일자리사업 유형)."""

    DIRECT = "direct", _("직접일자리")
    TRAINING = "training", _("직업훈련")
    SERVICE = "service", _("고용서비스")
    SUBSIDY = "subsidy", _("고용장려금")
    STARTUP = "startup", _("창업지원")
    INCOME = "income", _("실업소득 유지·지원")
    OTHER = "other", _("기타")


class ProgramSeries(models.Model):
    """A multi-year program with a total target (e.g. 2020–2024, 7,750명 고용창출, 477억)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="series", verbose_name=_("기관")
    )
    name = models.CharField(_("다년도 사업명"), max_length=150)
    start_year = models.PositiveSmallIntegerField(_("시작 연도"))
    end_year = models.PositiveSmallIntegerField(_("종료 연도"))
    total_jobs_target = models.PositiveIntegerField(_("총 고용창출 목표"), default=0)
    total_budget = models.PositiveBigIntegerField(_("총 사업비(원)"), default=0)

    class Meta:
        verbose_name = _("다년도 사업")
        verbose_name_plural = _("다년도 사업")
        ordering = ["-start_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")), name="series_years_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.start_year}–{self.end_year})"


class Program(models.Model):
    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="programs", verbose_name=_("핵심전략")
    )
    series = models.ForeignKey(
        ProgramSeries,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programs",
        verbose_name=_("다년도 사업"),
    )
    order = models.PositiveSmallIntegerField(_("순서"), default=1)
    name = models.CharField(_("사업명"), max_length=150)
    program_type = models.CharField(_("사업 유형"), max_length=10, choices=ProgramType.choices)
    department = models.CharField(_("담당 부서"), max_length=80, blank=True)
    partners = models.CharField(_("협력·수행기관"), max_length=300, blank=True)
    national_budget = models.PositiveBigIntegerField(_("국비(원)"), default=0)
    city_budget = models.PositiveBigIntegerField(_("시비(원)"), default=0)
    district_budget = models.PositiveBigIntegerField(_("구비(원)"), default=0)
    other_budget = models.PositiveBigIntegerField(_("기타(원)"), default=0)

    class Meta:
        verbose_name = _("사업")
        verbose_name_plural = _("사업")
        ordering = ["strategy", "order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def total_budget(self) -> int:
        return self.national_budget + self.city_budget + self.district_budget + self.other_budget


class Project(models.Model):
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="projects", verbose_name=_("사업")
    )
    order = models.PositiveSmallIntegerField(_("순서"), default=1)
    name = models.CharField(_("세부사업명"), max_length=150)
    description = models.TextField(_("사업 내용"), blank=True)
    job_definition = models.CharField(
        _("일자리 인정 기준"),
        max_length=300,
        blank=True,
        help_text=_("무엇을 일자리 1개로 세는지 적습니다. 예: 고용보험 가입 취업자 1명"),
    )

    class Meta:
        verbose_name = _("세부사업")
        verbose_name_plural = _("세부사업")
        ordering = ["program", "order", "id"]

    def __str__(self) -> str:
        return self.name
