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

from .i18n import gettext
from .prepare import Prepared, interviews_value, prepare
from .problem import Interview, Problem, Timetable


class _CopiedOnUse(dict):
    """``d[s]`` is ``make(s)`` the first time it is asked for: a placement on a large fair
    touches few seekers (a re-optimisation on the day), so their calendars are copied lazily."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, s):
        value = self[s] = self.make(s)
        return value


class Placement:
    """Residual capacity and seeker calendars while placing interviews one by one."""

    def __init__(self, prep: Prepared):
        self.prep = prep
        self.cap = [row[:] for row in prep.cap]
        fixed, company = prep.seeker_fixed, prep.booth_company
        self.busy: dict[int, list[tuple[int, int]]] = _CopiedOnUse(lambda s: list(fixed[s]))
        self.companies: dict[int, set[int]] = _CopiedOnUse(lambda s: {company[b] for _, b in fixed[s]})
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

    def unplace(self, r: int, t: int) -> None:
        p = self.prep
        s, b = p.req_seeker[r], p.req_booth[r]
        self.cap[b][t] += 1
        self.busy[s].remove((t, b))
        self.companies[s].discard(p.req_company[r])
        self.chosen.remove((r, t))

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


def registration_order(prep: Prepared) -> list[int]:
    """Requests as the first-come baseline takes them: seekers in registration order, best rank first."""
    return [r for s in range(len(prep.seekers)) for r in prep.seeker_requests[s]]


def first_come(problem: Problem) -> Timetable:
    """Baseline: seekers in registration order, each request (best rank first) at the
    earliest free slot."""
    t0 = time.perf_counter()
    prep = prepare(problem)
    pl = fill(prep, registration_order(prep))
    return result_from(prep, pl.interviews(), "greedy", gettext("선착순 배정"), t0)


def slot_matching(prep: Prepared, pairs: Iterable[int], base: Iterable[tuple[int, int]] = ()) -> Placement:
    """Put chosen requests into slots, one slot at a time, by a max-flow per slot.

    Slot after slot, the free seekers are matched to the booths' free interviewers with
    a min-cost max-flow whose weights favour urgent requests (seekers with many requests
    left and few slots to place them; booths with much demand left for their remaining
    capacity) and then value.  Scheduling a whole slot at once keeps booths busy where
    request-by-request greedy leaves holes; it is the starting point of the CP-SAT search."""
    import numpy as np
    from ortools.graph.python import min_cost_flow

    pl = Placement(prep)
    for r, t in base:
        if pl.feasible(r, t):
            pl.place(r, t)
    T = prep.num_slots
    remaining = {r for r in pairs if prep.req_company[r] not in pl.companies[prep.req_seeker[r]]}
    slot_sets = {r: set(prep.req_slots[r]) for r in remaining}
    for t in range(T):
        if not remaining:
            break
        cands = [r for r in remaining if t in slot_sets[r] and pl.feasible(r, t)]
        if not cands:
            continue
        left_by_seeker: dict[int, int] = {}
        left_by_booth: dict[int, int] = {}
        for r in remaining:
            left_by_seeker[prep.req_seeker[r]] = left_by_seeker.get(prep.req_seeker[r], 0) + 1
            left_by_booth[prep.req_booth[r]] = left_by_booth.get(prep.req_booth[r], 0) + 1
        seekers = sorted({prep.req_seeker[r] for r in cands})
        booths = sorted({prep.req_booth[r] for r in cands})
        s_node = {s: 2 + i for i, s in enumerate(seekers)}
        b_node = {b: 2 + len(seekers) + i for i, b in enumerate(booths)}
        tails, heads, caps, costs = [], [], [], []
        for s in seekers:
            tails.append(0)
            heads.append(s_node[s])
            caps.append(1)
            costs.append(0)
        arc0 = len(tails)
        for r in cands:
            s, b = prep.req_seeker[r], prep.req_booth[r]
            future_s = sum(1 for u in range(t, T) if prep.seeker_slots[s][u]) // (prep.buffer + 1) or 1
            future_b = sum(pl.cap[b][u] for u in range(t, T)) or 1
            urgency = left_by_seeker[s] / future_s + left_by_booth[b] / future_b
            tails.append(s_node[s])
            heads.append(b_node[b])
            caps.append(1)
            costs.append(-int(1000 * urgency + prep.req_value[r]))
        for b in booths:
            tails.append(b_node[b])
            heads.append(1)
            caps.append(pl.cap[b][t])
            costs.append(0)
        mcf = min_cost_flow.SimpleMinCostFlow()
        mcf.add_arcs_with_capacity_and_unit_cost(
            np.asarray(tails, dtype=np.int32),
            np.asarray(heads, dtype=np.int32),
            np.asarray(caps, dtype=np.int64),
            np.asarray(costs, dtype=np.int64),
        )
        mcf.set_node_supply(0, len(seekers))
        mcf.set_node_supply(1, -len(seekers))
        if mcf.solve_max_flow_with_min_cost() != mcf.OPTIMAL:  # pragma: no cover
            continue
        flows = mcf.flows(np.arange(arc0, arc0 + len(cands), dtype=np.int64))
        for r, fl in zip(cands, flows, strict=True):
            if fl > 0 and pl.feasible(r, t):
                pl.place(r, t)
                remaining.discard(r)
                # another request of the same seeker with the same company is now void
        remaining = {r for r in remaining if prep.req_company[r] not in pl.companies[prep.req_seeker[r]]}
    return pl


def repair_fairness(prep: Prepared, pl: Placement, seekers: Iterable[int]) -> Placement:
    """Give each listed seeker without an interview one, if need be by bumping an interview
    of a seeker who keeps at least one other (so nobody served becomes unserved)."""
    count: dict[int, int] = {}
    for r, _t in pl.chosen:
        count[prep.req_seeker[r]] = count.get(prep.req_seeker[r], 0) + 1
    for s in prep.served_by_fixed():
        count[s] = count.get(s, 0) + 1
    for s in seekers:
        if count.get(s):
            continue
        reqs = prep.seeker_requests[s]
        placed = False
        for r in reqs:
            if pl.try_place(r) is not None:
                placed = True
                break
        if not placed:
            for r in reqs:
                b = prep.req_booth[r]
                for t in prep.req_slots[r]:
                    if not all(abs(t - u) > prep.buffer for u, _ in pl.busy[s]):
                        continue
                    victims = [
                        (r2, t2)
                        for r2, t2 in pl.chosen
                        if t2 == t and prep.req_booth[r2] == b and count.get(prep.req_seeker[r2], 0) >= 2
                    ]
                    if victims:
                        r2, t2 = victims[0]
                        pl.unplace(r2, t2)
                        count[prep.req_seeker[r2]] -= 1
                        pl.place(r, t)
                        placed = True
                        break
                if placed:
                    break
        if not placed:
            placed = _relocate_for(prep, pl, s)
        if placed:
            count[s] = 1
    return pl


def _relocate_for(prep: Prepared, pl: Placement, s: int) -> bool:
    """Make room for seeker ``s`` by moving one occupant of a wanted (booth, slot) to
    another slot or another of its requests."""
    for r in prep.seeker_requests[s]:
        b = prep.req_booth[r]
        for t in prep.req_slots[r]:
            if not all(abs(t - u) > prep.buffer for u, _ in pl.busy[s]):
                continue
            for r2, t2 in [x for x in pl.chosen if x[1] == t and prep.req_booth[x[0]] == b]:
                pl.unplace(r2, t2)
                s2 = prep.req_seeker[r2]
                if not pl.feasible(r, t):
                    pl.place(r2, t2)
                    continue
                pl.place(r, t)
                moved = False
                for r3 in prep.seeker_requests[s2]:
                    for t3 in prep.req_slots[r3]:
                        if (r3, t3) != (r2, t2) and pl.feasible(r3, t3):
                            pl.place(r3, t3)
                            moved = True
                            break
                    if moved:
                        break
                if moved:
                    return True
                pl.unplace(r, t)
                pl.place(r2, t2)
    return False
