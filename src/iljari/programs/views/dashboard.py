"""The programs dashboard: a plan's figures, charts and multi-year series."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from ..models import Metric, Plan, ProgramSeries
from ..permissions import can_manage_programs, require_view
from ..reports.content import metric_rows
from ..results.cache import data_version
from ..results.plan import plan_report
from ..results.series import series_progress
from .common import default_plan, month_labels


def _chart_payload(report, series_rows):
    root = report.root
    strategies = report.nodes("strategy")
    cum_target, total = [], 0.0
    for value in root.extra.get("profile", [0] * 12):
        total += value
        cum_target.append(round(total))
    return {
        "text": {
            "monthResult": _("월 실적"),
            "cumResult": _("누적 실적"),
            "cumTarget": _("누적 목표"),
            "cumulative": _("누적"),
            "target": _("목표"),
            "result": _("실적"),
            "hires": _("취업"),
        },
        "monthly": {
            "labels": month_labels(),
            "results": root.monthly_results[Metric.JOBS],
            "cumulative": root.cumulative(),
            "cumTarget": cum_target,
        },
        "strategies": {
            "labels": [s.name for s in strategies],
            "targets": [s.targets[Metric.JOBS] for s in strategies],
            "results": [s.results[Metric.JOBS] for s in strategies],
        },
        "districts": {
            "labels": [r["name"] for r in report.by_district],
            "values": [r["n"] for r in report.by_district],
        },
        "sectors": {
            "labels": [r["name"] for r in report.by_sector],
            "values": [r["n"] for r in report.by_sector],
        },
        "series": [
            {
                "name": name,
                "labels": [_("%(y)s년") % {"y": r["year"]} for r in rows],
                "cumTarget": [r["cum_target"] for r in rows],
                "cumResult": [r["cum_result"] for r in rows],
            }
            for name, rows in series_rows
        ],
    }


@login_required
def dashboard(request):
    require_view(request.user)
    plans = list(Plan.objects.select_related("organisation").order_by("-year", "organisation__name"))
    plan = None
    if request.GET.get("plan"):
        try:
            plan = next(p for p in plans if p.pk == int(request.GET["plan"]))
        except (ValueError, StopIteration) as exc:
            raise Http404 from exc
    plan = plan or default_plan(plans)
    context = {
        "plans": plans,
        "plan": plan,
        "can_manage": can_manage_programs(request.user),
        "background_reports": [
            (("results", "pdf"), _("추진 실적 PDF")),
            (("results", "xlsx"), _("추진 실적 엑셀")),
            (("plan", "pdf"), _("연간 계획서 PDF")),
        ],
    }
    if plan is not None:
        version = data_version()  # read once per page for the report and the series
        report = plan_report(plan, version=version)
        series = ProgramSeries.objects.filter(programs__strategy__plan=plan).distinct()
        series_rows = [(s, series_progress(s, version=version)) for s in series]
        context.update(
            report=report,
            metric_rows=metric_rows(report.root),
            series_rows=series_rows,
            chart_data=_chart_payload(report, [(str(s), rows) for s, rows in series_rows]),
        )
    return render(request, "programs/dashboard.html", context)
