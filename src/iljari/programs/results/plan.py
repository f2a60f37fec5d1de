"""A plan's report (``plan_report``): targets, results and assessment for every node of the plan,
where its hires were and how long they stayed."""

import datetime as dt

from django.core.cache import cache
from django.db.models import Count, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _gettext

from iljari.employers.models import RootSector

from ..aggregates import RETENTION_MONTHS, add_months, placement_figures, project_bits, retention_cutoffs
from ..models import (
    CompletionStatus,
    ManualResult,
    ManualResultStatus,
    Metric,
    Plan,
    Program,
    Project,
    Strategy,
    Target,
    TrainingCompletion,
)
from .cache import CACHE_SECONDS, cache_key, data_version
from .tree import METRICS, RED, Node, PlanReport, assess, elapsed_fraction, empty_months, year_bounds


def plan_report(
    plan: Plan, as_of: dt.date | None = None, *, use_cache: bool = True, version: str | None = None
) -> PlanReport:
    as_of = as_of or timezone.localdate()
    if not use_cache:
        return build_plan_report(plan, as_of)
    # the report holds labels (sectors, program types, 기타) in the language it was built in
    key = cache_key(
        "report", get_language(), plan.pk, plan.year, as_of.isoformat(), version or data_version()
    )
    report = cache.get(key)
    if report is None:
        report = build_plan_report(plan, as_of)
        cache.set(key, report, CACHE_SECONDS)
    return report


def build_plan_report(plan: Plan, as_of: dt.date) -> PlanReport:
    year = plan.year
    start, end = year_bounds(year)
    end = min(end, as_of)
    last_month = 12 if as_of.year > year else (as_of.month if as_of.year == year else 0)
    root = Node("plan", plan.pk, str(plan))
    strategies = {s.pk: Node("strategy", s.pk, s.name) for s in Strategy.objects.filter(plan=plan)}
    programs = {}
    for p in Program.objects.filter(strategy__plan=plan).select_related("series"):
        node = Node(
            "program",
            p.pk,
            p.name,
            extra={
                "type": p.get_program_type_display(),
                "budget": p.total_budget,
                "department": p.department,
                "strategy_id": p.strategy_id,
                "series": str(p.series) if p.series else "",
            },
        )
        programs[p.pk] = node
        strategies[p.strategy_id].children.append(node)
    projects = {}
    for pr in Project.objects.filter(program__strategy__plan=plan):
        node = Node(
            "project", pr.pk, pr.name, extra={"program_id": pr.program_id, "definition": pr.job_definition}
        )
        projects[pr.pk] = node
        programs[pr.program_id].children.append(node)
    root.children = list(strategies.values())
    parents = {
        pk: (
            programs[n.extra["program_id"]],
            strategies[programs[n.extra["program_id"]].extra["strategy_id"]],
        )
        for pk, n in projects.items()
    }

    # targets: yearly (month 0) and monthly
    for row in Target.objects.filter(project__program__strategy__plan=plan, year=year).values(
        "project_id", "month", "metric", "value"
    ):
        node = projects[row["project_id"]]
        chain = (node, *parents[row["project_id"]], root)
        for n in chain:
            if row["month"] == 0:
                n.targets[row["metric"]] += row["value"]
            else:
                n.monthly_targets.setdefault(row["metric"], empty_months())[row["month"] - 1] += row["value"]

    # placements: jobs per month and hires; a group of placements (or seekers) attributed to a set
    # of projects counts once for every node holding one of them (aggregates.py)
    figures = placement_figures(list(projects), year, as_of)
    bits = project_bits(projects)
    masks: dict[int, int] = {}  # id(node) → the bits of its projects
    for pk, node in projects.items():
        for n in (node, *parents[pk], root):
            masks[id(n)] = masks.get(id(n), 0) | bits[pk]
    for node in root.walk():
        mask = masks.get(id(node), 0)
        monthly = node.monthly_results[Metric.JOBS]
        for group, months in figures.jobs.items():
            if group & mask:
                for m, count in enumerate(months):
                    monthly[m] += count
        node.results[Metric.HIRES] = sum(n for group, n in figures.hires.items() if group & mask)

    # training completions
    for trained in (
        TrainingCompletion.objects.filter(
            training__project__program__strategy__plan=plan,
            status=CompletionStatus.COMPLETED,
            completed_on__range=(start, end),
        )
        .values("training__project_id")
        .annotate(m=ExtractMonth("completed_on"))
        .annotate(n=Count("id"))
        .values("training__project_id", "m", "n")
    ):
        pid = trained["training__project_id"]
        for n in (projects[pid], *parents[pid], root):
            n.monthly_results[Metric.TRAINED][trained["m"] - 1] += trained["n"]

    # approved manual entries
    for manual in (
        ManualResult.objects.filter(
            project__program__strategy__plan=plan,
            year=year,
            month__lte=last_month,
            status=ManualResultStatus.APPROVED,
        )
        .values("project_id", "month", "metric")
        .annotate(v=Sum("value"))
    ):
        pid = manual["project_id"]
        for n in (projects[pid], *parents[pid], root):
            n.monthly_results[manual["metric"]][manual["month"] - 1] += manual["v"]

    elapsed = elapsed_fraction(year, as_of)
    for node in root.walk():
        for metric in METRICS:
            if metric != Metric.HIRES:
                node.results[metric] = sum(node.monthly_results[metric])
    assess(root, year, as_of, elapsed)

    previous = Plan.objects.filter(organisation=plan.organisation_id, year=year - 1).first()
    previous_target = None
    if previous is not None:
        previous_target = Target.objects.filter(
            project__program__strategy__plan=previous, year=year - 1, month=0, metric=Metric.JOBS
        ).aggregate(t=Sum("value"))["t"]

    districts: dict[str, int] = {}
    sectors: dict[str, int] = {}
    for sigungu, sector, count in figures.places:
        name = sigungu or _gettext("기타")
        districts[name] = districts.get(name, 0) + count
        sectors[sector] = sectors.get(sector, 0) + count
    sector_labels = dict(RootSector.choices)
    by_district = [
        {"name": name, "n": n} for name, n in sorted(districts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    by_sector = [
        {"name": str(sector_labels.get(code, code)), "n": n}
        for code, n in sorted(sectors.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    alerts = [n for n in root.walk() if n.kind == "project" and n.status == RED]
    return PlanReport(
        plan=plan,
        as_of=as_of,
        root=root,
        elapsed=elapsed,
        previous_target=previous_target,
        by_district=by_district,
        by_sector=by_sector,
        retention=_retention_rows(figures.eligible, figures.cancelled, as_of),
        alerts=alerts,
    )


def _retention_rows(eligible: list[int], cancelled: list, as_of: dt.date) -> list[dict]:
    rows = []
    for months, cutoff, n in zip(RETENTION_MONTHS, retention_cutoffs(as_of), eligible, strict=True):
        lost = sum(
            1
            for hired, cancelled_at in cancelled
            if hired <= cutoff
            and (cancelled_at is None or timezone.localtime(cancelled_at).date() < add_months(hired, months))
        )
        rows.append(
            {
                "months": months,
                "eligible": n,
                "retained": n - lost,
                "rate": (n - lost) / n if n else None,
            }
        )
    return rows


def retention(plan: Plan, as_of: dt.date) -> list[dict]:
    """Share of the plan's attributed hires still in work after 1/3/6/12 months.

    A hire counts for month m once m months have passed since the hire date; it is retained
    unless it was cancelled before then. The hires per milestone are counted in the database
    (``aggregates``); the cancelled ones, few, are read as rows.
    """
    project_ids = list(Project.objects.filter(program__strategy__plan=plan).values_list("id", flat=True))
    figures = placement_figures(project_ids, plan.year, as_of)
    return _retention_rows(figures.eligible, figures.cancelled, as_of)
