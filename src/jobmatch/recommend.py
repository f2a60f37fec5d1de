"""Recommendations that keep people's stated needs: hard constraints, fewest relaxed, reasons as codes.

One path serves everything that ranks (the ``iljari recommend`` evaluation command, the 추천 pages of a
seeker and of a vacancy, the nightly batch):

* **profiles** (``SeekerIn`` / ``VacancyIn``, ``jobmatch.profiles``) are plain values — the public JSON
  input format of ``iljari recommend`` or what the Django bridge reads from the database;
* ``Recommender.pool_*`` (``jobmatch.pools``) turns profiles into pools: columnar tables, occupation
  codes from the one title normaliser (sure codes; an unsure vacancy title keeps its three candidates
  with weights), title vectors, skill masks, regions and visa acceptance;
* ``Recommender.rank_*`` scores a block with the engine's features (``scoring.block_features``) plus
  the skill credit and the title affinity (``jobmatch.affinity``), evaluates the **hard constraints**
  as people state them (``CONSTRAINTS``), and ranks exact fits first; when fewer than ``top`` fit
  everything, it adds the pairs that relax the fewest constraints (visa last), each labelled with
  what it relaxes;
* reasons are codes with values (``jobmatch.explain``), facts about the vacancy, never the seeker's
  wish echoed back.

Every name the callers import from here (profiles, pools, results) is re-exported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import affinity as af
from . import model as jm
from .explain import Explanations, Result, round2
from .pools import (
    STRENGTH_DESIRED,
    STRENGTH_EXPERIENCE,
    STRENGTH_LICENCE,
    STRENGTH_UNSURE,
    PoolBuilder,
    SeekerPool,
    VacancyPool,
)
from .profiles import (
    CONSTRAINT_BIT,
    CONSTRAINTS,
    EDUCATION,
    EMPLOYMENT,
    FULL_TIME_HOURS_PER_MONTH,
    RELAX_COST,
    SHIFTS,
    VISAS_FILE,
    WEEKS_PER_MONTH,
    InputError,
    SeekerIn,
    VacancyIn,
    VisaRules,
    read_input,
    seeker_from_json,
    vacancy_from_json,
)
from .regions import BORDER_KM, Gazetteer, default_gazetteer
from .scoring import FEATURES, ScoringConfig, block_features, great_circle_block_km
from .sides import Sides
from .skills import SKILLS, family_closure, skill_credit_of

_BIT = CONSTRAINT_BIT
_COST_OF_BITS = np.array(
    [sum(RELAX_COST[n] for n, b in _BIT.items() if bits & b) for bits in range(1 << len(_BIT))], np.int32
)


#: float32 minutes vs the stated limit: over it by this margin or less counts as over
COMMUTE_MARGIN_MIN = 0.01


@dataclass
class RecommendConfig:
    weights: dict[str, float] = field(
        default_factory=lambda: {
            "occ": 0.24,
            "skill": 0.10,
            "title": 0.25,
            "text": 0.10,
            "qual": 0.10,
            "commute": 0.12,
            "wage": 0.07,
            "shift": 0.05,
            "emp": 0.04,
            "days": 0.02,
            "exp": 0.04,
            "edu": 0.02,
            "visa": 0.02,
            "dorm": 0.02,
        }
    )
    scoring: ScoringConfig = field(default_factory=ScoringConfig)
    text_related: float = 0.35  # duty-text similarity that counts as the same line of work
    title_related: float = 0.4  # title affinity that counts as the same line of work
    soft_occupation: bool = True  # unsure vacancy titles: expected credit over the three candidates
    unknown_occ: float = 0.3  # occupation credit of a vacancy with no candidate at all
    region_border_km: float = BORDER_KM  # see ``Gazetteer.within``
    block: int = 64  # seekers per scoring block (memory: block × vacancies × features)


FEATURE_ORDER = (*FEATURES, "skill", "title")


class Recommender(PoolBuilder, Explanations):
    """Pools from profiles and the constrained ranking. Django-free; the caller passes the resources."""

    EXPLAIN_GROUP = 256  # seekers (or vacancies) per explanation group

    def __init__(
        self,
        normaliser,
        encoder,
        occ_names: dict[int, str] | None = None,
        gazetteer: Gazetteer | None = None,
        visas: VisaRules | None = None,
        cfg: RecommendConfig | None = None,
        licence_links: Mapping[str, Sequence[str]] | None = None,
    ):
        self.normaliser = normaliser
        self.encoder = encoder
        self.occ_names = occ_names or {}
        self.gazetteer = gazetteer or default_gazetteer()
        self.visas = visas or VisaRules.load()
        self.cfg = cfg or RecommendConfig()
        self.vocab = jm.QualificationVocab()
        # normalised licence name → KECO codes (a curated table the caller passes; the skills the
        # licence's name mentions give codes too: 지게차운전기능사 → 지게차 → 6230)
        self.title_space = af.TitleSpace(normaliser)
        self.licence_links = {
            jm.normalise_qualification(k): tuple(v) for k, v in (licence_links or {}).items()
        }
        w = self.cfg.weights
        tot = sum(w.values())
        self.w = {k: 100.0 * w.get(k, 0.0) / tot for k in FEATURE_ORDER}
        # a learned ranker (``jobmatch.ltr.LearnedRanker``) replaces the weighted sum inside the
        # tiers when the caller sets one; its score lies in [0, 100] like the hand score
        self.ranker: Any = None

    # -- scoring and constraints --
    def _block(self, S: SeekerPool, si: np.ndarray, V: VacancyPool, vi: np.ndarray, pairs=None):
        """Scores, violation bits and features of the block si × vi ([len(si), len(vi)] arrays), or,
        with ``pairs`` = (r, c) positions in si and vi, of just those pairs ([P] arrays, the same
        values: ``jobmatch.sides``)."""
        x = Sides(si, vi) if pairs is None else Sides(si, vi, *pairs)
        f = block_features(S.table, si, V.table, vi, self.cfg.scoring, x)
        f["skill"] = skill_credit_of(x.s(S.skills), x.s_local(family_closure(S.skills[si])), x.v(V.skills))
        f["title"] = x.gather(self._title_affinity(S, si, V, vi))
        # an occupation the normaliser was not sure of is not "other": the expected credit over its
        # three candidates (or a neutral credit when it has none)
        unknown = V.table.code[vi] < 0
        f["occ"] = np.where(x.v_local(unknown), self.cfg.unknown_occ, f["occ"]).astype(np.float32)
        if self.cfg.soft_occupation and V.cand is not None and V.cand_w is not None and unknown.any():
            cols = np.flatnonzero(unknown & (V.cand[vi, 0] >= 0))
            places, cx = x.where_v(cols)
            if places.size:
                sc = self.cfg.scoring
                soft = af.soft_occupation_of(
                    cx.s(S.table.codes),
                    cx.s(S.table.code_w),
                    cx.v(V.cand),
                    cx.v(V.cand_w),
                    sc.occ_same4,
                    sc.occ_same3,
                    sc.occ_same2,
                )
                x.put(f["occ"], places, soft)
        score = np.zeros(x.shape, np.float32)
        for k in FEATURE_ORDER:
            score += np.float32(self.w[k]) * f[k]
        f["_hand"] = score
        viol = self._violations(S, si, V, vi, f, x)
        if self.ranker is not None:
            if x.pairs:
                raise ValueError("a learned ranker scores whole blocks")
            score = self.ranker.score_block(f, S, si, V, vi, self._cost(viol))
        return score, viol, f

    def _title_affinity(self, S: SeekerPool, si: np.ndarray, V: VacancyPool, vi: np.ndarray) -> np.ndarray:
        if S.titles is None or V.titles is None or S.title_start is None or S.title_w is None:
            return np.zeros((len(si), len(vi)), np.float32)
        return af.pool_title_affinity(S, si, V, vi)

    def _violations(self, S, si, V, vi, f, sides: Sides | None = None) -> np.ndarray:
        st, vt = S.table, V.table
        x = sides or Sides(si, vi)
        viol = np.zeros(x.shape, np.int32)

        def mark(name, m):  # (a product, not ``where=``: several times faster on big blocks)
            np.bitwise_or(viol, np.multiply(m, np.int32(_BIT[name]), dtype=np.int32), out=viol)

        # occupation: related codes, or a shared skill, or very similar duties
        s_known = x.s((st.codes >= 0).any(axis=1) | (S.skills > 0))
        v_known = x.v((vt.code >= 0) | (V.skills > 0))
        shared_skill = (x.s(S.skills) & x.v(V.skills)) > 0
        ok_occ = (
            f["_related"]
            | shared_skill
            | (f["text"] >= self.cfg.text_related)
            | (f["title"] >= self.cfg.title_related)
        )
        mark("occupation", s_known & v_known & ~ok_occ)
        req_ok = f["_req_ok"]
        if len(self.vocab.names) > 128:  # the 128-bit masks share bits beyond that: check the names
            # (only where the masks say "held": a shared bit can pass a licence not held, never fail
            # one that is)
            req_ok = self._licences_held(S, si, V, vi, x, req_ok)
        mark("licence", ~req_ok)
        ss, vs = x.s(st.shift), x.v(vt.shift)
        mark("shift", (ss > 0) & (vs > 0) & ((ss & vs) == 0))
        se, ve = x.s(st.emp), x.v(vt.emp)
        mark("employment", (se > 0) & (ve > 0) & ((se & ve) == 0))
        sw, vw = x.s(st.wage), x.v(vt.wage)
        mark("wage", (sw > 0) & (vw > 0) & (vw < sw))
        mark("dormitory", x.s(st.needs_dorm) & ~x.v(vt.dorm))
        minutes = f["_minutes"]
        # the minutes are float32: a pair a hair under the limit may be over it in exact arithmetic,
        # so the limit is checked with a margin (such a pair is labelled, never passed silently)
        mark("commute", ~np.isnan(minutes) & (minutes > f["_smax"] - COMMUTE_MARGIN_MIN))
        # visa, per distinct status (a vector over the whole pool, computed once per status)
        visas = [S.items[i].visa for i in si]
        for status in set(visas):
            if not status or status in self.visas.free:
                continue
            rows = np.array([v == status for v in visas])
            mark("visa", x.s_local(rows) & x.v(self._visa_bad(V, status)))
        # desired regions (a vector over the whole pool per region name, computed once per name)
        wishers = [r for r, i in enumerate(si) if S.items[i].desired_regions]
        if wishers:
            ok = np.zeros((len(wishers), len(V.items)), bool)
            for n, r in enumerate(wishers):
                for name in S.items[si[r]].desired_regions:
                    ok[n] |= self._region_ok(V, name)
            at = np.full(len(si), -1, np.int64)
            at[wishers] = np.arange(len(wishers))
            who = x.s_local(at)
            mark("region", (who >= 0) & ~ok[np.maximum(who, 0), x.v_local(vi)])
        return viol

    def _licences_held(self, S, si, V, vi, x: Sides, passed: np.ndarray) -> np.ndarray:
        """``passed`` (the 128-bit masks' verdict, laid out as ``x``) where every required licence is
        also held by name: bit sets over the names any vacancy of the pool requires (kept per pool),
        checked pair by pair only where the masks passed."""
        universe, bits = self._required_name_bits(V)
        out = passed.copy()
        places, lx = x.where_v(np.flatnonzero(bits[vi].any(axis=1)))
        at: Any  # where in ``out`` the pairs checked by name sit
        if x.pairs:
            keep = np.flatnonzero(passed[places])
            at, lx = places[keep], Sides(lx.si, lx.vi, lx.r[keep], lx.c[keep])
        else:
            pr, pc = np.nonzero(passed[:, places])
            at, lx = (pr, places[pc]), Sides(lx.si, lx.vi, pr, pc)
        if len(lx.r):
            names = S.table.held_names
            held = _name_bits([names[int(i)] if names else () for i in si], universe, bits.shape[1])
            out[at] = ((lx.v(bits) & ~lx.s_local(held)) == 0).all(axis=-1)
        return out

    @staticmethod
    def _required_name_bits(V: VacancyPool) -> tuple[dict[str, int], np.ndarray]:
        """Every name some vacancy requires → a bit; per vacancy, its required names as bits (kept)."""
        got = V.cache.get("req_names_bits")
        if got is None:
            req_names = V.table.req_names or [[] for _ in V.items]
            universe = {n: b for b, n in enumerate(sorted({q for names in req_names for q in names}))}
            bits = _name_bits(req_names, universe, max(1, (len(universe) + 63) // 64))
            got = V.cache["req_names_bits"] = (universe, bits)
        return got

    def _visa_bad(self, V: VacancyPool, status: str) -> np.ndarray:
        bad = V.cache.get(("visa", status))
        if bad is None:
            vt = V.table
            bad = np.zeros(len(V.items), bool)
            if status in self.visas.employer or status not in self.visas.excluded_codes:
                bad |= np.array([status not in acc for acc in V.visas], dtype=bool)
            excl = self.visas.excluded_codes.get(status)
            if excl:
                bad |= np.array([c >= 0 and f"{int(c):04d}" in excl for c in vt.code], dtype=bool)
            V.cache[("visa", status)] = bad
        return bad

    def _region_ok(self, V: VacancyPool, name: str) -> np.ndarray:
        """Workplaces in the region ``name`` (``Gazetteer.within``); unknown places count as in."""
        ok = V.cache.get(("region", name))
        if ok is None:  # vectorised ``gazetteer.within``: names per distinct region, borders by distance
            vt, g, border = V.table, self.gazetteer, self.cfg.region_border_km
            uniq, at = self._regions(V)
            ok = np.array([r == ("", "") or g.matches(name, r) for r in uniq], dtype=bool)[at]
            places = np.asarray(g._matching(name), dtype=np.int64)
            rest = np.flatnonzero(~ok & np.isfinite(V.region_km))  # inferred from the point only
            if len(places) and rest.size:  # only workplaces in a box the tolerance around the places spans
                reach = float(V.region_km[rest].max()) + border
                pad = reach / 110.5 + 1e-6
                plat, plon = g.lat[places], g.lon[places]
                top = float(min(89.0, np.abs(plat).max() + pad))
                lon_pad = reach / (111.32 * max(np.cos(np.radians(top)), 1e-3)) + 1e-6
                vlat, vlon = vt.lat[rest], vt.lon[rest]
                near = (vlat >= plat.min() - pad) & (vlat <= plat.max() + pad)
                near &= (vlon >= plon.min() - lon_pad) & (vlon <= plon.max() + lon_pad)
                rest = rest[near]
            if len(places) and rest.size:
                km = great_circle_block_km(vt.lat[rest], vt.lon[rest], g.lat[places], g.lon[places])
                ok[rest] = km.min(axis=1) <= V.region_km[rest] + border
            V.cache[("region", name)] = ok
        return ok

    @staticmethod
    def _regions(V: VacancyPool) -> tuple[list, np.ndarray]:
        """The pool's distinct (시도, 시군구) and each vacancy's index among them (kept per pool)."""
        got = V.cache.get("regions")
        if got is None:
            uniq = sorted(set(V.region))
            index = {r: n for n, r in enumerate(uniq)}
            got = V.cache["regions"] = (uniq, np.array([index[r] for r in V.region], np.int64))
        return got

    def _cost(self, viol: np.ndarray) -> np.ndarray:
        """Σ RELAX_COST of the relaxed constraints per pair (a lookup by the violation bits)."""
        return _COST_OF_BITS[viol]

    def keys(self, score: np.ndarray, viol: np.ndarray) -> np.ndarray:
        """One sortable number per pair: fewest relaxed first (cost × 1000), then score."""
        return (score.astype(np.float64) - 1000.0 * self._cost(viol)).astype(np.float64)

    def _pick(self, score: np.ndarray, viol: np.ndarray, top: int) -> list[int]:
        """Exact fits by score, then (only if fewer than ``top``) the fewest-relaxed by score."""
        key = self.keys(score, viol)
        order = np.lexsort((np.arange(len(key)), -key))
        return [int(j) for j in order[:top]]

    def top_keys(self, S: SeekerPool, V: VacancyPool, si: np.ndarray, k_s: int, k_v: int):
        """For a block of seekers against the whole pool: each seeker's best ``k_s`` vacancy rows and
        keys, and each vacancy's best ``k_v`` seeker rows and keys within the block (-1 / -inf pad).
        The batch merges blocks without keeping features, results or reasons."""
        vi = np.arange(len(V.items))
        score, viol, _f = self._block(S, si, V, vi)
        key = self.keys(score, viol)
        ks = min(k_s, key.shape[1])
        part = (
            np.argpartition(-key, ks - 1, axis=1)[:, :ks] if ks < key.shape[1] else np.tile(vi, (len(si), 1))
        )
        pk = np.take_along_axis(key, part, axis=1)
        order = np.lexsort((part, -pk), axis=1)
        s_idx = np.take_along_axis(part, order, axis=1)
        s_key = np.take_along_axis(pk, order, axis=1)
        kv = min(k_v, key.shape[0])
        rows = np.arange(len(si))
        vpart = (
            np.argpartition(-key, kv - 1, axis=0)[:kv, :]
            if kv < key.shape[0]
            else np.tile(rows[:, None], (1, key.shape[1]))
        )
        v_key = np.take_along_axis(key, vpart, axis=0).T  # [V, kv]
        v_idx = si[vpart].T
        return s_idx, s_key, v_idx, v_key

    def explain(
        self, S: SeekerPool, V: VacancyPool, pairs: list[tuple[int, int]], seeker_side: bool
    ) -> list[Result]:
        """Results (score, reasons, relaxed) for chosen (seeker row, vacancy row) pairs, in groups: the
        pairs of ``EXPLAIN_GROUP`` seekers (of vacancies on the 공고 side) scored one by one (pairs
        mode, ``jobmatch.sides``: the same values as their block)."""
        arr = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        order = np.argsort(arr[:, 0 if seeker_side else 1], kind="stable")
        anchor = arr[order, 0 if seeker_side else 1]
        starts = np.concatenate([[0], np.flatnonzero(np.diff(anchor)) + 1])[:: self.EXPLAIN_GROUP]
        bounds = [*starts.tolist(), len(order)] if len(pairs) else []
        out: list = [None] * len(pairs)
        for a, b in zip(bounds[:-1], bounds[1:], strict=False):
            sel = order[a:b]
            su, vu = np.unique(arr[sel, 0]), np.unique(arr[sel, 1])
            rs, cs = np.searchsorted(su, arr[sel, 0]), np.searchsorted(vu, arr[sel, 1])
            score, viol, f = self._block(S, su, V, vu, pairs=(rs, cs))
            contrib = self._contributions(f)
            for p, n in enumerate(sel.tolist()):
                i, j = pairs[n]
                out[n] = self._result(S, i, V, j, p, None, score, viol, f, seeker_side, contrib[p])
        return out

    def _contributions(self, f: dict) -> list[dict]:
        """Each pair's points per feature (pairs mode), as ``_result`` computes them one at a time:
        the float32 product of weight and feature, rounded as a Python float."""
        names = list(self.w)
        cols = [round2(np.float32(self.w[k]) * f[k]) for k in names]
        return [dict(zip(names, row, strict=True)) for row in zip(*cols, strict=True)]

    def rank_for_seekers(
        self, S: SeekerPool, V: VacancyPool, top: int = 10, seekers=None
    ) -> list[list[Result]]:
        """Each seeker's top vacancies (all seekers of the pool, or the given rows)."""
        rows = np.arange(len(S.items)) if seekers is None else np.asarray(seekers, dtype=np.int64)
        out: list[list[Result]] = []
        if len(V.items) == 0:
            return [[] for _ in rows]
        vi = np.arange(len(V.items))
        for a in range(0, len(rows), self.cfg.block):
            si = rows[a : a + self.cfg.block]
            score, viol, f = self._block(S, si, V, vi)
            for r, i in enumerate(si):
                picks = self._pick(score[r], viol[r], top)
                out.append(
                    [self._result(S, int(i), V, j, r, j, score, viol, f, seeker_side=True) for j in picks]
                )
        return out

    def rank_for_vacancy(self, V: VacancyPool, j: int, S: SeekerPool, top: int = 10) -> list[Result]:
        """A vacancy's top seekers: the same constraints (each seeker's own) and the same labels."""
        if len(S.items) == 0:
            return []
        vi = np.array([j])
        results: list[tuple[int, float, int]] = []
        blocks = []
        for a in range(0, len(S.items), max(self.cfg.block * 16, 1)):
            si = np.arange(a, min(a + self.cfg.block * 16, len(S.items)))
            score, viol, f = self._block(S, si, V, vi)
            blocks.append((si, score, viol, f))
            cost = self._cost(viol[:, 0])
            for r in range(len(si)):
                results.append((int(cost[r]), -float(score[r, 0]), len(results)))
        results.sort()
        out = []
        flat = [(b, r) for b, (si, *_rest) in enumerate(blocks) for r in range(len(si))]
        for _c, _s, n in results[:top]:
            b, r = flat[n]
            si, score, viol, f = blocks[b]
            out.append(self._result(S, int(si[r]), V, j, r, 0, score, viol, f, seeker_side=False))
        return out


__all__ = [
    "CONSTRAINTS",
    "EDUCATION",
    "EMPLOYMENT",
    "FULL_TIME_HOURS_PER_MONTH",
    "SHIFTS",
    "VISAS_FILE",
    "WEEKS_PER_MONTH",
    "VisaRules",
    "InputError",
    "RELAX_COST",
    "RecommendConfig",
    "STRENGTH_DESIRED",
    "STRENGTH_EXPERIENCE",
    "STRENGTH_LICENCE",
    "STRENGTH_UNSURE",
    "SeekerPool",
    "VacancyPool",
    "Recommender",
    "Result",
    "SKILLS",
    "SeekerIn",
    "VacancyIn",
    "read_input",
    "seeker_from_json",
    "vacancy_from_json",
]


def _name_bits(rows, universe: dict[str, int], words: int) -> np.ndarray:
    """Per row of names, a bit set over ``universe`` (``words`` × 64 bits; names outside it left out)."""
    bits = np.zeros((len(rows), words), np.uint64)
    for r, names in enumerate(rows):
        for q in names:
            b = universe.get(q)
            if b is not None:
                bits[r, b // 64] |= np.uint64(1) << np.uint64(b % 64)
    return bits
