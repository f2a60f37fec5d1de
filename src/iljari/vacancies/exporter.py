"""Vacancies as CSV (UTF-8 with BOM so that Excel opens Korean text correctly)."""

import csv
import io

from django.utils.translation import gettext as _

COLUMNS = [
    ("id", _("공고번호")),
    ("external_id", _("외부 공고번호")),
    ("title", _("공고 제목")),
    ("employer", _("기업명")),
    ("region", _("근무 지역")),
    ("occupation", _("직종")),
    ("wage_type", _("임금 형태")),
    ("wage_amount", _("임금(원)")),
    ("monthly_wage", _("월 환산 임금(원)")),
    ("shift", _("근무 형태")),
    ("employment_type", _("고용 형태")),
    ("openings", _("모집 인원")),
    ("commuter_bus", _("통근버스")),
    ("dormitory", _("기숙사")),
    ("closing_date", _("마감일")),
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
    csv.writer(buffer).writerow(row)
    return buffer.getvalue()


def export_rows(queryset):
    """Yield CSV lines (header first) for a vacancy queryset with employer/region/occupation joined."""
    yield "\ufeff" + _line([label for _key, label in COLUMNS])
    for vacancy in queryset.iterator(chunk_size=1000):
        yield _line(vacancy_row(vacancy))
