"""The report as CSV: UTF-8 with BOM (opens in Excel), one row per project plus the de-duplicated total."""

import io

from django.utils.translation import gettext as _

from iljari.core.spreadsheet import csv_writer

from .. import koformat
from ..models import Metric
from ..results.tree import STATUS_LABELS, PlanReport
from .content import plan_rows


def to_csv(report: PlanReport, kind: str) -> bytes:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(
        [
            _("연도"),
            _("기관"),
            _("핵심전략"),
            _("사업"),
            _("세부사업"),
            _("사업유형"),
            _("담당부서"),
            _("국비"),
            _("시비"),
            _("구비"),
            _("일자리목표"),
            _("일자리실적"),
            _("달성률"),
            _("연말전망"),
            _("상태"),
            _("취업자"),
            _("교육수료"),
            _("참여자"),
            _("예산집행"),
        ]
    )
    plan = report.plan
    for s, _pg, program, pj, project in plan_rows(report):
        writer.writerow(
            [
                plan.year,
                plan.organisation.name,
                s.name,
                program.name,
                project.name,
                program.get_program_type_display(),
                program.department,
                program.national_budget,
                program.city_budget,
                program.district_budget,
                pj.targets[Metric.JOBS],
                pj.results[Metric.JOBS] if kind == "results" else "",
                koformat.percent(pj.achievement) if kind == "results" else "",
                pj.forecast if kind == "results" else "",
                str(STATUS_LABELS[pj.status]) if kind == "results" else "",
                pj.results[Metric.HIRES],
                pj.results[Metric.TRAINED],
                pj.results[Metric.PARTICIPANTS],
                pj.results[Metric.BUDGET],
            ]
        )
    root = report.root
    writer.writerow(
        [
            plan.year,
            plan.organisation.name,
            _("계획 전체(중복 제외)"),
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            root.targets[Metric.JOBS],
            root.results[Metric.JOBS] if kind == "results" else "",
            koformat.percent(root.achievement) if kind == "results" else "",
            root.forecast if kind == "results" else "",
            str(STATUS_LABELS[root.status]) if kind == "results" else "",
            root.results[Metric.HIRES],
            root.results[Metric.TRAINED],
            root.results[Metric.PARTICIPANTS],
            root.results[Metric.BUDGET],
        ]
    )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
