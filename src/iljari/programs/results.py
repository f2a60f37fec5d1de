"""Targets vs. results of a plan, computed from what the system records.

Counting rules (docs/programs.md):
* jobs (일자리 창출) of a project = its attributed placements that are active and whose
  hire date falls in the plan's year (one ``Attribution`` row per project and placement,
  so a hire counts once per project) + approved manual "jobs" entries;
* above a project (program, strategy, plan) a placement attributed to several projects
  counts once: those totals count distinct placements, never the sum of the projects;
* hires (취업자) = distinct seekers among those placements;
* trained (교육 수료) = completions of the project's courses in the year;
* participants and budget = approved manual entries.

Every placement figure comes from four statements over the plan's attributions
(``aggregates``), the rest from a few small GROUP BY queries: about a dozen queries, whatever
the number of projects or placements. The whole report is cached under the data version
(``versions``): any change of a placement, attribution, target, manual entry, completion,
employer or the plan's structure gives a new version, and an unchanged plan is served from
the cache.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.core.cache import cache
from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from iljari.employers.models import RootSector
from iljari.referrals.models import PlacementStatus

from . import versions
from .aggregates import RETENTION_MONTHS, add_months, placement_figures, project_bits, retention_cutoffs
from .models import (
    Attribution,
    CompletionStatus,
    ManualResult,
    ManualResultStatus,
    Metric,
    Plan,
    Program,
    ProgramSeries,
    Project,
    Strategy,
    Target,
    TrainingCompletion,
)

METRICS = [m.value for m in Metric]
# reports are keyed by the data version, so they are never stale; the time limit only bounds memory
CACHE_SECONDS = 3600
GREEN, YELLOW, RED, GREY = "green", "yellow", "red", "grey"
STATUS_LABELS = {GREEN: _("정상"), YELLOW: _("주의"), RED: _("부진"), GREY: _("해당 없음")}


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def elapsed_fraction(year: int, as_of: dt.date) -> float:
    start, end = year_bounds(year)
    if as_of < start:
        return 0.0
    if as_of >= end:
        return 1.0
    return ((as_of - start).days + 1) / ((end - start).days + 1)


@dataclass
class Node:
    kind: str  # plan, strategy, program, project
    pk: int
    name: str
    targets: dict = field(default_factory=lambda: dict.fromkeys(METRICS, 0))
    results: dict = field(default_factory=lambda: dict.fromkeys(METRICS, 0))
    monthly_targets: dict = field(default_factory=dict)  # metric → [12]; only metrics with monthly targets
    monthly_results: dict = field(default_factory=lambda: {m: [0] * 12 for m in METRICS})
    children: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    # progress (filled by _assess)
    expected: float = 0.0
    ratio: float | None = None
    forecast: int = 0
    status: str = GREY

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def achievement(self) -> float | None:
        target = self.targets[Metric.JOBS]
        return None if not target else self.results[Metric.JOBS] / target

    def cumulative(self, metric: str = Metric.JOBS) -> list[int]:
        total, out = 0, []
        for value in self.monthly_results[metric]:
            total += value
            out.append(total)
        return out

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class PlanReport:
    plan: Plan
    as_of: dt.date
    root: Node
    elapsed: float
    previous_target: int | None
    by_district: list
    by_sector: list
    retention: list
    alerts: list

    @property
    def yoy_change(self) -> float | None:
        if not self.previous_target:
            return None
        return (self.root.targets[Metric.JOBS] - self.previous_target) / self.previous_target

    def nodes(self, kind: str) -> list[Node]:
        return [n for n in self.root.walk() if n.kind == kind]


def _empty_months() -> list[int]:
    return [0] * 12


def data_version() -> str:
    """The version cached reports are keyed by (one index-only query; see ``versions``)."""
    return versions.current()


def _cache_key(*parts) -> str:
    import hashlib

    return "programs:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def plan_report(
    plan: Plan, as_of: dt.date | None = None, *, use_cache: bool = True, version: str | None = None
) -> PlanReport:
    as_of = as_of or timezone.localdate()
    if not use_cache:
        return build_plan_report(plan, as_of)
    # the report holds labels (sectors, program types, 기타) in the language it was built in
    key = _cache_key(
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
                n.monthly_targets.setdefault(row["metric"], _empty_months())[row["month"] - 1] += row["value"]

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
    _assess(root, year, as_of, elapsed)

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


def _months_done(year: int, as_of: dt.date) -> float:
    if as_of.year > year:
        return 12.0
    if as_of.year < year:
        return 0.0
    start_of_month = as_of.replace(day=1)
    next_month = (start_of_month + dt.timedelta(days=32)).replace(day=1)
    return as_of.month - 1 + (as_of - start_of_month).days / (next_month - start_of_month).days


def _assess(node: Node, year: int, as_of: dt.date, elapsed: float) -> None:
    """Expected-to-date, pace-based forecast and traffic light for the jobs metric.

    A project with monthly targets is expected to follow them; one with only a yearly target
    is expected to advance evenly through the year. Above the projects the expectations
    (and the monthly plan profile used by the charts) are the sums of the children's.
    """
    for child in node.children:
        _assess(child, year, as_of, elapsed)
    monthly = node.monthly_targets.get(Metric.JOBS)
    if node.kind == "project":
        if monthly and sum(monthly):
            done = _months_done(year, as_of)
            full = int(done)
            node.expected = sum(monthly[:full]) + (monthly[full] * (done - full) if full < 12 else 0)
            node.extra["plan_target"] = node.targets[Metric.JOBS] or sum(monthly)
            node.extra["profile"] = list(monthly)
        else:
            node.expected = node.targets[Metric.JOBS] * elapsed
            node.extra["plan_target"] = node.targets[Metric.JOBS]
            node.extra["profile"] = [node.targets[Metric.JOBS] / 12] * 12
    else:
        node.expected = sum(c.expected for c in node.children)
        node.extra["plan_target"] = sum(c.extra["plan_target"] for c in node.children)
        node.extra["profile"] = [sum(c.extra["profile"][m] for c in node.children) for m in range(12)]
    target = node.extra["plan_target"]
    actual = node.results[Metric.JOBS]
    node.forecast = actual if elapsed >= 1 else (round(actual / elapsed) if elapsed > 0 else 0)
    if not target or elapsed == 0:
        node.status, node.ratio = GREY, None
        return
    node.ratio = actual / node.expected if node.expected else None
    ratio = node.ratio if node.ratio is not None else 1.0
    node.status = GREEN if ratio >= 0.95 else YELLOW if ratio >= 0.8 else RED


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


def series_progress(
    series: ProgramSeries, *, use_cache: bool = True, version: str | None = None
) -> list[dict]:
    """Per year of a multi-year program: target, result and the running totals (cached)."""
    if not use_cache:
        return build_series_progress(series)
    key = _cache_key("series", series.pk, series.start_year, series.end_year, version or data_version())
    rows = cache.get(key)
    if rows is None:
        rows = build_series_progress(series)
        cache.set(key, rows, CACHE_SECONDS)
    return rows


def build_series_progress(series: ProgramSeries) -> list[dict]:
    years = list(range(series.start_year, series.end_year + 1))
    targets = dict.fromkeys(years, 0)
    results = dict.fromkeys(years, 0)
    for row in (
        Target.objects.filter(project__program__series=series, month=0, metric=Metric.JOBS)
        .values("year")
        .annotate(v=Sum("value"))
    ):
        if row["year"] in targets:
            targets[row["year"]] += row["v"]
    plan_year = "project__program__strategy__plan__year"
    # a placement counts in the year of its plan when hired in that year: a CASE bucket per year
    in_plan_year = {y: Q(**{plan_year: y}, placement__hire_date__range=year_bounds(y)) for y in years}
    for hit in (
        Attribution.objects.filter(
            reduce(or_, in_plan_year.values()),
            project__program__series=series,
            placement__status=PlacementStatus.ACTIVE,
        )
        .annotate(
            y=Case(*(When(q, then=Value(y)) for y, q in in_plan_year.items()), output_field=IntegerField())
        )
        .values("y")
        .annotate(n=Count("placement_id", distinct=True))
        .order_by()
    ):
        results[hit["y"]] += hit["n"]
    for row in (
        ManualResult.objects.filter(
            project__program__series=series, metric=Metric.JOBS, status=ManualResultStatus.APPROVED
        )
        .values("year", plan_year)
        .annotate(v=Sum("value"))
    ):
        if row["year"] == row[plan_year] and row["year"] in results:
            results[row["year"]] += row["v"]
    # people trained: yearly targets, completions in the system and approved reports of agencies
    trained_targets = dict.fromkeys(years, 0)
    trained = dict.fromkeys(years, 0)
    for row in (
        Target.objects.filter(project__program__series=series, month=0, metric=Metric.TRAINED)
        .values("year")
        .annotate(v=Sum("value"))
    ):
        if row["year"] in trained_targets:
            trained_targets[row["year"]] += row["v"]
    for row in (
        TrainingCompletion.objects.filter(
            training__project__program__series=series, status=CompletionStatus.COMPLETED
        )
        .annotate(y=ExtractYear("completed_on"))
        .values("y", f"training__{plan_year}")
        .annotate(n=Count("id"))
    ):
        if row["y"] == row[f"training__{plan_year}"] and row["y"] in trained:
            trained[row["y"]] += row["n"]
    for row in (
        ManualResult.objects.filter(
            project__program__series=series, metric=Metric.TRAINED, status=ManualResultStatus.APPROVED
        )
        .values("year", plan_year)
        .annotate(v=Sum("value"))
    ):
        if row["year"] == row[plan_year] and row["year"] in trained:
            trained[row["year"]] += row["v"]
    out, cum_t, cum_r, cum_tt, cum_tr = [], 0, 0, 0, 0
    for y in years:
        cum_t += targets[y]
        cum_r += results[y]
        cum_tt += trained_targets[y]
        cum_tr += trained[y]
        out.append(
            {
                "year": y,
                "target": targets[y],
                "result": results[y],
                "cum_target": cum_t,
                "cum_result": cum_r,
                "trained_target": trained_targets[y],
                "trained": trained[y],
                "cum_trained_target": cum_tt,
                "cum_trained": cum_tr,
            }
        )
    return out


def project_placements(project: Project):
    """The placements behind a project's number (attribution rows), newest hire first."""
    return (
        Attribution.objects.filter(project=project)
        .select_related("placement__employer__region", "placement__seeker__user", "rule")
        .order_by("-placement__hire_date", "-placement_id")
    )


def exclusion_reason(attribution: Attribution, year: int) -> str:
    """Empty when the placement counts; otherwise why it does not."""
    placement = attribution.placement
    if placement.status == PlacementStatus.CANCELLED:
        return _gettext("채용 취소")
    if placement.hire_date.year != year:
        return _gettext("%(year)s년 입사(사업 연도 밖)") % {"year": placement.hire_date.year}
    return ""
