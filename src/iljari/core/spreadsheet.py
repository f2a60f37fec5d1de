"""Spreadsheet exports that cannot carry a formula from user text (CSV / formula injection).

Every CSV and every .xlsx the platform writes goes through this module:

* ``safe_text(value)`` prefixes a text cell starting with ``= + - @``, a tab or a carriage return
  with an apostrophe, so Excel, LibreOffice and Google Sheets show it as text instead of
  evaluating it (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A1``, ``@SUM(…)``); numbers, dates and
  ``None`` pass unchanged.
* ``csv_writer(file)`` is ``csv.writer`` whose ``writerow``/``writerows`` apply ``safe_text`` to
  every cell.
* ``put(ws, row, column, value)`` and ``append(ws, values)`` write an openpyxl cell from data as a
  *value*: text is stored as a string (``t="inlineStr"``), never as a formula, whatever it starts
  with. Only formulas the report itself builds from cell addresses (``=SUM(G5:I5)``) are written
  as formulas (``ws.cell(value="=…")`` or ``formula()``), never a value that came from a user.
"""

import csv
from collections.abc import Iterable
from typing import Any

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: Any) -> Any:
    """The cell as a spreadsheet will show it, never evaluate it."""
    if isinstance(value, str) and value.startswith(DANGEROUS_FIRST):
        return "'" + value
    return value


class SafeWriter:
    """``csv.writer`` with every cell passed through ``safe_text``."""

    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([safe_text(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(file, **kwargs) -> SafeWriter:
    return SafeWriter(csv.writer(file, **kwargs))


def put(ws, row: int, column: int, value: Any):
    """Write a data cell of an openpyxl sheet as a value (text stays text, never a formula)."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # openpyxl would make "=…" a formula; a string it stays
    else:
        cell.value = value
    return cell


def append(ws, values: Iterable[Any]) -> None:
    """``ws.append`` for data rows: every text cell written as a value."""
    values = list(values)
    ws.append([None if isinstance(value, str) else value for value in values])
    row = ws._current_row  # the row ws.append just wrote (blank rows advance it too)
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            put(ws, row, column, value)


def formula(ws, row: int, column: int, expression: str):
    """A formula the report computes itself (never built from user text)."""
    if not expression.startswith("="):
        raise ValueError("a formula starts with '='")
    return ws.cell(row=row, column=column, value=expression)
