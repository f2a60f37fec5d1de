"""Backups and restores of the whole database (and uploaded files).

PostgreSQL: ``pg_dump --format=custom`` / ``pg_restore`` into a fresh ``public`` schema.
SQLite: the online backup API (consistent while the site keeps running).
Each backup holds ``manifest.json``: engine, time, and a fingerprint (row count + SHA-256 of
the sorted rows) of every table, which ``restore`` checks afterwards.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_FILE = "database.sqlite3"
MEDIA_DIR = "media"


class BackupError(Exception):
    pass


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _pg_env() -> tuple[list[str], dict]:
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(cmd: list[str], env: dict) -> None:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{cmd[0]} failed ({result.returncode}): {result.stderr.strip()[:2000]}")


def table_fingerprints() -> dict[str, dict]:
    """Row count and a hash of every row (sorted) of every table."""
    result = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - names from introspection
            rows = sorted(repr(tuple(_normal(v) for v in row)) for row in cursor.fetchall())
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            result[table] = {"rows": len(rows), "sha256": digest}
    return result


def _normal(value):
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    if isinstance(value, float):
        return round(value, 9)
    return value


def backup(out_dir: Path) -> dict:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if any(out_dir.iterdir()):
        raise BackupError(f"{out_dir} is not empty")
    fingerprints = table_fingerprints()
    if _is_postgres():
        args, env = _pg_env()
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(out_dir / PG_DUMP), *args], env)
        engine = "postgresql"
    else:
        connection.ensure_connection()
        target = sqlite3.connect(out_dir / SQLITE_FILE)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        engine = "sqlite"
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(media.iterdir()):
        shutil.copytree(media, out_dir / MEDIA_DIR)
    manifest = {
        "engine": engine,
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "tables": fingerprints,
        "media": (out_dir / MEDIA_DIR).is_dir(),
    }
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def restore(from_dir: Path) -> dict:
    """Replace the current database with the backup; return {table: problem} (empty = identical)."""
    from_dir = Path(from_dir)
    try:
        manifest = json.loads((from_dir / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{from_dir / MANIFEST}: {exc}") from exc
    engine = "postgresql" if _is_postgres() else "sqlite"
    if manifest.get("engine") != engine:
        raise BackupError(f"backup is for {manifest.get('engine')}, this database is {engine}")
    if engine == "postgresql":
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        connection.close()
        args, env = _pg_env()
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                *args,
                str(from_dir / PG_DUMP),
            ],
            env,
        )
    else:
        source = sqlite3.connect(from_dir / SQLITE_FILE)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
        connection.close()
    if manifest.get("media"):
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            shutil.rmtree(media)
        shutil.copytree(from_dir / MEDIA_DIR, media)
    return compare(manifest["tables"], table_fingerprints())


def compare(expected: dict, actual: dict) -> dict[str, str]:
    problems = {}
    for table, fingerprint in expected.items():
        got = actual.get(table)
        if got is None:
            problems[table] = "missing"
        elif got != fingerprint:
            problems[table] = f"rows {got['rows']} != {fingerprint['rows']} or content differs"
    for table in set(actual) - set(expected):
        problems[table] = "not in backup"
    return problems
