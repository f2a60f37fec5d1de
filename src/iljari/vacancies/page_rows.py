"""A search page's rows by primary key, with their joins, the SQL compiled once per process.

The search ranks in memory (``search_index``) and the database serves the page's 20 rows by id.
Django builds and compiles that query anew each time (the joins, the chosen columns, the
``IN`` list), which cost more CPU than running it and making the rows. The query's SQL depends
only on its shape — the joined tables, the columns and how many ids — so it is compiled the first
time a shape is seen and kept with its compiler; afterwards the ids are its only parameters. The
rows go through the compiler's converters (SQLite's dates and booleans, as Django would) and
become model instances with their related objects exactly as ``in_bulk`` makes them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections, router
from django.db.models.query import get_related_populators

from .models import Vacancy

_lock = threading.Lock()
_prepared_shapes: dict[tuple, tuple[str, Any] | None] = {}  # shape → (sql, compiler); None: not preparable


def _queryset(db: str, related: tuple, only: tuple, ids: list[int]):
    queryset = Vacancy.objects.using(db).select_related(*related)
    return (queryset.only(*only) if only else queryset).filter(pk__in=ids)


def _prepared(key: tuple, make_queryset: Callable[[], Any], ids: list[int]) -> tuple[str, Any] | None:
    """The (sql, compiler) kept for this shape, compiled from ``make_queryset()`` the first time;
    None when the ids are not the query's only parameters, in their order (then it is read the
    usual way)."""
    with _lock:
        if key not in _prepared_shapes:
            compiler = make_queryset().query.get_compiler(using=key[0])
            sql, params = compiler.as_sql()
            _prepared_shapes[key] = (sql, compiler) if list(params) == list(ids) else None
        return _prepared_shapes[key]


def _fetch(db: str, sql: str, ids: list[int]) -> list[tuple]:
    with connections[db].cursor() as cursor:
        cursor.execute(sql, list(ids))
        return cursor.fetchall()


def rows_by_id(ids: list[int], related: tuple = (), only: tuple = ()) -> dict[int, Vacancy]:
    """``Vacancy.objects.select_related(*related).only(*only).in_bulk(ids)``, compiled once per shape."""
    if not ids:
        return {}
    db = router.db_for_read(Vacancy)
    key = (db, connections[db].vendor, tuple(related), tuple(only), len(ids))
    prepared = _prepared(key, lambda: _queryset(db, tuple(related), tuple(only), ids), ids)
    if prepared is None:
        return _queryset(db, tuple(related), tuple(only), ids).in_bulk()
    sql, compiler = prepared
    raw = _fetch(db, sql, ids)
    select, klass_info = compiler.select, compiler.klass_info
    start, stop = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    init_list = [column[0].target.attname for column in select[start:stop]]
    # Django 5.2's signature (the stubs show 6.0's extra ``fetch_mode``; test_page_rows guards this)
    populators = get_related_populators(klass_info, select, db)  # type: ignore[call-arg]
    out: dict[int, Vacancy] = {}
    for row in compiler.results_iter(results=[raw]):
        vacancy = Vacancy.from_db(db, init_list, row[start:stop])
        for populator in populators:
            populator.populate(row, vacancy)
        out[vacancy.pk] = vacancy
    return out


def _values(db: str, fields: tuple, ids: list[int]):
    return Vacancy.objects.using(db).filter(pk__in=ids).values_list("id", *fields)


def values_by_id(ids: list[int], fields: tuple) -> dict[int, tuple]:
    """``values_list("id", *fields)`` of these vacancies by id (the id first), compiled once per shape."""
    if not ids:
        return {}
    db = router.db_for_read(Vacancy)
    key = (db, connections[db].vendor, "values", tuple(fields), len(ids))
    prepared = _prepared(key, lambda: _values(db, tuple(fields), ids), ids)
    if prepared is None:
        return {row[0]: row for row in _values(db, tuple(fields), ids)}
    sql, compiler = prepared
    raw = _fetch(db, sql, ids)
    return {row[0]: tuple(row) for row in compiler.results_iter(results=[raw])}


def forget() -> None:
    """Compile every shape again (tests)."""
    with _lock:
        _prepared_shapes.clear()
