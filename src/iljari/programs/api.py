"""/api/programs/: plans, targets vs. results, alerts, drill-down, and the managers' writes.

Reading needs ``view_statistics`` (counselors, program managers, officials, admins);
writing needs ``manage_programs``. The drill-down lists placements by number, employer and
date — never a seeker's name.
"""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from iljari.core.bounds import Amount, Limit, Offset, SafeDate
from iljari.referrals.models import Placement

from . import actions, manual_results
from .models import Metric, Organisation, Plan, ProgramSeries, Project
from .permissions import require_manage, require_view
from .results.evidence import exclusion_reason, project_placements
from .results.plan import plan_report
from .results.series import series_progress

router = Router(tags=["programs"])


class PlanOut(Schema):
    id: int
    year: int
    organisation: str
    title: str
    status: str


class NodeOut(Schema):
    kind: str
    id: int
    name: str
    targets: dict[str, int]
    results: dict[str, int]
    monthly_results: list[int]
    expected: float
    forecast: int
    status: str
    status_label: str
    children: list["NodeOut"] = []


class SummaryOut(Schema):
    plan: PlanOut
    as_of: dt.date
    elapsed: float
    previous_target: int | None
    yoy_change: float | None
    root: NodeOut
    by_district: list[dict]
    by_sector: list[dict]
    retention: list[dict]


class AlertOut(Schema):
    project_id: int
    name: str
    target: int
    result: int
    expected: float
    forecast: int


class PlacementRowOut(Schema):
    placement_id: int
    hire_date: dt.date
    employer: str
    status: str
    method: str
    counted: bool
    reason: str


class PlanIn(Schema):
    organisation: str = Field(..., description="기관명")
    year: int
    title: str
    vision: str = ""


class TargetIn(Schema):
    metric: Metric
    value: Amount
    month: int = Field(0, ge=0, le=12)
    year: int | None = None


class TargetOut(Schema):
    project_id: int
    year: int
    month: int
    metric: str
    value: int


class AttributionIn(Schema):
    placement_id: int


class ManualResultIn(Schema):
    month: int = Field(..., ge=1, le=12)
    metric: Metric
    value: Amount
    note: str = ""


class ManualResultOut(Schema):
    id: int
    project_id: int
    year: int
    month: int
    metric: str
    value: int
    status: str


class ApplyOut(Schema):
    attributions: int


class SeriesYearOut(Schema):
    year: int
    target: int
    result: int
    cum_target: int
    cum_result: int


def _plan_out(plan: Plan) -> dict:
    return {
        "id": plan.pk,
        "year": plan.year,
        "organisation": plan.organisation.name,
        "title": plan.title,
        "status": plan.status,
    }


def _node_out(node) -> dict:
    return {
        "kind": node.kind,
        "id": node.pk,
        "name": node.name,
        "targets": node.targets,
        "results": node.results,
        "monthly_results": node.monthly_results[Metric.JOBS],
        "expected": round(node.expected, 2),
        "forecast": node.forecast,
        "status": node.status,
        "status_label": node.status_label,
        "children": [_node_out(c) for c in node.children],
    }


@router.get("/plans", response=list[PlanOut])
def list_plans(request, year: int | None = None):
    require_view(request.user)
    plans = Plan.objects.select_related("organisation").order_by("-year", "organisation__name")
    if year:
        plans = plans.filter(year=year)
    return [_plan_out(p) for p in plans]


@router.post("/plans", response={201: PlanOut})
def create_plan(request, payload: PlanIn):
    require_manage(request.user)
    organisation = get_object_or_404(Organisation, name=payload.organisation)
    plan = actions.do_create_plan(
        actor=request.user,
        organisation=organisation,
        year=payload.year,
        title=payload.title,
        vision=payload.vision,
    )
    return Status(201, _plan_out(plan))


@router.get("/plans/{plan_id}/summary", response=SummaryOut)
def plan_summary(request, plan_id: int, as_of: SafeDate | None = None):
    require_view(request.user)
    plan = get_object_or_404(Plan.objects.select_related("organisation"), pk=plan_id)
    report = plan_report(plan, as_of)
    return {
        "plan": _plan_out(plan),
        "as_of": report.as_of,
        "elapsed": report.elapsed,
        "previous_target": report.previous_target,
        "yoy_change": report.yoy_change,
        "root": _node_out(report.root),
        "by_district": report.by_district,
        "by_sector": report.by_sector,
        "retention": report.retention,
    }


@router.get("/plans/{plan_id}/alerts", response=list[AlertOut])
def plan_alerts(request, plan_id: int):
    require_view(request.user)
    plan = get_object_or_404(Plan, pk=plan_id)
    return [
        {
            "project_id": n.pk,
            "name": n.name,
            "target": n.targets[Metric.JOBS],
            "result": n.results[Metric.JOBS],
            "expected": round(n.expected, 2),
            "forecast": n.forecast,
        }
        for n in plan_report(plan).alerts
    ]


@router.post("/plans/{plan_id}/apply-rules", response=ApplyOut)
def apply_rules(request, plan_id: int):
    require_manage(request.user)
    plan = get_object_or_404(Plan, pk=plan_id)
    return {"attributions": actions.do_apply_rules(actor=request.user, plan=plan)}


@router.get("/projects/{project_id}/placements", response=list[PlacementRowOut])
def project_placement_rows(request, project_id: int, limit: Limit = 100, offset: Offset = 0):
    require_view(request.user)
    project = get_object_or_404(Project.objects.select_related("program__strategy__plan"), pk=project_id)
    year = project.program.strategy.plan.year
    limit = max(1, min(limit, 500))
    rows = project_placements(project)[max(offset, 0) : max(offset, 0) + limit]
    out = []
    for a in rows:
        reason = exclusion_reason(a, year)
        out.append(
            {
                "placement_id": a.placement_id,
                "hire_date": a.placement.hire_date,
                "employer": a.placement.employer.name,
                "status": a.placement.status,
                "method": a.method,
                "counted": not reason,
                "reason": reason,
            }
        )
    return out


@router.post("/projects/{project_id}/targets", response=TargetOut)
def set_target(request, project_id: int, payload: TargetIn):
    require_manage(request.user)
    project = get_object_or_404(
        Project.objects.select_related("program__strategy__plan", "program__series"), pk=project_id
    )
    target = actions.do_set_target(
        actor=request.user,
        project=project,
        year=payload.year or project.program.strategy.plan.year,
        metric=payload.metric.value,
        value=payload.value,
        month=payload.month,
    )
    return {
        "project_id": project.pk,
        "year": target.year,
        "month": target.month,
        "metric": target.metric,
        "value": target.value,
    }


@router.post("/projects/{project_id}/attributions", response={201: dict})
def attribute(request, project_id: int, payload: AttributionIn):
    require_manage(request.user)
    project = get_object_or_404(Project, pk=project_id)
    placement = get_object_or_404(Placement, pk=payload.placement_id)
    attribution = actions.do_attribute_placement(actor=request.user, project=project, placement=placement)
    return Status(201, {"id": attribution.pk, "project_id": project.pk, "placement_id": placement.pk})


@router.post("/projects/{project_id}/results", response={201: ManualResultOut})
def record_result(request, project_id: int, payload: ManualResultIn):
    require_manage(request.user)
    project = get_object_or_404(Project.objects.select_related("program__strategy__plan"), pk=project_id)
    result = manual_results.do_record_manual_result(
        actor=request.user,
        project=project,
        year=project.program.strategy.plan.year,
        month=payload.month,
        metric=payload.metric.value,
        value=payload.value,
        note=payload.note,
    )
    return Status(
        201,
        {
            "id": result.pk,
            "project_id": project.pk,
            "year": result.year,
            "month": result.month,
            "metric": result.metric,
            "value": result.value,
            "status": result.status,
        },
    )


@router.get("/series/{series_id}/progress", response=list[SeriesYearOut])
def series(request, series_id: int):
    require_view(request.user)
    return series_progress(get_object_or_404(ProgramSeries, pk=series_id))
