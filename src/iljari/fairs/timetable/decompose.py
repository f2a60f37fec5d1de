"""Entry point :func:`solve` and the time-block decomposition for very large fairs.

A city-wide fair (300 booths × 10,000 seekers × 16 slots) gives ~400,000 variables, more
than CP-SAT can improve on two cores within minutes.  :func:`solve_decomposed` therefore

1. computes the fairness flow over the whole day and keeps its assignment (one
   interview for as many seekers as can possibly get one — the same number the full model
   would guarantee);
2. cuts the remaining day into consecutive blocks of slots and solves one CP-SAT model per
   block, left to right, each with every interview already placed (announced ones, the
   fairness ones, earlier blocks) fixed — so booth capacity, walking buffers across block
   borders and one-interview-per-company stay exact;
3. reports as bound the time-relaxed flow bound over the whole fair (valid for any
   timetable), so the gap is honest although no single model saw the whole day;
4. with time to spare (≥ 30 s), hands the blocks' timetable as a starting point to a
   whole-day model over the relaxation's (seeker, booth) pairs plus the timetable's own
   (phase A of :func:`solve_cpsat`), which moves interviews across block borders until
   0.1 % from the bound or the time limit.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace

from .check import check_timetable
from .cpsat import interviews_of, restrict, solve_prepared
from .flow import fair_relaxation, fairness_flow
from .greedy import result_from
from .i18n import gettext
from .prepare import interviews_value, prepare
from .problem import Problem, Timetable
from .progress import Improvement, OnImprove, keep_going
from .twophase import RESERVE_SECONDS, solve_cpsat

#: Above this many (request, slot) variables the whole-day model is split in time blocks.
MAX_VARS_PER_MODEL = 200_000
#: Polish the blocks' timetable with the whole-day model only if this much time is left.
MIN_POLISH_SECONDS = 30.0


def solve_decomposed(
    problem: Problem,
    *,
    time_limit: float = 300.0,
    workers: int = 2,
    seed: int = 0,
    max_vars: int = MAX_VARS_PER_MODEL,
    blocks: int | None = None,
    polish: bool = True,
    relative_gap: float = 0.001,
    log: bool = False,
    on_improve: OnImprove | None = None,
) -> Timetable:
    t0 = time.perf_counter()
    prep = prepare(problem)
    need, base = fairness_flow(prep)
    flow_bound, pairs = fair_relaxation(prep, need)
    fixed = list(problem.fixed) + interviews_of(prep, base)[len(prep.fixed) :]
    fixed = sorted(set(fixed))
    total_bound = prep.fixed_value + flow_bound

    def tell(value: int, read, phase: str) -> bool:
        return keep_going(on_improve, Improvement(value, total_bound, phase, time.perf_counter() - t0, read))

    base_timetable = fixed
    stopped = not tell(interviews_value(prep, fixed), lambda: base_timetable, gettext("시작 시간표"))
    n_vars = sum(len(s) for s in prep.req_slots)
    start = max(0, problem.earliest_slot)
    span = problem.num_slots - start
    if blocks is None:
        blocks = max(1, math.ceil(n_vars / max_vars))
    blocks = max(1, min(blocks, span))
    edges = [start + round(i * span / blocks) for i in range(blocks + 1)]
    statuses = []
    for i in range(blocks):
        if stopped:
            break
        remaining = time_limit - (time.perf_counter() - t0)
        share = max(1.0, remaining / (blocks - i))
        sub = replace(problem, fixed=fixed)
        sub_prep = prepare(sub, window=(edges[i], edges[i + 1]))
        phase = gettext("시간 블록 %(i)s/%(n)s 최적화") % {"i": i + 1, "n": blocks}

        def on_solution(value, read, sub_prep=sub_prep, phase=phase) -> bool:
            return tell(sub_prep.fixed_value + value, lambda: interviews_of(sub_prep, read()), phase)

        out = solve_prepared(
            sub_prep,
            time_limit=share,
            workers=workers,
            seed=seed,
            fairness=False,
            log=log,
            on_solution=on_solution if on_improve is not None else None,
        )
        stopped = out.stopped
        statuses.append(out.optimal)
        fixed = interviews_of(sub_prep, out.chosen)
    n_opt = sum(statuses)
    status = gettext("시간 블록 %(blocks)s개로 분할(블록 최적해 %(optimal)s개)") % {
        "blocks": blocks,
        "optimal": n_opt,
    }
    method = "cpsat-blocks"
    # 4. with time to spare, a whole-day model starts from the blocks' timetable and
    #    improves it (stops at 0.1 % from the bound, or at the time limit)
    remaining = time_limit - RESERVE_SECONDS - (time.perf_counter() - t0)
    value = interviews_value(prep, fixed)
    target = (prep.fixed_value + flow_bound) * (1 - relative_gap)
    if polish and not stopped and remaining >= MIN_POLISH_SECONDS and value < target:
        index = {(prep.req_seeker[r], prep.req_booth[r]): r for r in range(prep.num_requests)}
        announced = set(prep.fixed)
        hint = [
            (index[(prep.seeker_index[iv.seeker], prep.booth_index[iv.booth])], iv.slot)
            for iv in fixed
            if iv not in announced
        ]
        # the model over the relaxation's pairs plus the current timetable's (phase A of
        # solve_cpsat): far smaller than the whole day, and it moves interviews across blocks
        pair_prep, back = restrict(prep, set(pairs) | {r for r, _ in hint})
        pos = {r: i for i, r in enumerate(back)}

        def on_polish(value, read) -> bool:
            return tell(
                prep.fixed_value + value,
                lambda: interviews_of(prep, [(back[r], t) for r, t in read()]),
                gettext("전체 모델로 개선"),
            )

        out = solve_prepared(
            pair_prep,
            time_limit=remaining,
            workers=workers,
            seed=seed,
            relative_gap=relative_gap,
            hint=[(pos[r], t) for r, t in hint],
            stop_at=target - prep.fixed_value,
            log=log,
            on_solution=on_polish if on_improve is not None else None,
        )
        stopped = out.stopped
        out.chosen = [(back[r], t) for r, t in out.chosen]
        improved = interviews_of(prep, out.chosen)
        if interviews_value(prep, improved) > value and not check_timetable(problem, improved):
            fixed = improved
            method = "cpsat-blocks+full"
            status = gettext("%(status)s, 전체 모델로 개선") % {"status": status}
    result = result_from(
        prep,
        fixed,
        method,
        status,
        t0,
        bound=total_bound,
        max_seekers_servable=need + len(prep.served_by_fixed()),
    )
    result.stopped = stopped
    return result


def solve(
    problem: Problem,
    *,
    time_limit: float = 60.0,
    workers: int = 2,
    seed: int = 0,
    max_vars: int = MAX_VARS_PER_MODEL,
    log: bool = False,
    on_improve: OnImprove | None = None,
) -> Timetable:
    """Optimise the timetable: one CP-SAT model, or time blocks when the fair is very large.
    ``on_improve`` hears of every better timetable (see :mod:`.progress`)."""
    prep = prepare(problem)
    n_vars = sum(len(s) for s in prep.req_slots)
    if n_vars > max_vars:
        return solve_decomposed(
            problem,
            time_limit=time_limit,
            workers=workers,
            seed=seed,
            max_vars=max_vars,
            log=log,
            on_improve=on_improve,
        )
    return solve_cpsat(
        problem, time_limit=time_limit, workers=workers, seed=seed, log=log, on_improve=on_improve
    )
