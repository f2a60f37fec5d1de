"""The classifications' nodes (KECO occupations, KSIC industries) kept in each process's memory.

Every search page names the pickers' quick choices and the chosen codes; reading those few nodes
was a query per picker on every page. The tables are small (a few thousand rows) and change only
when the reference data are loaded again, so a process reads each once and keeps it:

* whether the table changed (rows added or removed) is asked at most every
  ``settings.TAXONOMY_CHECK_SECONDS`` (one query: its size and newest id; 0 asks every time, as the
  test suite does);
* a kept table is read again after ``MAX_AGE_S`` whatever the answer, which bounds how long a
  renamed entry shows its old name (as the search answers' 5 minutes do);
* ``forget()`` drops both (tests that change the classifications).

Only the nodes' code, name, level and parent are kept: what ``Picker`` shows and resolves with.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from time import monotonic

from django.conf import settings
from django.db import connection

from iljari.taxonomy.models import Industry, Occupation

from .base import Node

MAX_AGE_S = 300.0


@dataclass
class _Kept:
    fingerprint: tuple
    nodes: dict[str, Node]
    tops: list[str]  # the codes of the top level (KSIC's sections)
    loaded_at: float
    checked_at: float


_lock = threading.Lock()
_kept: dict[str, _Kept] = {}


def _querysets(kind: str):
    if kind == "occupation":
        return Occupation.objects.filter(scheme="keco")
    return Industry.objects.all()


def _fingerprint(kind: str) -> tuple:
    model = Occupation if kind == "occupation" else Industry
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), MAX(id) FROM {table}")  # noqa: S608 - the model's table name
        return tuple(cursor.fetchone())


def _read(kind: str) -> dict[str, Node]:
    rows = _querysets(kind).values_list("code", "name", "level", "parent__code", "parent__name")
    return {
        code: Node(code, name, level, parent or "", parent_name or "")
        for code, name, level, parent, parent_name in sorted(rows)
    }


def nodes(kind: str) -> dict[str, Node]:
    """Every node of the classification (``occupation``: KECO, ``industry``: KSIC) by code."""
    return _current(kind).nodes


def top_codes(kind: str) -> list[str]:
    """The codes of the classification's top level, in order."""
    return _current(kind).tops


def _current(kind: str) -> _Kept:
    now = monotonic()
    with _lock:
        kept = _kept.get(kind)
        if kept is not None and now - kept.checked_at < settings.TAXONOMY_CHECK_SECONDS:
            return kept
        fingerprint = _fingerprint(kind)
        if kept is None or kept.fingerprint != fingerprint or now - kept.loaded_at >= MAX_AGE_S:
            read = _read(kind)
            tops = [code for code, node in read.items() if node.level == 1]
            kept = _kept[kind] = _Kept(fingerprint, read, tops, now, now)
        kept.checked_at = now
        return kept


def forget() -> None:
    """Read the classifications again on their next use."""
    with _lock:
        _kept.clear()
