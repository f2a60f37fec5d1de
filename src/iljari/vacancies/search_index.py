"""The in-memory search index every web process keeps of the published vacancies.

Why: a search is a text condition (the bigram tokens of ``search.query_tokens``) plus filters,
a sort and a count. In SQL each matching row costs a random lookup in the big vacancy table,
which put p95 at 200+ ms over 100,000 vacancies; here the same search is a few NumPy operations
over column arrays (a few milliseconds on SQLite and PostgreSQL alike), and the database only
serves the 20 rows of the page.

What is held, per published vacancy (one "row"): the filter and sort columns, and for every
token the sorted array of rows that have it (the postings).

How it stays current: every ``Vacancy.save()`` marks the row ``search_indexed=False`` and the
next search indexes it (``search.index_vacancies``), which appends one ``SearchIndexLog`` entry
(version + random token) and stamps the re-indexed vacancies with that version. Before each
search a process compares its (version, token) with the log (one small query): if the log moved
on from the entry this process last saw, only the vacancies stamped later are reloaded; if that
entry is gone or carries another token (a rolled-back transaction, a deletion, pruning), the
index is rebuilt from scratch.

Near-real-time across processes: a process asks the log at most every
``settings.SEARCH_INDEX_CHECK_SECONDS`` (0.25 s; 0 = before every search, as the test suite does),
the way a search engine refreshes on an interval, so that a busy worker does not ask the database
about the index before every search. A change made in this process (a saved vacancy or employer,
a deletion, a re-indexing) makes the next search ask at once: whoever changes something sees it.

Results are the same as ``search.search_queryset`` (the SQL formulation, which a test compares
against for random searches on both databases).
"""

from __future__ import annotations

import math
import threading
import time
import uuid
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

MIN_DATE_ORDINAL = 0
REBUILD_WHEN_DEAD_SHARE = 0.25
LOG_ENTRIES_KEPT = 500


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
        from .search import CLOSING_SOON_DAYS, industry_prefixes, query_tokens

        c = self.columns
        rows = self.candidate_rows(query_tokens(params.q))
        rows = np.flatnonzero(c.alive).astype(np.int32) if rows is None else rows[c.alive[rows]]
        today = timezone.localdate().toordinal()
        keep = c.closing[rows] >= today
        if params.region:
            keep &= np.isin(c.region[rows], self._codes_with_prefix("region", params.region))
        if params.regions:
            keep &= np.isin(c.region[rows], self._codes_with_prefix("region", *params.regions))
        if params.complex_ids:
            keep &= np.isin(c.complex[rows], np.asarray(params.complex_ids, dtype=np.int64))
        for alternatives, codes in params.occupation_terms:
            either = np.isin(c.occupation[rows], self._codes_with_prefix("occupation", *codes))
            for alternative in alternatives:
                found = self.candidate_rows(query_tokens(alternative))
                if found is not None:
                    either |= np.isin(rows, found)
            keep &= either
        if params.meals:
            keep &= c.meals[rows]
        if params.foreigners:
            keep &= c.foreign[rows]
        if params.complex_id:
            keep &= c.complex[rows] == params.complex_id
        if params.occupation:
            keep &= np.isin(c.occupation[rows], self._codes_with_prefix("occupation", params.occupation))
        if params.industry:
            prefixes = industry_prefixes(params.industry)
            keep &= np.isin(c.industry[rows], self._codes_with_prefix("industry", *prefixes))
        if params.shifts:
            keep &= np.isin(c.shift[rows], self._codes_in("shift", params.shifts))
        if params.employment_types:
            keep &= np.isin(c.employment[rows], self._codes_in("employment", params.employment_types))
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


# --- loading -----------------------------------------------------------------------------------


def _vacancy_rows(queryset):
    from .search import monthly_wage_expression

    return queryset.annotate(monthly_wage_won=monthly_wage_expression()).values_list(
        "id",
        "closing_date",
        "published_at",
        "monthly_wage_won",
        "shift",
        "employment_type",
        "work_region__code",
        "occupation__code",
        "employer__industry__code",
        "employer__industrial_complex_id",
        "employer_id",
        "commuter_bus",
        "dormitory",
        "meals",
        "foreigners_welcome",
        "lat",
        "lon",
    )


def _load_columns(queryset) -> dict[str, list]:
    """The filter and sort values of the vacancies in ``queryset`` (ordered by id), as lists."""
    raw: dict[str, list] = {name: [] for name in FIELDS if name != "alive"}
    for (
        pk,
        closing,
        published,
        wage,
        shift,
        employment,
        region,
        occupation,
        industry,
        complex_id,
        employer_id,
        bus,
        dorm,
        meals,
        foreign,
        lat,
        lon,
    ) in _vacancy_rows(queryset).iterator(chunk_size=5000):
        raw["ids"].append(pk)
        raw["closing"].append(closing.toordinal() if closing else MIN_DATE_ORDINAL)
        raw["published"].append(published.timestamp() if published else math.nan)
        raw["wage"].append(wage or 0)
        raw["shift"].append(shift or "")
        raw["employment"].append(employment or "")
        raw["region"].append(region or "")
        raw["occupation"].append(occupation or "")
        raw["industry"].append(industry or "")
        raw["complex"].append(complex_id if complex_id is not None else -1)
        raw["employer"].append(employer_id)
        raw["bus"].append(bool(bus))
        raw["dorm"].append(bool(dorm))
        raw["meals"].append(bool(meals))
        raw["foreign"].append(bool(foreign))
        raw["lat"].append(lat if lat is not None else math.nan)
        raw["lon"].append(lon if lon is not None else math.nan)
    return raw


def _token_postings(
    ids: np.ndarray, first_row: int, changed_since: int | None = None
) -> dict[str, np.ndarray]:
    """token → sorted rows, read from the ``VacancyToken`` table (grouped by the database, so
    that millions of (token, vacancy) pairs never become Python objects one by one).

    ``ids`` are the vacancy ids of rows ``first_row, first_row + 1, …`` in ascending order;
    tokens of other vacancies (not published) are dropped. ``changed_since`` limits the read to
    the vacancies re-indexed after that version (a subquery: no list of ids as parameters).
    """
    from .models import Vacancy, VacancyToken

    table = connection.ops.quote_name(VacancyToken._meta.db_table)
    vacancies = connection.ops.quote_name(Vacancy._meta.db_table)
    if connection.vendor == "postgresql":
        aggregate = "string_agg(vacancy_id::text, ',')"
    else:
        aggregate = "group_concat(vacancy_id, ',')"
    if not len(ids):
        return {}
    where, args = "", []
    if changed_since is not None:
        where = f"WHERE vacancy_id IN (SELECT id FROM {vacancies} WHERE search_version > %s)"  # noqa: S608
        args = [changed_since]
    sql = f"SELECT token, {aggregate} FROM {table} {where} GROUP BY token"  # noqa: S608 - fixed SQL
    postings: dict[str, np.ndarray] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        for token, joined in cursor.fetchall():
            vacancy_ids = np.array(joined.split(","), dtype=np.int64)
            rows = np.searchsorted(ids, vacancy_ids)
            rows[rows >= len(ids)] = 0
            found = ids[rows] == vacancy_ids if len(ids) else np.zeros(len(rows), dtype=bool)
            if found.any():
                postings[token] = np.sort(rows[found].astype(np.int32) + first_row)
    return postings


def _columns(raw: dict[str, list], vocab: dict[str, list[str]]) -> tuple[Columns, dict[str, list[str]]]:
    """Encode raw lists into arrays, extending ``vocab`` with new distinct values."""
    vocab = {name: list(values) for name, values in vocab.items()}
    arrays: dict[str, np.ndarray] = {}
    for name in ENCODED:
        values = vocab.setdefault(name, [])
        position = {v: i for i, v in enumerate(values)}
        for v in raw[name]:
            if v not in position:
                position[v] = len(values)
                values.append(v)
        arrays[name] = np.fromiter((position[v] for v in raw[name]), dtype=np.int32, count=len(raw[name]))
    n = len(raw["ids"])
    arrays.update(
        ids=np.asarray(raw["ids"], dtype=np.int64),
        alive=np.ones(n, dtype=bool),
        closing=np.asarray(raw["closing"], dtype=np.int32),
        published=np.asarray(raw["published"], dtype=np.float64),
        wage=np.asarray(raw["wage"], dtype=np.int64),
        complex=np.asarray(raw["complex"], dtype=np.int64),
        employer=np.asarray(raw["employer"], dtype=np.int64),
        bus=np.asarray(raw["bus"], dtype=bool),
        dorm=np.asarray(raw["dorm"], dtype=bool),
        meals=np.asarray(raw["meals"], dtype=bool),
        foreign=np.asarray(raw["foreign"], dtype=bool),
        lat=np.asarray(raw["lat"], dtype=np.float64),
        lon=np.asarray(raw["lon"], dtype=np.float64),
    )
    return Columns(**arrays), vocab


def build_snapshot(version: int, token: str) -> Snapshot:
    from .models import Vacancy, VacancyStatus

    raw = _load_columns(Vacancy.objects.filter(status=VacancyStatus.PUBLISHED).order_by("id"))
    columns, vocab = _columns(raw, {})
    return Snapshot(
        columns=columns,
        vocab=vocab,
        postings=_token_postings(columns.ids, 0),
        row_of={int(pk): i for i, pk in enumerate(columns.ids)},
        version=version,
        token=token,
    )


def apply_changes(snapshot: Snapshot, since: int, version: int, token: str) -> Snapshot:
    """A new snapshot with the vacancies re-indexed after version ``since`` replaced."""
    from .models import Vacancy, VacancyStatus

    changed = Vacancy.objects.filter(search_version__gt=since)
    changed_ids = list(changed.values_list("id", flat=True))
    first = len(snapshot.columns.ids)
    raw = _load_columns(changed.filter(status=VacancyStatus.PUBLISHED).order_by("id"))
    alive = snapshot.columns.alive.copy()
    row_of = dict(snapshot.row_of)
    # (a vacancy re-indexed between these two reads is in ``raw`` only: retire its old row too)
    for pk in {*changed_ids, *raw["ids"]}:
        old = row_of.pop(pk, None)
        if old is not None:
            alive[old] = False
    added, vocab = _columns(raw, snapshot.vocab)
    old_columns = Columns(**{name: getattr(snapshot.columns, name) for name in FIELDS})
    old_columns.alive = alive
    columns = Columns.concat(old_columns, added)
    for offset, pk in enumerate(raw["ids"]):
        row_of[int(pk)] = first + offset
    postings = dict(snapshot.postings)
    for t, rows in _token_postings(added.ids, first, changed_since=since).items():
        postings[t] = rows if t not in postings else np.concatenate([postings[t], rows])
    return Snapshot(columns, vocab, postings, row_of, version, token)


# --- the per-process index and its freshness check ---------------------------------------------

_lock = threading.Lock()
_snapshot: Snapshot | None = None
_checked_at = -math.inf  # when this process last asked the log (time.monotonic())


def touch() -> None:
    """Something search shows changed in this process: the next search asks the log at once."""
    global _checked_at
    _checked_at = -math.inf


def log_state(since: int | None) -> tuple[int, str, str | None, bool]:
    """(newest version, its token, the token now stored for version ``since`` or None, whether
    some vacancy waits to be indexed) — one short query, as every search asks it (plain SQL: the
    ORM's query building would cost more than the query)."""
    from .models import SearchIndexLog, Vacancy

    log, vacancy = SearchIndexLog._meta.db_table, Vacancy._meta.db_table
    sql = (
        f"SELECT l.version, l.token, p.pending FROM "  # noqa: S608 - table names from the models
        f"(SELECT EXISTS(SELECT 1 FROM {vacancy} WHERE NOT search_indexed) AS pending) p "
        f"LEFT JOIN {log} l ON (l.version = (SELECT MAX(version) FROM {log}) OR l.version = %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [-1 if since is None else since])
        found = cursor.fetchall()
    pending = bool(found[0][2])
    rows = {version: token for version, token, _pending in found if version is not None}
    if not rows:
        return 0, "", None, pending
    version = max(rows)
    return version, rows[version], rows.get(since) if since is not None else None, pending


def current() -> Snapshot:
    """This process's index, brought up to date with the database."""
    global _snapshot, _checked_at
    from .search import refresh_search_index

    snapshot = _snapshot
    asked_at = time.monotonic()
    if snapshot is not None and asked_at - _checked_at < settings.SEARCH_INDEX_CHECK_SECONDS:
        return snapshot
    since = snapshot.version if snapshot else None
    version, token, seen, pending = log_state(since)
    if pending:
        refresh_search_index()
        version, token, seen, _pending = log_state(since)
    _checked_at = asked_at  # (after the refresh, whose own record_change touched)
    if snapshot is not None and (snapshot.version, snapshot.token) == (version, token):
        return snapshot
    with _lock:
        snapshot = _snapshot
        if snapshot is not None and (snapshot.version, snapshot.token) == (version, token):
            return snapshot
        if (
            snapshot is not None
            and seen == snapshot.token
            and version > snapshot.version
            and snapshot.dead_share < REBUILD_WHEN_DEAD_SHARE
        ):
            snapshot = apply_changes(snapshot, snapshot.version, version, token)
        else:
            snapshot = build_snapshot(version, token)
        _snapshot = snapshot
        return snapshot


def forget() -> None:
    """Drop this process's index and its cached answers (tests; the next search rebuilds it)."""
    global _snapshot
    from .answer_cache import ANSWERS

    with _lock:
        _snapshot = None
    touch()
    ANSWERS.clear()


@transaction.atomic
def record_change(vacancy_ids: list[int] | None = None) -> int:
    """Append a log entry, stamping ``vacancy_ids`` with its version; returns the version.

    ``None`` means vacancies were deleted: the older entries are dropped too, so that no process
    can apply the change incrementally and every one rebuilds its index.
    """
    from .models import SearchIndexLog, Vacancy

    previous = SearchIndexLog.objects.select_for_update().order_by("-version").first()
    version = (previous.version if previous else 0) + 1
    if vacancy_ids is None:
        SearchIndexLog.objects.all().delete()
    elif version % 100 == 0:
        SearchIndexLog.objects.filter(version__lte=version - LOG_ENTRIES_KEPT).delete()
    SearchIndexLog.objects.create(version=version, token=uuid.uuid4().hex)
    if vacancy_ids:
        Vacancy.objects.filter(pk__in=vacancy_ids).update(search_version=version)
    touch()
    return version


def search(params, start: int, stop: int, snapshot: Snapshot | None = None) -> tuple[int, list[int]]:
    """(number of matches, vacancy ids ranked ``start:stop``) for ``params``."""
    from .search import SORTS

    snapshot = snapshot or current()
    rows, distance = snapshot.matching_rows(params)
    sort = params.sort if params.sort in SORTS else "recent"
    if sort == "distance" and distance is None:
        sort = "recent"
    key = snapshot.sort_key(rows, sort, distance)
    return len(rows), snapshot.page_ids(rows, key, start, stop)
