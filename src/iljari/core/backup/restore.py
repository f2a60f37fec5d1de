"""Verifying a backup and restoring it into a new database that replaces the live one only once
every table matches the manifest."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

from .common import MEDIA_TAR, PG_DUMP, SQLITE_FILE, BackupError, Progress, private_dir, report
from .encrypted import DecryptingReader, decrypt_to, file_sha256
from .fingerprints import pg_fingerprints, sqlite_fingerprints, table_fingerprints
from .keys import read_manifest
from .postgres import db_name, pg_args, pg_connect, run_tool


def _stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")


def _restore_dir() -> Path:
    return private_dir(Path(settings.VAR_DIR) / "restore")


def _compare(expected: dict, actual: dict) -> dict[str, str]:
    problems = {}
    for table, fingerprint in expected.items():
        got = actual.get(table)
        if got is None:
            problems[table] = "missing"
        elif got != fingerprint:
            problems[table] = f"rows {got['rows']} (backup {fingerprint['rows']}) or content differs"
    for table in set(actual) - set(expected):
        problems[table] = "not in backup"
    return problems


def _check_files(folder: Path, manifest: dict) -> None:
    expected = manifest.get("files") or {}
    database = PG_DUMP if manifest.get("engine") == "postgresql" else SQLITE_FILE
    if database not in expected:
        raise BackupError(f"the manifest lists no {database}")
    if bool(manifest.get("media")) != (MEDIA_TAR in expected):
        raise BackupError("the manifest's media listing and files disagree")
    for name, meta in expected.items():
        path = folder / name
        if not path.is_file():
            raise BackupError(f"{name} is missing")
        if path.stat().st_size != meta["bytes"] or file_sha256(path) != meta["sha256"]:
            raise BackupError(f"{name} differs from the manifest (corrupted, truncated or replaced)")


def verify_backup(from_dir, progress: Progress = None) -> dict:
    """Signature and every file's hash; returns the manifest (no decryption, no database)."""
    folder = Path(from_dir)
    report(progress, "verify")
    manifest = read_manifest(folder)
    engine = "postgresql" if connection.vendor == "postgresql" else "sqlite"
    if manifest.get("engine") != engine:
        raise BackupError(f"backup is for {manifest.get('engine')}, this database is {engine}")
    _check_files(folder, manifest)
    return manifest


@contextmanager
def _media_staged(folder: Path, manifest: dict, stamp: str):
    """The backup's uploads extracted and checked in a new folder beside MEDIA_ROOT."""
    listing = manifest.get("media") or {}
    if not listing:
        yield None
        return
    media = Path(settings.MEDIA_ROOT)
    staged = private_dir(media.parent / f".{media.name}.restore-{stamp}")
    try:
        try:
            with tarfile.open(fileobj=DecryptingReader(folder / MEDIA_TAR), mode="r|") as tar:
                tar.extractall(staged, filter="data")
        except (tarfile.TarError, OSError) as exc:
            raise BackupError(f"{MEDIA_TAR}: {exc}") from exc
        found = {p.relative_to(staged).as_posix(): file_sha256(p) for p in staged.rglob("*") if p.is_file()}
        if found != listing:
            raise BackupError(f"{MEDIA_TAR}: the files differ from the manifest")
        yield staged
    finally:
        if staged.exists():
            shutil.rmtree(staged)


def restore(from_dir, *, dry_run: bool = False, progress: Progress = None) -> dict:
    """Verify, restore into a new database, compare every table, then switch (unless dry_run).

    Returns ``{"engine", "tables", "rows", "dry_run", "previous"}``; ``previous`` names the kept
    copy of the database that was replaced (a file path or a PostgreSQL database name).
    """
    folder = Path(from_dir)
    manifest = verify_backup(folder, progress)
    stamp = _stamp()
    with _media_staged(folder, manifest, stamp) as staged_media:
        if manifest["engine"] == "postgresql":
            previous = _restore_postgres(folder, manifest, stamp, dry_run, progress)
        else:
            previous = _restore_sqlite(folder, manifest, stamp, dry_run, progress)
        if not dry_run and staged_media is not None:
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                media.rename(media.parent / f"{media.name}.before-restore-{stamp}")
            staged_media.rename(media)
    report(progress, "done", 1, 1)
    return {
        "engine": manifest["engine"],
        "tables": len(manifest["tables"]),
        "rows": sum(t["rows"] for t in manifest["tables"].values()),
        "dry_run": dry_run,
        "previous": previous,
    }


def _sqlite_live_path() -> Path | None:
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name.startswith("file:") or name == ":memory:" or "mode=memory" in name:
        return None
    return Path(name)


def _restore_sqlite(
    folder: Path, manifest: dict, stamp: str, dry_run: bool, progress: Progress
) -> str | None:
    live = _sqlite_live_path()
    place = live.parent if live else _restore_dir()
    new_file = place / f".{live.name if live else 'database'}.restore-{stamp}"
    try:
        report(progress, "decrypt")
        decrypt_to(folder / SQLITE_FILE, new_file)
        report(progress, "check")
        fresh = sqlite3.connect(new_file)
        try:
            try:
                result = fresh.execute("PRAGMA integrity_check").fetchall()
                if result != [("ok",)]:
                    raise BackupError(f"{SQLITE_FILE}: integrity check failed: {result[:5]}")
                problems = _compare(manifest["tables"], sqlite_fingerprints(fresh))
            except sqlite3.DatabaseError as exc:
                raise BackupError(f"{SQLITE_FILE}: not a usable SQLite database ({exc})") from exc
            if problems:
                raise BackupError(f"the backup's database differs from its manifest: {_summary(problems)}")
            if dry_run:
                return None
            report(progress, "switch")
            connection.ensure_connection()
            if connection.in_atomic_block:
                raise BackupError("restore cannot run inside a transaction")
            kept = (
                live.parent if live else _restore_dir()
            ) / f"{live.name if live else 'database'}.before-restore-{stamp}"
            with sqlite3.connect(kept) as copy:
                connection.connection.backup(copy)  # the live database, kept as it was
            copy.close()
            os.chmod(kept, 0o600)
            fresh.backup(connection.connection)  # one transaction: all of it or nothing
        finally:
            fresh.close()
        problems = _compare(manifest["tables"], table_fingerprints())
        if problems:  # should not happen; put the previous data back
            with sqlite3.connect(kept) as old:
                old.backup(connection.connection)
            raise BackupError(f"restored data differ, previous database put back: {_summary(problems)}")
        return str(kept)
    finally:
        new_file.unlink(missing_ok=True)


def _summary(problems: dict) -> str:
    items = sorted(problems.items())
    text = ", ".join(f"{t}: {p}" for t, p in items[:5])
    return text + (f" (+{len(items) - 5} more)" if len(items) > 5 else "")


def _restore_postgres(
    folder: Path, manifest: dict, stamp: str, dry_run: bool, progress: Progress
) -> str | None:
    live = connection.settings_dict["NAME"]
    new_db = db_name(live, f"_restore_{stamp}")
    kept = db_name(live, f"_before_{stamp}")
    if connection.in_atomic_block:
        raise BackupError("restore cannot run inside a transaction")
    with tempfile.TemporaryDirectory(dir=_restore_dir(), prefix=".dump-") as work:
        dump = Path(work) / "database.dump"
        report(progress, "decrypt")
        decrypt_to(folder / PG_DUMP, dump)
        args, env = pg_args(live)
        report(progress, "check")
        run_tool(["pg_restore", "--list", str(dump)], env)
        with pg_connect("postgres", autocommit=True) as admin:
            row = admin.execute(
                "SELECT datcollate, datctype FROM pg_database WHERE datname = %s", [live]
            ).fetchone()
            collate, ctype = row if row else ("C.UTF-8", "C.UTF-8")
            admin.execute(
                f"CREATE DATABASE \"{new_db}\" TEMPLATE template0 ENCODING 'UTF8' "
                f"LC_COLLATE '{collate}' LC_CTYPE '{ctype}'"
            )
        switched = False
        try:
            report(progress, "restore")
            new_args, _ = pg_args(new_db)
            run_tool(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "--exit-on-error",
                    *new_args,
                    str(dump),
                ],
                env,
            )
            report(progress, "compare")
            with pg_connect(new_db) as conn:
                problems = _compare(manifest["tables"], pg_fingerprints(conn))
            if problems:
                raise BackupError(f"the backup's database differs from its manifest: {_summary(problems)}")
            if dry_run:
                return None
            report(progress, "switch")
            connections.close_all()
            with pg_connect("postgres", autocommit=True) as admin:
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    [live],
                )
                admin.execute(f'ALTER DATABASE "{live}" RENAME TO "{kept}"')
                try:
                    admin.execute(f'ALTER DATABASE "{new_db}" RENAME TO "{live}"')
                except Exception:
                    admin.execute(f'ALTER DATABASE "{kept}" RENAME TO "{live}"')
                    raise
            switched = True
            return kept
        finally:
            if not switched:
                with pg_connect("postgres", autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{new_db}" WITH (FORCE)')
