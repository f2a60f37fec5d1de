"""Re-optimisation on the day: announced interviews stay where they are.

The caller passes the fair as it now is — walk-ins added as seekers with requests,
cancelled requests / seekers / booths removed — together with the interviews already
announced and the current slot.  Announced interviews whose seeker, booth or request has
been cancelled are dropped (listed in the warnings); all others are kept fixed; new
interviews go only into slots that have not started yet.
"""

from __future__ import annotations

import time
from collections.abc import Hashable, Iterable
from dataclasses import replace

from .decompose import solve
from .greedy import fill, result_from
from .i18n import gettext
from .prepare import prepare
from .problem import Interview, Problem, Timetable


def keep_announced(
    problem: Problem, announced: Iterable[Interview]
) -> tuple[list[Interview], list[Interview]]:
    """Split announced interviews into (still valid, cancelled)."""
    booths = {b.id for b in problem.booths}
    seekers = {s.id for s in problem.seekers}
    requested = {(r.seeker, r.booth) for r in problem.requests}
    keep, dropped = [], []
    for iv in announced:
        if iv.booth in booths and iv.seeker in seekers and (iv.seeker, iv.booth) in requested:
            keep.append(iv)
        else:
            dropped.append(iv)
    return keep, dropped


def reoptimise(
    problem: Problem,
    announced: Iterable[Interview],
    *,
    now_slot: int = 0,
    time_limit: float = 30.0,
    workers: int = 2,
    seed: int = 0,
) -> Timetable:
    keep, dropped = keep_announced(problem, announced)
    sub = replace(problem, fixed=sorted(set(keep) | set(problem.fixed)), earliest_slot=now_slot)
    result = solve(sub, time_limit=time_limit, workers=workers, seed=seed)
    for iv in dropped:
        result.warnings.append(
            gettext("취소된 신청의 면접을 시간표에서 뺐습니다: %(slot)s 부스 %(booth)s 구직자 %(seeker)s")
            % {"slot": sub.slot_label(iv.slot), "booth": iv.booth, "seeker": iv.seeker}
        )
    return result


def slot_walk_in(
    problem: Problem,
    current: Iterable[Interview],
    seeker: Hashable,
    *,
    now_slot: int = 0,
) -> Timetable:
    """Give a walk-in (already in ``problem`` with their requests) the earliest free slots,
    best rank first, without moving anybody else."""
    t0 = time.perf_counter()
    keep, _ = keep_announced(problem, current)
    sub = replace(problem, fixed=sorted(set(keep)), earliest_slot=now_slot)
    prep = prepare(sub)
    s = prep.seeker_index[seeker]
    pl = fill(prep, prep.seeker_requests[s])
    return result_from(prep, pl.interviews(), "walk-in", gettext("현장 접수 배정"), t0)
