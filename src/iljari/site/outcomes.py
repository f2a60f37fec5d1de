"""What people did, as the learned ranker's training and judging data (issue 14, point 6).

Outcomes are graded (``jobmatch.ltr.GRADES``): an application (1) < a referral the seeker accepted
(2: accepted, with the employer, at interview, hired or not) < a hire (3). One query per seeker who
has any: its day is the seeker's first outcome (the time split orders by it), its candidates the
vacancies of the record (published or closed — the demo's vacancy dates do not track when each was
open, so all of them; a center's own data could narrow this to the vacancies open that day).

This sits at the top of the layers because it reads both matching's profiles and referrals' rows.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
from django.utils import timezone

from iljari.matching.bridge import seeker_profile, vacancy_profile
from iljari.matching.ranker import ranker_file
from iljari.referrals.models import Placement, PlacementStatus, Referral, ReferralStatus
from iljari.seekers.models import Seeker
from iljari.vacancies.models import Application, Vacancy, VacancyStatus
from jobmatch import ltr

ACCEPTED = [
    ReferralStatus.SEEKER_ACCEPTED,
    ReferralStatus.EMPLOYER_REVIEW,
    ReferralStatus.INTERVIEW,
    ReferralStatus.HIRED,
    ReferralStatus.NOT_HIRED,
]


def _day(value: dt.date | dt.datetime) -> float:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).toordinal() + value.hour / 24.0
    return float(value.toordinal())


def outcome_events() -> list[tuple[int, int, int, float]]:
    """(seeker id, vacancy id, grade, day) for every recorded outcome with a vacancy."""
    g = ltr.GRADES
    out: list[tuple[int, int, int, float]] = []
    for s, v, at in Application.objects.values_list("seeker_id", "vacancy_id", "created_at"):
        out.append((s, v, g["application"], _day(at)))
    for s, v, at in Referral.objects.filter(status__in=ACCEPTED, vacancy__isnull=False).values_list(
        "seeker_id", "vacancy_id", "created_at"
    ):
        out.append((s, v, g["referral_accepted"], _day(at)))
    for s, v, day in (
        Placement.objects.filter(vacancy__isnull=False)
        .exclude(status=PlacementStatus.CANCELLED)
        .values_list("seeker_id", "vacancy_id", "hire_date")
    ):
        out.append((s, v, g["hire"], _day(day)))
    return out


def outcome_queries(rec) -> tuple[Any, Any, list[ltr.Query]]:
    """(seeker pool, vacancy pool, queries) from the database's outcomes, through the bridge's
    profiles and the given recommender's pools."""
    events = outcome_events()
    vacancies = list(
        Vacancy.objects.filter(status__in=[VacancyStatus.PUBLISHED, VacancyStatus.CLOSED])
        .select_related("work_region", "employer", "employer__industry", "occupation")
        .prefetch_related("required_qualifications", "preferred_qualifications")
        .order_by("pk")
    )
    v_row = {v.pk: j for j, v in enumerate(vacancies)}
    seeker_ids = sorted({e[0] for e in events if e[1] in v_row})
    seekers = list(
        Seeker.objects.filter(pk__in=seeker_ids)
        .select_related("home_region")
        .prefetch_related("desired_regions")
        .order_by("pk")
    )
    s_row = {s.pk: i for i, s in enumerate(seekers)}
    seeker_pool = rec.pool_seekers([seeker_profile(s) for s in seekers])
    vacancy_pool = rec.pool_vacancies([vacancy_profile(v) for v in vacancies])
    grades: dict[int, dict[int, int]] = {}
    first: dict[int, float] = {}
    for s, v, grade, day in events:
        if s not in s_row or v not in v_row:
            continue
        i, j = s_row[s], v_row[v]
        row = grades.setdefault(i, {})
        row[j] = max(row.get(j, 0), grade)
        first[i] = min(first.get(i, day), day)
    everything = np.arange(len(vacancies))
    queries = [ltr.Query(i, everything, grades[i], first[i]) for i in sorted(grades)]
    return seeker_pool, vacancy_pool, queries


def train_ranker(
    rec, held_out: float = 0.3, seed: int = 0, path: str | Path | None = None
) -> ltr.LearnedRanker:
    """Learn from the earlier outcomes, judge on the later ones, and store model and evaluation."""
    seeker_pool, vacancy_pool, queries = outcome_queries(rec)
    if len(queries) < 10:
        raise ValueError(f"{len(queries)} seekers with outcomes: too few to learn from and judge")
    model = ltr.fit_and_judge(rec, seeker_pool, vacancy_pool, queries, held_out=held_out, seed=seed)
    model.save(path or ranker_file())
    return model
