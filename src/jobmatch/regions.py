"""Where a workplace is, by name: 시군구 of a point, and "is it in the regions this person named?".

``data/regions.csv.gz`` holds every 법정동 시군구 and 읍면동 of the country with a point inside each,
as of 2026-07-01 (written by ``scripts/build_reference_data.py`` from the same rows as the site's
reference data: NGII centroids via the public data portal, base 2023-09-15, codes brought up to date
by the 행정안전부 법정동코드 changes; see ``src/iljari/taxonomy/data/README.md``).
``data/region_renames.csv`` names the 시군구 that took the place of a former one, so that the names
people still write keep working: "인천 서구" is 서해구 and 검단구 since 2026-07-01, "인천 남구" is 미추홀구.
A point's region is that of the nearest place — close to the polygon answer in built-up areas,
approximate at borders, hence the border tolerance of ``within`` (for a region inferred from a point
only: a workplace whose region is named is where it says).

Names are matched by their parts, loosely: "시흥", "시흥시", "경기 시흥시", "인천 남동구", "인천남동구",
"수원", "경남 창원" and "부산 강서구" all work; every word, without its 시/군/구/도 suffix and with the
short names of the 시도 (경남 = 경상남도), must be a part of the place's "시도 시군구 (읍면동)". A part is
a whole word of the name: "서구" is not 강서구. An industrial complex ("남동공단", "시화산단") names the
시군구 it lies in (``jobmatch.complexes``).
"""

from __future__ import annotations

import csv
import gzip
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from .complexes import COMPLEX_SUFFIX, complex_named
from .placenames import SIDO_SHORT
from .scoring import great_circle_km

DATA = Path(__file__).with_name("data") / "regions.csv.gz"
RENAMES = Path(__file__).with_name("data") / "region_renames.csv"
#: a point's region comes from the nearest place; a place of another region at most this much farther
#: away may be the right one (the places are 읍면동 centres, not boundaries)
BORDER_KM = 1.0
_SUFFIX = re.compile(r"(특별시|광역시|특별자치시|특별자치도|도|시|군|구)$")
#: the short names of the 시도 people write, by the key of the long name (전라북 → 전북)
_SHORT = {_SUFFIX.sub("", full): short for full, short in SIDO_SHORT.items()}


def _key(word: str) -> str:
    """A part of a place name as it is compared: no spaces, no 시/군/구/도 suffix (unless that leaves
    a single character: 중구, 서구), 시도 by their short names."""
    w = re.sub(r"\s+", "", word)
    stripped = _SUFFIX.sub("", w)
    key = stripped if len(stripped) >= 2 else w
    return _SHORT.get(key, key)


def _parts(sido: str, sigungu: str, emd: str = "") -> set[str]:
    """The keys a place answers to: its 시도, each word of its 시군구 and the 시군구 written as one
    word ("수원시장안구"), its 읍면동."""
    keys = {_key(sido)} if sido else set()
    words = sigungu.split()
    keys |= {_key(w) for w in words}
    if len(words) > 1:
        keys.add(_key("".join(words)))
    if emd:
        keys.add(_key(emd))
    return keys


class Gazetteer:
    def __init__(self, path: Path = DATA, renames: Path | None = RENAMES):
        opener = gzip.open if path.suffix == ".gz" else open
        sido, sgg, lat, lon = [], [], [], []
        self._by_key: dict[str, set[int]] = {}
        self._rows_of: dict[tuple[str, str], list[int]] = {}  # (시도, 시군구) → its rows
        with opener(path, "rt", encoding="utf-8") as f:
            for k, row in enumerate(csv.DictReader(f)):
                sido.append(row["sido"])
                sgg.append(row["sigungu"])
                lat.append(float(row["lat"]))
                lon.append(float(row["lon"]))
                for key in _parts(row["sido"], row["sigungu"], row.get("emd", "")):
                    self._by_key.setdefault(key, set()).add(k)
                self._rows_of.setdefault((row["sido"], row["sigungu"]), []).append(k)
        self._region_parts = {
            pair: _parts(*pair) for pair in self._rows_of
        }  # the keys each 시군구 answers to
        self.sido = sido
        self.sigungu = sgg
        self.lat = np.asarray(lat)
        self.lon = np.asarray(lon)
        # former 시군구: the keys of its old name, and the 시군구 that took its place
        self._former: list[tuple[set[str], list[tuple[str, str]]]] = []
        if renames is not None and renames.exists():
            succ: dict[tuple[str, str], list[tuple[str, str]]] = {}
            with open(renames, encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    old = (row["former_sido"], row["former_sigungu"])
                    succ.setdefault(old, []).append((row["sido"], row["sigungu"]))
            self._former = [(_parts(*old), new) for old, new in succ.items()]

    def nearest(self, lat: float, lon: float) -> tuple[tuple[str, str], float]:
        """(시도, 시군구) of the nearest known place and its distance in km; (("", ""), nan) without
        coordinates or data."""
        if lat is None or lon is None or np.isnan(lat) or np.isnan(lon) or not len(self.lat):
            return ("", ""), float("nan")
        d = great_circle_km(lat, lon, self.lat, self.lon)
        k = int(np.nanargmin(d))
        return (self.sido[k], self.sigungu[k]), float(d[k])

    def region_of(self, lat: float, lon: float) -> tuple[str, str]:
        """(시도, 시군구) of the nearest known place; ("", "") without coordinates or data."""
        return self.nearest(lat, lon)[0]

    def parse(self, name: str) -> tuple[str, str] | None:
        """A region name as written ("경기도 시흥시") → (시도, 시군구) of the first matching place;
        (시도, "") for a name of a whole 시도 ("인천광역시")."""
        idx = self._matching(name)
        if not idx:
            return None
        sido = self.sido[idx[0]]
        if all(w in _parts(sido, "") for w in self._words(name)):
            return (sido, "")
        return (sido, self.sigungu[idx[0]])

    def knows(self, name: str) -> bool:
        """Does any place answer to ``name``?"""
        return bool(self._matching(name))

    def _words(self, name: str) -> list[str]:
        """The keys of a name's words; a word that is no known part but two known parts written
        together ("인천남동구", "경기도시흥시") counts as those two. A complex word after a place's name
        ("울산공단", "구미 국가산업단지") is left off when no known complex has that name: the complex
        is read as the place it is named after."""
        if complex_named(name) is None:
            name = COMPLEX_SUFFIX.sub("", str(name).strip())
        out = []
        for w in str(name).split():
            key = _key(w)
            if key in self._by_key or self._former_has(key):
                out.append(key)
                continue
            split = next(
                (
                    (_key(w[:i]), _key(w[i:]))
                    for i in range(2, len(w) - 1)
                    if _key(w[:i]) in self._by_key and _key(w[i:]) in self._by_key
                ),
                None,
            )
            out.extend(split or (key,))
        return out

    def _former_has(self, key: str) -> bool:
        return any(key in keys for keys, _ in self._former)

    @lru_cache(maxsize=512)  # noqa: B019 - one gazetteer per process, names repeat
    def _matching(self, name: str) -> tuple[int, ...]:
        """The rows (places) a name covers: those having every word as a part, and the places of
        the 시군구 that replaced a former one the name names."""
        words = self._words(name)
        if not words:
            return ()
        rows: set[int] = set.intersection(*(self._by_key.get(w, set()) for w in words))
        for pair in self._successors_named(words) + _complex_regions(name):
            rows.update(self._rows_of.get(pair, ()))
        return tuple(sorted(rows))

    def _successors_named(self, words: list[str]) -> list[tuple[str, str]]:
        """The 시군구 that took the place of a former one these words name."""
        return [
            pair for keys, successors in self._former if all(w in keys for w in words) for pair in successors
        ]

    @lru_cache(maxsize=512)  # noqa: B019
    def _named_regions(self, name: str) -> frozenset[tuple[str, str]]:
        """The (시도, 시군구) a name covers whole (a name of a 읍면동 covers none: only the border rule
        of ``within`` applies to it)."""
        words = self._words(name)
        if not words:
            return frozenset()
        out = {pair for pair, keys in self._region_parts.items() if all(w in keys for w in words)}
        out.update(self._successors_named(words) + _complex_regions(name))
        # a name of a 시도 also covers a place known only by its 시도
        out |= {(s, "") for s, _ in out if all(w in _parts(s, "") for w in words)}
        return frozenset(out)

    def matches(self, name: str, region: tuple[str, str]) -> bool:
        return tuple(region) in self._named_regions(name)

    def within(
        self, names, region: tuple[str, str], lat, lon, border_km: float = BORDER_KM, named=False
    ) -> bool:
        """Is a workplace in any of ``names``? By its region; and when that region was only inferred
        from the point (``named`` False: the nearest place's), also when a named region's nearest
        place is at most ``border_km`` farther than the nearest place of all — the point may sit on
        the other side of a border the places only approximate."""
        if any(self.matches(n, region) for n in names):
            return True
        if named or lat is None or lon is None or np.isnan(lat) or np.isnan(lon):
            return False
        nearest_km = self.nearest(lat, lon)[1]
        for n in names:
            idx = np.asarray(self._matching(n), dtype=np.int64)
            if len(idx):
                km = float(np.min(great_circle_km(lat, lon, self.lat[idx], self.lon[idx])))
                if km <= nearest_km + border_km:
                    return True
        return False


def _complex_regions(name: str) -> list[tuple[str, str]]:
    """The 시군구 of the industrial complex a name names ("남동공단" → 인천 남동구); [] for other names."""
    found = complex_named(name)
    return list(found.regions) if found else []


_default: Gazetteer | None = None


def default_gazetteer() -> Gazetteer:
    global _default
    if _default is None:
        _default = Gazetteer()
    return _default
