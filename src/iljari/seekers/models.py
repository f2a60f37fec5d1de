"""Job seekers (구직자): profile, experience, qualifications held, preferences."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from iljari.core.models import TimeStampedModel
from iljari.core.validators import mask_name
from iljari.taxonomy.choices import Education, EmploymentType, Shift
from iljari.taxonomy.models import Occupation, Qualification, Region


class Gender(models.TextChoices):
    FEMALE = "F", _("여성")
    MALE = "M", _("남성")


class VisaType(models.TextChoices):
    E9 = "E-9", _("E-9 (비전문취업)")
    E7 = "E-7", _("E-7 (특정활동)")
    F4 = "F-4", _("F-4 (재외동포)")
    H2 = "H-2", _("H-2 (방문취업)")
    F2 = "F-2", _("F-2 (거주)")
    F5 = "F-5", _("F-5 (영주)")
    F6 = "F-6", _("F-6 (결혼이민)")


class SeekerStatus(models.TextChoices):
    ACTIVE = "active", _("구직 중")
    EMPLOYED = "employed", _("취업")
    INACTIVE = "inactive", _("휴면")


class Seeker(TimeStampedModel):
    # list fields that hold choice codes, for pages that show every field (내 정보 열람)
    LIST_FIELD_CHOICES = {"shift_preferences": Shift}

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seeker", verbose_name=_("사용자")
    )
    birth_year = models.PositiveSmallIntegerField(
        _("출생연도"), validators=[MinValueValidator(1930), MaxValueValidator(2012)]
    )
    gender = models.CharField(_("성별"), max_length=1, choices=Gender.choices, blank=True)
    home_region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("거주 지역"))
    lat = models.FloatField(_("위도"), validators=[MinValueValidator(33.0), MaxValueValidator(39.0)])
    lon = models.FloatField(_("경도"), validators=[MinValueValidator(124.0), MaxValueValidator(132.0)])
    max_commute_minutes = models.PositiveSmallIntegerField(
        _("최대 통근 시간(분)"), default=60, validators=[MinValueValidator(10), MaxValueValidator(180)]
    )
    desired_occupations = models.ManyToManyField(
        Occupation, blank=True, related_name="+", verbose_name=_("희망 직종")
    )
    desired_regions = models.ManyToManyField(
        Region, blank=True, related_name="+", verbose_name=_("희망 지역")
    )
    desired_monthly_wage = models.PositiveIntegerField(_("희망 월급(원)"), null=True, blank=True)
    shift_preferences = models.JSONField(_("희망 근무형태"), default=list, blank=True)
    employment_type = models.CharField(
        _("희망 고용형태"), max_length=10, choices=EmploymentType.choices, default=EmploymentType.PERMANENT
    )
    education = models.CharField(
        _("최종 학력"), max_length=12, choices=Education.choices, default=Education.HIGH
    )
    visa_type = models.CharField(_("체류자격"), max_length=4, choices=VisaType.choices, blank=True)
    needs_dormitory = models.BooleanField(_("기숙사 필요"), default=False)
    disability_accommodations = models.TextField(_("장애 관련 필요 지원"), blank=True)
    summary = models.TextField(_("자기소개"), blank=True)
    status = models.CharField(
        _("구직 상태"),
        max_length=10,
        choices=SeekerStatus.choices,
        default=SeekerStatus.ACTIVE,
        db_index=True,
    )
    last_active_at = models.DateTimeField(_("최근 활동"), default=timezone.now)
    anonymised_at = models.DateTimeField(_("익명화 일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("구직자")
        verbose_name_plural = _("구직자")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(lat__gte=33, lat__lte=39), name="seeker_lat_in_korea"),
            models.CheckConstraint(
                condition=models.Q(lon__gte=124, lon__lte=132), name="seeker_lon_in_korea"
            ),
        ]

    def __str__(self) -> str:
        return self.user.display_name

    @property
    def age(self) -> int:
        return timezone.localdate().year - self.birth_year

    @property
    def age_band(self) -> str:
        decade = (self.age // 10) * 10
        return _("%(decade)d대") % {"decade": decade}

    @property
    def initials(self) -> str:
        return mask_name(self.user.display_name)

    @property
    def shift_preferences_display(self) -> str:
        """The shifts the person accepts, as words ("2교대, 3교대"); "" when any will do."""
        labels = dict(Shift.choices)
        return ", ".join(str(labels.get(s, s)) for s in self.shift_preferences)

    @property
    def desired_regions_display(self) -> str:
        """The 시군구 the person wants to work in ("남동구, 연수구"); "" when any will do."""
        return ", ".join(r.short_name for r in self.desired_regions.all())


class Experience(models.Model):
    seeker = models.ForeignKey(Seeker, on_delete=models.CASCADE, related_name="experiences")
    job_title = models.CharField(_("직무명"), max_length=120)
    occupation = models.ForeignKey(
        Occupation, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("직업 분류")
    )
    employer_name = models.CharField(_("회사명"), max_length=120, blank=True)
    years = models.DecimalField(
        _("경력(년)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    duties = models.TextField(_("담당 업무"), blank=True)

    class Meta:
        verbose_name = _("경력")
        verbose_name_plural = _("경력")
        ordering = ["-years", "id"]

    def __str__(self) -> str:
        return gettext("%(title)s (%(years)s년)") % {"title": self.job_title, "years": self.years}


class QualificationHeld(models.Model):
    seeker = models.ForeignKey(Seeker, on_delete=models.CASCADE, related_name="qualifications_held")
    qualification = models.ForeignKey(Qualification, on_delete=models.PROTECT, verbose_name=_("자격"))
    acquired_on = models.DateField(_("취득일"), null=True, blank=True)

    class Meta:
        verbose_name = _("보유 자격")
        verbose_name_plural = _("보유 자격")
        constraints = [
            models.UniqueConstraint(fields=["seeker", "qualification"], name="qualification_held_unique")
        ]

    def __str__(self) -> str:
        return str(self.qualification)
