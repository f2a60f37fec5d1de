"""A multi-year program (``ProgramSeries``) year by year: targets, results, people trained, running totals."""

from functools import reduce
from operator import or_

from django.core.cache import cache
from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.db.models.functions import ExtractYear

from iljari.referrals.models import PlacementStatus

from ..models import (
    Attribution,
    CompletionStatus,
    ManualResult,
    ManualResultStatus,
    Metric,
    ProgramSeries,
    Target,
    TrainingCompletion,
)
from .cache import CACHE_SECONDS, cache_key, data_version
from .tree import year_bounds


def series_progress(
    series: ProgramSeries, *, use_cache: bool = True, version: str | None = None
) -> list[dict]:
    """Per year of a multi-year program: target, result and the running totals (cached)."""
    if not use_cache:
        return build_series_progress(series)
    key = cache_key("series", series.pk, series.start_year, series.end_year, version or data_version())
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
