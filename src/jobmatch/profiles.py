"""Profiles as people state them: the public input format of ``iljari recommend``, the visa rules and
the names of the hard constraints (``jobmatch.recommend`` ranks with them).

``SeekerIn`` / ``VacancyIn`` are plain values — the JSON input (``seeker_from_json`` /
``vacancy_from_json`` validate it, naming the field of an error) or what the Django bridge reads
from the database. ``VisaRules``: who may be hired where, as data (``data/visas.json``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from . import model as jm

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
CONSTRAINT_BIT = {c: 1 << i for i, c in enumerate(CONSTRAINTS)}

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
