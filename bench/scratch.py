"""Scratch databases for the benchmarks: a benchmark never writes to the configured database.

A benchmark that needs Django rows runs against a database of its own:

* SQLite: ``<var>/bench/<name>.sqlite3`` (``<var>`` is ``ILJARI_VAR_DIR`` or the checkout's
  ``var/``; pages and outcomes share ``demo.sqlite3``), kept between runs so that a second run
  can reuse the generated world;
* PostgreSQL: a database named ``iljari_bench_<name>`` on the configured server (or on
  ``BENCH_PG``), created for the run and dropped afterwards.

Every scratch database carries a mark (a table ``iljari_bench_scratch`` on SQLite, a database
comment on PostgreSQL). A database that exists without the mark and holds rows is refused:
a benchmark run is never pointed at real data by a mistyped name. The configured database itself
is refused even when empty.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
MARK = "iljari benchmark scratch database"
MARK_TABLE = "iljari_bench_scratch"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432"


class RefusedDatabase(Exception):
    """The chosen scratch database holds rows that are not a benchmark's, or is the configured one."""


@dataclass(frozen=True)
class Configured:
    """What the checkout's settings point at (read without setting Django up)."""

    database_url: str
    var_dir: Path
    matching_cache_dir: Path
    data_dir: Path


def configured() -> Configured:
    var_dir = Path(os.environ.get("ILJARI_VAR_DIR") or ROOT / "var")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{var_dir / 'iljari.sqlite3'}"
    cache = Path(os.environ.get("ILJARI_MATCHING_CACHE_DIR") or var_dir / "cache" / "matching")
    return Configured(url, var_dir, cache, data_dir())


def data_dir() -> Path:
    """Reference data in the public files' layout: ``ILJARI_DATA_DIR`` when set, else the data
    shipped in the repository, written out once in that layout under var/reference/."""
    if os.environ.get("ILJARI_DATA_DIR"):
        return Path(os.environ["ILJARI_DATA_DIR"])
    from iljari.taxonomy.sources import write_public_layout

    var_dir = Path(os.environ.get("ILJARI_VAR_DIR") or ROOT / "var")
    return write_public_layout(var_dir / "reference")


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://", "pgsql://"))


def sqlite_path(url: str) -> Path | None:
    if not url.startswith("sqlite:"):
        return None
    path = url.split("sqlite:///", 1)[1] if "sqlite:///" in url else ""
    return Path(path).resolve() if path and path != ":memory:" else None


def pg_server(url: str) -> str:
    """``postgres://user@host:port`` of a database URL (the database part dropped)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def pg_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def check_name(name: str) -> str:
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,50}", name):
        raise RefusedDatabase(f"'{name}' is not a plain lower-case database name")
    return name


# --- SQLite ----------------------------------------------------------------------------------------


def sqlite_rows(path: Path) -> int:
    """Rows in the file's tables (0 for a missing or empty file)."""
    if not path.exists() or path.stat().st_size == 0:
        return 0
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        total = 0
        for table in tables:
            if table.startswith("sqlite_") or table == MARK_TABLE:
                continue
            total += con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608 - names from the catalogue
        return total
    finally:
        con.close()


def sqlite_marked(path: Path) -> bool:
    if not path.exists():
        return False
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return bool(
            con.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MARK_TABLE]
            ).fetchone()
        )
    finally:
        con.close()


def sqlite_blank(path: Path) -> bool:
    """A missing file, or one holding no table but the scratch mark."""
    if not path.exists() or path.stat().st_size == 0:
        return True
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        con.close()
    return names <= {MARK_TABLE}


def prepare_sqlite(path: Path, configured_url: str, template: Path | None = None) -> str:
    """Make ``path`` a scratch SQLite database (marked); refuse real data. Returns its URL.

    ``template``: a marked scratch file (``bench/template.py``) copied into ``path`` when that
    is still blank (missing, or holding nothing but the mark)."""
    path = path.resolve()
    if sqlite_path(configured_url) == path:
        raise RefusedDatabase(f"{path} is the configured database")
    if path.exists() and not sqlite_marked(path) and sqlite_rows(path) > 0:
        raise RefusedDatabase(
            f"{path} holds rows and is not a benchmark scratch database; refusing to use it"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    if template is not None and sqlite_blank(path):
        if not sqlite_marked(template):
            raise RefusedDatabase(f"{template} is not a benchmark scratch database")
        src = sqlite3.connect(f"file:{template}?mode=ro", uri=True)
        dst = sqlite3.connect(path)
        try:
            src.backup(dst)  # the whole file, page by page
        finally:
            dst.close()
            src.close()
    con = sqlite3.connect(path)
    try:
        con.execute(f"CREATE TABLE IF NOT EXISTS {MARK_TABLE} (note TEXT)")
        con.execute(f"DELETE FROM {MARK_TABLE}")  # noqa: S608 - a constant name
        con.execute(f"INSERT INTO {MARK_TABLE} VALUES (?)", [MARK])  # noqa: S608
        con.commit()
    finally:
        con.close()
    return f"sqlite:///{path}"


# --- PostgreSQL ------------------------------------------------------------------------------------


def _pg_connect(server: str, dbname: str):
    import psycopg

    return psycopg.connect(f"{server}/{dbname}", autocommit=True, connect_timeout=5)


def pg_exists(server: str, name: str) -> bool:
    with _pg_connect(server, "postgres") as conn:
        return bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


def pg_marked(server: str, name: str) -> bool:
    with _pg_connect(server, "postgres") as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
    return bool(row and row[0] == MARK)


def pg_rows(server: str, name: str) -> int:
    """Rows in the database's own tables (every schema but the catalogues)."""
    from psycopg import sql

    with _pg_connect(server, name) as conn:
        tables = conn.execute(
            "SELECT schemaname, tablename FROM pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        ).fetchall()
        total = 0
        for schema, table in tables:
            query = sql.SQL("SELECT count(*) FROM {}.{}").format(
                sql.Identifier(schema), sql.Identifier(table)
            )
            total += conn.execute(query).fetchone()[0]
        return total


def prepare_postgres(
    server: str, name: str, configured_url: str, fresh: bool = True, template: str | None = None
) -> str:
    """Create (or, when ``fresh``, re-create) the marked scratch database ``name`` on ``server``.

    Refuses the configured database and any existing database that is not marked and holds rows.
    ``template``: a marked scratch database (``bench/template.py``) the new database is a copy of.
    """
    check_name(name)
    if is_postgres(configured_url) and pg_name(configured_url) == name:
        raise RefusedDatabase(f"'{name}' is the configured database")
    if pg_exists(server, name) and not pg_marked(server, name) and pg_rows(server, name) > 0:
        raise RefusedDatabase(
            f"database '{name}' holds rows and is not a benchmark scratch database; refusing to use it"
        )
    with _pg_connect(server, "postgres") as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            if template is None:
                conn.execute(f'CREATE DATABASE "{name}"')
            else:
                from bench.template import create_postgres_from

                if not pg_marked(server, template):
                    raise RefusedDatabase(f"'{template}' is not a benchmark scratch database")
                create_postgres_from(server, name, template)
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{MARK}'")
    return f"{server}/{name}"


def drop_postgres(server: str, name: str) -> None:
    """Drop a scratch database — only a marked one."""
    check_name(name)
    if pg_exists(server, name) and pg_marked(server, name):
        with _pg_connect(server, "postgres") as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_server(configured_url: str) -> str:
    if os.environ.get("BENCH_PG"):
        return os.environ["BENCH_PG"].rstrip("/")
    return pg_server(configured_url) if is_postgres(configured_url) else DEFAULT_PG


def postgres_reachable(server: str) -> bool:
    try:
        with _pg_connect(server, "postgres"):
            return True
    except Exception:  # noqa: BLE001 - any failure means "not here"
        return False


# --- inside a benchmark process --------------------------------------------------------------------


def assert_scratch_connection() -> None:
    """Raise unless Django's default connection is a marked scratch database (the guard in each bench)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        path = Path(str(connection.settings_dict["NAME"]))
        if not sqlite_marked(path):
            raise RefusedDatabase(
                f"{path} is not a benchmark scratch database (run the bench through bench/run.py)"
            )
        return
    url = os.environ.get("DATABASE_URL", "")
    name = str(connection.settings_dict["NAME"])
    if not is_postgres(url) or not pg_marked(pg_server(url), name):
        raise RefusedDatabase(
            f"'{name}' is not a benchmark scratch database (run the bench through bench/run.py)"
        )
