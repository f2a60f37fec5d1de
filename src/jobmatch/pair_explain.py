"""``explain_pair``: score, per-feature contributions and reasons (codes) of one pair for the
benchmark engine (``jobmatch.online``); the constrained ranking explains with ``jobmatch.explain``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .model import VISA_NAMES, SeekerTable, VacancyTable
from .scoring import FEATURES, ScoringConfig, block_features


@dataclass
class Reason:
    """A structured reason: ``code`` + ``params`` (values and codes: minutes, won, bit masks of
    shifts/employment types, education rank, licence names). The engine writes no sentence; the
    caller renders the code in its own language (``iljari.matching.reasons``)."""

    code: str
    params: dict
    positive: bool = True

    def as_dict(self) -> dict:
        return {"code": self.code, "params": self.params, "positive": self.positive}


def _bits(mask: int, names: dict[int, str]) -> str:
    return "·".join(n for b, n in names.items() if mask & b)


def explain_pair(
    s: SeekerTable,
    i: int,
    v: VacancyTable,
    j: int,
    cfg: ScoringConfig,
    occ_names: dict[int, str] | None = None,
) -> tuple[float, dict[str, float], list[Reason]]:
    """Score, per-feature contributions (points out of 100) and reasons (codes) for one pair."""
    si = np.array([i])
    vi = np.array([j])
    f = block_features(s, si, v, vi, cfg)
    w = cfg.wvec()
    contrib = {name: round(float(100.0 * w[k] * f[name][0, 0]), 2) for k, name in enumerate(FEATURES)}
    score = round(float(sum(contrib.values())), 2)
    reasons: list[Reason] = []
    occ_names = occ_names or {}
    vcode = int(v.code[j])
    # occupation
    if vcode < 0:
        reasons.append(Reason("occ_unknown", {}, False))
    elif not (s.codes[i] >= 0).any():
        reasons.append(Reason("occ_seeker_unknown", {}, False))
    else:
        o = float(f["occ"][0, 0])
        name = occ_names.get(vcode, str(vcode))
        best_j = None
        for k in range(s.codes.shape[1]):
            c = int(s.codes[i, k])
            if c < 0:
                continue
            if c == vcode:
                best_j = (1, k)
                break
            if c // 10 == vcode // 10 and (best_j is None or best_j[0] > 2):
                best_j = (2, k)
            elif c // 100 == vcode // 100 and best_j is None:
                best_j = (3, k)
        if best_j is None:
            reasons.append(Reason("occ_other", {"occupation": name}, False))
        else:
            lvl, k = best_j
            src = float(s.code_w[i, k])
            via = "desired" if src >= 0.99 else ("experience" if src >= 0.85 else "licence")
            p = {"occupation": name, "via": via}
            if lvl == 1:
                reasons.append(Reason("occ_same", p))
            elif lvl == 2:
                reasons.append(Reason("occ_near", p))
            else:
                reasons.append(Reason("occ_related", p, o > 0))
    # qualifications (checked by name, not by mask)
    held = set(s.held_names[i]) if s.held_names else set()
    req = v.req_names[j] if v.req_names else []
    pref = v.pref_names[j] if v.pref_names else []
    for q in req:
        if q in held:
            reasons.append(Reason("licence_held", {"licence": q}))
        else:
            reasons.append(Reason("licence_missing", {"licence": q}, False))
    for q in pref:
        if q in held:
            reasons.append(Reason("licence_pref_held", {"licence": q}))
    # commute
    minutes = float(f["_minutes"][0, 0])
    if np.isnan(minutes):
        reasons.append(Reason("commute_unknown", {}, False))
    else:
        m = int(round(minutes / 5.0) * 5) or 5
        bus = bool(f["_bus"][0, 0])
        limit = float(f["_smax"][0, 0])
        if bus:
            reasons.append(Reason("commute_bus", {"minutes": m}, minutes <= limit))
        else:
            reasons.append(Reason("commute", {"minutes": m}, minutes <= limit))
        if minutes > limit:
            reasons.append(Reason("commute_over", {"limit": int(limit)}, False))
    # wage
    vw, sw_ = int(v.wage[j]), int(s.wage[i])
    if vw > 0 and sw_ > 0:
        if vw >= sw_:
            reasons.append(Reason("wage_ok", {"offered": vw, "desired": sw_}))
        else:
            gap = int(round((sw_ - vw) / 10000))
            reasons.append(
                Reason(
                    "wage_short",
                    {"offered": vw, "desired": sw_, "gap_manwon": gap},
                    False,
                )
            )
    elif vw <= 0:
        reasons.append(Reason("wage_unknown", {}, False))
    # shift
    vs, ss = int(v.shift[j]), int(s.shift[i])
    if ss and vs:
        if vs & ss:
            reasons.append(
                Reason(
                    "shift_ok",
                    {"shift_bits": ss},
                )
            )
        else:
            reasons.append(
                Reason(
                    "shift_mismatch",
                    {
                        "shift_bits": vs,
                        "wanted_bits": ss,
                    },
                    False,
                )
            )
    # days
    if int(s.days[i]) and int(v.days[j]) and int(v.days[j]) > int(s.days[i]):
        reasons.append(Reason("days_over", {"days": int(v.days[j])}, False))
    # employment type
    ve, se = int(v.emp[j]), int(s.emp[i])
    if ve and se:
        if ve & se:
            reasons.append(
                Reason(
                    "emp_ok",
                    {"type_bits": ve},
                )
            )
        else:
            reasons.append(
                Reason(
                    "emp_mismatch",
                    {"type_bits": ve},
                    False,
                )
            )
    # experience, education
    vx, sx = float(v.exp_years[j]), float(s.exp_years[i])
    if vx > 0:
        if sx >= vx:
            reasons.append(Reason("exp_ok", {"years": vx}))
        else:
            reasons.append(Reason("exp_short", {"years": vx}, False))
    ved, sed = int(v.edu[j]), int(s.edu[i])
    if ved > 0 and sed < ved:
        reasons.append(
            Reason(
                "edu_short",
                {"level_rank": ved},
                False,
            )
        )
    # visa, dormitory
    sv = int(s.visa[i])
    if sv:
        name = _bits(sv, VISA_NAMES)  # status codes (E-9, H-2 …), not words
        if int(v.visa_ok[j]) & sv:
            reasons.append(Reason("visa_ok", {"visa": name}))
        else:
            reasons.append(Reason("visa_no", {"visa": name}, False))
    if bool(s.needs_dorm[i]):
        if bool(v.dorm[j]):
            reasons.append(Reason("dorm_ok", {}))
        else:
            reasons.append(Reason("dorm_no", {}, False))
    ts = float(f["text"][0, 0])
    if ts >= 0.5:
        reasons.append(Reason("duties_similar", {"similarity": round(ts, 2)}))
    return score, contrib, reasons
