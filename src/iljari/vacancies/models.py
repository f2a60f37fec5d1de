"""Vacancies (구인 공고) and applications (입사 지원)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from iljari.core.models import TimeStampedModel
from iljari.employers.models import Employer
from iljari.seekers.models import Seeker
from iljari.taxonomy.choices import Education, EmploymentType, Shift
from iljari.taxonomy.models import Occupation, Qualification, Region

from . import wages

HOURS_PER_MONTH = 209  # 주 40시간 + 주휴 기준 월 소정근로시간


class WageType(models.TextChoices):
    MONTHLY = "monthly", _("월급")
    HOURLY = "hourly", _("시급")
    ANNUAL = "annual", _("연봉")


class MinimumWage(models.Model):
    """The legal hourly minimum wage (최저임금) of a year; an administrator adds each new year's."""

    year = models.PositiveSmallIntegerField(
        _("적용 연도"), unique=True, validators=[MinValueValidator(1988), MaxValueValidator(2100)]
    )
    hourly = models.PositiveIntegerField(_("시간급(원)"), validators=[MinValueValidator(1)])
    notice = models.CharField(_("고시"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("최저임금")
        verbose_name_plural = _("최저임금")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.hourly:,}"

    @classmethod
    def in_force(cls, day: dt.date | None = None) -> "MinimumWage | None":
        """The figure of ``day``'s year (today's), else the latest earlier one."""
        year = (day or timezone.localdate()).year
        return cls._default_manager.filter(year__lte=year).order_by("-year").first()


class VacancyStatus(models.TextChoices):
    DRAFT = "draft", _("작성중")
    PENDING = "pending", _("승인대기")
    PUBLISHED = "published", _("게시")
    CLOSED = "closed", pgettext_lazy("status", "마감")


class VacancySource(models.TextChoices):
    INTERNAL = "internal", _("센터 접수")
    WORKNET = "worknet", _("고용24(워크넷)")


def monthly_equivalent(wage_type: str, amount: int) -> int:
    """A wage of this type as a monthly equivalent (``Vacancy.monthly_wage``)."""
    if wage_type == WageType.HOURLY:
        return amount * HOURS_PER_MONTH
    if wage_type == WageType.ANNUAL:
        return amount // 12
    return amount


class Vacancy(TimeStampedModel):
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="vacancies", verbose_name=_("기업")
    )
    title = models.CharField(_("공고 제목"), max_length=150)
    duties = models.TextField(_("담당 업무"))
    occupation = models.ForeignKey(
        Occupation, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("직종(KECO)")
    )
    required_qualifications = models.ManyToManyField(
        Qualification, blank=True, related_name="+", verbose_name=_("필수 자격")
    )
    preferred_qualifications = models.ManyToManyField(
        Qualification, blank=True, related_name="+", verbose_name=_("우대 자격")
    )
    openings = models.PositiveSmallIntegerField(
        _("모집 인원"), default=1, validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    wage_type = models.CharField(
        _("임금 형태"), max_length=8, choices=WageType.choices, default=WageType.MONTHLY
    )
    wage_amount = models.PositiveIntegerField(_("임금(원)"))
    shift = models.CharField(_("근무 형태"), max_length=12, choices=Shift.choices, default=Shift.DAY)
    work_hours = models.CharField(_("근무 시간"), max_length=60, blank=True)
    work_days_per_week = models.PositiveSmallIntegerField(
        _("주 근무일"), default=5, validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    employment_type = models.CharField(
        _("고용 형태"), max_length=10, choices=EmploymentType.choices, default=EmploymentType.PERMANENT
    )
    experience_years_min = models.PositiveSmallIntegerField(_("최소 경력(년)"), default=0)
    education_min = models.CharField(
        _("최소 학력"), max_length=12, choices=Education.choices, default=Education.NONE
    )
    work_region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("근무 지역"))
    address = models.CharField(_("근무지 주소"), max_length=200, blank=True)
    lat = models.FloatField(_("위도"), validators=[MinValueValidator(33.0), MaxValueValidator(39.0)])
    lon = models.FloatField(_("경도"), validators=[MinValueValidator(124.0), MaxValueValidator(132.0)])
    commuter_bus = models.BooleanField(_("통근버스"), default=False)
    dormitory = models.BooleanField(_("기숙사"), default=False)
    meals = models.BooleanField(_("식사 제공"), default=False)
    foreigners_welcome = models.BooleanField(_("외국인 채용 가능"), default=False)
    status = models.CharField(
        _("게시 상태"),
        max_length=10,
        choices=VacancyStatus.choices,
        default=VacancyStatus.DRAFT,
        db_index=True,
    )
    closing_date = models.DateField(_("마감일"), db_index=True)
    published_at = models.DateTimeField(_("게시일시"), null=True, blank=True)
    source = models.CharField(
        _("출처"), max_length=10, choices=VacancySource.choices, default=VacancySource.INTERNAL
    )
    external_id = models.CharField(_("외부 공고번호"), max_length=40, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # False until the search index (VacancyToken rows) reflects the current text; every save()
    # resets it and the search catches up (bulk-created rows start False too).
    search_indexed = models.BooleanField(_("검색 색인 완료"), default=False, db_index=True, editable=False)
    # the SearchIndexLog version of its last indexing: web processes reload what changed after theirs
    search_version = models.BigIntegerField(_("검색 색인 버전"), default=0, db_index=True, editable=False)

    class Meta:
        verbose_name = _("구인 공고")
        verbose_name_plural = _("구인 공고")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "closing_date"]),
            models.Index(fields=["status", "-published_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(openings__gte=1), name="vacancy_openings_positive"),
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~models.Q(external_id=""),
                name="vacancy_unique_external_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.employer})"

    def save(self, *args, **kwargs):
        # the text may have changed: the search index refreshes it before the next query
        self.search_indexed = False
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_indexed"}
        super().save(*args, **kwargs)
        from .search_index import touch

        touch()

    @property
    def monthly_wage(self) -> int:
        """The wage as a monthly equivalent, for comparisons with a seeker's wish."""
        return monthly_equivalent(self.wage_type, self.wage_amount)

    @property
    def below_minimum_wage(self) -> str:
        """Why the wage is below the legal minimum in force today, or "" (also for the approval queue)."""
        result = self.minimum_wage_check()
        return result.message() if result is not None and result.below else ""

    def minimum_wage_check(
        self, day: dt.date | None = None, minimum: "MinimumWage | None" = None
    ) -> wages.WageCheck | None:
        """This vacancy's wage against the minimum in force on ``day`` (or the ``minimum`` given,
        for a list); None if no figure is known."""
        if self.wage_amount is None:
            return None
        minimum = minimum or MinimumWage.in_force(day)
        if minimum is None:
            return None
        return wages.check(
            year=minimum.year,
            hourly_minimum=minimum.hourly,
            wage_type=self.wage_type,
            wage_amount=self.wage_amount,
            work_hours=self.work_hours,
            days_per_week=self.work_days_per_week,
        )

    @property
    def is_public(self) -> bool:
        """Anyone may see it: published or closed (a draft or one awaiting approval is not)."""
        return self.status in (VacancyStatus.PUBLISHED, VacancyStatus.CLOSED)

    @property
    def is_open(self) -> bool:
        return self.status == VacancyStatus.PUBLISHED and self.closing_date >= timezone.localdate()

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if (
            self.wage_amount is not None
            and self.wage_type == WageType.HOURLY
            and self.wage_amount > 1_000_000
        ):
            errors["wage_amount"] = _("시급이 지나치게 높습니다. 임금 형태를 확인해 주세요.")
        if (
            self.wage_amount is not None
            and self.wage_type == WageType.MONTHLY
            and 0 < self.wage_amount < 10_000
        ):
            errors["wage_amount"] = _("월급이 지나치게 낮습니다. 임금 형태(시급/월급)를 확인해 주세요.")
        below = self.below_minimum_wage if "wage_amount" not in errors else ""
        if below:
            errors["wage_amount"] = below
        if errors:
            raise ValidationError(errors)


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("접수")
    SCREENING = "screening", _("서류검토")
    INTERVIEW = "interview", _("면접")
    ACCEPTED = "accepted", _("합격")
    REJECTED = "rejected", _("불합격")
    WITHDRAWN = "withdrawn", _("지원 취소")


class Application(TimeStampedModel):
    seeker = models.ForeignKey(
        Seeker, on_delete=models.CASCADE, related_name="applications", verbose_name=_("구직자")
    )
    vacancy = models.ForeignKey(
        Vacancy, on_delete=models.CASCADE, related_name="applications", verbose_name=_("공고")
    )
    status = models.CharField(
        _("진행 상태"), max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.RECEIVED
    )
    message = models.TextField(_("지원 메시지"), blank=True)
    refusal_reason = models.CharField(_("불합격 사유"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("입사 지원")
        verbose_name_plural = _("입사 지원")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["seeker", "vacancy"], name="application_unique")]

    def __str__(self) -> str:
        return f"{self.seeker} → {self.vacancy.title}"


class SearchIndexLog(models.Model):
    """One entry per (re)indexing of vacancies: how every web process learns that its in-memory
    search index is behind (see ``search_index``). The token changes whenever history does not
    continue (a rolled-back transaction, a deletion), which forces a rebuild."""

    version = models.BigIntegerField(_("버전"), primary_key=True)
    token = models.CharField(_("식별값"), max_length=32)

    class Meta:
        verbose_name = _("검색 색인 기록")
        verbose_name_plural = _("검색 색인 기록")

    def __str__(self) -> str:
        return f"{self.version}:{self.token}"


class VacancyToken(models.Model):
    """One search token of a vacancy: character bigrams of its words and kiwipiepy content words.

    "용접" finds "CO2용접공" because the bigram 용접 is a token of that word. Queried with plain
    indexed equality lookups, identical on SQLite and PostgreSQL.
    """

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="search_tokens")
    token = models.CharField(max_length=40)

    class Meta:
        verbose_name = _("검색 색인")
        verbose_name_plural = _("검색 색인")
        constraints = [models.UniqueConstraint(fields=["token", "vacancy"], name="vacancy_token_unique")]
        indexes = [models.Index(fields=["vacancy"], name="vacancy_token_vacancy")]

    def __str__(self) -> str:
        return self.token


class SavedVacancy(models.Model):
    """A vacancy a seeker keeps for later (관심공고)."""

    seeker = models.ForeignKey(
        Seeker, on_delete=models.CASCADE, related_name="saved_vacancies", verbose_name=_("구직자")
    )
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="+", verbose_name=_("공고"))
    created_at = models.DateTimeField(_("저장일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("관심공고")
        verbose_name_plural = _("관심공고")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["seeker", "vacancy"], name="saved_vacancy_once")]

    def __str__(self) -> str:
        return f"{self.seeker} ♥ {self.vacancy_id}"


class RevisionStatus(models.TextChoices):
    PENDING = "pending", _("승인대기")
    APPROVED = "approved", _("승인")
    REJECTED = "rejected", _("반려")


class VacancyRevision(models.Model):
    """A material edit (title, duties, wage, hours, place, employer) of a published vacancy,
    waiting for the job center's approval. Until it is approved the published text stays what
    seekers see; approval applies ``changes`` (field → value, foreign keys as ids)."""

    vacancy = models.ForeignKey(
        Vacancy, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("공고")
    )
    changes = models.JSONField(_("변경 내용"))
    status = models.CharField(
        _("상태"),
        max_length=12,
        choices=RevisionStatus.choices,
        default=RevisionStatus.PENDING,
        db_index=True,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("요청 일시"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("처리 일시"), null=True, blank=True)
    reason = models.CharField(_("사유"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("공고 변경 요청")
        verbose_name_plural = _("공고 변경 요청")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy"],
                condition=models.Q(status="pending"),
                name="vacancy_one_pending_revision",
            )
        ]

    def __str__(self) -> str:
        return f"{self.vacancy_id}: {', '.join(self.changes)} ({self.get_status_display()})"
