"""The in-memory search index every web process keeps of the published vacancies.

Why: a search is a text condition (the bigram tokens of ``search.query_tokens``) plus filters,
a sort and a count. In SQL each matching row costs a random lookup in the big vacancy table,
which put p95 at 200+ ms over 100,000 vacancies; here the same search is a few NumPy operations
over column arrays (a few milliseconds on SQLite and PostgreSQL alike), and the database only
serves the 20 rows of the page.

What is held, per published vacancy (one "row"): the filter and sort columns, and for every
token the sorted array of rows that have it (the postings).

How it stays current: every ``Vacancy.save()`` marks the row ``search_indexed=False``; the actions
that change what else a vacancy is found by call ``employer_changed`` (an employer's name,
industry, complex) or ``vacancies_deleted`` (no signals); the next search indexes the marked rows (``search.index_vacancies``), which appends one ``SearchIndexLog`` entry
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

from django.conf import settings
from django.db import connection, transaction

from .loading import apply_changes, build_snapshot
from .snapshot import Columns, Snapshot

REBUILD_WHEN_DEAD_SHARE = 0.25
LOG_ENTRIES_KEPT = 500

__all__ = [
    "Columns",
    "Snapshot",
    "current",
    "employer_changed",
    "forget",
    "record_change",
    "search",
    "touch",
    "vacancies_deleted",
]


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
    from ..models import SearchIndexLog, Vacancy

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
    from ..search import refresh_search_index

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
    """Drop this process's index and the kept search answers (tests; the next search rebuilds it)."""
    global _snapshot
    from ..answer_cache import clear_answers

    with _lock:
        _snapshot = None
    touch()
    clear_answers()


def employer_changed(employer_id: int) -> None:
    """An employer's name, industry and complex are part of its vacancies' search entries: they are
    indexed anew before the next search. Called by the actions that change an employer."""
    from ..models import Vacancy

    Vacancy.objects.filter(employer_id=employer_id, search_indexed=True).update(search_indexed=False)
    touch()


def vacancies_deleted() -> None:
    """Vacancies were deleted (an administrator's deletion, a company's with its vacancies): every
    process rebuilds its index before its next search. Called by whatever deletes them."""
    record_change(None)


@transaction.atomic
def record_change(vacancy_ids: list[int] | None = None) -> int:
    """Append a log entry, stamping ``vacancy_ids`` with its version; returns the version.

    ``None`` means vacancies were deleted: the older entries are dropped too, so that no process
    can apply the change incrementally and every one rebuilds its index.
    """
    from ..models import SearchIndexLog, Vacancy

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
    from ..search import SORTS

    snapshot = snapshot or current()
    rows, distance = snapshot.matching_rows(params)
    sort = params.sort if params.sort in SORTS else "recent"
    if sort == "distance" and distance is None:
        sort = "recent"
    key = snapshot.sort_key(rows, sort, distance)
    return len(rows), snapshot.page_ids(rows, key, start, stop)
