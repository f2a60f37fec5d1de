"""Two-phase optimisation of the timetable with the CP-SAT model of :mod:`.cpsat`.

Phase A puts the pairs that the exact time-relaxed flow picks (everybody served when the
fairness flow says that is possible) into slots; phase B, the full model started from phase A's
timetable, uses the remaining time to improve it and its bound. The starting timetable is the
better of two fair greedy ones, so a feasible timetable is always at hand.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .cpsat import SolveOut, hint_order, interviews_of, restrict, solve_prepared
from .flow import fair_relaxation, fairness_flow
from .greedy import fill, registration_order, repair_fairness, result_from, slot_matching
from .i18n import gettext
from .prepare import Prepared, prepare
from .problem import Problem, Timetable
from .progress import Improvement, OnImprove, keep_going

#: ``report(value, bound, read, phase)`` of :func:`optimise`: like ``OnSolution`` of
#: :func:`.cpsat.solve_prepared` with the proven bound on
#: the new interviews' value and what the search is doing.
Report = Callable[[int, int, Callable[[], list[tuple[int, int]]], str], bool]

#: Share of the time budget for phase A (phase B rarely adds more than a few hundredths of a percent).
PHASE_A_SHARE = 0.8
#: Seconds kept back for reading the solution and building the result.
RESERVE_SECONDS = 2.5


def _best_hint(
    prep: Prepared, pairs: list[int], base: list[tuple[int, int]], need: int
) -> list[tuple[int, int]]:
    """The better of two fair starting timetables: the fairness flow's interviews plus a
    greedy fill, or a slot-by-slot matching of the relaxation's pairs repaired so that
    everybody who can be served is, plus a greedy fill."""
    order = hint_order(prep)
    best = fill(prep, order, base=base).chosen
    matched = repair_fairness(prep, slot_matching(prep, pairs), set(prep.candidate_seekers()))
    return _better_of(prep, need, best, fill(prep, order, base=matched.chosen).chosen)


def _better_of(
    prep: Prepared, need: int, best: list[tuple[int, int]], other: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """``other`` when it serves as many of the seekers who can be served (up to ``need``)
    and is worth more; otherwise ``best``."""
    cands = set(prep.candidate_seekers())

    def served(chosen):
        return len({prep.req_seeker[r] for r, _ in chosen} & cands)

    def value(chosen):
        return sum(prep.req_value[r] for r, _ in chosen)

    if served(other) >= min(need, served(best)) and value(other) > value(best):
        return other
    return best


def optimise(
    prep: Prepared,
    *,
    time_limit: float,
    workers: int = 2,
    seed: int = 0,
    relative_gap: float = 0.001,
    log: bool = False,
    report: Report | None = None,
    relax_iterations: int = 18,
) -> tuple[SolveOut, int]:
    """Two-phase optimisation of ``prep``; returns the result and a proven bound on the
    value of new interviews.

    Phase A: the exact time-relaxed flow picks which (seeker, booth) pairs to interview
    (with everybody served when the fairness flow says that is possible); CP-SAT then
    only has to put those pairs — plus the fairness flow's pairs, which are known to fit —
    into slots.  This small model usually closes to a fraction of a percent in seconds.
    Phase B: the full model over all requests, started from phase A's timetable, uses
    the remaining time to improve it and its bound.

    ``report`` hears of the starting timetable and of every better one; when it returns
    ``False`` the search ends with the best timetable so far (``SolveOut.stopped``)."""
    t0 = time.perf_counter()
    need, base = fairness_flow(prep)
    bound, pairs = fair_relaxation(prep, need, iterations=relax_iterations)
    subset = set(pairs) | {r for r, _ in base}
    sub, back = restrict(prep, subset)
    pos = {r: i for i, r in enumerate(back)}
    sub_hint = _best_hint(sub, [pos[r] for r in pairs], [(pos[r], t) for r, t in base], need)
    start = [(back[r], t) for r, t in sub_hint]
    if log:
        print(f"phase A: {len(subset)} of {prep.num_requests} requests, bound {bound}", flush=True)
    if report is not None:
        value_s = sum(prep.req_value[r] for r, _ in start)
        if report(value_s, bound, lambda: start, gettext("시작 시간표")) is False:
            return SolveOut(start, gettext("중단됨"), bound, need, False, True), bound

    def phase_a(value: int, read: Callable[[], list[tuple[int, int]]]) -> bool:
        assert report is not None
        return report(value, bound, lambda: [(back[r], t) for r, t in read()], gettext("1단계 최적화"))

    a = solve_prepared(
        sub,
        time_limit=max(0.3, min(PHASE_A_SHARE * time_limit, time_limit - (time.perf_counter() - t0))),
        workers=workers,
        seed=seed,
        relative_gap=relative_gap,
        hint=sub_hint,
        stop_at=bound * (1 - relative_gap),
        log=log,
        on_solution=phase_a if report is not None else None,
    )
    chosen_a = [(back[r], t) for r, t in a.chosen]
    # greedy fill of the leftovers on top of phase A; the first-come baseline when it is better
    # (phase A sees only the relaxation's pairs, and a short budget may leave no time for phase B)
    hint = fill(prep, hint_order(prep), base=chosen_a).chosen
    hint = _better_of(prep, need, hint, fill(prep, registration_order(prep)).chosen)
    value_h = sum(prep.req_value[r] for r, _ in hint)
    if a.stopped:
        return SolveOut(hint, a.status, bound, need, False, True), bound
    if value_h >= bound * (1 - relative_gap) or len(subset) == prep.num_requests and a.optimal:
        return SolveOut(hint, a.status, bound, need, value_h >= bound), bound
    remaining = time_limit - (time.perf_counter() - t0)
    if remaining < 1.0:
        return SolveOut(hint, a.status, bound, need, False), bound

    def phase_b(value: int, read: Callable[[], list[tuple[int, int]]]) -> bool:
        assert report is not None
        return report(value, bound, read, gettext("2단계 최적화"))

    b = solve_prepared(
        prep,
        time_limit=remaining,
        workers=workers,
        seed=seed,
        relative_gap=relative_gap,
        hint=hint,
        stop_at=bound * (1 - relative_gap),
        log=log,
        on_solution=phase_b if report is not None else None,
    )
    if b.bound is not None:
        bound = min(bound, int(b.bound + 1e-6))
    value_b = sum(prep.req_value[r] for r, _ in b.chosen)
    if value_b < value_h:  # CP-SAT returns its best, which includes the hint; be safe
        return SolveOut(hint, a.status, bound, need, False, b.stopped), bound
    return b, bound


def reporter(prep: Prepared, on_improve: OnImprove | None, t0: float) -> Report | None:
    """Translate :func:`optimise`'s reports on ``prep`` into :class:`Improvement` records."""
    if on_improve is None:
        return None

    def report(value: int, bound: int, read: Callable[[], list[tuple[int, int]]], phase: str) -> bool:
        return keep_going(
            on_improve,
            Improvement(
                value=prep.fixed_value + value,
                bound=prep.fixed_value + bound,
                phase=phase,
                seconds=time.perf_counter() - t0,
                read=lambda: interviews_of(prep, read()),
            ),
        )

    return report


def solve_cpsat(
    problem: Problem,
    *,
    time_limit: float = 60.0,
    workers: int = 2,
    seed: int = 0,
    relative_gap: float = 0.001,
    log: bool = False,
    on_improve: OnImprove | None = None,
) -> Timetable:
    """Optimise the whole fair (two-phase CP-SAT, see :func:`optimise`)."""
    t0 = time.perf_counter()
    prep = prepare(problem)
    out, bound = optimise(
        prep,
        time_limit=max(0.5, time_limit - RESERVE_SECONDS - (time.perf_counter() - t0)),
        workers=workers,
        seed=seed,
        relative_gap=relative_gap,
        log=log,
        report=reporter(prep, on_improve, t0),
    )
    result = result_from(
        prep,
        interviews_of(prep, out.chosen),
        "cpsat",
        out.status,
        t0,
        bound=prep.fixed_value + bound,
        max_seekers_servable=out.need + len(prep.served_by_fixed()),
    )
    result.status = status_text(result.gap)
    result.stopped = out.stopped
    return result


def status_text(gap: float | None) -> str:
    if gap is None:
        return gettext("상한 없음")
    if gap <= 1e-9:
        return gettext("최적해(증명됨)")
    return gettext("최적해와의 차이 %(gap)s 이내") % {"gap": f"{gap:.2%}"}
