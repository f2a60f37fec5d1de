"""Network-flow helpers (OR-Tools min-cost flow), exact and fast even for 10,000 seekers.

* :func:`fairness_flow` — the largest number of seekers who can each get (at least) one
  interview, and one such assignment of highest value.  Giving every seeker one interview
  is a b-matching of seekers to (booth, slot) pairs with the booths' residual capacities,
  so a max flow decides exactly how many can be served; the CP-SAT model then requires
  that many, which is the "everybody gets an interview when feasible" rule.
* :func:`relaxation_bound` — a proven upper bound on the value of new interviews: drop
  the time dimension (booth capacity summed over its slots, a seeker limited to the number
  of interviews that fit their slots with walking buffers, one per company) and solve the
  resulting transportation problem exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from .prepare import Prepared


def fairness_flow(prep: Prepared) -> tuple[int, list[tuple[int, int]]]:
    """Return (number of seekers servable, [(request, slot)] one interview for each)."""
    cands = prep.candidate_seekers()
    if not cands:
        return 0, []
    T = prep.num_slots
    SRC, SNK = 0, 1
    seeker_node = {s: 2 + i for i, s in enumerate(cands)}
    bt_base = 2 + len(cands)
    tails, heads, caps, costs = [], [], [], []
    for node in seeker_node.values():
        tails.append(SRC)
        heads.append(node)
        caps.append(1)
        costs.append(0)
    arc_req: list[tuple[int, int]] = []
    first_req_arc = len(tails)
    for s in cands:
        for r in prep.seeker_requests[s]:
            b = prep.req_booth[r]
            for t in prep.req_slots[r]:
                tails.append(seeker_node[s])
                heads.append(bt_base + b * T + t)
                caps.append(1)
                costs.append(-prep.req_value[r])
                arc_req.append((r, t))
    used_bt = sorted(set(heads[first_req_arc:]))
    for node in used_bt:
        b, t = divmod(node - bt_base, T)
        tails.append(node)
        heads.append(SNK)
        caps.append(prep.cap[b][t])
        costs.append(0)
    mcf = min_cost_flow.SimpleMinCostFlow()
    mcf.add_arcs_with_capacity_and_unit_cost(
        np.asarray(tails, dtype=np.int32),
        np.asarray(heads, dtype=np.int32),
        np.asarray(caps, dtype=np.int64),
        np.asarray(costs, dtype=np.int64),
    )
    mcf.set_node_supply(SRC, len(cands))
    mcf.set_node_supply(SNK, -len(cands))
    status = mcf.solve_max_flow_with_min_cost()
    if status != mcf.OPTIMAL:  # pragma: no cover - the network is always well formed
        raise RuntimeError(f"min cost flow failed: {status}")
    flows = mcf.flows(np.arange(first_req_arc, first_req_arc + len(arc_req), dtype=np.int32))
    chosen = [arc_req[i] for i in np.nonzero(flows)[0]]
    return len(chosen), chosen


def seeker_max_interviews(prep: Prepared, s: int) -> int:
    """How many new interviews seeker ``s`` can attend at most (slots spaced by the buffer,
    at most one per company)."""
    slots = sorted({t for r in prep.seeker_requests[s] for t in prep.req_slots[r]})
    count, last = 0, None
    for t in slots:  # earliest-first packing is optimal for points on a line
        if last is None or t - last > prep.buffer:
            count, last = count + 1, t
    companies = {prep.req_company[r] for r in prep.seeker_requests[s] if prep.req_slots[r]}
    return min(count, len(companies))


@dataclass
class _RelaxNet:
    """The time-relaxed network, built once and solved for several bonuses."""

    tails: np.ndarray
    heads: np.ndarray
    caps: np.ndarray
    costs: np.ndarray
    bonus_arcs: np.ndarray  # arcs whose cost is −bonus (a candidate seeker's first interview)
    req_arcs: np.ndarray  # arc index of each request arc
    req_ids: list[int]  # ... and its request
    supply: int
    cands: set[int]


def _relax_net(prep: Prepared, fair: bool) -> _RelaxNet:
    ns = len(prep.seekers)
    nb = len(prep.booths)
    SRC, SNK = 0, 1
    seeker_base = 2
    booth_base = seeker_base + ns
    sc_base = booth_base + nb
    cands = set(prep.candidate_seekers()) if fair else set()
    tails: list[int] = []
    heads: list[int] = []
    caps: list[int] = []
    costs: list[int] = []
    bonus_arcs: list[int] = []
    supply = 0
    sc_node: dict[tuple[int, int], int] = {}
    req_arcs: list[int] = []
    req_ids: list[int] = []
    for s in range(ns):
        if not any(prep.req_slots[r] for r in prep.seeker_requests[s]):
            continue
        k = seeker_max_interviews(prep, s)
        if k == 0:
            continue
        supply += k
        if s in cands:
            bonus_arcs.append(len(tails))
            tails += [SRC, SRC]
            heads += [seeker_base + s, seeker_base + s]
            caps += [1, k - 1]
            costs += [0, 0]
        else:
            tails.append(SRC)
            heads.append(seeker_base + s)
            caps.append(k)
            costs.append(0)
        for r in prep.seeker_requests[s]:
            if not prep.req_slots[r]:
                continue
            key = (s, prep.req_company[r])
            if key not in sc_node:
                sc_node[key] = sc_base + len(sc_node)
                tails.append(seeker_base + s)
                heads.append(sc_node[key])
                caps.append(1)
                costs.append(0)
            req_arcs.append(len(tails))
            req_ids.append(r)
            tails.append(sc_node[key])
            heads.append(booth_base + prep.req_booth[r])
            caps.append(1)
            costs.append(-prep.req_value[r])
    window_slots = {t for slots in prep.req_slots for t in slots}
    for b in range(nb):
        tails.append(booth_base + b)
        heads.append(SNK)
        caps.append(sum(prep.cap[b][t] for t in window_slots))
        costs.append(0)
    tails.append(SRC)  # bypass: not every unit of supply has to become an interview
    heads.append(SNK)
    caps.append(supply)
    costs.append(0)
    return _RelaxNet(
        np.asarray(tails, dtype=np.int32),
        np.asarray(heads, dtype=np.int32),
        np.asarray(caps, dtype=np.int64),
        np.asarray(costs, dtype=np.int64),
        np.asarray(bonus_arcs, dtype=np.int64),
        np.asarray(req_arcs, dtype=np.int64),
        req_ids,
        supply,
        cands,
    )


def _relax_solve(prep: Prepared, net: _RelaxNet, bonus: int) -> tuple[int, int, list[int]]:
    if net.supply == 0:
        return 0, 0, []
    costs = net.costs
    if len(net.bonus_arcs):
        costs = costs.copy()
        costs[net.bonus_arcs] = -bonus
    mcf = min_cost_flow.SimpleMinCostFlow()
    mcf.add_arcs_with_capacity_and_unit_cost(net.tails, net.heads, net.caps, costs)
    mcf.set_node_supply(0, net.supply)
    mcf.set_node_supply(1, -net.supply)
    status = mcf.solve()
    if status != mcf.OPTIMAL:  # pragma: no cover
        raise RuntimeError(f"min cost flow failed: {status}")
    flows = mcf.flows(net.req_arcs)
    chosen = [net.req_ids[i] for i in np.flatnonzero(flows)]
    value = sum(prep.req_value[r] for r in chosen)
    served = len({prep.req_seeker[r] for r in chosen} & net.cands)
    return value, served, chosen


def relaxation(prep: Prepared, fair: bool = False, bonus: int | None = None) -> tuple[int, int, list[int]]:
    """Solve the time-relaxed problem exactly.

    Returns (value of new interviews, candidate seekers served, chosen requests).  With
    ``fair`` the first interview of every candidate seeker earns ``bonus`` (default: more
    than all values together, so the flow first serves as many seekers as it can).
    """
    if bonus is None:
        bonus = 1 + sum(prep.req_value) if fair else 0
    return _relax_solve(prep, _relax_net(prep, fair), bonus)


def fair_relaxation(prep: Prepared, need: int, iterations: int = 18) -> tuple[int, list[int]]:
    """Upper bound on the value of new interviews when at least ``need`` candidate seekers
    must be served, and the relaxed pairs that reach it.

    Lagrangian relaxation of "served ≥ need": for every bonus λ ≥ 0,
    max(value + λ·(served − need)) over the time-relaxed problem bounds every fair
    timetable.  The function is convex in λ; bisection on its slope (served − need)
    finds a near-minimal bound."""
    net = _relax_net(prep, fair=True)  # built once: only the bonus changes (0: no fairness)
    value, served, pairs = _relax_solve(prep, net, 0)
    best, best_pairs = value, pairs
    if need <= 0 or served >= need:
        return best, best_pairs
    lo, hi = 0, 1 + sum(prep.req_value)
    for _ in range(iterations):
        if hi - lo <= 1:
            break
        lam = (lo + hi) // 2
        value, served, pairs = _relax_solve(prep, net, lam)
        bound = value + lam * (served - need)
        if bound < best or (served >= need and best_pairs is None):
            best = bound
        if served >= need:
            best_pairs = pairs
            hi = lam
        else:
            lo = lam
    value, served, pairs = _relax_solve(prep, net, hi)
    best = min(best, value + hi * (served - need))
    if served >= need:
        best_pairs = pairs
    return best, best_pairs


def relaxation_bound(prep: Prepared, need: int = 0) -> int:
    """Proven upper bound on the total value of *new* interviews (add ``prep.fixed_value``)
    when at least ``need`` candidate seekers must be served."""
    return fair_relaxation(prep, need)[0]
