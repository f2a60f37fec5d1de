"""Public classifications: occupations (KECO/KSCO), industries (KSIC), regions (법정동),
national technical qualifications (Q-Net), the job dictionary's titles and descriptions,
and the industrial complexes (산업단지) where the root-industry factories are."""

import math

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class OccupationScheme(models.TextChoices):
    KECO = "keco", _("한국고용직업분류(KECO)")
    KSCO = "ksco", _("한국표준직업분류(KSCO)")


class Occupation(models.Model):
    scheme = models.CharField(_("분류체계"), max_length=4, choices=OccupationScheme.choices, default="keco")
    code = models.CharField(_("코드"), max_length=10)
    name = models.CharField(_("직업명"), max_length=150)
    level = models.PositiveSmallIntegerField(
        _("수준"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )

    class Meta:
        verbose_name = _("직업")
        verbose_name_plural = _("직업")
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="occupation_unique_code")]
        ordering = ["scheme", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Industry(models.Model):
    code = models.CharField(_("KSIC 코드"), max_length=6, unique=True)
    name = models.CharField(_("산업명"), max_length=200)
    level = models.PositiveSmallIntegerField(
        _("수준"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )

    class Meta:
        verbose_name = _("산업")
        verbose_name_plural = _("산업")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class RegionLevel(models.IntegerChoices):
    SIDO = 1, _("시도")
    SIGUNGU = 2, _("시군구")
    EMD = 3, _("읍면동")


def region_full_name(sido: str, sigungu: str, emd: str) -> str:
    """ "인천광역시 남동구 고잔동": the parts a region has (``Region.full_name``)."""
    return " ".join(part for part in (sido, sigungu, emd) if part)


class Region(models.Model):
    """A 법정동 area (2-digit 시도, 5-digit 시군구 or 8-digit 읍면동 code) with a centroid."""

    code = models.CharField(_("법정동 코드"), max_length=10, unique=True)
    level = models.PositiveSmallIntegerField(_("수준"), choices=RegionLevel.choices)
    sido = models.CharField(_("시도"), max_length=20)
    sigungu = models.CharField(_("시군구"), max_length=30, blank=True)
    emd = models.CharField(_("읍면동"), max_length=30, blank=True)
    lat = models.FloatField(_("위도"), validators=[MinValueValidator(33.0), MaxValueValidator(39.0)])
    lon = models.FloatField(_("경도"), validators=[MinValueValidator(124.0), MaxValueValidator(132.0)])
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )

    class Meta:
        verbose_name = _("지역")
        verbose_name_plural = _("지역")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "sido"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return region_full_name(self.sido, self.sigungu, self.emd)

    @property
    def short_name(self) -> str:
        return " ".join(part for part in (self.sigungu, self.emd) if part) or self.sido


class RegionChange(models.Model):
    """One row of the region change table: an old 법정동 code, its successor, since when and why.

    The regions themselves are always the current set (old rows are removed once everything that
    held them has moved); this table keeps the history, so that an old code arriving by import or
    API is translated, and the data migration knows where each holder goes."""

    old_code = models.CharField(_("옛 코드"), max_length=10, unique=True)
    old_name = models.CharField(_("옛 이름"), max_length=80)
    new_code = models.CharField(_("새 코드"), max_length=10, db_index=True)
    new_name = models.CharField(_("새 이름"), max_length=80)
    effective = models.DateField(_("시행일"))
    reason = models.CharField(_("변경 사유"), max_length=120)

    class Meta:
        verbose_name = _("지역 코드 변경")
        verbose_name_plural = _("지역 코드 변경")
        ordering = ["-effective", "old_code"]

    def __str__(self) -> str:
        return f"{self.old_code} {self.old_name} → {self.new_code} {self.new_name} ({self.effective})"


class QualificationGrade(models.TextChoices):
    CRAFTSMAN = "기능사", _("기능사")
    INDUSTRIAL_ENGINEER = "산업기사", _("산업기사")
    ENGINEER = "기사", _("기사")
    MASTER_CRAFTSMAN = "기능장", _("기능장")
    PROFESSIONAL_ENGINEER = "기술사", _("기술사")
    OTHER = "기타", _("기타")


class Qualification(models.Model):
    """A national technical qualification (국가기술자격) or other licence."""

    code = models.CharField(_("종목 코드"), max_length=10, null=True, blank=True, unique=True)
    name = models.CharField(_("자격명"), max_length=100, unique=True)
    grade = models.CharField(_("등급"), max_length=10, choices=QualificationGrade.choices, default="기타")
    field = models.CharField(_("직무분야"), max_length=60, blank=True)
    root_industry = models.CharField(_("뿌리산업 분야"), max_length=30, blank=True)
    occupations = models.ManyToManyField(Occupation, blank=True, related_name="qualifications")

    class Meta:
        verbose_name = _("자격")
        verbose_name_plural = _("자격")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class JobDescription(models.Model):
    """One entry of 한국직업사전 (job dictionary)."""

    djob_code = models.CharField(_("직업사전 코드"), max_length=12, unique=True)
    name = models.CharField(_("직업명"), max_length=150, db_index=True)
    summary = models.TextField(_("직무개요"), blank=True)
    duties = models.TextField(_("수행직무"), blank=True)
    keco_code = models.CharField(_("KECO 코드"), max_length=6, db_index=True)
    keco_name = models.CharField(_("KECO 직업명"), max_length=150, blank=True)
    ksco_code = models.CharField(_("KSCO 코드"), max_length=20, blank=True)
    ksic_code = models.CharField(_("KSIC 코드"), max_length=40, blank=True)
    similar_names = models.TextField(_("유사명칭"), blank=True)
    qualifications = models.TextField(_("관련 자격"), blank=True)
    education = models.CharField(_("정규교육"), max_length=60, blank=True)
    skill_years = models.CharField(_("숙련기간"), max_length=60, blank=True)
    work_strength = models.CharField(_("작업강도"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("직업사전 항목")
        verbose_name_plural = _("직업사전 항목")
        ordering = ["djob_code"]

    def __str__(self) -> str:
        return self.name


class JobTitleKind(models.TextChoices):
    TITLE = "title", _("대표 직업명")
    SIMILAR = "similar", _("유사 명칭")
    RELATED = "related", _("관련 직업")


class JobTitle(models.Model):
    """A title → occupation index row (대표명, 유사명칭, 관련직업)."""

    title = models.CharField(_("명칭"), max_length=150, db_index=True)
    kind = models.CharField(_("종류"), max_length=10, choices=JobTitleKind.choices)
    canonical_job = models.CharField(_("대표 직업명"), max_length=150)
    djob_code = models.CharField(_("직업사전 코드"), max_length=12)
    keco_code = models.CharField(_("KECO 코드"), max_length=6, db_index=True)
    keco_name = models.CharField(_("KECO 직업명"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("직업 명칭")
        verbose_name_plural = _("직업 명칭")
        constraints = [
            models.UniqueConstraint(fields=["title", "kind", "djob_code"], name="job_title_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} → {self.keco_code}"


class IndustrialComplex(models.Model):
    """An industrial complex (산업단지); coordinates are approximate centres."""

    name = models.CharField(_("산업단지"), max_length=60, unique=True)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("지역")
    )
    lat = models.FloatField(_("위도"), validators=[MinValueValidator(33.0), MaxValueValidator(39.0)])
    lon = models.FloatField(_("경도"), validators=[MinValueValidator(124.0), MaxValueValidator(132.0)])

    class Meta:
        verbose_name = _("산업단지")
        verbose_name_plural = _("산업단지")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    rlat1, rlat2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = rlat2 - rlat1, math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(rlat1) * math.cos(rlat2) * math.sin(dlon / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))
