"""Blocked ranking for the nightly batch: score only the pairs that can be exact fits, widen when short.

The constrained ranking (``jobmatch.recommend``) sorts pairs by ``score - 1000 × cost`` where
``cost`` counts the relaxed stated needs (visa 10). Scoring every seeker against every vacancy is
exact but costs ≈ 1 M × 100 k pairs a night. Two constraints make most pairs impossible fits:

* **commute** — a vacancy beyond the seeker's limit, even by the fastest mode (the employer's
  commuter bus); a spatial box over the vacancies sorted by latitude finds those within reach;
* **occupation** — neither a related code (same 2-digit 중분류), nor a shared shop-floor skill, nor
  similar duty text, nor a close title (the same test as ``Recommender._violations``).

``Blocker.rank`` evaluates those two tests cheaply (a 3-dim and a 64-dim product per pair, the
commute as a dot-product threshold: ``jobmatch.reach``) over the box, then scores exactly (``Recommender._block``) only the pairs that pass for some seeker of a small
group of seekers who share place and occupation groups. Every exact fit is scored, so a seeker with at
least ``wide`` exact fits gets exactly the exhaustive top-``wide``: any skipped pair relaxes at least
one need and its key is ≤ 100 − 1000. A seeker with fewer is **widened**: scored against every
vacancy within reach *or* of a related occupation (a skipped pair then relaxes both: key ≤ 100 − 2000),
and, if still short of pairs relaxing at most one need, against every vacancy. So each seeker's
top-``wide`` equals exhaustive scoring (ties by vacancy row, as ``Recommender.top_keys``).

A widened seeker's candidates are its own: every vacancy whose relax cost is at most its ``wide``-th
smallest (exact costs from the cheap tests, ``_tier``), and a widened seeker's whole top-``wide`` —
relaxed places included — is exhaustive scoring's.

Every group scores only each seeker's own pairs (those passing both tests, or a widened seeker's
candidates), pair by pair (``jobmatch.sides``: the same values as the block), about a fifth of the
block the group spans; each seeker's places and each vacancy's merge come from sorting them.

Each vacancy's best ``kv`` seekers are merged from the scored pairs only: exact (as exhaustive) for a
vacancy with at least ``kv`` exact-fit seekers; otherwise its relaxed fill comes from the pairs scored
for those seekers (the 공고 page's online ranking scores every seeker).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .reach import Reach
from .recommend import COMMUTE_MARGIN_MIN, RELAX_COST
from .sides import Sides

MAX_SCORE = 100.0 + 1e-3  # the weights are normalised to 100 points and every feature is in [0, 1]
KM_PER_DEG_LAT = 110.5  # the shortest degree of latitude (equator); conservative for the box


@dataclass
class BlockStats:
    seekers: int = 0
    pairs_scored: int = 0
    pairs_tested: int = 0
    widened: int = 0
    exhaustive: int = 0
    groups: int = 0
    seconds_load: float = 0.0  # filled by the caller (reading and pooling the chunk)
    seconds_rank: float = 0.0

    def add(self, other: BlockStats) -> None:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class Blocked:
    """Per seeker row: best ``wide`` vacancy rows and keys; per vacancy: best ``kv`` seeker rows."""

    s_idx: np.ndarray
    s_key: np.ndarray
    v_idx: np.ndarray
    v_key: np.ndarray
    stats: BlockStats = field(default_factory=BlockStats)
    v_floor: np.ndarray | None = None  # per vacancy: keys below it never enter (the caller's lists)


class Blocker:
    """Candidate generation by place and occupation over one vacancy pool (built once, shared)."""

    def __init__(self, rec, V, group: int = 64, cell_km: float = 10.0, exhaustive: bool = False):
        self.rec, self.V, self.group, self.cell_km = rec, V, group, cell_km
        self.exhaustive = exhaustive  # score every pair (small worlds; the reference in tests)
        vt = V.table
        self.m = len(V.items)
        lat = vt.lat.astype(np.float64)
        lon = vt.lon.astype(np.float64)
        known = ~(np.isnan(lat) | np.isnan(lon))
        self.anywhere = np.flatnonzero(~known)  # no workplace coordinates: within everyone's reach
        rows = np.flatnonzero(known)
        order = np.argsort(lat[rows], kind="stable")
        self.by_lat = rows[order]
        self.lat_sorted = lat[self.by_lat]
        self.lon = lon
        cfg = rec.cfg.scoring
        self.fastest_kmh = max(cfg.speed_kmh, cfg.bus_speed_kmh) / cfg.road_factor
        self.min_fixed = min(cfg.fixed_min, cfg.bus_fixed_min)
        self.v_known = (vt.code >= 0) | (V.skills > 0)
        self.text_q = text_q(rec.cfg.text_related)
        self.reach = Reach(vt.lat, vt.lon, vt.bus, vt.bus_km, cfg, COMMUTE_MARGIN_MIN)
        self._wishes: dict[tuple[str, int], np.ndarray] = {}  # cost vectors per stated wish (``_wish``)
        self._lic: np.ndarray | None = None  # vacancies that require a licence
        self._groups: dict[int, np.ndarray] = {}  # vacancies per 중분류 (``_group``)

    # -- the two cheap tests ----------------------------------------------------------------------
    def reach_km(self, smax: np.ndarray) -> np.ndarray:
        return np.maximum(0.0, (smax - self.min_fixed) / 60.0 * self.fastest_kmh) * 1.01 + 0.5

    def _smax(self, S, si) -> np.ndarray:
        mc = S.table.max_commute[si].astype(np.float64)
        return np.where(mc > 0, mc, self.rec.cfg.scoring.default_max_commute)

    def feasible(self, S, si: np.ndarray, vi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(commute ok, occupation ok) for si × vi: the same tests as ``Recommender._violations``."""
        st = S.table
        return self.reach.ok(st.lat[si], st.lon[si], self._smax(S, si), vi), self.occupation_ok(S, si, vi)

    def occupation_ok(self, S, si: np.ndarray, vi: np.ndarray) -> np.ndarray:
        st, cfg = S.table, self.rec.cfg
        occ_ok = self._text_ok(S, si, vi)
        # related (the vacancy's 중분류 among the seeker's) and a shared skill, row by row from vectors
        # over ``vi`` kept per 중분류 for this call; a seeker or vacancy with no occupation: no test
        in_group: dict[int, np.ndarray] = {}
        v_skills = self.V.skills[vi]
        s_known = (st.codes[si] >= 0).any(axis=1) | (S.skills[si] > 0)
        for r, i in enumerate(si.tolist()):
            row = occ_ok[r]
            if not s_known[r]:
                row[:] = True
                continue
            for g in {int(c) // 100 for c in st.codes[i] if c >= 0}:
                mask = in_group.get(g)
                if mask is None:
                    mask = in_group[g] = self._group(g)[vi]
                row |= mask
            if S.skills[i]:
                row |= (v_skills & S.skills[i]) > 0
        occ_ok[:, ~self.v_known[vi]] = True
        if getattr(cfg, "title_related", None) is not None and getattr(self.V, "titles", None) is not None:
            rest = ~occ_ok.all(axis=0)  # title affinity only where it can still decide
            if rest.any():
                cols = np.flatnonzero(rest)
                title = self.rec._title_affinity(S, si, self.V, vi[cols])
                occ_ok[:, cols] |= title >= cfg.title_related
        return occ_ok

    def _group(self, g: int) -> np.ndarray:
        """Vacancies of the 중분류 ``g`` (kept)."""
        got = self._groups.get(g)
        if got is None:
            code = self.V.table.code
            got = self._groups[g] = (code >= 0) & (code // 100 == g)
        return got

    def _text_ok(self, S, si: np.ndarray, vi: np.ndarray) -> np.ndarray:
        """``text >= text_related`` for the ranking's quantised text (``round(clip(x) × 1e4) / 1e4`` in
        float32) as one comparison of ``x × 1e4``: the quantised value reaches the threshold exactly
        when the rounded integer reaches ``self.text_q`` (rounding half to even)."""
        return text_reaches(S.table.text[si] @ self.V.table.text[vi].T, self.text_q)

    def box(self, S, si: np.ndarray) -> np.ndarray:
        """Vacancy rows within the reach of any seeker of ``si`` (a latitude/longitude box)."""
        st = S.table
        lat = st.lat[si].astype(np.float64)
        lon = st.lon[si].astype(np.float64)
        if np.isnan(lat).any() or np.isnan(lon).any():
            return np.arange(self.m)
        r = float(self.reach_km(self._smax(S, si)).max())
        dlat = r / KM_PER_DEG_LAT
        lo, hi = lat.min() - dlat, lat.max() + dlat
        a, b = np.searchsorted(self.lat_sorted, [lo, hi + 1e-12])
        rows = self.by_lat[a:b]
        coslat = math.cos(math.radians(min(89.0, max(abs(lo), abs(hi)))))
        dlon = r / (111.32 * max(coslat, 1e-3))
        vlon = self.lon[rows]
        rows = rows[(vlon >= lon.min() - dlon) & (vlon <= lon.max() + dlon)]
        if self.anywhere.size:
            rows = np.concatenate([rows, self.anywhere])
        return np.sort(rows)

    # -- ranking ----------------------------------------------------------------------------------
    def order(self, S) -> np.ndarray:
        """Seeker rows sorted so that neighbours in the list share place and occupation groups."""
        st = S.table
        lat = np.nan_to_num(st.lat.astype(np.float64), nan=0.0)
        lon = np.nan_to_num(st.lon.astype(np.float64), nan=0.0)
        cy = np.floor(lat * KM_PER_DEG_LAT / self.cell_km).astype(np.int64)
        cx = np.floor(lon * 88.0 / self.cell_km).astype(np.int64)
        n = len(S.items)
        g2 = np.where(st.codes >= 0, st.codes // 100, 99).min(axis=1) if st.codes.shape[1] else np.zeros(n)
        return np.lexsort(np.stack([np.arange(n), g2, cx, cy]))

    def rank(
        self,
        S,
        wide: int,
        kv: int,
        rows: np.ndarray | None = None,
        exact: int | None = None,
        v_floor: np.ndarray | None = None,
    ) -> Blocked:
        """Each seeker's best ``wide`` vacancies, the first ``exact`` (default all) as exhaustive scoring
        gives them; the rest from the scored pairs. Each vacancy's best ``kv`` seekers — only those
        with a key at least ``v_floor`` (per vacancy: the ``kv``-th best key the caller already holds
        from other seekers; a pair below it can never enter the merged list)."""
        n, m = len(S.items), self.m
        need = min(wide, exact or wide)
        out = Blocked(
            np.full((n, wide), -1, np.int64),
            np.full((n, wide), -np.inf, np.float64),
            np.full((m, kv), -1, np.int64),
            np.full((m, kv), -np.inf, np.float64),
        )
        out.v_floor = v_floor
        if n == 0 or m == 0:
            return out
        rows = self.order(S) if rows is None else rows
        st = out.stats
        st.seekers += len(rows)
        short: list[int] = []
        if self.exhaustive:
            for a in range(0, len(rows), self.group):
                self._score(S, rows[a : a + self.group], np.arange(m), wide, kv, out)
            return out
        for a in range(0, len(rows), self.group * 4):
            chunk = rows[a : a + self.group * 4]
            box = self.box(S, chunk)
            if box.size == 0:
                short.extend(int(x) for x in chunk)
                continue
            c_ok, o_ok = self.feasible(S, chunk, box)
            ok = c_ok & o_ok
            st.pairs_tested += ok.size
            # groups of seekers whose candidate columns overlap: same primary occupation group
            sig = np.where(S.table.codes[chunk] >= 0, S.table.codes[chunk] // 100, 99).min(axis=1)
            for g in np.unique(sig):
                sel = np.flatnonzero(sig == g)
                few = ok[sel].sum(axis=1) < need  # fewer candidates than places: widen at once
                short.extend(int(x) for x in chunk[sel[few]])
                sel = sel[~few]
                for b in range(0, len(sel), self.group):
                    part = sel[b : b + self.group]
                    live = ok[part].any(axis=0)
                    bound = MAX_SCORE - 1000.0
                    short.extend(
                        self._score_pairs(
                            S, chunk[part], box[live], wide, kv, out, bound, need, ok[part][:, live]
                        )
                    )
        if short:
            short = self._by_wishes(S, np.array(short, np.int64)).tolist()
        for a in range(0, len(short), self.group):
            si = np.array(short[a : a + self.group], np.int64)
            st.widened += len(si)
            cols, mask = self._tier(S, si, wide)
            st.pairs_tested += len(si) * m
            if cols.size == m:
                st.exhaustive += len(si)
            self._score_pairs(S, si, cols, wide, kv, out, None, wide, mask)
        return out

    @staticmethod
    def _by_wishes(S, rows: np.ndarray) -> np.ndarray:
        """The widened seekers grouped by their stated wishes (shift, employment, dormitory, visa,
        regions, then wage), then occupation group, so that a group's columns left to test overlap
        (``_tier``); the order changes no result."""
        st = S.table
        visa = np.unique([S.items[i].visa or "" for i in rows.tolist()], return_inverse=True)[1]
        regions = np.unique(
            ["|".join(S.items[i].desired_regions) for i in rows.tolist()], return_inverse=True
        )[1]
        codes = st.codes[rows]
        group = np.where(codes >= 0, codes // 100, 99).min(axis=1) if codes.shape[1] else np.zeros(len(rows))
        keys = (rows, group, st.wage[rows], regions, visa, st.needs_dorm[rows], st.emp[rows], st.shift[rows])
        return rows[np.lexsort(keys)]

    def _tier(self, S, si: np.ndarray, need: int) -> tuple[np.ndarray, np.ndarray]:
        """The vacancy rows a widened group must score: for each seeker, every vacancy whose relax
        cost is at most its ``need``-th smallest. The costs come from the ranking's own
        ``_violations`` on the cheap tests (commute and occupation from ``feasible``, the masks and
        the stated wishes), so they are exact; an unscored pair costs more than ``need`` scored ones,
        and its key (≤ 100 − 1000 × cost) is below all of theirs.

        Returns the columns some seeker of the group must score (ascending) and, over them, the mask
        of the seekers that must score each.
        The occupation test (the costly one) runs only where it can matter. The costs inside the
        group's box are exact, and a seeker's ``need``-th smallest of them, ``bound``, is at least its
        ``need``-th smallest over the pool. A vacancy beyond the box relaxes the commute, so it costs at
        least the commute's cost plus its wishes': where that exceeds ``bound`` it is out whatever its
        occupation, and a stand-in cost above ``bound`` changes neither the limit nor the mask. The
        widened come grouped by their wishes (``rank``), so few columns are left for a whole group."""
        m, n = self.m, len(si)
        if m <= need:
            return np.arange(m), np.ones((n, m), bool)
        box = self.box(S, si)
        st = S.table
        rows = self._wish_rows(S, si)
        c_box = self.reach.ok(st.lat[si], st.lon[si], self._smax(S, si), box)
        o_box = self.occupation_ok(S, si, box)
        cost_box = self._wish_costs(S, si, box, rows) + self._test_costs(S, si, o_box, c_box, box)
        beyond = np.ones(m, bool)  # beyond the group's box: beyond everyone's reach
        beyond[box] = False
        if box.size >= need:
            bound = _limits(cost_box, need)
            near = np.zeros(m, bool)  # where some seeker's wishes leave room for the commute
            for row, b in {
                (id(row), int(b)): (row, int(b)) for row, b in zip(rows, bound, strict=True)
            }.values():
                near |= row <= b - RELAX_COST["commute"]  # (licences only add: a few columns too many)
            beyond &= near
        cols = np.flatnonzero(beyond)
        cost_beyond = np.zeros((n, 0), np.int16)
        if cols.size:
            o_ok = self.occupation_ok(S, si, cols)
            no_reach = np.zeros(o_ok.shape, bool)
            cost_beyond = self._wish_costs(S, si, cols, rows) + self._test_costs(S, si, o_ok, no_reach, cols)
        # the limit over the box and the columns left (the rest cost more than ``bound``: no part in it)
        sub = np.concatenate([box, cols])
        cost = np.concatenate([cost_box, cost_beyond], axis=1)
        mask = cost <= _limits(cost, need)[:, None]
        keep = np.flatnonzero(mask.any(axis=0))
        keep = keep[np.argsort(sub[keep], kind="stable")]  # the columns ascending
        return sub[keep], mask[:, keep]

    def _test_costs(self, S, si: np.ndarray, o_ok: np.ndarray, c_ok: np.ndarray, vi=None) -> np.ndarray:
        """The cost of the two cheap tests' verdicts over si × ``vi`` (default: the whole pool)."""
        st = S.table
        v_known = self.v_known if vi is None else self.v_known[vi]
        s_known = (st.codes[si] >= 0).any(axis=1) | (S.skills[si] > 0)
        cost = np.multiply(~c_ok, RELAX_COST["commute"], dtype=np.int16)
        cost += np.multiply(
            ~o_ok & s_known[:, None] & v_known[None, :], RELAX_COST["occupation"], dtype=np.int16
        )
        return cost

    def _wish_costs(self, S, si: np.ndarray, vi: np.ndarray | None = None, rows=None) -> np.ndarray:
        """The relax cost of si × ``vi`` (default: the pool) for all but the two cheap tests: each
        seeker's stated wishes (shift, employment, wage, dormitory, visa, regions; ``_wish_rows``)
        and the licences over the vacancies that require any."""
        rec, V = self.rec, self.V
        vi = np.arange(self.m) if vi is None else vi
        rows = self._wish_rows(S, si) if rows is None else rows
        cost = np.stack([row[vi] for row in rows]) if rows else np.zeros((0, len(vi)), np.int16)
        lic = np.flatnonzero(self._licence_mask()[vi])
        if lic.size:
            x = Sides(si, vi[lic])
            ok = self._req_ok(S, x)
            if len(rec.vocab.names) > 128:
                ok = rec._licences_held(S, si, V, vi[lic], x, ok)
            cost[:, lic] += np.multiply(~ok, RELAX_COST["licence"], dtype=np.int16)
        return cost

    def _wish_rows(self, S, si: np.ndarray) -> list[np.ndarray]:
        """Each seeker's wishes' cost over the pool, one vector per distinct set of wishes (the
        widened come grouped by them)."""
        st = S.table
        kept: dict[tuple, np.ndarray] = {}
        out = []
        for i in si.tolist():
            s = S.items[i]
            wishes = (int(st.shift[i]), int(st.emp[i]), int(st.wage[i]), bool(st.needs_dorm[i]), s.visa or "",
                      tuple(s.desired_regions))  # fmt: skip
            row = kept.get(wishes)
            if row is None:
                row = kept[wishes] = self._wish_row(*wishes)
            out.append(row)
        return out

    def _wish_row(self, shift: int, emp: int, wage: int, dorm: bool, visa: str, regions: tuple) -> np.ndarray:
        """The cost over the pool of one seeker's stated wishes."""
        rec, V, vt = self.rec, self.V, self.V.table
        row = np.zeros(self.m, np.int16)
        if shift > 0:
            row += self._wish("shift", shift)
        if emp > 0:
            row += self._wish("employment", emp)
        if wage > 0:
            row += np.multiply((vt.wage > 0) & (vt.wage < wage), RELAX_COST["wage"], dtype=np.int16)
        if dorm:
            row += self._wish("dormitory", 1)
        if visa and visa not in rec.visas.free:
            row += np.multiply(rec._visa_bad(V, visa), RELAX_COST["visa"], dtype=np.int16)
        if regions:
            inside = np.zeros(self.m, bool)
            for name in regions:
                inside |= rec._region_ok(V, name)
            row += np.multiply(~inside, RELAX_COST["region"], dtype=np.int16)
        return row

    def _wish(self, name: str, value: int) -> np.ndarray:
        """The cost over the pool of a stated wish (a shift or employment bit mask; a dormitory), kept."""
        got = self._wishes.get((name, value))
        if got is None:
            vt = self.V.table
            if name == "dormitory":
                bad = ~vt.dorm
            else:
                have = vt.shift if name == "shift" else vt.emp
                bad = (have > 0) & ((have & value) == 0)
            got = self._wishes[(name, value)] = np.multiply(bad, RELAX_COST[name], dtype=np.int16)
        return got

    def _licence_mask(self) -> np.ndarray:
        """The vacancies that require a licence (kept)."""
        if self._lic is None:
            self._lic = np.bitwise_count(self.V.table.req_q).sum(-1) > 0
        return self._lic

    def _req_ok(self, S, x: Sides) -> np.ndarray:
        """Required licences held, by the 128-bit masks (as ``block_features``; ``_violations``
        checks the names where the masks pass)."""
        vt = self.V.table
        n_req = np.bitwise_count(vt.req_q[x.vi]).sum(-1)
        ok = np.ones(x.shape, bool)
        lic = np.flatnonzero(n_req > 0)
        places, lx = x.where_v(lic)
        if places.size:
            n_held = np.bitwise_count(lx.v(vt.req_q) & lx.s(S.table.held_q)).sum(-1)
            x.put(ok, places, n_held >= lx.v_local(n_req[lic]))
        return ok

    def _score(self, S, si, cols, wide, kv, out: Blocked) -> None:
        """Score si × every vacancy ``cols`` as one block (exhaustive mode) and store each seeker's
        best ``wide`` and each vacancy's merge."""
        score, viol, _f = self.rec._block(S, si, self.V, cols)
        key = self.rec.keys(score, viol)
        out.stats.pairs_scored += key.size
        out.stats.groups += 1
        ks = min(wide, key.shape[1])
        part = np.argpartition(-key, ks - 1, axis=1)[:, :ks] if ks < key.shape[1] else None
        if part is None:
            part = np.tile(np.arange(key.shape[1]), (len(si), 1))
        pk = np.take_along_axis(key, part, axis=1)
        gidx = cols[part]
        order = np.lexsort((gidx, -pk), axis=1)
        gidx = np.take_along_axis(gidx, order, axis=1)
        pk = np.take_along_axis(pk, order, axis=1)
        out.s_idx[si, :ks] = gidx
        out.s_key[si, :ks] = pk
        self._merge_v(si, cols, key, kv, out)

    def _score_pairs(
        self, S, si, cols, wide, kv, out: Blocked, bound: float | None, need: int, own: np.ndarray
    ) -> list[int]:
        """Score the pairs of si × cols that ``own`` marks (each seeker's own candidates: about a fifth
        of the block the group spans; the same values, ``jobmatch.sides``); store the rows whose
        top-``need`` no skipped pair (key ≤ ``bound``: a skipped pair relaxes 1 or 2 needs, score ≤ 100)
        could enter and return the others (to widen); ``bound=None``: every pair that can enter is
        marked, always final. Each seeker's best ``wide`` and each vacancy's merge come from sorting the
        scored pairs (ties by row, as the block's)."""
        if cols.size == 0 and bound is not None:
            return [int(x) for x in si]
        r, c = np.nonzero(own)
        score, viol, _f = self.rec._block(S, si, self.V, cols, pairs=(r, c))
        kp = self.rec.keys(score, viol)
        out.stats.pairs_scored += len(r)
        out.stats.groups += 1
        j = cols[c]
        # by seeker, best first, then by vacancy row: the pairs come by (seeker, vacancy row), cols
        # ascending, so the input's order breaks the ties
        order = _by_major_best_minor(r, len(si), kp)
        r, j, kp = r[order], j[order], kp[order]
        place = np.arange(len(r)) - np.searchsorted(r, r)  # position within the seeker's run
        top = place < wide
        gidx = np.full((len(si), wide), -1, np.int64)
        pk = np.full((len(si), wide), -np.inf, np.float64)
        gidx[r[top], place[top]] = j[top]
        pk[r[top], place[top]] = kp[top]
        final = np.ones(len(si), bool) if bound is None else pk[:, need - 1] > bound
        done = np.flatnonzero(final)
        if done.size:
            out.s_idx[si[done]] = gidx[done]
            out.s_key[si[done]] = pk[done]
            keep = final[r]
            _merge_v_pairs(si[r[keep]], j[keep], kp[keep], kv, out)
        return [int(x) for x in si[~final]]

    @staticmethod
    def _merge_v(si, cols, key, kv, out: Blocked) -> None:
        """Merge a block's best ``kv`` seekers per column into the running per-vacancy lists."""
        if cols.size == 0 or si.size == 0:
            return
        # only the columns where some key of the block can enter (ties by row: ≥, not >)
        live = key.max(axis=0) >= out.v_key[cols, -1]
        if not live.all():
            cols, key = cols[live], key[:, live]
            if cols.size == 0:
                return
        k = min(kv, key.shape[0])
        vpart = (
            np.argpartition(-key, k - 1, axis=0)[:k, :]
            if k < key.shape[0]
            else np.tile(np.arange(key.shape[0])[:, None], (1, key.shape[1]))
        )
        bk = np.take_along_axis(key, vpart, axis=0).T  # [cols, k]
        bi = si[vpart].T
        mi = np.concatenate([out.v_idx[cols], bi], axis=1)
        mk = np.concatenate([out.v_key[cols], bk], axis=1)
        order = np.lexsort((mi, -mk), axis=1)[:, :kv]
        out.v_idx[cols] = np.take_along_axis(mi, order, axis=1)
        out.v_key[cols] = np.take_along_axis(mk, order, axis=1)


def text_q(threshold: float) -> int:
    """The smallest integer ``q`` whose quantised text ``float32(q / 1e4)`` reaches ``threshold``."""
    t32, q = np.float32(threshold), 0
    while np.float32(np.float32(q) / np.float32(1e4)) < t32:
        q += 1
    return q


def text_reaches(x: np.ndarray, q: int) -> np.ndarray:
    """``round(clip(x, 0, 1) × 1e4) / 1e4 >= threshold`` (float32, as ``block_features``) for the
    threshold's ``text_q``: ``round`` (half to even) reaches ``q`` from ``q − ½`` (even ``q``) or above
    it (odd); in place on ``x``."""
    x *= np.float32(1e4)
    return x >= np.float32(q - 0.5) if q % 2 == 0 else x > np.float32(q - 0.5)


def _merge_v_pairs(s_rows: np.ndarray, v_rows: np.ndarray, keys: np.ndarray, kv: int, out: Blocked) -> None:
    """Merge scored pairs (seeker row, vacancy row, key) into the running per-vacancy top-``kv`` lists
    (ties by seeker row, as ``merge_v``); only pairs that can enter a list are sorted."""
    can = keys >= out.v_key[v_rows, -1]
    if out.v_floor is not None:
        can &= keys >= out.v_floor[v_rows]
    if not can.any():
        return
    s_rows, v_rows, keys = s_rows[can], v_rows[can], keys[can]
    seen = np.zeros(len(out.v_key), bool)
    seen[v_rows] = True
    uj = np.flatnonzero(seen)  # the vacancies touched, ascending (np.unique without its sort)
    n = len(uj)
    at = np.empty(len(seen), np.int64)
    at[uj] = np.arange(n)
    grp = np.concatenate([np.repeat(np.arange(n), kv), at[v_rows]])
    idx = np.concatenate([out.v_idx[uj].ravel(), s_rows])
    key = np.concatenate([out.v_key[uj].ravel(), keys])
    order = _by_major_best_minor(grp, n, key, idx, int(idx.max(initial=0)) + 1)
    grp, idx, key = grp[order], idx[order], key[order]
    place = np.arange(len(grp)) - np.searchsorted(grp, grp)
    top = place < kv
    out.v_idx[uj[grp[top]], place[top]] = idx[top]
    out.v_key[uj[grp[top]], place[top]] = key[top]


def _narrow(a: np.ndarray, bound: int) -> np.ndarray:
    """Integers in [-1, ``bound``) in the narrowest type that holds them: NumPy radix-sorts 16 bits."""
    if bound < 2**15:
        return a.astype(np.int16)
    return a.astype(np.int32) if bound < 2**31 else a


def _by_major_best_minor(
    major: np.ndarray, n_major: int, key: np.ndarray, minor: np.ndarray | None = None, n_minor: int = 0
) -> np.ndarray:
    """The order by ``major`` ascending, ``key`` descending, then ``minor`` ascending (``None``: the
    input's order) — ``np.lexsort((minor, -key, major))`` — as stable sorts from the least significant
    key, the integers narrowed (``_narrow``): about twice as fast as ``lexsort``."""
    order = None if minor is None else np.argsort(_narrow(minor, n_minor), kind="stable")
    neg = -key if order is None else -key[order]
    by_key = np.argsort(neg, kind="stable")
    order = by_key if order is None else order[by_key]
    return order[np.argsort(_narrow(major[order], n_major), kind="stable")]


def _limits(cost: np.ndarray, need: int) -> np.ndarray:
    """Each row's ``need``-th smallest cost (costs are small non-negative integers: per row, the
    first value whose running count reaches ``need``; no partition)."""
    limit = np.empty(len(cost), np.int64)
    for r, row in enumerate(cost):
        limit[r] = np.searchsorted(np.cumsum(np.bincount(row)), need)
    return limit


def merge_v(a_idx, a_key, b_idx, b_key, kv: int) -> tuple[np.ndarray, np.ndarray]:
    """Merge two per-vacancy top-``kv`` lists (global seeker rows; ties by row, as exhaustive)."""
    mi = np.concatenate([a_idx, b_idx], axis=1)
    mk = np.concatenate([a_key, b_key], axis=1)
    order = np.lexsort((mi, -mk), axis=1)[:, :kv]
    return np.take_along_axis(mi, order, axis=1), np.take_along_axis(mk, order, axis=1)
