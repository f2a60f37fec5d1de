"""The legal minimum wage (최저임금) and how a posted wage compares with it.

The hourly minimum of each year is data (``MinimumWage`` rows, added by an administrator each
August when the 최저임금위원회 announces the next year's figure). A monthly or annual wage is
compared with the minimum for the hours the vacancy posts: the weekly hours (at most 40 paid at the
base rate) plus the paid weekly rest day (주휴, for 15 hours a week or more), times 365/7/12 weeks a
month — 209 hours for the usual 40-hour week.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

WEEKS_PER_MONTH = 365 / 7 / 12
FULL_WEEK_HOURS = 40
DAY_HOURS_CAP = 8  # 소정근로시간: at most 8 hours a day at the base rate
RANGE = re.compile(r"(\d{1,2})\s*[:시]\s*(\d{2})?\s*분?\s*[~\-–]\s*(\d{1,2})\s*[:시]\s*(\d{2})?")


def daily_hours(work_hours: str) -> float | None:
    """Working hours of one day from a posted "08:30~17:30" (first range; a break of 1 hour for
    more than 8 hours at work, 30 minutes for more than 4 — 근로기준법 제54조), None if unreadable."""
    match = RANGE.search(work_hours or "")
    if match is None:
        return None
    start = int(match.group(1)) * 60 + int(match.group(2) or 0)
    end = int(match.group(3)) * 60 + int(match.group(4) or 0)
    span = (end - start) % (24 * 60) / 60
    if span == 0:
        return None
    if span > 8:
        span -= 1
    elif span > 4:
        span -= 0.5
    return min(span, DAY_HOURS_CAP)


def weekly_hours(work_hours: str, days_per_week: int | None) -> float:
    daily = daily_hours(work_hours)
    if daily is None:
        return FULL_WEEK_HOURS
    return min(daily * (days_per_week or 5), FULL_WEEK_HOURS)


def monthly_hours(work_hours: str = "", days_per_week: int | None = 5) -> int:
    """Paid hours a month: 209 for 40 hours a week (40 + 8 주휴) × 365/7/12."""
    week = weekly_hours(work_hours, days_per_week)
    paid_rest = week / 5 if week >= 15 else 0
    return round((week + paid_rest) * WEEKS_PER_MONTH)


@dataclass(frozen=True)
class WageCheck:
    year: int
    hourly_minimum: int
    hours: int  # paid hours a month for the posted hours
    monthly_minimum: int
    posted_hourly: int  # the posted wage per paid hour (rounded down)

    @property
    def below(self) -> bool:
        return self.posted_hourly < self.hourly_minimum

    def message(self) -> str:
        return _(
            "%(year)d년 최저임금(시급 %(hourly)s원, 월 %(hours)d시간 기준 월 %(monthly)s원)보다 "
            "낮은 임금은 공고할 수 없습니다."
        ) % {
            "year": self.year,
            "hourly": f"{self.hourly_minimum:,}",
            "hours": self.hours,
            "monthly": f"{self.monthly_minimum:,}",
        }


def check(
    *,
    year: int,
    hourly_minimum: int,
    wage_type: str,
    wage_amount: int,
    work_hours: str = "",
    days_per_week: int | None = 5,
) -> WageCheck:
    """Compare a posted wage (``wage_type`` "hourly", "monthly" or "annual") with a minimum."""
    hours = monthly_hours(work_hours, days_per_week)
    if wage_type == "hourly":
        per_hour = wage_amount
    elif wage_type == "annual":
        per_hour = wage_amount // 12 // hours
    else:
        per_hour = wage_amount // hours
    return WageCheck(
        year=year,
        hourly_minimum=hourly_minimum,
        hours=hours,
        monthly_minimum=hourly_minimum * hours,
        posted_hourly=per_hour,
    )
