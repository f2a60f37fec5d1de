"""Recommendations that keep people's stated needs: hard constraints, fewest relaxed, reasons as codes.

One path serves everything that ranks (the ``iljari recommend`` evaluation command, the 추천 pages of a
seeker and of a vacancy, the nightly batch):

* **profiles** (``SeekerIn`` / ``VacancyIn``) are plain values — the public JSON input format of
  ``iljari recommend`` (``seeker_from_json`` / ``vacancy_from_json`` validate it) or what the Django
  bridge reads from the database;
* ``Recommender.pool_*`` turns profiles into pools: the engine's columnar tables (``jobmatch.model``),
  occupation codes from the one title normaliser (``TitleNormaliser.suggest_many``: only *sure* codes;
  an unsure title leaves the occupation to skills and duty text), skill masks (``jobmatch.skills``),
  regions (``jobmatch.regions``) and visa acceptance (``data/visas.json``);
* ``Recommender.rank`` scores a block with the engine's features (``scoring.block_features``) plus the
  skill credit, evaluates the **hard constraints** as people state them (``CONSTRAINTS``), and ranks
  exact fits first; when fewer than ``top`` fit everything, it adds the pairs that relax the fewest
  constraints (visa last), each labelled with what it relaxes.

Reasons are data: ``{"code", "params", "positive"}``; ``matching.reasons`` renders them (Korean and
English). Positive reasons state facts about the vacancy (통근 약 25분, 주간 근무, 기숙사 제공, 월 260만
원), never the seeker's wish echoed back; a relaxed constraint's reason sets the fact against the wish
(통근 55분 — 희망 45분보다 멂).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import affinity as af
from . import model as jm
from .regions import Gazetteer, default_gazetteer
from .scoring import FEATURES, ScoringConfig, block_features, great_circle_block_km
from .skills import SKILLS, implied_codes, skill_credit, skill_keys, skill_mask

#: the hard constraints, in the order relaxed labels are listed
CONSTRAINTS = (
    "occupation",
    "licence",
    "visa",
    "shift",
    "employment",
    "wage",
    "dormitory",
    "region",
    "commute",
)
#: cost of relaxing each (fewest first; a work permit is the law, relaxed only as a last resort)
RELAX_COST = {c: 1 for c in CONSTRAINTS} | {"visa": 10}
_BIT = {c: 1 << i for i, c in enumerate(CONSTRAINTS)}

SHIFTS = {
    "day": jm.SHIFT_DAY,
    "night": jm.SHIFT_NIGHT,
    "two_shift": jm.SHIFT_TWO,
    "three_shift": jm.SHIFT_THREE,
}
EMPLOYMENT = {
    "permanent": jm.EMP_PERMANENT,
    "contract": jm.EMP_CONTRACT,
    "part_time": jm.EMP_PARTTIME,
    "dispatch": jm.EMP_DAILY,
}
EDUCATION = {"none": 0, "middle": 1, "high": 2, "college": 3, "university": 4, "graduate": 5}
WEEKS_PER_MONTH = 4.345
FULL_TIME_HOURS_PER_MONTH = 209  # 40 h/week + paid weekly rest day, the statutory monthly basis

STRENGTH_DESIRED, STRENGTH_EXPERIENCE, STRENGTH_LICENCE, STRENGTH_UNSURE = 1.0, 0.9, 0.7, 0.5

#: float32 minutes vs the stated limit: over it by this margin or less counts as over
COMMUTE_MARGIN_MIN = 0.01

VISAS_FILE = Path(__file__).with_name("data") / "visas.json"


class InputError(ValueError):
    """Bad input, with the JSON path of the field (``vacancies[2].lat: …``)."""


# --- profiles -----------------------------------------------------------------------------------


@dataclass
class VacancyIn:
    id: int | str
    title: str = ""
    duties: str = ""
    lat: float | None = None
    lon: float | None = None
    wage_monthly: int | None = None  # monthly equivalent
    wage_hourly: int | None = None  # as stated, when hourly
    shift: str | None = None
    employment: str | None = None
    hours_per_week: float | None = None
    min_experience_years: float = 0.0
    education: str | None = None
    required_licences: list[str] = field(default_factory=list)
    preferred_licences: list[str] = field(default_factory=list)
    accepts_visas: list[str] = field(default_factory=list)
    dormitory: bool = False
    commuter_bus: bool = False
    commuter_bus_km: float = 25.0
    openings: int = 1
    region: str | None = None  # "경기도 시흥시"; from the coordinates when absent
    code: str | None = None  # a KECO code already chosen by a person (vacancy form); else normalised
    days_per_week: int = 0


@dataclass
class SeekerIn:
    id: int | str
    desired_titles: list[str] = field(default_factory=list)
    experience: list[tuple[str, float]] = field(default_factory=list)  # (title or duties, years)
    licences: list[str] = field(default_factory=list)
    lat: float | None = None
    lon: float | None = None
    max_commute_minutes: float | None = None
    shifts: list[str] = field(default_factory=list)
    employment: list[str] = field(default_factory=list)
    min_wage_monthly: int | None = None
    visa: str = ""
    needs_dormitory: bool = False
    desired_regions: list[str] = field(default_factory=list)
    education: str | None = None
    birth_year: int | None = None
    summary: str = ""
    codes: list[tuple[str, float]] = field(default_factory=list)  # (code, strength) chosen by a person
    experience_codes: list[str | None] = field(default_factory=list)  # the person's pick per experience
    licence_codes: list[str] = field(default_factory=list)  # occupations of held licences (curated)


def _err(path: str, msg: str) -> InputError:
    return InputError(f"{path}: {msg}")


def _num(d: dict, key: str, path: str, lo=None, hi=None, default=None, integer=False):
    v = d.get(key, default)
    if v is None:
        return default
    if isinstance(v, bool) or not isinstance(v, int | float) or (isinstance(v, float) and math.isnan(v)):
        raise _err(f"{path}.{key}", "숫자여야 합니다")
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        raise _err(f"{path}.{key}", f"{lo}–{hi} 범위를 벗어났습니다")
    return int(v) if integer else float(v)


def _str(d: dict, key: str, path: str, choices=None, default=None):
    v = d.get(key, default)
    if v is None or v == "":
        return default
    if not isinstance(v, str):
        raise _err(f"{path}.{key}", "문자열이어야 합니다")
    if choices is not None and v not in choices:
        raise _err(f"{path}.{key}", f"{sorted(choices)} 중 하나여야 합니다")
    return v


def _strs(d: dict, key: str, path: str, choices=None) -> list[str]:
    v = d.get(key)
    if v is None:
        return []
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise _err(f"{path}.{key}", "문자열 목록이어야 합니다")
    if choices is not None:
        bad = [x for x in v if x not in choices]
        if bad:
            raise _err(f"{path}.{key}", f"알 수 없는 값 {bad}")
    return [x.strip() for x in v if x.strip()]


def _bool(d: dict, key: str, path: str) -> bool:
    v = d.get(key, False)
    if v is None:
        return False
    if not isinstance(v, bool):
        raise _err(f"{path}.{key}", "true/false여야 합니다")
    return v


def _id(d: dict, path: str):
    v = d.get("id")
    if isinstance(v, bool) or not isinstance(v, int | str) or v == "":
        raise _err(f"{path}.id", "정수 또는 문자열 id가 필요합니다")
    return v


def vacancy_from_json(d: dict, path: str = "vacancy") -> VacancyIn:
    if not isinstance(d, dict):
        raise _err(path, "객체여야 합니다")
    hours = _num(d, "hours_per_week", path, 1, 80)
    wage = d.get("wage")
    monthly = hourly = None
    if wage is not None:
        if not isinstance(wage, dict) or not ({"monthly", "hourly"} & set(wage)):
            raise _err(f"{path}.wage", '{"monthly": 원} 또는 {"hourly": 원} 형식이어야 합니다')
        if "monthly" in wage:
            monthly = _num(wage, "monthly", f"{path}.wage", 0, 100_000_000, integer=True)
        else:
            hourly = _num(wage, "hourly", f"{path}.wage", 0, 1_000_000, integer=True)
            if hourly is not None:
                monthly = int(
                    round(hourly * (hours * WEEKS_PER_MONTH if hours else FULL_TIME_HOURS_PER_MONTH))
                )
    return VacancyIn(
        id=_id(d, path),
        title=_str(d, "title", path, default="") or "",
        duties=_str(d, "duties", path, default="") or "",
        lat=_num(d, "lat", path, 33.0, 39.0),
        lon=_num(d, "lon", path, 124.0, 132.0),
        wage_monthly=monthly,
        wage_hourly=hourly,
        shift=_str(d, "shift", path, SHIFTS),
        employment=_str(d, "employment", path, EMPLOYMENT),
        hours_per_week=hours,
        min_experience_years=_num(d, "min_experience_years", path, 0, 60, default=0.0),
        education=_str(d, "education", path, EDUCATION),
        required_licences=_strs(d, "required_licences", path),
        preferred_licences=_strs(d, "preferred_licences", path),
        accepts_visas=_strs(d, "accepts_visas", path),
        dormitory=_bool(d, "dormitory", path),
        commuter_bus=_bool(d, "commuter_bus", path),
        openings=_num(d, "openings", path, 1, 999, default=1, integer=True),
        region=_str(d, "region", path),
    )


def seeker_from_json(d: dict, path: str = "seeker") -> SeekerIn:
    if not isinstance(d, dict):
        raise _err(path, "객체여야 합니다")
    exp = d.get("experience") or []
    if not isinstance(exp, list):
        raise _err(f"{path}.experience", "목록이어야 합니다")
    experience = []
    for k, e in enumerate(exp):
        p = f"{path}.experience[{k}]"
        if not isinstance(e, dict):
            raise _err(p, '{"title": …, "years": …} 객체여야 합니다')
        title = _str(e, "title", p, default="") or ""
        experience.append((title, _num(e, "years", p, 0, 60, default=0.0)))
    visa = _str(d, "visa", path, default="") or ""
    return SeekerIn(
        id=_id(d, path),
        desired_titles=_strs(d, "desired_titles", path),
        experience=experience,
        licences=_strs(d, "licences", path),
        lat=_num(d, "lat", path, 33.0, 39.0),
        lon=_num(d, "lon", path, 124.0, 132.0),
        max_commute_minutes=_num(d, "max_commute_minutes", path, 5, 300),
        shifts=_strs(d, "shifts", path, SHIFTS),
        employment=_strs(d, "employment", path, EMPLOYMENT),
        min_wage_monthly=_num(d, "min_wage_monthly", path, 0, 100_000_000, integer=True),
        visa=visa,
        needs_dormitory=_bool(d, "needs_dormitory", path),
        desired_regions=_strs(d, "desired_regions", path),
        education=_str(d, "education", path, EDUCATION),
        birth_year=_num(d, "birth_year", path, 1900, 2020, integer=True),
        summary=_str(d, "summary", path, default="") or "",
    )


def read_input(data) -> tuple[list[SeekerIn], list[VacancyIn]]:
    """The ``iljari recommend`` input: ``{"seekers": [...], "vacancies": [...]}``."""
    if not isinstance(data, dict):
        raise InputError('입력은 {"seekers": [...], "vacancies": [...]} 객체여야 합니다')
    for key in ("seekers", "vacancies"):
        if not isinstance(data.get(key), list):
            raise _err(key, "목록이 필요합니다")
    seekers = [seeker_from_json(x, f"seekers[{i}]") for i, x in enumerate(data["seekers"])]
    vacancies = [vacancy_from_json(x, f"vacancies[{i}]") for i, x in enumerate(data["vacancies"])]
    for name, items in (("seekers", seekers), ("vacancies", vacancies)):
        ids = [x.id for x in items]
        if len(set(ids)) != len(ids):
            raise _err(name, "id가 중복됩니다")
    return seekers, vacancies


# --- visas --------------------------------------------------------------------------------------


@dataclass
class VisaRules:
    """Who may be hired where, as data (``data/visas.json``)."""

    free: set[str]  # residents who work freely (F-2, F-5, F-6) — as nationals
    employer: set[str]  # need an employer who hires that status (E-9 by its 고용허가 industry, H-2, E-7)
    excluded_codes: dict[str, set[str]]  # status → KECO codes it may not take (F-4: simple labour)

    @classmethod
    def load(cls, path: Path = VISAS_FILE) -> VisaRules:
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
        return cls(
            set(d["free"]),
            set(d["employer_permit"]),
            {k: set(v) for k, v in d.get("excluded_codes", {}).items()},
        )


# --- pools --------------------------------------------------------------------------------------


@dataclass
class VacancyPool:
    items: list[VacancyIn]
    table: jm.VacancyTable
    skills: np.ndarray  # uint64
    region: list[tuple[str, str]]  # (sido, sigungu) or ("", "")
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
    region_slack_km: float = 3.0  # a vacancy this close to a desired region's places counts as in it
    block: int = 64  # seekers per scoring block (memory: block × vacancies × features)


FEATURE_ORDER = (*FEATURES, "skill", "title")


class Recommender:
    """Pools from profiles and the constrained ranking. Django-free; the caller passes the resources."""

    def __init__(
        self,
        normaliser,
        encoder,
        occ_names: dict[int, str] | None = None,
        gazetteer: Gazetteer | None = None,
        visas: VisaRules | None = None,
        cfg: RecommendConfig | None = None,
        licence_links: dict[str, Sequence[str]] | None = None,
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

    # -- pools --
    def pool_vacancies(self, items: Sequence[VacancyIn]) -> VacancyPool:
        items = list(items)
        todo = [i for i, v in enumerate(items) if not v.code]
        sugg: list = [None] * len(items)
        if todo:
            for i, sg in zip(todo, self.normaliser.suggest_many([items[i].title for i in todo]), strict=True):
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
        skills = np.array([skill_mask(v.title, v.duties) for v in items], dtype=np.uint64)
        regions = []
        for v in items:
            if v.region:
                regions.append(self.gazetteer.parse(v.region) or ("", ""))
            elif v.lat is not None and v.lon is not None:
                regions.append(self.gazetteer.region_of(v.lat, v.lon))
            else:
                regions.append(("", ""))
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
            [set(v.accepts_visas) for v in items],
            sugg,
            {v.id: i for i, v in enumerate(items)},
            titles=self.title_space.matrix([v.title for v in items]).tocsr(),
            cand=cand,
            cand_w=cand_w,
        )

    def pool_seekers(self, items: Sequence[SeekerIn]) -> SeekerPool:
        """Occupations of each seeker: the codes a person chose (desired), the normaliser's sure code
        of every desired title and experience (an unsure one: the person's pick from the three when
        there is one, else the three weakly), and the codes the skills of held licences name
        (지게차운전기능사 → 지게차 → 6230: the curated skill list, not the noisy licence tables)."""
        items = list(items)
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
            for (i, strength, pick), sg in zip(owner, self.normaliser.suggest_many(titles), strict=True):
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
                skill_mask(*s.desired_titles, *(t for t, _ in s.experience), *s.licences, s.summary)
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

    # -- scoring and constraints --
    def _block(self, S: SeekerPool, si: np.ndarray, V: VacancyPool, vi: np.ndarray):
        f = block_features(S.table, si, V.table, vi, self.cfg.scoring)
        f["skill"] = skill_credit(S.skills[si], V.skills[vi])
        f["title"] = self._title_affinity(S, si, V, vi)
        # an occupation the normaliser was not sure of is not "other": the expected credit over its
        # three candidates (or a neutral credit when it has none)
        unknown = V.table.code[vi] < 0
        f["occ"] = np.where(unknown[None, :], self.cfg.unknown_occ, f["occ"]).astype(np.float32)
        if self.cfg.soft_occupation and V.cand is not None and V.cand_w is not None and unknown.any():
            cols = np.flatnonzero(unknown & (V.cand[vi, 0] >= 0))
            if cols.size:
                sc = self.cfg.scoring
                soft = af.soft_occupation(
                    S.table.codes[si],
                    S.table.code_w[si],
                    V.cand[vi[cols]],
                    V.cand_w[vi[cols]],
                    sc.occ_same4,
                    sc.occ_same3,
                    sc.occ_same2,
                )
                f["occ"][:, cols] = soft
        score = np.zeros((len(si), len(vi)), np.float32)
        for k in FEATURE_ORDER:
            score += np.float32(self.w[k]) * f[k]
        viol = self._violations(S, si, V, vi, f)
        return score, viol, f

    def _title_affinity(self, S: SeekerPool, si: np.ndarray, V: VacancyPool, vi: np.ndarray) -> np.ndarray:
        if S.titles is None or V.titles is None or S.title_start is None or S.title_w is None:
            return np.zeros((len(si), len(vi)), np.float32)
        return af.title_affinity(S.titles, S.title_start, S.title_w, si, V.titles, vi)

    def _violations(self, S, si, V, vi, f) -> np.ndarray:
        st, vt = S.table, V.table
        viol = np.zeros((len(si), len(vi)), np.int32)

        def mark(name, m):
            viol[np.broadcast_to(m, viol.shape)] |= _BIT[name]

        # occupation: related codes, or a shared skill, or very similar duties
        s_known = ((st.codes[si] >= 0).any(axis=1) | (S.skills[si] > 0))[:, None]
        v_known = ((vt.code[vi] >= 0) | (V.skills[vi] > 0))[None, :]
        shared_skill = (S.skills[si][:, None] & V.skills[vi][None, :]) > 0
        ok_occ = (
            f["_related"]
            | shared_skill
            | (f["text"] >= self.cfg.text_related)
            | (f["title"] >= self.cfg.title_related)
        )
        mark("occupation", s_known & v_known & ~ok_occ)
        req_ok = f["_req_ok"]
        if len(self.vocab.names) > 128:  # the 128-bit masks share bits beyond that: check the names
            req_ok = req_ok.copy()
            held = [set(st.held_names[i]) if st.held_names else set() for i in si]
            for c, j in enumerate(vi):
                req = vt.req_names[j] if vt.req_names else []
                if req:
                    req_ok[:, c] = [all(q in h for q in req) for h in held]
        mark("licence", ~req_ok)
        ss, vs = st.shift[si][:, None], vt.shift[vi][None, :]
        mark("shift", (ss > 0) & (vs > 0) & ((ss & vs) == 0))
        se, ve = st.emp[si][:, None], vt.emp[vi][None, :]
        mark("employment", (se > 0) & (ve > 0) & ((se & ve) == 0))
        sw, vw = st.wage[si][:, None], vt.wage[vi][None, :]
        mark("wage", (sw > 0) & (vw > 0) & (vw < sw))
        mark("dormitory", st.needs_dorm[si][:, None] & ~vt.dorm[vi][None, :])
        minutes = f["_minutes"]
        # the minutes are float32: a pair a hair under the limit may be over it in exact arithmetic,
        # so the limit is checked with a margin (such a pair is labelled, never passed silently)
        mark("commute", ~np.isnan(minutes) & (minutes > f["_smax"] - COMMUTE_MARGIN_MIN))
        # visa, per distinct status (a vector over the whole pool, computed once per status)
        visas = [S.items[i].visa for i in si]
        for status in set(visas):
            if not status or status in self.visas.free:
                continue
            rows = np.array([x == status for x in visas])[:, None]
            mark("visa", rows & self._visa_bad(V, status)[vi][None, :])
        # desired regions (a vector over the whole pool per region name, computed once per name)
        for r, i in enumerate(si):
            wanted = S.items[i].desired_regions
            if not wanted:
                continue
            ok = np.zeros(len(V.items), bool)
            for name in wanted:
                ok |= self._region_ok(V, name)
            viol[r, ~ok[vi]] |= _BIT["region"]
        return viol

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
        """Workplaces in the region ``name`` (or within the slack of it); unknown places count as in."""
        ok = V.cache.get(("region", name))
        if ok is None:  # vectorised ``gazetteer.within``: names per distinct region, slack by distance
            vt, g = V.table, self.gazetteer
            uniq = sorted(set(V.region))
            hit = {r: r == ("", "") or g.matches(name, r) for r in uniq}
            ok = np.array([hit[r] for r in V.region], dtype=bool)
            places = np.asarray(g._matching(name), dtype=np.int64)
            rest = np.flatnonzero(~ok & ~np.isnan(vt.lat) & ~np.isnan(vt.lon))
            if len(places) and rest.size:
                km = great_circle_block_km(vt.lat[rest], vt.lon[rest], g.lat[places], g.lon[places])
                ok[rest] = km.min(axis=1) <= self.cfg.region_slack_km
            V.cache[("region", name)] = ok
        return ok

    def _cost(self, viol: np.ndarray) -> np.ndarray:
        cost = np.zeros(viol.shape, np.int32)
        for name, bit in _BIT.items():
            cost += np.where(viol & bit, RELAX_COST[name], 0).astype(np.int32)
        return cost

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
        """Results (score, reasons, relaxed) for chosen (seeker row, vacancy row) pairs, in one block."""
        if not pairs:
            return []
        su = np.unique([p[0] for p in pairs])
        vu = np.unique([p[1] for p in pairs])
        score, viol, f = self._block(S, su, V, vu)
        rs = {int(x): r for r, x in enumerate(su)}
        cs = {int(x): c for c, x in enumerate(vu)}
        return [self._result(S, i, V, j, rs[i], cs[j], score, viol, f, seeker_side) for i, j in pairs]

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

    # -- explanations (codes with values) --
    def _result(self, S, i, V, j, r, c, score, viol, f, seeker_side: bool) -> Result:
        bits = int(viol[r, c])
        relaxed = [name for name in CONSTRAINTS if bits & _BIT[name]]
        contrib = {k: round(float(self.w[k] * f[k][r, c]), 2) for k in FEATURE_ORDER}
        reasons = self._reasons(S, i, V, j, r, c, f, relaxed)
        other = V.items[j].id if seeker_side else S.items[i].id
        return Result(other, round(float(score[r, c]), 2), reasons, relaxed, contrib)

    def _reasons(self, S, i, V, j, r, c, f, relaxed: list[str]) -> list[dict]:
        st, vt = S.table, V.table
        s, v = S.items[i], V.items[j]
        out: list[dict] = []

        def add(code, positive=True, **params):
            out.append({"code": code, "params": params, "positive": positive})

        # relaxed constraints first: the fact against the wish
        minutes = float(f["_minutes"][r, c])
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
            add("relaxed_commute", False, minutes=_round5(minutes), limit=int(float(f["_smax"][r, 0])))
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
        if float(f["text"][r, c]) >= 0.5 and not shared:
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
                add("commute_bus" if bool(f["_bus"][r, c]) else "commute", minutes=_round5(minutes))
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


__all__ = [
    "CONSTRAINTS",
    "InputError",
    "RecommendConfig",
    "Recommender",
    "Result",
    "SKILLS",
    "SeekerIn",
    "VacancyIn",
    "read_input",
    "seeker_from_json",
    "vacancy_from_json",
]
