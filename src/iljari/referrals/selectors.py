"""Read-side queries: retention rates, and the placements the programs app attributes to projects.

The link to program results: a program result counts ``Placement`` rows with
``status == "active"`` whose ``hire_date`` falls in the reporting period (``placements_between``);
the project is attributed by ``source``/``source_ref`` (e.g. source="fair", source_ref="fair:12")
or by a foreign key the programs app keeps to ``Placement``. Retention for a result (e.g. 6-month
고용유지율) comes from ``RetentionFollowUp`` through ``retention_of``.
"""

from collections import defaultdict

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iljari.employers.models import RootSector

from .models import FOLLOW_UP_MONTHS, FollowUpStatus, Placement, PlacementStatus, RetentionFollowUp


def placements_between(start, end, queryset=None):
    qs = queryset if queryset is not None else Placement.objects.all()
    return qs.filter(status=PlacementStatus.ACTIVE, hire_date__range=(start, end))


def retention_of(placements, month: int) -> dict:
    """Recorded / retained counts of the ``month`` follow-up for these placements."""
    agg = RetentionFollowUp.objects.filter(placement__in=placements, month=month).aggregate(
        due=Count("id"),
        recorded=Count(
            "id",
            filter=Q(
                status__in=[
                    FollowUpStatus.EMPLOYED,
                    FollowUpStatus.CHANGED_JOB,
                    FollowUpStatus.LEFT,
                    FollowUpStatus.UNREACHABLE,
                ]
            ),
        ),
        retained=Count("id", filter=Q(status=FollowUpStatus.EMPLOYED)),
    )
    agg["rate"] = round(100 * agg["retained"] / agg["recorded"], 1) if agg["recorded"] else None
    return agg


GROUPINGS = {
    "employer": ("placement__employer__name", gettext_lazy("기업")),
    "industry": ("placement__employer__root_sector", gettext_lazy("뿌리산업 분야")),
    "occupation": ("placement__occupation__name", gettext_lazy("직종")),
    "cohort": ("cohort", gettext_lazy("입사 분기")),
}


def retention_table(by: str, queryset=None, limit: int = 50) -> list[dict]:
    """Rows of {group, n placements, and per month: recorded, retained, rate} — one query."""
    from django.db.models.functions import ExtractMonth, ExtractYear

    field, _label = GROUPINGS[by]
    qs = RetentionFollowUp.objects.filter(placement__status=PlacementStatus.ACTIVE)
    if queryset is not None:
        qs = qs.filter(placement__in=queryset)
    if by == "cohort":
        qs = qs.annotate(y=ExtractYear("placement__hire_date"), m=ExtractMonth("placement__hire_date"))
        keys = ["y", "m"]
    else:
        keys = [field]
    rows = qs.values(*keys, "month").annotate(
        recorded=Count("id", filter=~Q(status__in=[FollowUpStatus.PENDING, FollowUpStatus.CANCELLED])),
        retained=Count("id", filter=Q(status=FollowUpStatus.EMPLOYED)),
        placements=Count("placement", distinct=True),
    )
    sectors = dict(RootSector.choices)
    groups: dict = defaultdict(lambda: {"placements": 0, "months": {m: [0, 0] for m in FOLLOW_UP_MONTHS}})
    labels: dict = {}
    for row in rows:
        key: tuple | str
        if by == "cohort":
            key = (row["y"], (row["m"] - 1) // 3 + 1)
            labels[key] = _("%(year)s년 %(quarter)s분기") % {"year": key[0], "quarter": key[1]}
        elif by == "industry":
            key = str(sectors.get(row[field], row[field]))
        else:
            key = row[field] or _("미분류")
        group = groups[key]
        group["placements"] = max(group["placements"], row["placements"])
        if row["month"] in group["months"]:
            group["months"][row["month"]][0] += row["recorded"]
            group["months"][row["month"]][1] += row["retained"]
    table = []
    for key, group in groups.items():
        cells = []
        for m in FOLLOW_UP_MONTHS:
            recorded, retained = group["months"][m]
            cells.append(
                {
                    "month": m,
                    "recorded": recorded,
                    "retained": retained,
                    "rate": round(100 * retained / recorded, 1) if recorded else None,
                }
            )
        table.append(
            {"key": key, "group": labels.get(key, key), "placements": group["placements"], "cells": cells}
        )
    table.sort(key=lambda r: (r["key"],) if by == "cohort" else (-r["placements"], r["group"]))
    for row in table:
        del row["key"]
    return table[:limit]
