"""Choice lists that seekers and vacancies share (a seeker's wish is matched against a vacancy's
offer on the same values): shifts, employment types, education levels and their order."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Shift(models.TextChoices):
    DAY = "day", _("주간")
    TWO_SHIFT = "two_shift", _("2교대")
    THREE_SHIFT = "three_shift", _("3교대")
    NIGHT = "night", _("야간")


class EmploymentType(models.TextChoices):
    PERMANENT = "permanent", _("정규직")
    CONTRACT = "contract", _("계약직")
    PART_TIME = "part_time", _("시간제")
    DISPATCH = "dispatch", _("파견·도급")


class Education(models.TextChoices):
    NONE = "none", _("학력 무관")
    MIDDLE = "middle", _("중학교 졸업")
    HIGH = "high", _("고등학교 졸업")
    COLLEGE = "college", _("전문대학 졸업")
    UNIVERSITY = "university", _("대학교 졸업")
    GRADUATE = "graduate", _("대학원 졸업")


EDUCATION_RANK = {value: rank for rank, value in enumerate(Education.values)}
