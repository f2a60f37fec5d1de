"""The report as a PDF (WeasyPrint, Noto Sans CJK): A4 landscape summary, strategies, projects, months."""

from django.template.loader import render_to_string

from .. import koformat
from ..models import Metric
from ..results.tree import PlanReport
from .content import KIND_LABELS, metric_rows, month_headers, plan_rows, plan_series


def report_context(report: PlanReport, kind: str) -> dict:
    rows = [
        {
            "strategy": s.name,
            "program": program,
            "project": project,
            "node": pj,
        }
        for s, _pg, program, pj, project in plan_rows(report)
    ]
    root = report.root
    return {
        "report": report,
        "plan": report.plan,
        "kind": kind,
        "kind_label": KIND_LABELS[kind],
        "rows": rows,
        "strategies": report.nodes("strategy"),
        "root": root,
        "total_target_man": koformat.man(root.targets[Metric.JOBS]),
        "total_target_comma": koformat.comma(root.targets[Metric.JOBS]),
        "total_result_comma": koformat.comma(root.results[Metric.JOBS]),
        "yoy": koformat.percent_change(report.yoy_change),
        "achievement": koformat.percent(root.achievement),
        "months": list(
            zip(
                month_headers(),
                root.monthly_targets.get(Metric.JOBS) or [None] * 12,
                root.monthly_results[Metric.JOBS],
                strict=True,
            )
        ),
        "budget_total": sum(r["program"].total_budget for r in {id(x["program"]): x for x in rows}.values()),
        "metric_rows": metric_rows(root),
        "strategy_metrics": [(s, metric_rows(s)) for s in report.nodes("strategy")],
        "series_list": plan_series(report.plan),
    }


def to_pdf(report: PlanReport, kind: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string("programs/report_pdf.html", report_context(report, kind))
    return HTML(string=html).write_pdf()
