"""Rankings: candidate generation + exact scoring, brute force, capacity-aware re-ranking, online index.

Candidate generation ("blocking"): a vacancy can only score well for a seeker whose occupations share
its KECO 소분류 (3 digits), and — when a commute filter is on — only if it lies within the largest
feasible straight-line radius. Vacancies are bucketed by (소분류, grid cell); a seeker is scored
exactly against the buckets of each of its 소분류 in the 3×3 neighbouring cells. Seekers with fewer
than ``widen_below`` feasible candidates are widened to their 중분류 (2 digits). Seekers without any
occupation code are scored against everything. Recall against ``exact_topk`` is measured in the bench.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from .fastscore import block_scores
from .model import SeekerTable, VacancyTable
from .scoring import Filters, ScoringConfig, great_circle_km

MAX_BLOCK = 2_000_000  # pairs per scored block (memory: ~30 float32 arrays of this size)


@dataclass
class TopK:
    """Row-aligned rankings: ``idx[r, k]`` is a row of the other table (-1 = none), ``score`` likewise."""

    idx: np.ndarray  # int32 [R, K]
    score: np.ndarray  # float32 [R, K], -inf where none

    @classmethod
    def empty(cls, rows: int, k: int) -> TopK:
        return cls(np.full((rows, k), -1, np.int32), np.full((rows, k), -np.inf, np.float32))


def _topk_rows(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Top-k columns of every row of a dense block, best first (ties → lower column)."""
    n = scores.shape[1]
    k2 = min(k, n)
    if k2 == 0:
        return np.zeros((scores.shape[0], 0), np.int64), np.zeros((scores.shape[0], 0), np.float32)
    if k2 < n:
        part = np.argpartition(-scores, k2 - 1, axis=1)[:, :k2]
    else:
        part = np.broadcast_to(np.arange(n), scores.shape).copy()
    ps = np.take_along_axis(scores, part, axis=1)
    order = np.lexsort((part, -ps), axis=1)
    part = np.take_along_axis(part, order, axis=1)
    return part, np.take_along_axis(ps, order, axis=1)


def _merge(rows: np.ndarray, cols: np.ndarray, scores: np.ndarray, n_rows: int, k: int) -> TopK:
    """Merge (row, col, score) triples into a per-row top-k (duplicates keep the max; ties → lower col)."""
    out = TopK.empty(n_rows, k)
    ok = np.isfinite(scores)
    rows, cols, scores = rows[ok], cols[ok], scores[ok]
    if rows.size == 0:
        return out
    order = np.lexsort((cols, -scores, rows))
    rows, cols, scores = rows[order], cols[order], scores[order]
    # drop duplicate (row, col) pairs, keeping the first (= highest score)
    key = rows.astype(np.int64) * (1 << 31) + cols
    _, first = np.unique(key, return_index=True)
    keep = np.zeros(rows.size, bool)
    keep[first] = True
    rows, cols, scores = rows[keep], cols[keep], scores[keep]
    order = np.lexsort((cols, -scores, rows))
    rows, cols, scores = rows[order], cols[order], scores[order]
    start = np.searchsorted(rows, rows, side="left")
    rank = np.arange(rows.size) - start
    sel = rank < k
    out.idx[rows[sel], rank[sel]] = cols[sel]
    out.score[rows[sel], rank[sel]] = scores[sel]
    return out


def _score_rows_against(
    s: SeekerTable,
    si: np.ndarray,
    v: VacancyTable,
    vi: np.ndarray,
    k: int,
    cfg: ScoringConfig,
    filters: Filters,
):
    """Exact scores of seekers si against vacancies vi in memory-bounded chunks → triples."""
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    scs: list[np.ndarray] = []
    if len(si) == 0 or len(vi) == 0:
        return rows, cols, scs
    step_s = max(1, MAX_BLOCK // max(1, len(vi)))
    for a in range(0, len(si), step_s):
        ss = si[a : a + step_s]
        if len(vi) <= MAX_BLOCK:
            sc = block_scores(s, ss, v, vi, cfg, filters)
            top, tsc = _topk_rows(sc, k)
            rows.append(np.repeat(ss, top.shape[1]))
            cols.append(vi[top].ravel())
            scs.append(tsc.ravel())
        else:  # huge candidate list (seeker without codes): stream the vacancies
            for b in range(0, len(vi), MAX_BLOCK):
                vv = vi[b : b + MAX_BLOCK]
                sc = block_scores(s, ss, v, vv, cfg, filters)
                top, tsc = _topk_rows(sc, k)
                rows.append(np.repeat(ss, top.shape[1]))
                cols.append(vv[top].ravel())
                scs.append(tsc.ravel())
    return rows, cols, scs


def _near(
    s: SeekerTable, members: np.ndarray, v: VacancyTable, vi: np.ndarray, cfg: EngineConfig
) -> np.ndarray:
    """Drop vacancies farther than the group's commute radius from the members' bounding box.

    Exact (never drops a feasible pair): the distance from a point to the box is a lower bound of its
    distance to every member. Vacancies or seekers without coordinates are kept.
    """
    if len(vi) == 0:
        return vi
    mc = s.max_commute[members]
    lim = float(np.max(np.where(mc > 0, mc, cfg.scoring.default_max_commute)))
    r = cfg.filters.commute_radius_km(cfg.scoring, lim)
    if r is None:
        return vi
    la, lo = s.lat[members], s.lon[members]
    if np.isnan(la).any() or np.isnan(lo).any():
        return vi
    vla, vlo = v.lat[vi], v.lon[vi]
    cla = np.clip(vla, la.min(), la.max())
    clo = np.clip(vlo, lo.min(), lo.max())
    d = great_circle_km(cla, clo, vla, vlo)
    keep = np.isnan(d) | (d <= r + 0.01)
    return vi[keep]


def exact_topk(
    s: SeekerTable,
    v: VacancyTable,
    k: int,
    cfg: ScoringConfig | None = None,
    filters: Filters | None = None,
    seeker_rows: np.ndarray | None = None,
) -> TopK:
    """Brute force: every seeker (or ``seeker_rows``) against every vacancy. The reference ranking."""
    cfg = cfg or ScoringConfig()
    filters = filters or Filters()
    si = np.arange(len(s)) if seeker_rows is None else np.asarray(seeker_rows)
    rows, cols, scs = _score_rows_against(s, si, v, np.arange(len(v)), k, cfg, filters)
    if not rows:
        return TopK.empty(len(s), k)
    return _merge(np.concatenate(rows), np.concatenate(cols), np.concatenate(scs), len(s), k)


# --- blocking index -----------------------------------------------------------------------------


def _cell(lat: np.ndarray, lon: np.ndarray, size_deg: float) -> tuple[np.ndarray, np.ndarray]:
    ok = ~(np.isnan(lat) | np.isnan(lon))
    cy = np.where(ok, np.floor(np.nan_to_num(lat) / size_deg), -99999).astype(np.int64)
    cx = np.where(ok, np.floor(np.nan_to_num(lon) / size_deg), -99999).astype(np.int64)
    return cy, cx


@dataclass
class VacancyBlocks:
    """Vacancy rows bucketed by 소분류 (and 중분류) × grid cell; missing coordinates in cell (-99999, -99999)."""

    cell_deg: float | None
    by3: dict = field(default_factory=dict)  # (code3, cy, cx) → rows
    by2: dict = field(default_factory=dict)  # (code2, cy, cx) → rows
    by0: dict = field(default_factory=dict)  # (0, cy, cx) → rows (every occupation)
    cells3: dict = field(default_factory=dict)  # code3 → set of cells
    cells2: dict = field(default_factory=dict)
    cells0: dict = field(default_factory=dict)

    @classmethod
    def build(cls, v: VacancyTable, cell_deg: float | None, alive: np.ndarray | None = None) -> VacancyBlocks:
        b = cls(cell_deg)
        rows = np.arange(len(v)) if alive is None else np.flatnonzero(alive)
        if cell_deg:
            cy, cx = _cell(v.lat[rows], v.lon[rows], cell_deg)
        else:
            cy = cx = np.zeros(len(rows), np.int64)
        code = v.code[rows].astype(np.int64)
        for level, store, cells in ((10, b.by3, b.cells3), (100, b.by2, b.cells2), (0, b.by0, b.cells0)):
            key = np.where(code >= 0, code // level, -1) if level else np.zeros_like(code)
            order = np.lexsort((rows, cx, cy, key))
            k_s, y_s, x_s, r_s = key[order], cy[order], cx[order], rows[order]
            if len(r_s) == 0:
                continue
            brk = np.flatnonzero((np.diff(k_s) != 0) | (np.diff(y_s) != 0) | (np.diff(x_s) != 0)) + 1
            for part in np.split(np.arange(len(r_s)), brk):
                kk = (int(k_s[part[0]]), int(y_s[part[0]]), int(x_s[part[0]]))
                store[kk] = r_s[part].astype(np.int64)
                cells.setdefault(kk[0], set()).add(kk[1:])
        return b

    def rows(self, key: int, cy: int, cx: int, level: int, radius_cells: int | None) -> np.ndarray:
        store, cells = {3: (self.by3, self.cells3), 2: (self.by2, self.cells2), 0: (self.by0, self.cells0)}[
            level
        ]
        have = cells.get(key)
        if not have:
            return np.zeros(0, np.int64)
        if radius_cells is None or cy == -99999 or not self.cell_deg:
            parts = [store[(key, *c)] for c in sorted(have)]
        else:
            parts = [
                store[(key, y, x)]
                for y in range(cy - radius_cells, cy + radius_cells + 1)
                for x in range(cx - radius_cells, cx + radius_cells + 1)
                if (y, x) in have
            ]
            if (-99999, -99999) in have:
                parts.append(store[(key, -99999, -99999)])
        return np.concatenate(parts) if parts else np.zeros(0, np.int64)


@dataclass
class EngineConfig:
    k: int = 20
    cell_deg: float = 0.5  # grid cell for geographic blocking (≈ 55 km north-south)
    widen_below: int = 10  # online: widen to 중분류 when fewer candidates than this
    exact_k: int = 10  # the top-N the blocked ranking guarantees equal to brute force (ties aside)
    scoring: ScoringConfig = field(default_factory=ScoringConfig)
    filters: Filters = field(default_factory=Filters)

    def radius_cells(self, s: SeekerTable) -> int | None:
        mx = (
            float(np.max(np.where(s.max_commute > 0, s.max_commute, self.scoring.default_max_commute)))
            if len(s)
            else 60.0
        )
        r = self.filters.commute_radius_km(self.scoring, mx)
        if r is None or not self.cell_deg:
            return None
        # longitude cells are narrower than latitude cells: use the worst case at 38.5°N
        km_per_cell = 111.0 * self.cell_deg * math.cos(math.radians(38.5))
        return max(1, math.ceil(r / km_per_cell))


def candidate_topk(
    s: SeekerTable,
    v: VacancyTable,
    cfg: EngineConfig | None = None,
    seeker_rows: np.ndarray | None = None,
    blocks: VacancyBlocks | None = None,
) -> TopK:
    """Top-k vacancies for seekers via blocking + exact scoring of the candidates."""
    cfg = cfg or EngineConfig()
    k = cfg.k
    si_all = np.arange(len(s)) if seeker_rows is None else np.asarray(seeker_rows, dtype=np.int64)
    rc = cfg.radius_cells(s)
    if blocks is None:
        blocks = VacancyBlocks.build(v, cfg.cell_deg if rc is not None else None)
    if rc is None:
        cy = cx = np.zeros(len(si_all), np.int64)
    else:
        cy, cx = _cell(s.lat[si_all], s.lon[si_all], cfg.cell_deg)
    rows, cols, scs = [], [], []
    # group (seeker, 소분류) by (소분류, cell)
    groups: dict[tuple, list[int]] = defaultdict(list)
    no_code = []
    for pos, r in enumerate(si_all):
        c3 = {int(c) // 10 for c in s.codes[r] if c >= 0}
        if not c3:
            no_code.append(r)
        for c in c3:
            groups[(c, int(cy[pos]), int(cx[pos]))].append(r)
    for (c3, y, x), members in groups.items():
        vi = blocks.rows(c3, y, x, 3, rc)
        unknown = blocks.rows(-1, y, x, 3, rc)  # vacancies without an occupation code
        if len(unknown):
            vi = np.concatenate([vi, unknown])
        mem = np.asarray(members)
        vi = _near(s, mem, v, vi, cfg)
        if len(vi):
            a, b, c = _score_rows_against(s, mem, v, vi, k, cfg.scoring, cfg.filters)
            rows += a
            cols += b
            scs += c
    first = _merge(
        np.concatenate(rows) if rows else np.zeros(0, np.int64),
        np.concatenate(cols) if cols else np.zeros(0, np.int64),
        np.concatenate(scs) if scs else np.zeros(0, np.float32),
        len(s),
        k,
    )
    # widen to the 중분류 where a vacancy outside the scanned 소분류 could still enter the top-``exact_k``:
    # its occupation credit is at most occ_same2 × (best code strength), so its score is bounded.
    sc_cfg = cfg.scoring
    w_occ = float(sc_cfg.wvec()[0])
    best_w = s.code_w[si_all].max(axis=1)
    bound = (
        100.0 * (1.0 - w_occ * (1.0 - sc_cfg.occ_same2) * best_w)
        if w_occ > 0
        else np.full(len(si_all), 100.0)
    )
    kk = min(cfg.exact_k, k) - 1
    kth = first.score[si_all, kk]
    thin = si_all[(~(kth >= bound)) & (s.codes[si_all] >= 0).any(axis=1)]
    # without the related-occupation filter any field can enter: widen to every occupation instead
    level = 2 if cfg.filters.related_occupation else 0
    if level == 0:
        bound = 100.0 * (1.0 - w_occ * best_w) if w_occ > 0 else np.full(len(si_all), 100.0)
        thin = si_all[(~(kth >= bound)) & (s.codes[si_all] >= 0).any(axis=1)]
    g2: dict[tuple, list[int]] = defaultdict(list)
    pos_of = {int(r): p for p, r in enumerate(si_all)}
    for r in thin:
        p = pos_of[int(r)]
        keys = {int(c) // 100 for c in s.codes[r] if c >= 0} if level == 2 else {0}
        for c in keys:
            g2[(c, int(cy[p]), int(cx[p]))].append(int(r))
    rows2, cols2, scs2 = [], [], []
    for (c2, y, x), members in g2.items():
        mem = np.asarray(members)
        vi = _near(s, mem, v, blocks.rows(c2, y, x, level, rc), cfg)
        if len(vi):
            a, b, c = _score_rows_against(s, mem, v, vi, k, cfg.scoring, cfg.filters)
            rows2 += a
            cols2 += b
            scs2 += c
    if no_code:
        a, b, c = _score_rows_against(
            s, np.asarray(no_code), v, np.arange(len(v)), k, cfg.scoring, cfg.filters
        )
        rows2 += a
        cols2 += b
        scs2 += c
    if not rows2:
        return first
    r_all = np.concatenate([np.repeat(np.arange(len(s)), k), *rows2])
    c_all = np.concatenate([first.idx.ravel().astype(np.int64), *cols2])
    s_all = np.concatenate([first.score.ravel(), *scs2])
    valid = c_all >= 0
    return _merge(r_all[valid], c_all[valid], s_all[valid], len(s), k)
