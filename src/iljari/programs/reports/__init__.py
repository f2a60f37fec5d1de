"""The yearly plan and the results report as Excel (openpyxl), PDF (WeasyPrint) and CSV.

Excel sheets carry live formulas (budget totals, achievement rates, sums) with number
formats, a frozen header and a print set-up an official expects. The plan-level total
counts a placement attributed to two projects once; the sheet shows both the simple sum of
the project rows and that de-duplicated total, so the difference is visible.

What each format shows is in ``content``; the formats are ``excel``, ``pdf`` and ``csvfile``.
"""

from urllib.parse import quote as _quote

from ..results.tree import PlanReport
from .content import KIND_LABELS
from .csvfile import to_csv
from .excel import to_xlsx
from .pdf import to_pdf

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
}


def quote(name: str) -> str:
    return _quote(name)


def filename(plan, kind: str, fmt: str) -> str:
    return f"{plan.year}_{plan.organisation.name}_{KIND_LABELS[kind]}.{fmt}".replace(" ", "_")


def render(report: PlanReport, kind: str, fmt: str) -> tuple[bytes, str]:
    if kind not in KIND_LABELS or fmt not in FORMATS:
        raise ValueError(f"unknown report {kind}.{fmt}")
    builder = {"xlsx": to_xlsx, "pdf": to_pdf, "csv": to_csv}[fmt]
    return builder(report, kind), FORMATS[fmt]
