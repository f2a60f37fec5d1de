"""The CP-SAT model of the interview timetable.

Variables: ``x[r, t]`` = request ``r`` is interviewed in slot ``t`` (only for slots where
both sides are present, not on a break, not in the past and the booth has room left).

Constraints
  * booth capacity: Σ_r x[r, t] ≤ residual interviewers of the booth in slot ``t``;
  * one interview per (seeker, company): at most one of the seeker's variables for that
    company's booths (this also makes each request happen at most once);
  * one place at a time with walking buffer ``k``: for every seeker and every window of
    ``k + 1`` consecutive slots at most one interview (two interviews of one seeker are
    always at different companies, hence different booths);
  * fairness: as many seekers get at least one interview as the max-flow in
    :mod:`.flow` proves possible — when everybody can be served, everybody is.

Objective: maximise Σ value(r) · x[r, t] with value = preference weight × match points.
The solver starts from a hint (fairness flow + greedy fill) so it always holds a feasible
timetable, and the reported bound is the smaller of CP-SAT's proven bound and the
time-relaxed flow bound.
"""

from __future__ import annotations

import copy
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from .flow import fairness_flow
from .greedy import fill
from .i18n import gettext, gettext_noop
from .prepare import Prepared
from .problem import Interview

#: ``on_solution(value, read)`` of :func:`solve_prepared`: ``value`` of the new interviews,
#: ``read()`` their (request, slot) pairs (valid only during the call); ``False`` stops.
OnSolution = Callable[[int, Callable[[], list[tuple[int, int]]]], bool]

#: CP-SAT statuses as Korean labels (translated by :func:`status_label`).
STATUS_KO = {
    cp_model.OPTIMAL: gettext_noop("최적해"),
    cp_model.FEASIBLE: gettext_noop("제한 시간 내 가능해"),
    cp_model.INFEASIBLE: gettext_noop("해 없음"),
    cp_model.MODEL_INVALID: gettext_noop("모델 오류"),
    cp_model.UNKNOWN: gettext_noop("제한 시간 내 해를 찾지 못함"),
}


def status_label(status: cp_model.CpSolverStatus) -> str:
    """A CP-SAT status in the active language."""
    return gettext(STATUS_KO[status]) if status in STATUS_KO else str(status)


def hint_order(prep: Prepared) -> list[int]:
    """Requests by value (then rank, then registration order) for the greedy fill."""
    return sorted(
        range(prep.num_requests), key=lambda r: (-prep.req_value[r], prep.req_rank[r], prep.req_seeker[r])
    )


class _Watch(cp_model.CpSolverSolutionCallback):
    """Stop as soon as a solution reaches the target (CP-SAT does not know our flow bound),
    and hand every solution to ``on_solution`` (which may stop the search too)."""

    def __init__(self, target: float | None, keys: list[tuple[int, int]], on_solution: OnSolution | None):
        super().__init__()
        self.target = target
        self.keys = keys
        self.on_solution = on_solution
        self.stopped = False  # by on_solution, not by reaching the target

    def _read(self) -> list[tuple[int, int]]:
        # the x variables are the model's first len(keys) variables (see solve_prepared)
        values = np.fromiter(self.response_proto.solution, dtype=np.int64)[: len(self.keys)]
        return [self.keys[i] for i in np.flatnonzero(values)]

    def on_solution_callback(self) -> None:
        value = round(self.objective_value)
        if self.on_solution is not None and self.on_solution(value, self._read) is False:
            self.stopped = True
            self.stop_search()
        elif self.target is not None and value >= self.target:
            self.stop_search()


@dataclass
class SolveOut:
    chosen: list[tuple[int, int]]  # (request, slot)
    status: str
    bound: float | None  # proven bound on the value of new interviews, if any
    need: int  # seekers that had to be served
    optimal: bool
    stopped: bool = False  # the caller asked to stop (the best timetable so far is returned)


def solve_prepared(
    prep: Prepared,
    *,
    time_limit: float,
    workers: int = 2,
    seed: int = 0,
    relative_gap: float = 0.001,
    fairness: bool = True,
    hint: list[tuple[int, int]] | None = None,
    stop_at: float | None = None,
    log: bool = False,
    on_solution: OnSolution | None = None,
) -> SolveOut:
    """Solve the model for the new interviews of ``prep`` (one CP-SAT run).

    ``time_limit`` counts from the call (model building included).  Without a ``hint``
    the fairness flow + greedy fill is used; the hint is returned when CP-SAT finds nothing
    better in time.  The search stops once a timetable worth ``stop_at`` is found, or when
    ``on_solution`` (called with every better solution) returns ``False``."""
    deadline = time.perf_counter() + time_limit
    if fairness:
        need, base = fairness_flow(prep)
    else:
        need, base = 0, []
    if hint is None:
        hint = fill(prep, hint_order(prep), base=base).chosen
    if not any(prep.req_slots):
        return SolveOut([], status_label(cp_model.OPTIMAL), 0.0, need, True)

    model = cp_model.CpModel()
    xs: list = []
    keys: list[tuple[int, int]] = []
    coeffs: list[int] = []
    by_bt: dict[tuple[int, int], list] = defaultdict(list)
    by_sc: dict[tuple[int, int], list] = defaultdict(list)
    by_seeker: list[dict[int, list]] = [defaultdict(list) for _ in prep.seekers]
    for r in range(prep.num_requests):
        s, b, c, v = prep.req_seeker[r], prep.req_booth[r], prep.req_company[r], prep.req_value[r]
        for t in prep.req_slots[r]:
            x = model.new_bool_var("")
            xs.append(x)
            keys.append((r, t))
            coeffs.append(v)
            by_bt[(b, t)].append(x)
            by_sc[(s, c)].append(x)
            by_seeker[s][t].append(x)
    for (b, t), vs in by_bt.items():
        cap = prep.cap[b][t]
        if len(vs) > cap:
            if cap == 1:
                model.add_at_most_one(vs)
            else:
                model.add(cp_model.LinearExpr.sum(vs) <= cap)
    for vs in by_sc.values():
        if len(vs) > 1:
            model.add_at_most_one(vs)
    k = prep.buffer
    for slots in by_seeker:
        if not slots:
            continue
        ts = sorted(slots)
        last_window: tuple[int, ...] = ()
        for i, t in enumerate(ts):
            window = tuple(u for u in ts[i:] if u <= t + k)
            if len(window) == 1 and len(slots[t]) == 1:
                continue
            if set(window) <= set(last_window):
                continue
            model.add_at_most_one([x for u in window for x in slots[u]])
            last_window = window
    if fairness and need > 0:
        cands = prep.candidate_seekers()
        seeker_vars = [[x for vs in by_seeker[s].values() for x in vs] for s in cands]
        if need == len(cands):
            for vs in seeker_vars:
                model.add_bool_or(vs)
        else:
            served = []
            for vs in seeker_vars:
                y = model.new_bool_var("")
                model.add_bool_or(vs).only_enforce_if(y)
                served.append(y)
            model.add(cp_model.LinearExpr.sum(served) >= need)
    model.maximize(cp_model.LinearExpr.weighted_sum(xs, coeffs))

    hinted = set(hint)
    for x, key in zip(xs, keys, strict=True):
        model.add_hint(x, key in hinted)

    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers = max(1, workers)
    p.max_time_in_seconds = max(0.1, deadline - time.perf_counter())
    p.random_seed = seed
    p.relative_gap_limit = relative_gap
    p.log_search_progress = log
    assert not xs or (xs[0].index == 0 and xs[-1].index == len(xs) - 1)  # _Watch._read relies on it
    watch = _Watch(stop_at, keys, on_solution) if (stop_at is not None or on_solution) else None
    status = solver.solve(model, watch)
    stopped = watch is not None and watch.stopped
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        chosen = [key for x, key in zip(xs, keys, strict=True) if solver.boolean_value(x)]
        bound = solver.objective_value if status == cp_model.OPTIMAL else solver.best_objective_bound
        return SolveOut(chosen, status_label(status), bound, need, status == cp_model.OPTIMAL, stopped)
    fallback = gettext("%(status)s — 초기 배정 사용") % {"status": status_label(status)}
    return SolveOut(hint, fallback, None, need, False, stopped)


def interviews_of(prep: Prepared, chosen: list[tuple[int, int]]) -> list[Interview]:
    out = list(prep.fixed)
    for r, t in chosen:
        out.append(Interview(t, prep.booths[prep.req_booth[r]].id, prep.seekers[prep.req_seeker[r]].id))
    return sorted(out)


def restrict(prep: Prepared, requests: set[int]) -> tuple[Prepared, list[int]]:
    """A copy of ``prep`` with only the given requests; returns it and the index map
    (restricted request → original request)."""
    keep = sorted(requests)
    sub = copy.copy(prep)
    for name in ("req_seeker", "req_booth", "req_company", "req_value", "req_rank", "req_slots"):
        full = getattr(prep, name)
        setattr(sub, name, [full[r] for r in keep])
    pos = {r: i for i, r in enumerate(keep)}
    sub.seeker_requests = [[pos[r] for r in reqs if r in pos] for reqs in prep.seeker_requests]
    return sub, keep
