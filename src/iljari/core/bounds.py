"""Bounded numbers and dates for API schemas and forms: a value the database cannot hold is a
Korean field error (422 / form error), never a 500 (issue 15 #14).

PostgreSQL's ``integer`` holds ±2,147,483,647 and ``bigint`` ±9.2×10¹⁸; SQLite refuses a Python
int beyond 64 bits; ``date - timedelta`` overflows before year 1. Every count, amount, page size
and date the platform accepts goes through one of these types (API) or fields (forms), so the
limits are stated once:

* ``Limit`` / ``Offset`` — page size (1–500) and offset (0–1,000,000) of list endpoints;
* ``Count`` — people, jobs, answers: 0–2,147,483,647 (fits ``integer`` and every sum of them);
* ``Amount`` — money in KRW and other big programme figures: 0–10¹⁵ (1,000조; sums stay in
  ``bigint``);
* ``SafeDate`` — a calendar date between 1900-01-01 and 2999-12-31.

The last line of defence, for anything not typed with these, is ``iljari.core.input_guard``
(``DataError``/``OverflowError`` → 422/400).
"""

import datetime as dt
from typing import Annotated

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import AfterValidator, Field

INT_MAX = 2_147_483_647
AMOUNT_MAX = 10**15
OFFSET_MAX = 1_000_000
LIMIT_MAX = 500
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2999, 12, 31)


def _date_in_range(value: dt.date) -> dt.date:
    if not DATE_MIN <= value <= DATE_MAX:
        raise ValueError(
            _("%(min)s부터 %(max)s 사이의 날짜를 입력해 주세요.")
            % {"min": DATE_MIN.isoformat(), "max": DATE_MAX.isoformat()}
        )
    return value


Limit = Annotated[int, Field(ge=1, le=LIMIT_MAX)]
Offset = Annotated[int, Field(ge=0, le=OFFSET_MAX)]
Count = Annotated[int, Field(ge=0, le=INT_MAX)]
Amount = Annotated[int, Field(ge=0, le=AMOUNT_MAX)]
SafeDate = Annotated[dt.date, AfterValidator(_date_in_range)]


def check_count(value: int, *, maximum: int = INT_MAX, minimum: int = 0) -> int:
    """Raise a Korean ValidationError when ``value`` is outside [minimum, maximum]."""
    if value < minimum:
        raise ValidationError(
            _("%(n)s 이상의 숫자로 입력해 주세요.") % {"n": f"{minimum:,}"}, code="min_value"
        )
    if value > maximum:
        raise ValidationError(
            _("%(n)s 이하의 숫자로 입력해 주세요.") % {"n": f"{maximum:,}"}, code="max_value"
        )
    return value


class BoundedIntegerField(forms.IntegerField):
    """``forms.IntegerField`` with an upper bound by default (``Count``), so a form never passes
    a number the database cannot store."""

    default_error_messages = {
        "invalid": gettext_lazy("숫자로 입력해 주세요."),
        "max_value": gettext_lazy("%(limit_value)s 이하의 숫자로 입력해 주세요."),
        "min_value": gettext_lazy("%(limit_value)s 이상의 숫자로 입력해 주세요."),
    }

    def __init__(self, *, max_value=INT_MAX, **kwargs):
        super().__init__(max_value=max_value, **kwargs)


class AmountField(BoundedIntegerField):
    def __init__(self, *, max_value=AMOUNT_MAX, **kwargs):
        super().__init__(max_value=max_value, **kwargs)
