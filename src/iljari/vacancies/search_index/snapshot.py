"""The index's data: one array per searchable column of the published vacancies and the token
postings (``Snapshot``), and the search over them — filters as array masks, a count, and the
ranking of one page's rows only."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from django.utils import timezone

MIN_DATE_ORDINAL = 0


@dataclass
class Columns:
    """One array per searchable attribute; row i describes vacancy ``ids[i]``."""

    ids: np.ndarray  # int64
    alive: np.ndarray  # bool: False for rows replaced by a newer version or no longer published
    closing: np.ndarray  # int32 date ordinal
    published: np.ndarray  # float64 timestamp (NaN when missing)
    wage: np.ndarray  # int64 monthly equivalent
    shift: np.ndarray  # object-free codes, see ``Snapshot.vocab``
    employment: np.ndarray
    region: np.ndarray
    occupation: np.ndarray
    industry: np.ndarray
    complex: np.ndarray  # int64 (-1: none)
    employer: np.ndarray  # int64
    bus: np.ndarray  # bool
    dorm: np.ndarray  # bool
    meals: np.ndarray  # bool
    foreign: np.ndarray  # bool: 외국인 채용 가능
    beginner: np.ndarray  # bool: no experience asked for (경력 무관)
    days: np.ndarray  # int8: work days a week
    lat: np.ndarray  # float64
    lon: np.ndarray  # float64

    @staticmethod
    def concat(a: Columns, b: Columns) -> Columns:
        return Columns(**{name: np.concatenate([getattr(a, name), getattr(b, name)]) for name in FIELDS})


FIELDS = tuple(Columns.__dataclass_fields__)
ENCODED = ("shift", "employment", "region", "occupation", "industry")


@dataclass
class Snapshot:
    columns: Columns
    vocab: dict[str, list[str]]  # encoded column → distinct values (index = code)
    postings: dict[str, np.ndarray]  # token → sorted int32 rows
    row_of: dict[int, int]  # vacancy id → its live row
    version: int
    token: str
    # what this snapshot's searches keep computing again: the code masks of a filter's values, the
    # rows still open today (a snapshot is never changed: a change makes a new one)
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def dead_share(self) -> float:
        n = len(self.columns.ids)
        return 0.0 if n == 0 else 1.0 - float(self.columns.alive.sum()) / n

    # --- filters ---------------------------------------------------------------------------

    def _codes_with_prefix(self, column: str, *prefixes: str) -> np.ndarray:
        """Codes of the distinct values starting with any of ``prefixes`` (never the empty value)."""
        return np.asarray(
            [i for i, v in enumerate(self.vocab[column]) if v and v.startswith(prefixes)], dtype=np.int32
        )

    def _codes_in(self, column: str, values: list[str]) -> np.ndarray:
        wanted = set(values)
        return np.asarray([i for i, v in enumerate(self.vocab[column]) if v in wanted], dtype=np.int32)

    def _mask(self, column: str, how: str, values: tuple[str, ...]) -> np.ndarray:
        """A boolean per code of ``column``: its value starts with (``how="prefix"``) or is one of
        ``values`` — ``mask[codes]`` is ``np.isin(codes, chosen codes)`` without the search."""
        key = (column, how, values)
        mask = self._memo.get(key)
        if mask is None:
            codes = (
                self._codes_with_prefix(column, *values)
                if how == "prefix"
                else self._codes_in(column, list(values))
            )
            mask = np.zeros(len(self.vocab[column]), dtype=bool)
            mask[codes] = True
            if len(self._memo) > 2000:  # visitors' values are many; keep the memo small
                self._memo.clear()
            self._memo[key] = mask
        return mask

    def open_mask(self, today: int) -> np.ndarray:
        """Per row: live and not closed before ``today`` (date ordinal)."""
        key = ("open_mask", today)
        mask = self._memo.get(key)
        if mask is None:
            c = self.columns
            mask = self._memo[key] = c.alive & (c.closing >= today)
        return mask

    def open_rows(self, today: int) -> np.ndarray:
        """The rows of ``open_mask``, ascending."""
        key = ("open_rows", today)
        rows = self._memo.get(key)
        if rows is None:
            rows = self._memo[key] = np.flatnonzero(self.open_mask(today)).astype(np.int32)
        return rows

    def _member(self, rows: np.ndarray, found: np.ndarray) -> np.ndarray:
        """``np.isin(rows, found)`` for row numbers, by a mask over all rows."""
        mask = np.zeros(len(self.columns.ids), dtype=bool)
        mask[found] = True
        return mask[rows]

    def candidate_rows(self, tokens: list[str]) -> np.ndarray | None:
        """Rows having every token (None: no text condition)."""
        if not tokens:
            return None
        lists = []
        for token in tokens:
            rows = self.postings.get(token)
            if rows is None:
                return np.empty(0, dtype=np.int32)
            lists.append(rows)
        lists.sort(key=len)
        rows = lists[0]
        for other in lists[1:]:
            rows = np.intersect1d(rows, other, assume_unique=True)
            if not len(rows):
                break
        return rows

    def matching_rows(self, params) -> tuple[np.ndarray, np.ndarray | None]:
        """(rows matching ``params``, squared pseudo-distance per row or None)."""
        from ..search import CLOSING_SOON_DAYS, industry_prefixes, query_tokens

        c = self.columns
        today = timezone.localdate().toordinal()
        rows = self.candidate_rows(query_tokens(params.q))
        rows = self.open_rows(today) if rows is None else rows[self.open_mask(today)[rows]]
        keep = np.ones(len(rows), dtype=bool)
        if params.region:
            keep &= self._mask("region", "prefix", (params.region,))[c.region[rows]]
        if params.regions:
            keep &= self._mask("region", "prefix", tuple(params.regions))[c.region[rows]]
        if params.complex_ids:
            keep &= np.isin(c.complex[rows], np.asarray(params.complex_ids, dtype=np.int64))
        for alternatives, codes in params.occupation_terms:
            either = self._mask("occupation", "prefix", tuple(codes))[c.occupation[rows]]
            for alternative in alternatives:
                found = self.candidate_rows(query_tokens(alternative))
                if found is not None:
                    either |= self._member(rows, found)
            keep &= either
        if params.meals:
            keep &= c.meals[rows]
        if params.foreigners:
            keep &= c.foreign[rows]
        if params.no_experience:
            keep &= c.beginner[rows]
        if params.five_days:
            keep &= c.days[rows] <= 5
        if params.complex_id:
            keep &= c.complex[rows] == params.complex_id
        if params.occupation:
            keep &= self._mask("occupation", "prefix", (params.occupation,))[c.occupation[rows]]
        if params.industry:
            prefixes = tuple(industry_prefixes(params.industry))
            keep &= self._mask("industry", "prefix", prefixes)[c.industry[rows]]
        if params.shifts:
            keep &= self._mask("shift", "in", tuple(params.shifts))[c.shift[rows]]
        if params.employment_types:
            keep &= self._mask("employment", "in", tuple(params.employment_types))[c.employment[rows]]
        if params.commuter_bus:
            keep &= c.bus[rows]
        if params.dormitory:
            keep &= c.dorm[rows]
        if params.closing_soon:
            keep &= c.closing[rows] <= today + CLOSING_SOON_DAYS
        if params.employer_id:
            keep &= c.employer[rows] == params.employer_id
        if params.wage_min is not None:
            keep &= c.wage[rows] >= params.wage_min
        rows = rows[keep]
        distance = None
        if params.origin is not None:
            lat0, lon0 = params.origin
            kx = math.cos(math.radians(lat0))
            distance = (c.lat[rows] - lat0) ** 2 + (c.lon[rows] - lon0) ** 2 * (kx * kx)
            if params.max_km:
                deg = params.max_km / 111.2
                lon_span = deg / max(kx, 0.1)
                near = (
                    (np.abs(c.lat[rows] - lat0) <= deg)
                    & (np.abs(c.lon[rows] - lon0) <= lon_span)
                    & (distance <= deg * deg)
                )
                rows, distance = rows[near], distance[near]
        return rows, distance

    # --- sorting -----------------------------------------------------------------------------

    def sort_key(self, rows: np.ndarray, sort: str, distance: np.ndarray | None) -> np.ndarray:
        """Ascending primary key of the sort (ties are broken by descending id, as in SQL)."""
        c = self.columns
        if sort == "closing":
            return c.closing[rows].astype(np.float64)
        if sort == "wage":
            return -c.wage[rows].astype(np.float64)
        if sort == "distance" and distance is not None:
            return np.nan_to_num(distance, nan=np.inf)
        published = c.published[rows]
        return np.where(np.isnan(published), np.inf, -published)

    def page_ids(self, rows: np.ndarray, key: np.ndarray, start: int, stop: int) -> list[int]:
        """Vacancy ids of ``rows`` ranked ``start:stop`` by (key, -id)."""
        n = len(rows)
        stop = min(stop, n)
        if start >= stop:
            return []
        if stop < n:  # only the best ``stop`` rows (and ties at the boundary) need a full sort
            threshold = np.partition(key, stop - 1)[stop - 1]
            head = key <= threshold
            rows, key = rows[head], key[head]
        ids = self.columns.ids[rows]
        order = np.lexsort((-ids, key))
        return [int(i) for i in ids[order[start:stop]]]
