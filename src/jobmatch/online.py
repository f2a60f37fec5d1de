"""Online serving: an in-memory index of seekers and vacancies, updated incrementally.

``MatchIndex`` keeps both tables in growable column buffers; an upsert writes one row (the old row of
the same id is tombstoned) and adds it to its blocking bucket, so a change is visible to the next
query without a rebuild. Queries: ``vacancies_for_seeker`` and ``seekers_for_vacancy`` (top-k with
per-feature contributions and reasons as codes).
"""

from __future__ import annotations

import math
import threading
from collections import defaultdict
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from .engine import EngineConfig, _cell, _topk_rows
from .fastscore import block_scores
from .model import (
    QualificationVocab,
    SeekerRecord,
    SeekerTable,
    VacancyRecord,
    VacancyTable,
    seekers_from_records,
    vacancies_from_records,
)
from .pair_explain import explain_pair
from .scoring import great_circle_km


@dataclass
class Match:
    """One recommendation: the other side's id, score (0–100), contributions and reasons."""

    id: int
    score: float
    contributions: dict
    reasons: list  # list[Reason]

    @property
    def reason_codes(self) -> list[str]:
        return [r.code for r in self.reasons]

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "score": self.score,
            "contributions": self.contributions,
            "reasons": [r.as_dict() for r in self.reasons],
        }


class _Buffer:
    """Growable columnar storage for a Seeker/VacancyTable."""

    def __init__(self, table):
        self.cls = type(table)
        self.n = len(table)
        self.cols = {}
        self.lists = {}
        cap = max(16, self.n * 2)
        for f in fields(table):
            v = getattr(table, f.name)
            if isinstance(v, list):
                self.lists[f.name] = list(v) + [[] for _ in range(self.n - len(v))]
            else:
                buf = np.zeros((cap, *v.shape[1:]), dtype=v.dtype)
                buf[: self.n] = v
                self.cols[f.name] = buf
        self.alive = np.zeros(cap, bool)
        self.alive[: self.n] = True

    def append(self, table) -> np.ndarray:
        m = len(table)
        need = self.n + m
        cap = self.alive.shape[0]
        if need > cap:
            new = max(need, cap * 2)
            for k, buf in self.cols.items():
                nb = np.zeros((new, *buf.shape[1:]), dtype=buf.dtype)
                nb[: self.n] = buf[: self.n]
                self.cols[k] = nb
            a = np.zeros(new, bool)
            a[: self.n] = self.alive[: self.n]
            self.alive = a
        for k in self.cols:
            self.cols[k][self.n : need] = getattr(table, k)
        for k in self.lists:
            v = getattr(table, k)
            self.lists[k].extend(v if v else [[] for _ in range(m)])
        self.alive[self.n : need] = True
        rows = np.arange(self.n, need)
        self.n = need
        return rows

    def view(self):
        kw: dict[str, Any] = {k: b[: self.n] for k, b in self.cols.items()}
        kw.update(self.lists)
        return self.cls(**kw)


class MatchIndex:
    """In-memory two-sided index. Thread-safe for one writer and many readers (a lock per update)."""

    def __init__(
        self,
        seekers: SeekerTable,
        vacancies: VacancyTable,
        encoder,
        vocab: QualificationVocab | None = None,
        cfg: EngineConfig | None = None,
        occ_names: dict[int, str] | None = None,
    ):
        self.cfg = cfg or EngineConfig()
        self.encoder = encoder
        self.vocab = vocab or QualificationVocab()
        self.occ_names = occ_names or {}
        self._lock = threading.RLock()
        self._s = _Buffer(seekers)
        self._v = _Buffer(vacancies)
        self._s_row = {int(i): r for r, i in enumerate(seekers.ids)}
        self._v_row = {int(i): r for r, i in enumerate(vacancies.ids)}
        self._vb3: dict = defaultdict(list)  # (code3, cy, cx) → list of rows
        self._sb3: dict = defaultdict(list)
        self._v_nocode: list[int] = []
        self._s_nocode: list[int] = []
        self._index_rows("v", np.arange(len(vacancies)))
        self._index_rows("s", np.arange(len(seekers)))
        self._frozen: dict = {}

    # -- bucket maintenance --
    def _cells(self, lat, lon):
        return _cell(np.asarray(lat, np.float32), np.asarray(lon, np.float32), self.cfg.cell_deg)

    def _index_rows(self, side: str, rows: np.ndarray) -> None:
        buf = self._v if side == "v" else self._s
        lat = buf.cols["lat"][rows]
        lon = buf.cols["lon"][rows]
        cy, cx = self._cells(lat, lon)
        store = self._vb3 if side == "v" else self._sb3
        nocode = self._v_nocode if side == "v" else self._s_nocode
        for p, r in enumerate(rows):
            codes = [int(buf.cols["code"][r])] if side == "v" else [int(c) for c in buf.cols["codes"][r]]
            c3 = {c // 10 for c in codes if c >= 0}
            if not c3:
                nocode.append(int(r))
            for c in c3:
                store[(c, int(cy[p]), int(cx[p]))].append(int(r))
        self._frozen = {}

    def _bucket(self, side: str, key):
        """Bucket rows as an array (cached until the next update)."""
        fk = (side, key)
        a = self._frozen.get(fk)
        if a is None:
            store = self._vb3 if side == "v" else self._sb3
            a = np.asarray(store.get(key, []), dtype=np.int64)
            self._frozen[fk] = a
        return a

    # -- updates --
    def upsert_vacancies(self, recs: list[VacancyRecord]) -> None:
        table = vacancies_from_records(recs, self.vocab, self.encoder)
        with self._lock:
            for i in table.ids:
                old = self._v_row.pop(int(i), None)
                if old is not None:
                    self._v.alive[old] = False
            rows = self._v.append(table)
            for r, i in zip(rows, table.ids, strict=True):
                self._v_row[int(i)] = int(r)
            self._index_rows("v", rows)

    def upsert_seekers(self, recs: list[SeekerRecord]) -> None:
        table = seekers_from_records(recs, self.vocab, self.encoder)
        with self._lock:
            for i in table.ids:
                old = self._s_row.pop(int(i), None)
                if old is not None:
                    self._s.alive[old] = False
            rows = self._s.append(table)
            for r, i in zip(rows, table.ids, strict=True):
                self._s_row[int(i)] = int(r)
            self._index_rows("s", rows)

    def remove_vacancy(self, vid: int) -> bool:
        with self._lock:
            r = self._v_row.pop(int(vid), None)
            if r is None:
                return False
            self._v.alive[r] = False
            return True

    def remove_seeker(self, sid: int) -> bool:
        with self._lock:
            r = self._s_row.pop(int(sid), None)
            if r is None:
                return False
            self._s.alive[r] = False
            return True

    @property
    def n_vacancies(self) -> int:
        return len(self._v_row)

    @property
    def n_seekers(self) -> int:
        return len(self._s_row)

    # -- queries --
    def _gather(self, side: str, codes3: set[int], cy: int, cx: int, rc: int | None) -> np.ndarray:
        store = self._vb3 if side == "v" else self._sb3
        parts = []
        for c in codes3:
            if rc is None or cy == -99999:
                parts += [self._bucket(side, key) for key in list(store) if key[0] == c]
            else:
                for y in range(cy - rc, cy + rc + 1):
                    for x in range(cx - rc, cx + rc + 1):
                        if (c, y, x) in store:
                            parts.append(self._bucket(side, (c, y, x)))
                if (c, -99999, -99999) in store:
                    parts.append(self._bucket(side, (c, -99999, -99999)))
        if not parts:
            return np.zeros(0, np.int64)
        rows = np.unique(np.concatenate(parts))
        buf = self._v if side == "v" else self._s
        return rows[buf.alive[rows]]

    def _radius_km(self, filters, max_commute: float) -> float | None:
        return filters.commute_radius_km(self.cfg.scoring, max_commute)

    def _cells_for(self, radius_km: float | None) -> int | None:
        if radius_km is None or not self.cfg.cell_deg:
            return None
        km_per_cell = 111.0 * self.cfg.cell_deg * math.cos(math.radians(38.5))
        return max(1, math.ceil(radius_km / km_per_cell))

    @staticmethod
    def _within(buf, rows: np.ndarray, lat: float, lon: float, radius_km: float | None) -> np.ndarray:
        """Rows within ``radius_km`` of a point (rows or point without coordinates are kept)."""
        if radius_km is None or len(rows) == 0 or np.isnan(lat) or np.isnan(lon):
            return rows
        d = great_circle_km(lat, lon, buf.cols["lat"][rows], buf.cols["lon"][rows])
        return rows[np.isnan(d) | (d <= radius_km + 0.01)]

    def _bound(self, strength: float) -> float:
        """Highest score a pair outside the scanned 소분류 (same 중분류) can reach."""
        w_occ = float(self.cfg.scoring.wvec()[0])
        return 100.0 * (1.0 - w_occ * (1.0 - self.cfg.scoring.occ_same2) * strength)

    def vacancies_for_seeker(
        self, seeker: int | SeekerRecord, k: int = 20, explain: bool = True, filters=None
    ) -> list[Match]:
        """Top-k vacancies for one seeker (an indexed id, or an ad-hoc record not stored).

        Scans the seeker's 소분류 within reach, then — only if a vacancy elsewhere in the 중분류 could
        still enter the top-k (score bound) — the rest of the 중분류. Exact under the default filters.
        """
        with self._lock:
            if isinstance(seeker, SeekerRecord):
                st = seekers_from_records([seeker], self.vocab, self.encoder)
                srow = 0
            else:
                r = self._s_row.get(int(seeker))
                if r is None:
                    raise KeyError(f"unknown seeker id {seeker}")
                st = self._s.view()
                srow = r
            vt = self._v.view()
            filters = filters or self.cfg.filters
            codes3 = {int(c) // 10 for c in st.codes[srow] if c >= 0}
            maxc = float(st.max_commute[srow]) or self.cfg.scoring.default_max_commute
            radius = self._radius_km(filters, maxc)
            rc = self._cells_for(radius)
            cy, cx = self._cells(st.lat[srow : srow + 1], st.lon[srow : srow + 1])
            lat, lon = float(st.lat[srow]), float(st.lon[srow])
            si = np.array([srow])
            nocode = np.asarray(self._v_nocode, np.int64)
            nocode = nocode[self._v.alive[nocode]] if len(nocode) else nocode
            if codes3 and filters.related_occupation:
                cand = np.union1d(self._gather("v", codes3, int(cy[0]), int(cx[0]), rc), nocode)
                cand = self._within(self._v, cand, lat, lon, radius)
                pairs = self._top_pairs(st, si, vt, cand, k, filters, seeker_side=True)
                strength = float(st.code_w[srow].max())
                if len(pairs) < k or pairs[-1][2] < self._bound(strength):
                    c2 = {c // 10 for c in codes3}
                    more = {key[0] for key in self._vb3 if key[0] // 10 in c2} - codes3
                    extra = self._within(
                        self._v, self._gather("v", more, int(cy[0]), int(cx[0]), rc), lat, lon, radius
                    )
                    if len(extra):
                        pairs = self._merge_pairs(
                            pairs, self._top_pairs(st, si, vt, extra, k, filters, True), k
                        )
            else:
                if codes3:  # every field (related-occupation filter off)
                    keys = {key[0] for key in self._vb3}
                    cand = np.union1d(self._gather("v", keys, int(cy[0]), int(cx[0]), rc), nocode)
                else:
                    cand = np.flatnonzero(self._v.alive[: self._v.n])
                cand = self._within(self._v, cand, lat, lon, radius)
                pairs = self._top_pairs(st, si, vt, cand, k, filters, seeker_side=True)
            return self._explain(st, vt, pairs, explain, seeker_side=True)

    def seekers_for_vacancy(
        self, vacancy: int | VacancyRecord, k: int = 20, explain: bool = True, filters=None
    ) -> list[Match]:
        """Top-k seekers for one vacancy (an indexed id, or an ad-hoc record not stored)."""
        with self._lock:
            if isinstance(vacancy, VacancyRecord):
                vt = vacancies_from_records([vacancy], self.vocab, self.encoder)
                vrow = 0
            else:
                r = self._v_row.get(int(vacancy))
                if r is None:
                    raise KeyError(f"unknown vacancy id {vacancy}")
                vt = self._v.view()
                vrow = r
            st = self._s.view()
            filters = filters or self.cfg.filters
            code = int(vt.code[vrow])
            alive = np.flatnonzero(self._s.alive[: self._s.n])
            maxc = float(np.max(st.max_commute[alive])) if len(alive) else 0.0
            radius = self._radius_km(filters, max(maxc, self.cfg.scoring.default_max_commute))
            rc = self._cells_for(radius)
            cy, cx = self._cells(vt.lat[vrow : vrow + 1], vt.lon[vrow : vrow + 1])
            lat, lon = float(vt.lat[vrow]), float(vt.lon[vrow])
            vi = np.array([vrow])
            nocode = np.asarray(self._s_nocode, np.int64)
            nocode = nocode[self._s.alive[nocode]] if len(nocode) else nocode
            if code >= 0 and filters.related_occupation:
                cand = np.union1d(self._gather("s", {code // 10}, int(cy[0]), int(cx[0]), rc), nocode)
                cand = self._within(self._s, cand, lat, lon, radius)
                pairs = self._top_pairs(st, cand, vt, vi, k, filters, seeker_side=False)
                if len(pairs) < k or pairs[-1][2] < self._bound(1.0):
                    more = {key[0] for key in self._sb3 if key[0] // 10 == code // 100} - {code // 10}
                    extra = self._within(
                        self._s, self._gather("s", more, int(cy[0]), int(cx[0]), rc), lat, lon, radius
                    )
                    extra = np.setdiff1d(extra, cand)  # a seeker may sit in several 소분류 buckets
                    if len(extra):
                        pairs = self._merge_pairs(
                            pairs, self._top_pairs(st, extra, vt, vi, k, filters, False), k
                        )
            else:
                cand = self._within(self._s, alive, lat, lon, radius)
                pairs = self._top_pairs(st, cand, vt, vi, k, filters, seeker_side=False)
            return self._explain(st, vt, pairs, explain, seeker_side=False)

    def _top_pairs(self, st, si, vt, vi, k, filters, seeker_side: bool) -> list[tuple[int, int, float]]:
        """Best-k feasible (seeker row, vacancy row, score), best first; ties → lower row."""
        if len(si) == 0 or len(vi) == 0:
            return []
        sc = block_scores(st, si, vt, vi, self.cfg.scoring, filters)
        if seeker_side:
            top, tsc = _topk_rows(sc, k)
            return [
                (int(si[0]), int(vi[j]), float(x))
                for j, x in zip(top[0], tsc[0], strict=True)
                if np.isfinite(x)
            ]
        top, tsc = _topk_rows(sc.T, k)
        return [
            (int(si[j]), int(vi[0]), float(x)) for j, x in zip(top[0], tsc[0], strict=True) if np.isfinite(x)
        ]

    @staticmethod
    def _merge_pairs(a, b, k):
        seen: dict[tuple[int, int], tuple] = {}
        for p in a + b:
            key = (p[0], p[1])
            if key not in seen or p[2] > seen[key][2]:
                seen[key] = p
        return sorted(seen.values(), key=lambda p: (-p[2], p[1], p[0]))[:k]

    def _explain(self, st, vt, pairs, explain: bool, seeker_side: bool) -> list[Match]:
        out = []
        for s_r, v_r, x in pairs:
            other = int(vt.ids[v_r]) if seeker_side else int(st.ids[s_r])
            if explain:
                score, contrib, reasons = explain_pair(st, s_r, vt, v_r, self.cfg.scoring, self.occ_names)
            else:
                score, contrib, reasons = round(x, 2), {}, []
            out.append(Match(other, score, contrib, reasons))
        return out
