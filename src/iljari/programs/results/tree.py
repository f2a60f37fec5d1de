"""A plan's report as a tree of nodes (plan → strategies → programs → projects) with targets, results
and monthly figures, and how a node is assessed: expected-to-date, forecast, traffic light."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from ..models import Metric, Plan

METRICS = [m.value for m in Metric]


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
    # progress (filled by assess)
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


def empty_months() -> list[int]:
    return [0] * 12


def _months_done(year: int, as_of: dt.date) -> float:
    if as_of.year > year:
        return 12.0
    if as_of.year < year:
        return 0.0
    start_of_month = as_of.replace(day=1)
    next_month = (start_of_month + dt.timedelta(days=32)).replace(day=1)
    return as_of.month - 1 + (as_of - start_of_month).days / (next_month - start_of_month).days


def assess(node: Node, year: int, as_of: dt.date, elapsed: float) -> None:
    """Expected-to-date, pace-based forecast and traffic light for the jobs metric.

    A project with monthly targets is expected to follow them; one with only a yearly target
    is expected to advance evenly through the year. Above the projects the expectations
    (and the monthly plan profile used by the charts) are the sums of the children's.
    """
    for child in node.children:
        assess(child, year, as_of, elapsed)
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
