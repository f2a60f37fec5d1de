"""Explanations of the constrained ranking as codes with values (``Result``, reasons).

Reasons are data: ``{"code", "params", "positive"}``; ``iljari.matching.reasons`` renders them
(Korean and English). Positive reasons state facts about the vacancy (통근 약 25분, 주간 근무, 기숙사
제공, 월 260만 원), never the seeker's wish echoed back; a relaxed constraint's reason sets the fact
against the wish (통근 55분 — 희망 45분보다 멂). ``Explanations`` is mixed into
``jobmatch.recommend.Recommender`` (it reads the recommender's weights, names and visa rules).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import model as jm
from .profiles import CONSTRAINT_BIT, CONSTRAINTS, VisaRules
from .skills import skill_keys


@dataclass
class Result:
    """One recommendation: the other side's id, score, reasons (codes), relaxed constraints."""

    id: int | str
    score: float
    reasons: list[dict]
    relaxed: list[str]
    contributions: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"id": self.id, "score": self.score, "reasons": self.reasons, "relaxed": self.relaxed}


class Explanations:
    """The ``_result`` / ``_reasons`` half of ``Recommender`` (same block features as the score)."""

    w: dict[str, float]
    occ_names: dict[int, str]
    visas: VisaRules

    def _result(
        self, S, i, V, j, r, c, score, viol, f, seeker_side: bool, contrib: dict | None = None
    ) -> Result:
        """The pair at ``[r, c]`` of a block's arrays, or at ``[r]`` of a pairs-mode result (``c`` None)."""
        at = (r,) if c is None else (r, c)
        bits = int(viol[at])
        relaxed = [name for name in CONSTRAINTS if bits & CONSTRAINT_BIT[name]] if bits else []
        if contrib is None:
            contrib = {k: round(float(self.w[k] * f[k][at]), 2) for k in self.w}
        reasons = self._reasons(S, i, V, j, at, f, relaxed)
        other = V.items[j].id if seeker_side else S.items[i].id
        return Result(other, round(float(score[at]), 2), reasons, relaxed, contrib)

    def _reasons(self, S, i, V, j, at: tuple, f, relaxed: list[str]) -> list[dict]:
        # one dict per reason, appended in place: {"code", "params", "positive"} (a helper function
        # taking keyword arguments cost a third of the nightly job's explanations)
        st, vt = S.table, V.table
        s, v = S.items[i], V.items[j]
        out: list[dict] = []
        add = out.append
        params: dict  # one reason's parameters, where they take more than a line
        held = set(st.held_names[i]) if st.held_names else set()
        v_region = V.region[j]
        region_name = " ".join(x for x in v_region if x)

        # relaxed constraints first: the fact against the wish
        minutes = float(f["_minutes"][at])
        if relaxed:
            if "occupation" in relaxed:
                vcode = int(vt.code[j])
                name = self.occ_names.get(vcode, v.title or str(vcode))
                add({"code": "relaxed_occupation", "params": {"occupation": name}, "positive": False})
            if "licence" in relaxed:
                missing = [q for q in vt.req_names[j] if q not in held]
                add({"code": "relaxed_licence", "params": {"licences": missing}, "positive": False})
            if "visa" in relaxed:
                add({"code": "relaxed_visa", "params": {"visa": s.visa}, "positive": False})
            if "shift" in relaxed:
                params = {"shift_bits": int(vt.shift[j]), "wanted_bits": int(st.shift[i])}
                add({"code": "relaxed_shift", "params": params, "positive": False})
            if "employment" in relaxed:
                params = {"type_bits": int(vt.emp[j]), "wanted_type_bits": int(st.emp[i])}
                add({"code": "relaxed_employment", "params": params, "positive": False})
            if "wage" in relaxed:
                params = {"offered": int(vt.wage[j]), "desired": int(st.wage[i])}
                add({"code": "relaxed_wage", "params": params, "positive": False})
            if "dormitory" in relaxed:
                add({"code": "relaxed_dormitory", "params": {}, "positive": False})
            if "region" in relaxed:
                add({"code": "relaxed_region", "params": {"region": region_name}, "positive": False})
            if "commute" in relaxed:
                smax = f["_smax"]
                limit = int(float(smax[at] if smax.ndim == 1 else smax[at[0], 0]))
                params = {"minutes": _round5(minutes), "limit": limit}
                add({"code": "relaxed_commute", "params": params, "positive": False})
        # facts about the vacancy that make it fit
        shared = int(S.skills[i]) & int(V.skills[j])
        if shared:
            add({"code": "skill_same", "params": {"skills": skill_keys(shared)}, "positive": True})
        vcode = int(vt.code[j])
        if vcode >= 0 and "occupation" not in relaxed:
            best = 0
            for code in st.codes[i].tolist():
                if code < 0:
                    continue
                lvl = (
                    3
                    if code == vcode
                    else 2
                    if code // 10 == vcode // 10
                    else 1
                    if code // 100 == vcode // 100
                    else 0
                )
                best = max(best, lvl)
            name = self.occ_names.get(vcode, str(vcode))
            if best == 3:
                add({"code": "occupation_same", "params": {"occupation": name}, "positive": True})
            elif best == 2:
                add({"code": "occupation_near", "params": {"occupation": name}, "positive": True})
            elif not shared:
                add({"code": "occupation", "params": {"occupation": name}, "positive": True})
        elif vcode < 0 and not shared and "occupation" not in relaxed:  # (relaxed: said above)
            add({"code": "occupation_unknown", "params": {}, "positive": False})
        if float(f["text"][at]) >= 0.5 and not shared:
            add({"code": "duties_similar", "params": {}, "positive": True})
        if held:
            for q in vt.req_names[j]:
                if q in held:
                    add({"code": "licence_required_held", "params": {"licence": q}, "positive": True})
            for q in vt.pref_names[j]:
                if q in held:
                    add({"code": "licence_preferred_held", "params": {"licence": q}, "positive": True})
        if "commute" not in relaxed:
            if minutes != minutes:  # NaN: no place
                add({"code": "commute_unknown", "params": {}, "positive": False})
            else:
                code = "commute_bus" if bool(f["_bus"][at]) else "commute"
                add({"code": code, "params": {"minutes": _round5(minutes)}, "positive": True})
        if "region" not in relaxed and s.desired_regions and v_region != ("", ""):
            add({"code": "region", "params": {"region": region_name}, "positive": True})
        if "wage" not in relaxed and v.wage_monthly:
            if v.wage_hourly:
                params = {"hourly": int(v.wage_hourly), "monthly": int(v.wage_monthly)}
                add({"code": "wage_hourly", "params": params, "positive": True})
            else:
                add({"code": "wage_monthly", "params": {"monthly": int(v.wage_monthly)}, "positive": True})
        v_shift, v_emp = int(vt.shift[j]), int(vt.emp[j])
        if "shift" not in relaxed and v_shift:
            add({"code": "shift", "params": {"shift_bits": v_shift}, "positive": True})
        if "employment" not in relaxed and v_emp:
            add({"code": "employment", "params": {"type_bits": v_emp}, "positive": True})
        if v.dormitory and "dormitory" not in relaxed:
            add({"code": "dormitory", "params": {}, "positive": True})
        if s.visa and "visa" not in relaxed and s.visa in self.visas.employer:
            add({"code": "visa_ok", "params": {"visa": s.visa}, "positive": True})
        ved, sed = int(vt.edu[j]), int(st.edu[i])
        if ved > 0 and sed < ved:
            params = {"level": jm.EDU_NAMES.get(ved, ""), "level_rank": ved}
            add({"code": "edu_short", "params": params, "positive": False})
        vx = float(vt.exp_years[j])
        if vx > 0:
            if float(st.exp_years[i]) >= vx:
                add({"code": "experience_ok", "params": {"years": vx}, "positive": True})
            else:
                add({"code": "experience_short", "params": {"years": vx}, "positive": False})
        return out


def round2(x: np.ndarray) -> list[float]:
    """``[round(float(v), 2) for v in x]`` — Python's correctly rounded result — vectorised:
    ``rint(100 v) / 100`` is the same double (the nearest to k / 100) unless ``100 v`` lies within a
    hair of a half or is too large for the product to be exact; those few go through ``round``."""
    v = np.asarray(x, np.float64)
    h = v * 100.0
    out = (np.rint(h) / 100.0).tolist()
    with np.errstate(invalid="ignore"):  # inf − inf: NaN, doubtful
        doubtful = ~(np.abs(np.abs(h - np.trunc(h)) - 0.5) > 1e-6) | ~(np.abs(h) < 1e12)
    if doubtful.any():
        vals = v.tolist()
        for p in np.flatnonzero(doubtful).tolist():
            out[p] = round(vals[p], 2)
    return out


def _round5(minutes: float) -> int:
    return int(round(minutes / 5.0) * 5) or 5
