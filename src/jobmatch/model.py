"""Plain columnar inputs of the engine (NumPy arrays, no Django).

Occupations are KECO 4-digit codes as integers (8241 = 용접원); 소분류 = code // 10, 중분류 = code // 100.
``-1`` means unknown. Coordinates are WGS84 degrees, ``NaN`` when missing. Money is KRW per month.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

# shift / working-time pattern bits
SHIFT_DAY, SHIFT_NIGHT, SHIFT_TWO, SHIFT_THREE = 1, 2, 4, 8
SHIFT_NAMES = {SHIFT_DAY: "주간", SHIFT_NIGHT: "야간", SHIFT_TWO: "2교대", SHIFT_THREE: "3교대"}
# employment types (bit per type)
EMP_PERMANENT, EMP_CONTRACT, EMP_PARTTIME, EMP_DAILY = 1, 2, 4, 8
EMP_NAMES = {EMP_PERMANENT: "정규직", EMP_CONTRACT: "계약직", EMP_PARTTIME: "시간제", EMP_DAILY: "일용직"}
# visa status of a seeker (0 = Korean national / no work permit needed); a vacancy lists accepted bits
VISA_NONE, VISA_E9, VISA_H2, VISA_E7, VISA_F = 0, 1, 2, 4, 8
VISA_NAMES = {VISA_E9: "E-9", VISA_H2: "H-2", VISA_E7: "E-7", VISA_F: "F계열"}
# education levels
EDU_NAMES = {0: "무관", 1: "중졸", 2: "고졸", 3: "전문대졸", 4: "대졸", 5: "대학원졸"}

MAX_SEEKER_CODES = 4  # desired + up to three experience / qualification-derived occupations


#: bracketed notes that are not part of a licence's name (a former name, a deleted grade, the issuer)
_QUAL_NOTE = re.compile(
    r"^(구[.:].*|구명칭.*|舊.*|삭제|학회자격|민간|국가|국가기술|국가기술자격|국가자격|공인)$"
)


def normalise_qualification(name: str | None) -> str:
    """Q-Net style normalisation: NFKC, no spaces, '기능사 2급' → '기능사'.

    A bracketed specialty is part of the licence — 용접기능사(특수) is not 용접기능사(CO2), 염색기능사(침염)
    not 염색기능사(날염) — so it is kept (spaces removed, round brackets); only notes that are not a
    specialty (a former name "(구.…)", "(삭제)", the issuer) are dropped.
    """
    if not name:
        return ""
    t = unicodedata.normalize("NFKC", name)

    def bracket(m: re.Match) -> str:
        inner = re.sub(r"\s+", "", m.group(1) or m.group(2) or "")
        return "" if not inner or _QUAL_NOTE.match(inner) else f"({inner})"

    t = re.sub(r"\((.*?)\)|\[(.*?)\]", bracket, t)
    t = re.sub(r"\s+", "", t)
    t = re.sub(r"(기능사|산업기사|기사)\d급$", r"\1", t)
    t = t.replace("2급", "").replace("1급", "") if t.endswith("급") and "기능사" in t else t
    driving = _DRIVING.fullmatch(re.sub(r"[()]", "", t))
    if driving:  # "1종 보통 운전면허", "운전면허 1종보통", "1종보통" → 운전면허1종보통
        return f"운전면허{driving.group(1)}종{driving.group(2) or '보통'}"
    return t.strip()


_DRIVING = re.compile(
    r"(?:자동차)?(?:운전면허)?(?:증)?([12])종(대형|보통|소형|특수)?(?:자동차)?(?:운전)?(?:면허)?(?:증)?"
)
_GRADE = re.compile(r"(.+?)([1-3])급")
#: what a driving licence also allows (도로교통법 §80: 1종 대형 and 1종 보통 drive what 2종 보통 does)
_DRIVING_ALSO = {
    "운전면허1종대형": ("운전면허1종보통", "운전면허2종보통"),
    "운전면허1종보통": ("운전면허2종보통",),
}


def licences_satisfied(held: list[str] | tuple[str, ...]) -> list[str]:
    """The normalised names of every requirement the held licences meet: the licences themselves,
    the same licence at a lower grade or without a grade (a 1급 holder meets "전산회계 2급" and
    "요양보호사"), and the driving licences a higher class includes (1종 보통 meets 2종 보통)."""
    out: dict[str, None] = {}
    for name in held:
        k = normalise_qualification(name)
        if not k:
            continue
        out[k] = None
        grade = _GRADE.fullmatch(k)
        if grade:
            base, n = grade.group(1), int(grade.group(2))
            out[base] = None
            out.update(dict.fromkeys(f"{base}{m}급" for m in range(n + 1, 4)))
        out.update(dict.fromkeys(_DRIVING_ALSO.get(k, ())))
    return list(out)


class QualificationVocab:
    """Qualification name → bit position in a 128-bit mask (two uint64 words).

    Up to 128 distinct qualifications are exact; beyond that bits are shared (id % 128) and the
    *scores* may over-credit a held licence, but explanations are always checked on names.
    """

    def __init__(self, names: list[str] | None = None):
        self.ids: dict[str, int] = {}
        self.names: list[str] = []
        for n in names or []:
            self.id(n)

    def id(self, name: str) -> int:
        k = normalise_qualification(name)
        if not k:
            return -1
        if k not in self.ids:
            self.ids[k] = len(self.names)
            self.names.append(k)
        return self.ids[k]

    def mask(self, names: list[str] | None) -> tuple[int, int]:
        lo = hi = 0
        for n in names or []:
            i = self.id(n)
            if i < 0:
                continue
            b = i % 128
            if b < 64:
                lo |= 1 << b
            else:
                hi |= 1 << (b - 64)
        return lo, hi


def _arr(x, dtype, n=None):
    a = np.asarray(x, dtype=dtype)
    if n is not None and a.shape[0] != n:
        raise ValueError(f"column length {a.shape[0]} != {n}")
    return a


@dataclass
class VacancyTable:
    """M vacancies as columns. Build with ``VacancyTable.from_records`` or directly from arrays."""

    ids: np.ndarray  # int64 external ids
    code: np.ndarray  # int32 KECO 4-digit, -1 unknown
    lat: np.ndarray  # float32, NaN unknown
    lon: np.ndarray
    wage: np.ndarray  # int64 offered monthly KRW, 0 unknown
    shift: np.ndarray  # uint8 bits of SHIFT_*, 0 unknown
    days: np.ndarray  # int8 working days per week, 0 unknown
    emp: np.ndarray  # uint8 EMP_* bit, 0 unknown
    exp_years: np.ndarray  # float32 minimum experience
    edu: np.ndarray  # int8 minimum education level
    visa_ok: np.ndarray  # uint8 accepted visa bits; 0 = not set (no foreign hiring stated)
    dorm: np.ndarray  # bool dormitory offered
    bus: np.ndarray  # bool commuter bus
    bus_km: np.ndarray  # float32 commuter-bus service radius
    req_q: np.ndarray  # uint64 [M,2] required qualification mask
    pref_q: np.ndarray  # uint64 [M,2] preferred qualification mask
    openings: np.ndarray  # int32
    text: np.ndarray  # float32 [M,D] unit-norm duty text embedding (zeros if none)
    req_names: list[list[str]] = field(default_factory=list)  # for explanations
    pref_names: list[list[str]] = field(default_factory=list)

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    def take(self, idx: np.ndarray) -> VacancyTable:
        kw: dict[str, Any] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            kw[f.name] = (
                [v[i] for i in idx] if isinstance(v, list) and v else (v if isinstance(v, list) else v[idx])
            )
        return VacancyTable(**kw)


@dataclass
class SeekerTable:
    """N seekers as columns."""

    ids: np.ndarray  # int64
    codes: np.ndarray  # int32 [N,MAX_SEEKER_CODES] occupations, -1 padded
    code_w: np.ndarray  # float32 [N,MAX_SEEKER_CODES] strength (1 desired, .9 experience, .7 licence)
    lat: np.ndarray
    lon: np.ndarray
    wage: np.ndarray  # int64 desired monthly KRW, 0 unknown
    shift: np.ndarray  # uint8 acceptable shift bits, 0 = any
    days: np.ndarray  # int8 max working days per week, 0 = any
    emp: np.ndarray  # uint8 acceptable employment-type bits, 0 = any
    exp_years: np.ndarray  # float32
    edu: np.ndarray  # int8
    visa: np.ndarray  # uint8 seeker's visa bit, 0 = national
    needs_dorm: np.ndarray  # bool
    max_commute: np.ndarray  # float32 minutes the seeker accepts (0 = default 60)
    held_q: np.ndarray  # uint64 [N,2]
    text: np.ndarray  # float32 [N,D] experience text embedding
    held_names: list[list[str]] = field(default_factory=list)

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    def take(self, idx: np.ndarray) -> SeekerTable:
        kw: dict[str, Any] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            kw[f.name] = (
                [v[i] for i in idx] if isinstance(v, list) and v else (v if isinstance(v, list) else v[idx])
            )
        return SeekerTable(**kw)


@dataclass
class VacancyRecord:
    """One vacancy as plain values (what the Django adapter produces)."""

    id: int
    code: str | int | None = None
    lat: float | None = None
    lon: float | None = None
    wage: int | None = None
    shift: int = 0
    days: int = 0
    emp: int = 0
    exp_years: float = 0.0
    edu: int = 0
    visa_ok: int = 0
    dorm: bool = False
    bus: bool = False
    bus_km: float = 0.0
    required: list[str] = field(default_factory=list)
    preferred: list[str] = field(default_factory=list)
    openings: int = 1
    text: str = ""


@dataclass
class SeekerRecord:
    """One seeker as plain values."""

    id: int
    codes: Sequence[tuple[str | int, float]] = field(default_factory=list)  # (code, strength)
    lat: float | None = None
    lon: float | None = None
    wage: int | None = None
    shift: int = 0
    days: int = 0
    emp: int = 0
    exp_years: float = 0.0
    edu: int = 0
    visa: int = 0
    needs_dorm: bool = False
    max_commute: float = 0.0
    held: list[str] = field(default_factory=list)
    text: str = ""


def parse_code(code) -> int:
    """'8241' / 8241 / ' 8241 ' → 8241; anything else (None, '', 'abc', 12345) → -1."""
    if code is None:
        return -1
    s = str(code).strip()
    if re.fullmatch(r"\d{4}", s):
        return int(s)
    return -1


def _num(x, default):
    try:
        if x is None:
            return default
        v = float(x)
        return default if np.isnan(v) else v
    except (TypeError, ValueError):
        return default


def vacancies_from_records(recs: list[VacancyRecord], vocab: QualificationVocab, encoder) -> VacancyTable:
    m = len(recs)
    req = np.zeros((m, 2), dtype=np.uint64)
    pref = np.zeros((m, 2), dtype=np.uint64)
    for i, r in enumerate(recs):
        req[i] = vocab.mask(r.required)
        pref[i] = vocab.mask(r.preferred)
    return VacancyTable(
        ids=_arr([r.id for r in recs], np.int64),
        code=_arr([parse_code(r.code) for r in recs], np.int32),
        lat=_arr([_num(r.lat, np.nan) for r in recs], np.float32),
        lon=_arr([_num(r.lon, np.nan) for r in recs], np.float32),
        wage=_arr([int(_num(r.wage, 0)) for r in recs], np.int64),
        shift=_arr([int(r.shift or 0) for r in recs], np.uint8),
        days=_arr([int(r.days or 0) for r in recs], np.int8),
        emp=_arr([int(r.emp or 0) for r in recs], np.uint8),
        exp_years=_arr([_num(r.exp_years, 0.0) for r in recs], np.float32),
        edu=_arr([int(r.edu or 0) for r in recs], np.int8),
        visa_ok=_arr([int(r.visa_ok or 0) for r in recs], np.uint8),
        dorm=_arr([bool(r.dorm) for r in recs], bool),
        bus=_arr([bool(r.bus) for r in recs], bool),
        bus_km=_arr([_num(r.bus_km, 0.0) for r in recs], np.float32),
        req_q=req,
        pref_q=pref,
        openings=_arr([max(1, int(_num(r.openings, 1))) for r in recs], np.int32),
        text=encoder.encode([r.text for r in recs]) if m else np.zeros((0, encoder.dim), np.float32),
        req_names=[
            [normalise_qualification(q) for q in r.required if normalise_qualification(q)] for r in recs
        ],
        pref_names=[
            [normalise_qualification(q) for q in r.preferred if normalise_qualification(q)] for r in recs
        ],
    )


def seekers_from_records(recs: list[SeekerRecord], vocab: QualificationVocab, encoder) -> SeekerTable:
    n = len(recs)
    codes = np.full((n, MAX_SEEKER_CODES), -1, dtype=np.int32)
    cw = np.zeros((n, MAX_SEEKER_CODES), dtype=np.float32)
    held = np.zeros((n, 2), dtype=np.uint64)
    held_names: list[list[str]] = []
    for i, r in enumerate(recs):
        best: dict[int, float] = {}
        for c, w in r.codes:
            k = parse_code(c)
            if k >= 0:
                best[k] = max(best.get(k, 0.0), float(w))
        for j, (k, w) in enumerate(sorted(best.items(), key=lambda kv: -kv[1])[:MAX_SEEKER_CODES]):
            codes[i, j] = k
            cw[i, j] = w
        held_names.append(licences_satisfied(r.held))
        held[i] = vocab.mask(held_names[i])
    return SeekerTable(
        ids=_arr([r.id for r in recs], np.int64),
        codes=codes,
        code_w=cw,
        lat=_arr([_num(r.lat, np.nan) for r in recs], np.float32),
        lon=_arr([_num(r.lon, np.nan) for r in recs], np.float32),
        wage=_arr([int(_num(r.wage, 0)) for r in recs], np.int64),
        shift=_arr([int(r.shift or 0) for r in recs], np.uint8),
        days=_arr([int(r.days or 0) for r in recs], np.int8),
        emp=_arr([int(r.emp or 0) for r in recs], np.uint8),
        exp_years=_arr([_num(r.exp_years, 0.0) for r in recs], np.float32),
        edu=_arr([int(r.edu or 0) for r in recs], np.int8),
        visa=_arr([int(r.visa or 0) for r in recs], np.uint8),
        needs_dorm=_arr([bool(r.needs_dorm) for r in recs], bool),
        max_commute=_arr([_num(r.max_commute, 0.0) for r in recs], np.float32),
        held_q=held,
        text=encoder.encode([r.text for r in recs]) if n else np.zeros((0, encoder.dim), np.float32),
        held_names=held_names,
    )
