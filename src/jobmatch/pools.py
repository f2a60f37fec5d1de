"""Pools: profiles (``jobmatch.profiles``) turned into what the constrained ranking scores.

The engine's columnar tables (``jobmatch.model``), occupation codes from the one title normaliser
(``TitleNormaliser.suggest_many``: a *sure* code, else the person's pick, else the three candidates —
weakly for a seeker, with their weights for a vacancy: ``affinity.candidate_weights``), title vectors
(``affinity.TitleSpace``), skill masks (``jobmatch.skills``), regions (``jobmatch.regions``) and visa
acceptance. ``PoolBuilder`` is mixed into ``jobmatch.recommend.Recommender``.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from . import affinity as af
from . import model as jm
from .profiles import EDUCATION, EMPLOYMENT, SHIFTS, SeekerIn, VacancyIn
from .regions import Gazetteer
from .skills import implied_codes, skill_mask

STRENGTH_DESIRED, STRENGTH_EXPERIENCE, STRENGTH_LICENCE, STRENGTH_UNSURE = 1.0, 0.9, 0.7, 0.5


@dataclass
class VacancyPool:
    items: list[VacancyIn]
    table: jm.VacancyTable
    skills: np.ndarray  # uint64
    region: list[tuple[str, str]]  # (sido, sigungu) or ("", "")
    region_km: np.ndarray  # region inferred from the point: km to its nearest place; named: NaN
    visas: list[set[str]]
    suggestions: list  # Suggestion per item (None when the code was given)
    row: dict
    cache: dict = field(default_factory=dict)  # per-pool constraint vectors (visa status, region name)
    titles: object = None  # csr [V, F]: title vectors (``affinity.TitleSpace``)
    cand: np.ndarray | None = None  # int32 [V, 3]: occupation candidates (-1 pad); the code when sure
    cand_w: np.ndarray | None = None  # float32 [V, 3]: their weights (1, 0, 0 when sure)


@dataclass
class SeekerPool:
    items: list[SeekerIn]
    table: jm.SeekerTable
    skills: np.ndarray
    row: dict
    titles: object = None  # csr [T, F]: every seeker's titles stacked (``affinity.TitleSpace``)
    title_start: np.ndarray | None = None  # int64 [S + 1]: row offsets of each seeker's titles
    title_w: np.ndarray | None = None  # float32 [T]: strength of each title (desired 1, past 0.9)


class PoolBuilder:
    """The ``pool_*`` half of ``Recommender``."""

    normaliser: Any  # a TitleNormaliser (or a test double with suggest_many)
    encoder: Any
    gazetteer: Gazetteer
    vocab: jm.QualificationVocab
    licence_links: dict
    title_space: af.TitleSpace

    def pool_vacancies(self, items: Sequence[VacancyIn]) -> VacancyPool:
        items = list(items)
        todo = [i for i, v in enumerate(items) if not v.code]
        sugg: list = [None] * len(items)
        if todo:
            for i, sg in zip(
                todo, _suggest_unique(self.normaliser, [items[i].title for i in todo]), strict=True
            ):
                sugg[i] = sg
        recs = []
        for i, v in enumerate(items):
            code = v.code or (sugg[i].code if sugg[i] is not None else None)
            recs.append(
                jm.VacancyRecord(
                    id=i,
                    code=code,
                    lat=v.lat,
                    lon=v.lon,
                    wage=v.wage_monthly,
                    shift=SHIFTS.get(v.shift or "", 0),
                    days=v.days_per_week,
                    emp=EMPLOYMENT.get(v.employment or "", 0),
                    exp_years=v.min_experience_years,
                    edu=EDUCATION.get(v.education or "", 0),
                    visa_ok=0,
                    dorm=v.dormitory,
                    bus=v.commuter_bus,
                    bus_km=v.commuter_bus_km if v.commuter_bus else 0.0,
                    required=v.required_licences,
                    preferred=v.preferred_licences,
                    openings=v.openings,
                    text=f"{v.title} {v.duties}",
                )
            )
        table = jm.vacancies_from_records(recs, self.vocab, self.encoder)
        skills = np.array([_skill_mask_cached(v.title, v.duties) for v in items], dtype=np.uint64)
        regions = []
        inferred_km = np.full(len(items), np.nan)  # a region from the point: its nearest place's km
        parsed: dict[str, tuple[str, str]] = {}  # region names recur (a few hundred 시군구)
        for i, v in enumerate(items):
            hit = ("", "")
            if v.region:
                if v.region not in parsed:
                    parsed[v.region] = self.gazetteer.parse(v.region) or ("", "")
                hit = parsed[v.region]
            if not hit[1] and v.lat is not None and v.lon is not None:  # no name, or a whole 시도
                hit, inferred_km[i] = self.gazetteer.nearest(v.lat, v.lon)
            regions.append(hit)
        cand = np.full((len(items), af.N_CANDIDATES), -1, np.int32)
        cand_w = np.zeros((len(items), af.N_CANDIDATES), np.float32)
        for i, v in enumerate(items):
            code = v.code or (sugg[i].code if sugg[i] is not None else None)
            if code:
                cand[i, 0], cand_w[i, 0] = int(code), 1.0
            else:
                codes, weights = af.candidate_weights(sugg[i])
                cand[i, : len(codes)] = codes
                cand_w[i, : len(weights)] = weights
        return VacancyPool(
            items,
            table,
            skills,
            regions,
            inferred_km,
            [set(v.accepts_visas) for v in items],
            sugg,
            {v.id: i for i, v in enumerate(items)},
            titles=self.title_space.matrix([v.title for v in items]).tocsr(),
            cand=cand,
            cand_w=cand_w,
        )

    def _known_regions_only(self, s: SeekerIn) -> SeekerIn:
        known = [n for n in s.desired_regions if self.gazetteer.knows(n)]
        return s if len(known) == len(s.desired_regions) else replace(s, desired_regions=known)

    def pool_seekers(self, items: Sequence[SeekerIn]) -> SeekerPool:
        """Occupations of each seeker: the codes a person chose (desired), the normaliser's sure code
        of every desired title and experience (an unsure one: the person's pick from the three when
        there is one, else the three weakly), and the codes the skills of held licences name
        (지게차운전기능사 → 지게차 → 6230: the curated skill list, not the noisy licence tables).
        A desired region no place answers to ("남동공단", a typo) is left out: it cannot be checked,
        and it must not put every workplace outside the seeker's wishes."""
        items = [self._known_regions_only(s) for s in items]
        titles: list[str] = []
        owner: list[tuple[int, float, str | None]] = []
        for i, s in enumerate(items):
            for t in s.desired_titles:
                titles.append(t)
                owner.append((i, STRENGTH_DESIRED, None))
            picks = list(s.experience_codes) + [None] * (len(s.experience) - len(s.experience_codes))
            for (t, _y), pick in zip(s.experience, picks, strict=False):
                titles.append(t)
                owner.append((i, STRENGTH_EXPERIENCE, pick))
        codes: list[dict[str, float]] = [dict() for _ in items]

        def put(i: int, c: str, w: float) -> None:
            codes[i][c] = max(codes[i].get(c, 0.0), w)

        for i, s in enumerate(items):
            for c, w in s.codes:
                put(i, c, w)
            for c in s.licence_codes:
                put(i, c, STRENGTH_LICENCE)
            for lic in s.licences:
                linked = self.licence_links.get(jm.normalise_qualification(lic))
                for c in linked if linked is not None else implied_codes(lic):
                    put(i, c, STRENGTH_LICENCE)
        if titles:
            for (i, strength, pick), sg in zip(owner, _suggest_unique(self.normaliser, titles), strict=True):
                if sg.sure:
                    put(i, sg.candidates[0].code, strength)
                elif pick:
                    put(i, pick, strength)
                else:  # 모르겠음: the three candidates, weakly
                    for cand in sg.candidates:
                        put(i, cand.code, STRENGTH_UNSURE)
        recs = []
        for i, s in enumerate(items):
            text = " ".join([s.summary, *s.desired_titles, *(t for t, _ in s.experience)])
            recs.append(
                jm.SeekerRecord(
                    id=i,
                    codes=sorted(codes[i].items(), key=lambda kv: -kv[1]),
                    lat=s.lat,
                    lon=s.lon,
                    wage=s.min_wage_monthly,
                    shift=sum({SHIFTS[x] for x in s.shifts if x in SHIFTS}),
                    emp=sum({EMPLOYMENT[x] for x in s.employment if x in EMPLOYMENT}),
                    exp_years=float(sum(y for _, y in s.experience)),
                    edu=EDUCATION.get(s.education or "", 0),
                    visa=0,
                    needs_dorm=s.needs_dormitory,
                    max_commute=float(s.max_commute_minutes or 0),
                    held=s.licences,
                    text=text,
                )
            )
        table = jm.seekers_from_records(recs, self.vocab, self.encoder)
        skills = np.array(
            [
                _skill_mask_cached(*s.desired_titles, *(t for t, _ in s.experience), *s.licences, s.summary)
                for s in items
            ],
            dtype=np.uint64,
        )
        own = [
            [(t, STRENGTH_DESIRED) for t in s.desired_titles]
            + [(t, STRENGTH_EXPERIENCE) for t, _y in s.experience if t]
            for s in items
        ]
        flat = [t for ts in own for t, _w in ts]
        return SeekerPool(
            items,
            table,
            skills,
            {s.id: i for i, s in enumerate(items)},
            titles=self.title_space.matrix(flat).tocsr(),
            title_start=np.concatenate([[0], np.cumsum([len(ts) for ts in own])]).astype(np.int64),
            title_w=np.array([w for ts in own for _t, w in ts], np.float32),
        )


def _suggest_unique(normaliser, titles: list[str]) -> list:
    """``suggest_many`` once per distinct title (titles repeat: 용접공, 생산직 …), in the given order;
    remembered per normaliser (bounded), so the nightly batch's chunks share the work."""
    try:
        memo = _SUGGESTED.setdefault(normaliser, {})
    except TypeError:  # a test double that cannot be weakly referenced
        memo = {}
    todo = [t for t in dict.fromkeys(titles) if t not in memo]
    if todo:
        if len(memo) > 500_000:
            memo.clear()
        memo.update(zip(todo, normaliser.suggest_many(todo), strict=True))
    return [memo[t] for t in titles]


_SUGGESTED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_SKILL_CACHE: dict[str, int] = {}


def _skill_mask_cached(*texts: str) -> int:
    """``skill_mask`` of the texts (the OR of each text's mask), each text's remembered (bounded) —
    the same titles, licences and duties recur, their combinations much less."""
    mask = 0
    for text in texts:
        hit = _SKILL_CACHE.get(text)
        if hit is None:
            if len(_SKILL_CACHE) > 200_000:
                _SKILL_CACHE.clear()
            hit = _SKILL_CACHE[text] = skill_mask(text)
        mask |= hit
    return mask
