"""Where a workplace is, by name: 시군구 of a point, and "is it in the regions this person named?".

``data/capital_regions.csv`` holds the 법정동 시군구 and 읍면동 of Seoul, Incheon and Gyeonggi with a
point inside each (NGII boundaries via the public data portal, base date 2023-09-15; see the reference
data's README). A point's region is that of the nearest such place — close to the polygon answer in
built-up areas, approximate at borders, hence the slack in ``within``.

Names are matched loosely: "시흥", "시흥시", "경기 시흥시", "인천 남동구" and "수원" all work; every word
(without its 시/군/구/도 suffix) must appear in "시도 + 시군구" of the place.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from .scoring import great_circle_km

DATA = Path(__file__).with_name("data") / "capital_regions.csv"
_SUFFIX = re.compile(r"(특별시|광역시|특별자치시|특별자치도|도|시|군|구)$")
_ALIASES = {"미추홀": "남구", "경기": "경기도", "인천": "인천광역시", "서울": "서울특별시"}


def _key(word: str) -> str:
    w = re.sub(r"\s+", "", word)
    w = _ALIASES.get(w, w)
    stripped = _SUFFIX.sub("", w)
    return stripped if len(stripped) >= 2 else w


class Gazetteer:
    def __init__(self, path: Path = DATA):
        sido, sgg, lat, lon = [], [], [], []
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                sido.append(row["sido"])
                sgg.append(row["sigungu"])
                lat.append(float(row["lat"]))
                lon.append(float(row["lon"]))
        self.sido = sido
        self.sigungu = sgg
        self.lat = np.asarray(lat)
        self.lon = np.asarray(lon)
        self.full = [f"{a}{b}" for a, b in zip(sido, sgg, strict=True)]

    def region_of(self, lat: float, lon: float) -> tuple[str, str]:
        """(시도, 시군구) of the nearest known place; ("", "") without coordinates or data."""
        if lat is None or lon is None or np.isnan(lat) or np.isnan(lon) or not len(self.lat):
            return ("", "")
        d = great_circle_km(lat, lon, self.lat, self.lon)
        k = int(np.nanargmin(d))
        return (self.sido[k], self.sigungu[k])

    def parse(self, name: str) -> tuple[str, str] | None:
        """A region name as written ("경기도 시흥시") → (시도, 시군구) of the first matching place."""
        idx = self._matching(name)
        return (self.sido[idx[0]], self.sigungu[idx[0]]) if len(idx) else None

    @lru_cache(maxsize=512)  # noqa: B019 - one gazetteer per process, names repeat
    def _matching(self, name: str) -> tuple[int, ...]:
        words = [_key(w) for w in str(name).split() if w.strip()]
        if not words:
            return ()
        return tuple(k for k, full in enumerate(self.full) if all(w in full for w in words))

    def matches(self, name: str, region: tuple[str, str]) -> bool:
        words = [_key(w) for w in str(name).split() if w.strip()]
        full = f"{region[0]}{region[1]}"
        return bool(words) and all(w in full for w in words)

    def within(self, names, region: tuple[str, str], lat, lon, slack_km: float = 3.0) -> bool:
        """Is a workplace (its region, its point) in any of ``names`` — or within ``slack_km`` of one?"""
        if any(self.matches(n, region) for n in names):
            return True
        if lat is None or lon is None or np.isnan(lat) or np.isnan(lon):
            return False
        for n in names:
            idx = np.asarray(self._matching(n), dtype=np.int64)
            if (
                len(idx)
                and float(np.min(great_circle_km(lat, lon, self.lat[idx], self.lon[idx]))) <= slack_km
            ):
                return True
        return False


_default: Gazetteer | None = None


def default_gazetteer() -> Gazetteer:
    global _default
    if _default is None:
        _default = Gazetteer()
    return _default
