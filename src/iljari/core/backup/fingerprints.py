"""Every table's row count and an order-independent SHA-256 of its rows, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from contextlib import contextmanager

from django.db import connection

from .postgres import pg_connect


def _normal(value):
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    if isinstance(value, float):
        return round(value, 9)
    return value


def _fingerprint_rows(rows) -> dict:
    """Row count and an order-independent digest (sum of the rows' SHA-256 mod 2**256)."""
    total, count = 0, 0
    for row in rows:
        text = repr(tuple(_normal(v) for v in row)).encode("utf-8", "surrogatepass")
        total = (total + int.from_bytes(hashlib.sha256(text).digest(), "big")) % (1 << 256)
        count += 1
    return {"rows": count, "sha256": f"{total:064x}"}


def sqlite_fingerprints(db: sqlite3.Connection) -> dict[str, dict]:
    names = [
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    result = {}
    for name in sorted(names):
        quoted = '"' + name.replace('"', '""') + '"'
        result[name] = _fingerprint_rows(db.execute(f"SELECT * FROM {quoted}"))  # noqa: S608
    return result


def pg_fingerprints(conn) -> dict[str, dict]:
    """Every table of the public schema, read in ``conn``'s current transaction."""
    from psycopg import sql

    with conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        names = sorted(r[0] for r in cursor.fetchall())
    result: dict[str, dict] = {}
    for name in names:
        with conn.cursor(name=f"fp_{len(result)}") as cursor:  # server-side: streams
            cursor.itersize = 2000
            cursor.execute(sql.SQL("SELECT * FROM {}").format(sql.Identifier("public", name)))
            result[name] = _fingerprint_rows(cursor)
    return result


def table_fingerprints() -> dict[str, dict]:
    """The live database's fingerprints (as restore compares them)."""
    if connection.vendor == "postgresql":
        with pg_connect(connection.settings_dict["NAME"]) as conn:
            return pg_fingerprints(conn)
    with _plain_sqlite() as db:
        return sqlite_fingerprints(db)


@contextmanager
def _plain_sqlite():
    """A second connection to the live SQLite database without Django's type converters, so
    values read exactly as from a backup file."""
    name = str(connection.settings_dict["NAME"])
    db = sqlite3.connect(name, uri=name.startswith("file:"), timeout=30)
    try:
        yield db
    finally:
        db.close()
