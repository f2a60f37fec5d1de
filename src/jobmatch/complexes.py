"""Industrial complexes (산업단지): the names people give a workplace instead of a place.

"남동공단", "시화 산단", "인천 서부산업단지" and "반월국가산업단지" name where most root-industry
factories of Incheon and western Gyeonggi stand. ``data/industrial_complexes.csv`` holds each
complex's name, the 법정동 code and approximate centre the site shows, and the 시군구 it lies in
(시화 spans 시흥시 and 안산시 단원구). The engine reads a complex named as a desired region as those
시군구 (``jobmatch.regions``); the site loads the same rows as its ``IndustrialComplex`` table and
its search reads the same names (``iljari.vacancies.query_reader``).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .placenames import SIDO_SHORT

DATA = Path(__file__).with_name("data") / "industrial_complexes.csv"
#: what a complex's name ends with, longest first; a name without one of these is no complex name
COMPLEX_SUFFIX = re.compile(
    r"(국가산업단지|일반산업단지|도시첨단산업단지|농공단지|산업단지|국가산단|일반산단|산단|공단)$"
)
#: the words people write after a complex's own name ("남동" + "공단")
COMPLEX_WORDS = ("공단", "산단", "산업단지", "국가산단", "일반산단", "국가산업단지", "일반산업단지", "단지")


@dataclass(frozen=True)
class IndustrialComplex:
    name: str
    region_code: str
    lat: float
    lon: float
    #: (시도, 시군구) it lies in
    regions: tuple[tuple[str, str], ...]


@lru_cache(maxsize=1)
def industrial_complexes() -> tuple[IndustrialComplex, ...]:
    with open(DATA, encoding="utf-8") as f:
        return tuple(
            IndustrialComplex(
                name=row["name"],
                region_code=row["region_code"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                regions=tuple(tuple(r.split(" ", 1)) for r in row["regions"].split(";")),  # type: ignore[misc]
            )
            for row in csv.DictReader(f)
        )


def complex_stems(name: str) -> set[str]:
    """The names a complex answers to without its suffix: "남동국가산업단지" → {"남동"},
    "인천서부산업단지" → {"인천서부", "서부"} (the 시도 left off as well)."""
    stem = COMPLEX_SUFFIX.sub("", name.replace(" ", ""))
    stems = {stem}
    for short in set(SIDO_SHORT) | set(SIDO_SHORT.values()):
        if stem.startswith(short) and len(stem) - len(short) >= 2:
            stems.add(stem[len(short) :])
    return stems


@lru_cache(maxsize=1)
def _by_stem() -> dict[str, IndustrialComplex]:
    return {stem: c for c in industrial_complexes() for stem in complex_stems(c.name)}


def complex_named(name: str) -> IndustrialComplex | None:
    """The complex a name written by a person names ("남동공단", "인천 남동 산단", "시화국가산업단지"),
    or None. The name must end with a complex word, and a 시도 written before it must be one the
    complex lies in ("경기 남동공단" names none)."""
    squashed = str(name).replace(" ", "")
    if not COMPLEX_SUFFIX.search(squashed):
        return None
    for stem in sorted(complex_stems(squashed), key=len):
        found = _by_stem().get(stem)
        if found is None:
            continue
        prefix = COMPLEX_SUFFIX.sub("", squashed)[: -len(stem)]
        if not prefix or any(prefix in (sido, SIDO_SHORT.get(sido)) for sido, _ in found.regions):
            return found
    return None
