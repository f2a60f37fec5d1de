"""Vacancies as CSV (UTF-8 with BOM so that Excel opens Korean text correctly)."""

import io
from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iljari.core.spreadsheet import csv_writer

COLUMNS = [
    ("id", gettext_lazy("공고번호")),
    ("external_id", gettext_lazy("외부 공고번호")),
    ("title", gettext_lazy("공고 제목")),
    ("employer", gettext_lazy("기업명")),
    ("region", gettext_lazy("근무 지역")),
    ("occupation", gettext_lazy("직종")),
    ("wage_type", gettext_lazy("임금 형태")),
    ("wage_amount", gettext_lazy("임금(원)")),
    ("monthly_wage", gettext_lazy("월 환산 임금(원)")),
    ("shift", gettext_lazy("근무 형태")),
    ("employment_type", gettext_lazy("고용 형태")),
    ("openings", gettext_lazy("모집 인원")),
    ("commuter_bus", gettext_lazy("통근버스")),
    ("dormitory", gettext_lazy("기숙사")),
    ("closing_date", gettext_lazy("마감일")),
]


def _yes(value: bool) -> str:
    return _("예") if value else _("아니요")


def vacancy_row(v) -> list:
    return [
        v.pk,
        v.external_id,
        v.title,
        v.employer.name,
        v.work_region.full_name,
        v.occupation.name if v.occupation_id else "",
        v.get_wage_type_display(),
        v.wage_amount,
        v.monthly_wage,
        v.get_shift_display(),
        v.get_employment_type_display(),
        v.openings,
        _yes(v.commuter_bus),
        _yes(v.dormitory),
        v.closing_date.isoformat(),
    ]


def _line(row) -> str:
    buffer = io.StringIO()
    csv_writer(buffer).writerow(row)
    return buffer.getvalue()


def header_line() -> str:
    """The header row in the active language (with the BOM)."""
    return "\ufeff" + _line([str(label) for _key, label in COLUMNS])


def export_rows(queryset) -> Iterator[str]:
    """CSV lines (header first) for a vacancy queryset with employer/region/occupation joined.

    The header is translated now, in the caller's language, not when a streaming response is read.
    """
    header = header_line()

    def lines() -> Iterator[str]:
        yield header
        for vacancy in queryset.iterator(chunk_size=1000):
            yield _line(vacancy_row(vacancy))

    return lines()
