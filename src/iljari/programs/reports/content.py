"""What every format of the report shows: the metrics a node reports, the plan's multi-year series,
the month headers and the plan's rows in order."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import METRIC_UNITS, Metric, Program, ProgramSeries, Project
from ..results.series import series_progress
from ..results.tree import PlanReport

KIND_LABELS = {
    "plan": gettext_lazy("일자리 목표 공시 계획"),
    "results": gettext_lazy("일자리 사업 추진 실적"),
}


# the order metrics are listed in; a metric shows when the plan has a target for it
METRIC_ORDER = [
    Metric.JOBS,
    Metric.TRAINED,
    Metric.PARTICIPANTS,
    Metric.HIRES,
    Metric.VISITS,
    Metric.SUGGESTIONS,
    Metric.BUDGET,
]


def metric_rows(node) -> list[dict]:
    """Every metric the node has a target for (and jobs whenever there is a figure): target, result,
    achievement — so a plan that promises people trained as well as jobs reports both."""
    rows = []
    for metric in METRIC_ORDER:
        target, result = node.targets.get(metric, 0), node.results.get(metric, 0)
        if target or (metric == Metric.JOBS and result):
            rows.append(
                {
                    "metric": metric,
                    "label": str(Metric(metric).label),
                    "unit": str(METRIC_UNITS[metric]),
                    "target": target,
                    "result": result,
                    "achievement": result / target if target else None,
                }
            )
    return rows


def plan_series(plan) -> list[dict]:
    """The multi-year programs a plan belongs to, with their year-by-year and running totals."""
    out = []
    for series in ProgramSeries.objects.filter(programs__strategy__plan=plan).distinct().order_by("name"):
        rows = series_progress(series)
        out.append(
            {
                "series": series,
                "years": series.end_year - series.start_year + 1,
                "rows": rows,
                "has_trained": any(r["trained_target"] or r["trained"] for r in rows),
            }
        )
    return out


def month_headers() -> list[str]:
    return [_("%(m)d월") % {"m": m} for m in range(1, 13)]


def plan_rows(report: PlanReport):
    """(strategy node, program node, program, project node, project) in plan order."""
    plan = report.plan
    programs = {p.pk: p for p in Program.objects.filter(strategy__plan=plan)}
    projects = {p.pk: p for p in Project.objects.filter(program__strategy__plan=plan)}
    for s in report.root.children:
        for pg in s.children:
            for pj in pg.children:
                yield s, pg, programs[pg.pk], pj, projects[pj.pk]
