"""Greedy schedulers.

``first_come`` is the baseline: what organisers do by hand with a spreadsheet — take the
seekers in registration order and give each of their requests, best rank first, the
earliest slot still free.  ``fill`` is the same placement rule over any order of requests;
the optimiser uses it (seeded with the fairness flow) to build its starting hint, and the
day-of desk uses it to slot a walk-in without moving anybody.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from .prepare import Prepared, interviews_value, prepare
from .problem import Interview, Problem, Timetable


class Placement:
    """Residual capacity and seeker calendars while placing interviews one by one."""

    def __init__(self, prep: Prepared):
        self.prep = prep
        self.cap = [row[:] for row in prep.cap]
        self.busy: list[list[tuple[int, int]]] = [list(fx) for fx in prep.seeker_fixed]
        self.companies: list[set[int]] = [{prep.booth_company[b] for _, b in fx} for fx in prep.seeker_fixed]
        self.chosen: list[tuple[int, int]] = []  # (request, slot)

    def feasible(self, r: int, t: int) -> bool:
        p = self.prep
        s = p.req_seeker[r]
        if p.req_company[r] in self.companies[s] or self.cap[p.req_booth[r]][t] <= 0:
            return False
        buf = p.buffer
        return all(abs(t - u) > buf for u, _ in self.busy[s])

    def first_slot(self, r: int) -> int | None:
        for t in self.prep.req_slots[r]:
            if self.feasible(r, t):
                return t
        return None

    def place(self, r: int, t: int) -> None:
        p = self.prep
        s, b = p.req_seeker[r], p.req_booth[r]
        self.cap[b][t] -= 1
        self.busy[s].append((t, b))
        self.companies[s].add(p.req_company[r])
        self.chosen.append((r, t))

    def try_place(self, r: int) -> int | None:
        t = self.first_slot(r)
        if t is not None:
            self.place(r, t)
        return t

    def interviews(self) -> list[Interview]:
        p = self.prep
        out = list(p.fixed)
        for r, t in self.chosen:
            out.append(Interview(t, p.booths[p.req_booth[r]].id, p.seekers[p.req_seeker[r]].id))
        return sorted(out)


def fill(prep: Prepared, order: Iterable[int], base: Iterable[tuple[int, int]] = ()) -> Placement:
    """Place ``base`` (request, slot) pairs as given, then each request of ``order`` at its
    earliest feasible slot."""
    pl = Placement(prep)
    for r, t in base:
        if pl.feasible(r, t):
            pl.place(r, t)
    for r in order:
        pl.try_place(r)
    return pl


def result_from(
    prep: Prepared, interviews: list[Interview], method: str, status: str, t0: float, **kw
) -> Timetable:
    return Timetable(
        interviews=interviews,
        value=interviews_value(prep, interviews),
        method=method,
        status=status,
        seconds=time.perf_counter() - t0,
        seekers_with_interview=len({iv.seeker for iv in interviews}),
        warnings=list(prep.warnings),
        **kw,
    )


def first_come(problem: Problem) -> Timetable:
    """Baseline: seekers in registration order, each request (best rank first) at the
    earliest free slot."""
    t0 = time.perf_counter()
    prep = prepare(problem)
    order = [r for s in range(len(prep.seekers)) for r in prep.seeker_requests[s]]
    pl = fill(prep, order)
    return result_from(prep, pl.interviews(), "greedy", "선착순 배정", t0)
