"""Re-optimisation on the day: announced interviews stay where they are.

The caller passes the fair as it now is — walk-ins added as seekers with requests,
cancelled requests / seekers / booths removed — together with the interviews already
announced or held and the current slot.  Announced interviews whose seeker, booth or request
has been cancelled are dropped (listed in the warnings); all others are kept fixed; new
interviews go only into slots that have not started yet.

It is quick because most of a running fair is fixed: only the requests that can still get a
slot (a booth with room left, freed by a no-show or never full, while the seeker is free)
enter the model — for a city-wide fair a few thousand of thirty thousand — and the two-phase
optimisation of :mod:`.cpsat` (fairness flow, relaxation bound, CP-SAT) runs on those alone.
The bound is that of the remaining requests plus the fixed interviews' value, so still proven.
"""

from __future__ import annotations

import time
from collections.abc import Hashable, Iterable
from dataclasses import replace

from .cpsat import interviews_of, restrict
from .greedy import fill, result_from
from .i18n import gettext
from .prepare import prepare
from .problem import Interview, Problem, Timetable
from .progress import OnImprove
from .twophase import optimise, reporter, status_text

#: Seconds kept back from the time limit for reading the solution and building the result.
QUICK_RESERVE_SECONDS = 0.4
#: Bisection steps of the fairness bound: none — the bound of the relaxation without fairness and
#: the fair relaxation with a dominant bonus are both valid (two flows instead of a dozen), a
#: little looser; the quick re-optimisation has seconds, not minutes.
QUICK_RELAX_ITERATIONS = 0


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
    time_limit: float = 4.0,
    workers: int = 2,
    seed: int = 0,
    relative_gap: float = 0.001,
    on_improve: OnImprove | None = None,
) -> Timetable:
    """Add what fits around the ``announced`` (and ``problem.fixed``) interviews, from
    ``now_slot`` on; ``time_limit`` counts from the call, validation included."""
    t0 = time.perf_counter()
    keep, dropped = keep_announced(problem, announced)
    sub = replace(problem, fixed=sorted(set(keep) | set(problem.fixed)), earliest_slot=now_slot)
    prep = prepare(sub)
    small, back = restrict(prep, {r for r in range(prep.num_requests) if prep.req_slots[r]})
    out, bound = optimise(
        small,
        time_limit=max(0.3, time_limit - QUICK_RESERVE_SECONDS - (time.perf_counter() - t0)),
        workers=workers,
        seed=seed,
        relative_gap=relative_gap,
        report=reporter(small, on_improve, t0),
        relax_iterations=QUICK_RELAX_ITERATIONS,
    )
    chosen = [(back[r], t) for r, t in out.chosen]
    result = result_from(
        prep,
        interviews_of(prep, chosen),
        "cpsat-reoptimise",
        out.status,
        t0,
        bound=prep.fixed_value + bound,
        max_seekers_servable=out.need + len(prep.served_by_fixed()),
    )
    result.status = status_text(result.gap)
    result.stopped = out.stopped
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
