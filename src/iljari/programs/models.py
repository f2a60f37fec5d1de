"""Job-creation programs (일자리 사업): yearly plans, targets, results, surveys.

Plan (organisation × year) → Strategy (핵심전략) → Program (사업) → Project (세부사업).
A multi-year program (e.g. 2020–2024 고용안정 선제대응 패키지) is a ``ProgramSeries``
that links the yearly ``Program`` rows of each year's plan.

Results come from three places, each counted once:
* placements (referrals.Placement) through an explicit ``Attribution`` row per
  (project, placement) — unique, so a hire counts once per project;
* training completions (``TrainingCompletion``), unique per (training, seeker);
* approved manual monthly entries (``ManualResult``) with evidence, for results the
  system does not record.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from iljari.core.models import TimeStampedModel
from iljari.employers.models import Employer, RootSector
from iljari.referrals.models import Placement, PlacementSource
from iljari.seekers.models import Seeker
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


class Training(models.Model):
    """A training course run under a project (직업훈련); completions count as 'trained'."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="trainings", verbose_name=_("세부사업")
    )
    name = models.CharField(_("과정명"), max_length=150)
    starts_on = models.DateField(_("시작일"))
    ends_on = models.DateField(_("종료일"))
    capacity = models.PositiveIntegerField(_("정원"), default=20)

    class Meta:
        verbose_name = _("교육 과정")
        verbose_name_plural = _("교육 과정")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.name


class CompletionStatus(models.TextChoices):
    COMPLETED = "completed", _("수료")
    DROPPED = "dropped", _("중도 탈락")


class TrainingCompletion(models.Model):
    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="completions", verbose_name=_("교육 과정")
    )
    seeker = models.ForeignKey(Seeker, on_delete=models.PROTECT, related_name="+", verbose_name=_("교육생"))
    completed_on = models.DateField(_("수료일"), db_index=True)
    status = models.CharField(
        _("상태"), max_length=10, choices=CompletionStatus.choices, default=CompletionStatus.COMPLETED
    )

    class Meta:
        verbose_name = _("교육 수료")
        verbose_name_plural = _("교육 수료")
        constraints = [
            models.UniqueConstraint(fields=["training", "seeker"], name="completion_once_per_training")
        ]

    def __str__(self) -> str:
        return f"{self.training} {self.seeker_id}"


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


# --- 실태조사 (surveys) ---------------------------------------------------------------------


class SurveyAudience(models.TextChoices):
    COMPANY = "company", _("기업")
    WORKER = "worker", _("근로자")


class SurveyStatus(models.TextChoices):
    OPEN = "open", _("응답 받는 중")
    CLOSED = "closed", _("마감")


def _new_token() -> str:
    return secrets.token_urlsafe(16)


class Survey(TimeStampedModel):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("기관")
    )
    plan = models.ForeignKey(
        Plan,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surveys",
        verbose_name=_("반영 계획"),
    )
    title = models.CharField(_("조사명"), max_length=150)
    audience = models.CharField(_("조사 대상"), max_length=10, choices=SurveyAudience.choices)
    intro = models.TextField(_("안내문"), blank=True)
    token = models.CharField(_("응답 링크 키"), max_length=40, unique=True, default=_new_token)
    status = models.CharField(
        _("상태"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.OPEN
    )

    class Meta:
        verbose_name = _("실태조사")
        verbose_name_plural = _("실태조사")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    NUMBER = "number", _("숫자")
    CHOICE = "choice", _("선택")
    TEXT = "text", _("서술")


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("조사")
    )
    order = models.PositiveSmallIntegerField(_("순서"), default=1)
    code = models.SlugField(_("문항 코드"), max_length=30)
    text = models.CharField(_("문항"), max_length=200)
    kind = models.CharField(_("응답 형식"), max_length=8, choices=QuestionKind.choices)
    choices = models.JSONField(_("선택지"), default=list, blank=True)
    unit = models.CharField(_("단위"), max_length=20, blank=True)
    required = models.BooleanField(_("필수"), default=True)

    class Meta:
        verbose_name = _("조사 문항")
        verbose_name_plural = _("조사 문항")
        ordering = ["survey", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["survey", "code"], name="question_code_unique")]

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("조사")
    )
    employer = models.ForeignKey(
        Employer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("응답 기업"),
    )
    root_sector = models.CharField(_("뿌리산업 분야"), max_length=20, choices=RootSector.choices, blank=True)
    submitted_at = models.DateTimeField(_("응답 일시"), auto_now_add=True)
    # Who answered, as a one-way key (the SHA-256 of the visitor's random cookie, or of the
    # signed-in account): one answer per visitor and survey, enforced by the constraint below.
    visitor_key = models.CharField(_("응답자 식별값"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("조사 응답")
        verbose_name_plural = _("조사 응답")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "visitor_key"],
                condition=~models.Q(visitor_key=""),
                name="survey_response_once_per_visitor",
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    number = models.BigIntegerField(null=True, blank=True)
    text = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("조사 답변")
        verbose_name_plural = _("조사 답변")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question_id}={self.number if self.number is not None else self.text}"
