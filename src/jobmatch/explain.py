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
        st, vt = S.table, V.table
        s, v = S.items[i], V.items[j]
        out: list[dict] = []

        def add(code, positive=True, **params):
            out.append({"code": code, "params": params, "positive": positive})

        # relaxed constraints first: the fact against the wish
        minutes = float(f["_minutes"][at])
        if "occupation" in relaxed:
            vcode = int(vt.code[j])
            add("relaxed_occupation", False, occupation=self.occ_names.get(vcode, v.title or str(vcode)))
        if "licence" in relaxed:
            held = set(st.held_names[i]) if st.held_names else set()
            missing = [q for q in vt.req_names[j] if q not in held]
            add("relaxed_licence", False, licences=missing)
        if "visa" in relaxed:
            add("relaxed_visa", False, visa=s.visa)
        if "shift" in relaxed:
            add("relaxed_shift", False, shift_bits=int(vt.shift[j]), wanted_bits=int(st.shift[i]))
        if "employment" in relaxed:
            add("relaxed_employment", False, type_bits=int(vt.emp[j]), wanted_type_bits=int(st.emp[i]))
        if "wage" in relaxed:
            add("relaxed_wage", False, offered=int(vt.wage[j]), desired=int(st.wage[i]))
        if "dormitory" in relaxed:
            add("relaxed_dormitory", False)
        if "region" in relaxed:
            add("relaxed_region", False, region=" ".join(x for x in V.region[j] if x))
        if "commute" in relaxed:
            smax = f["_smax"]
            add(
                "relaxed_commute",
                False,
                minutes=_round5(minutes),
                limit=int(float(smax[at] if smax.ndim == 1 else smax[at[0], 0])),
            )
        # facts about the vacancy that make it fit
        shared = int(S.skills[i]) & int(V.skills[j])
        if shared:
            add("skill_same", skills=skill_keys(shared))
        vcode = int(vt.code[j])
        if vcode >= 0 and "occupation" not in relaxed:
            best = 0
            for k in range(st.codes.shape[1]):
                code = int(st.codes[i, k])
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
                add("occupation_same", occupation=name)
            elif best == 2:
                add("occupation_near", occupation=name)
            elif not shared:
                add("occupation", occupation=name)
        elif vcode < 0 and not shared:
            add("occupation_unknown", positive=False)
        if float(f["text"][at]) >= 0.5 and not shared:
            add("duties_similar")
        held = set(st.held_names[i]) if st.held_names else set()
        for q in vt.req_names[j]:
            if q in held:
                add("licence_required_held", licence=q)
        for q in vt.pref_names[j]:
            if q in held:
                add("licence_preferred_held", licence=q)
        if "commute" not in relaxed:
            if np.isnan(minutes):
                add("commute_unknown", positive=False)
            else:
                add("commute_bus" if bool(f["_bus"][at]) else "commute", minutes=_round5(minutes))
        if "region" not in relaxed and s.desired_regions and V.region[j] != ("", ""):
            add("region", region=" ".join(x for x in V.region[j] if x))
        if "wage" not in relaxed and v.wage_monthly:
            if v.wage_hourly:
                add("wage_hourly", hourly=int(v.wage_hourly), monthly=int(v.wage_monthly))
            else:
                add("wage_monthly", monthly=int(v.wage_monthly))
        if "shift" not in relaxed and vt.shift[j]:
            add("shift", shift_bits=int(vt.shift[j]))
        if "employment" not in relaxed and vt.emp[j]:
            add("employment", type_bits=int(vt.emp[j]))
        if v.dormitory and "dormitory" not in relaxed:
            add("dormitory")
        if s.visa and "visa" not in relaxed and s.visa in self.visas.employer:
            add("visa_ok", visa=s.visa)
        ved, sed = int(vt.edu[j]), int(st.edu[i])
        if ved > 0 and sed < ved:
            add("edu_short", False, level=jm.EDU_NAMES.get(ved, ""), level_rank=ved)
        vx = float(vt.exp_years[j])
        if vx > 0:
            if float(st.exp_years[i]) >= vx:
                add("experience_ok", years=vx)
            else:
                add("experience_short", False, years=vx)
        return out


def _round5(minutes: float) -> int:
    return int(round(minutes / 5.0) * 5) or 5
