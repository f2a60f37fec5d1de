"""The names the query reader knows — places, industrial complexes, occupation words — built from
the taxonomy tables once per process and rebuilt when the tables change."""

from __future__ import annotations

import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection

from iljari.taxonomy.models import (
    IndustrialComplex,
    JobTitle,
    Occupation,
    Region,
    RegionChange,
    RegionLevel,
    haversine_km,
)
from jobmatch.complexes import COMPLEX_WORDS, complex_stems
from jobmatch.placenames import SIDO_SHORT
from jobmatch.titles import stem_title

NEAR_KM = 12.0  # 인접 지역: 시군구 centres within this distance
_WORD = re.compile(r"[0-9a-z가-힣]+")

# --- places and occupations from the taxonomy tables --------------------------------------------

_PLACE_SUFFIX = re.compile(r"(특별자치시|특별자치도|특별시|광역시|시|군|구|읍|면|동|리|\d*가)$")


@dataclass(frozen=True)
class Place:
    label: str
    codes: tuple[str, ...]  # region code prefixes
    level: int


@dataclass(frozen=True)
class Complex:
    label: str
    ids: tuple[int, ...]


@dataclass(frozen=True)
class OccupationWord:
    word: str
    alternatives: tuple[str, ...]  # text that also counts (the word, and a jargon's standard terms)
    codes: tuple[str, ...]  # KECO code prefixes


@dataclass
class Vocabulary:
    """The names the reader knows, built from the taxonomy tables (one per process, rebuilt when
    the tables change)."""

    places: dict[str, Place] = field(default_factory=dict)  # with suffix
    bare_places: dict[str, Place] = field(default_factory=dict)  # without
    complexes: dict[str, Complex] = field(default_factory=dict)
    bare_complexes: dict[str, Complex] = field(default_factory=dict)
    occupation_stems: dict[str, set[str]] = field(default_factory=dict)  # name-word stem → codes
    centres: dict[str, tuple[float, float]] = field(default_factory=dict)  # 시군구 code → centre


def _add(table: dict, key: str, value) -> None:
    """Several places with one name (중구, 논현동) become one reading covering all of them."""
    key = key.replace(" ", "")
    if len(key) < 2:
        return
    old = table.get(key)
    if old is None:
        table[key] = value
    elif isinstance(value, Place) and value.level == old.level:
        table[key] = Place(old.label, tuple(dict.fromkeys(old.codes + value.codes)), old.level)
    elif isinstance(value, Place) and value.level < old.level:
        table[key] = value  # the larger unit wins (안산 → 안산시 before 안산동)
    elif isinstance(value, Complex) and isinstance(old, Complex):
        table[key] = Complex(old.label, tuple(dict.fromkeys(old.ids + value.ids)))


def _bare(name: str) -> str:
    return _PLACE_SUFFIX.sub("", name)


def _add_former_names(vocab: Vocabulary) -> None:
    """Former 시군구 names people still write read as the 시군구 that took their place: "인천 서구"
    is 서해구 and 검단구 since 2026-07-01, "인천 남구" 미추홀구 (the region change table)."""
    changes = list(RegionChange.objects.values_list("old_code", "old_name", "new_code"))
    successors: dict[str, set[str]] = defaultdict(set)
    for old, _name, new in changes:
        successors[old[:5]].add(new[:5])
    for old, name, _new in changes:
        if len(old) == 5:
            sigungu = name.split(" ", 1)[-1]
            _add(vocab.places, sigungu, Place(sigungu, tuple(sorted(successors[old])), 2))


def build_vocabulary() -> Vocabulary:
    vocab = Vocabulary()
    cities: dict[tuple[str, str], list[str]] = defaultdict(list)
    for region in (
        RegionRow(*row)
        for row in Region.objects.values_list("code", "level", "sido", "sigungu", "emd", "lat", "lon")
    ):
        if region.level == RegionLevel.SIDO:
            place = Place(region.sido, (region.code,), 1)
            _add(vocab.places, region.sido, place)
            short = SIDO_SHORT.get(region.sido)
            if short:
                _add(vocab.bare_places, short, place)
        elif region.level == RegionLevel.SIGUNGU:
            vocab.centres[region.code] = (region.lat, region.lon)
            name = region.sigungu
            city = re.match(r"^(.+?시)\s*(.+[구])$", name)  # 안산시단원구 → 안산시 + 단원구
            label = f"{city.group(1)} {city.group(2)}" if city else name
            place = Place(label, (region.code,), 2)
            _add(vocab.places, name, place)
            parts = [city.group(1), city.group(2)] if city else [name]
            if city:
                cities[(region.sido, city.group(1))].append(region.code)
                _add(vocab.places, city.group(2), place)
            _add(vocab.bare_places, _bare(parts[-1]), place)
        elif region.level == RegionLevel.EMD and region.emd:
            place = Place(f"{region.sigungu} {region.emd}".strip(), (region.code,), 3)
            _add(vocab.places, region.emd, place)
            _add(vocab.bare_places, _bare(region.emd), place)
    _add_former_names(vocab)
    for (_sido, city_name), codes in cities.items():  # a 시 with 구: all of its 구
        place = Place(city_name, tuple(codes), 2)
        _add(vocab.places, city_name, place)
        _add(vocab.bare_places, _bare(city_name), place)
    for complex_ in IndustrialComplex.objects.only("id", "name"):
        value = Complex(complex_.name, (complex_.pk,))
        _add(vocab.complexes, complex_.name, value)
        for s in complex_stems(complex_.name):  # 인천서부 and 서부
            for word in COMPLEX_WORDS:
                _add(vocab.complexes, s + word, value)
            _add(vocab.bare_complexes, s, value)
    words: dict[str, set[str]] = defaultdict(set)
    names = Occupation.objects.filter(scheme="keco").values_list("name", "code")
    titles = JobTitle.objects.values_list("title", "keco_code")
    for rows in (names, titles):
        for name, code in rows.iterator(chunk_size=5000):
            if code and len(code) >= 4:  # a whole major group (82 금속·재료 …) says too little
                for word in _WORD.findall(name.lower()):
                    words[word].add(code[:4])
    stems: dict[str, set[str]] = defaultdict(set)
    for word, word_codes in words.items():
        for stem in (word, stem_title(word)):
            if len(stem) >= 2:
                stems[stem] |= word_codes
    vocab.occupation_stems = dict(stems)
    return vocab


@dataclass(frozen=True)
class RegionRow:
    code: str
    level: int
    sido: str
    sigungu: str
    emd: str
    lat: float
    lon: float


_lock = threading.Lock()
_cached: tuple[tuple, Vocabulary] | None = None


def _fingerprint() -> tuple:
    """Whether the names changed: one query over the four tables' sizes and newest ids."""
    tables = [
        connection.ops.quote_name(m._meta.db_table) for m in (Region, IndustrialComplex, Occupation, JobTitle)
    ]
    counts = [f"(SELECT COUNT(*) FROM {t}), (SELECT MAX(id) FROM {t})" for t in tables]  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(counts))  # table names from the models, no input
        return tuple(cursor.fetchone())


_checked_at = 0.0
CHECK_EVERY_S = 10.0


def vocabulary() -> Vocabulary:
    """The reader's names; whether the tables changed is checked at most every few seconds."""
    global _cached, _checked_at
    with _lock:
        now = time.monotonic()
        if _cached is not None and now - _checked_at < CHECK_EVERY_S:
            return _cached[1]
        key = _fingerprint()
        _checked_at = now
        if _cached is None or _cached[0] != key:
            _cached = (key, build_vocabulary())
        return _cached[1]


def forget_vocabulary() -> None:
    """Drop the cached names (tests that change the taxonomy)."""
    global _cached, _checked_at
    with _lock:
        _cached, _checked_at = None, 0.0


def nearby_codes(codes: list[str]) -> list[str]:
    """The 시군구 codes whose centre lies within ``NEAR_KM`` of a given place's 시군구 (inclusive)."""
    vocab = vocabulary()
    own = {code[:5] for code in codes if len(code) >= 5}
    for code in codes:
        if len(code) == 2:  # a 시도: its own 시군구
            own |= {c for c in vocab.centres if c.startswith(code)}
    centres = [vocab.centres[c] for c in own if c in vocab.centres]
    near = {
        code
        for code, (lat, lon) in vocab.centres.items()
        if any(haversine_km(lat, lon, lat0, lon0) <= NEAR_KM for lat0, lon0 in centres)
    }
    return sorted(own | near)
