"""Taking a backup (``backup(out_dir)``): the database from one consistent snapshot, the uploaded
files, each encrypted, and the signed manifest."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection

from .common import (
    FORMAT,
    MANIFEST,
    MEDIA_TAR,
    PG_DUMP,
    SQLITE_FILE,
    BackupError,
    Progress,
    private_dir,
    report,
)
from .encrypted import CHUNK, EncryptingWriter, encrypt_file, file_sha256, private_file
from .fingerprints import pg_fingerprints, sqlite_fingerprints
from .keys import backup_keys, sign_manifest
from .postgres import pg_args, pg_connect


def backup(out_dir, progress: Progress = None) -> dict:
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"{out} is not empty")
    private_dir(out)
    backup_keys()  # a bad key fails before any work
    files: dict[str, dict] = {}
    if connection.vendor == "postgresql":
        engine = "postgresql"
        tables = _backup_postgres(out / PG_DUMP, progress)
        files[PG_DUMP] = {}
    else:
        engine = "sqlite"
        tables = _backup_sqlite(out / SQLITE_FILE, progress)
        files[SQLITE_FILE] = {}
    media = Path(settings.MEDIA_ROOT)
    media_files: dict[str, str] = {}
    if media.is_dir() and any(media.iterdir()):
        report(progress, "media")
        media_files = _backup_media(media, out / MEDIA_TAR)
        files[MEDIA_TAR] = {}
    for name in files:
        files[name] = {"bytes": (out / name).stat().st_size, "sha256": file_sha256(out / name)}
    manifest = {
        "format": FORMAT,
        "engine": engine,
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "tables": tables,
        "files": files,
        "media": media_files,
    }
    with private_file(out / MANIFEST) as target:
        target.write(
            json.dumps(sign_manifest(manifest), indent=1, sort_keys=True, ensure_ascii=False).encode()
        )
    report(progress, "done", 1, 1)
    return manifest


def _backup_sqlite(target: Path, progress: Progress) -> dict:
    report(progress, "database")
    connection.ensure_connection()
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".snapshot-") as work:
        snapshot = Path(work) / "snapshot.sqlite3"
        copy = sqlite3.connect(snapshot)
        try:
            connection.connection.backup(copy)  # one step: a consistent snapshot
            tables = sqlite_fingerprints(copy)
        finally:
            copy.close()
        report(progress, "encrypt")
        encrypt_file(snapshot, target)
    return tables


def _backup_postgres(target: Path, progress: Progress) -> dict:
    import psycopg

    report(progress, "database")
    name = connection.settings_dict["NAME"]
    with pg_connect(name) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        tables = pg_fingerprints(conn)  # the same snapshot pg_dump reads
        args, env = pg_args(name)
        cmd = ["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}", *args]
        writer = EncryptingWriter(target)
        with subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as dump:  # noqa: S603
            assert dump.stdout is not None and dump.stderr is not None
            shutil.copyfileobj(dump.stdout, writer, CHUNK)
            errors = dump.stderr.read().decode(errors="replace")
            dump.wait()
        writer.close()
        conn.rollback()
    if dump.returncode != 0:
        raise BackupError(f"pg_dump failed ({dump.returncode}): {errors.strip()[:2000]}")
    return tables


def _backup_media(media: Path, target: Path) -> dict[str, str]:
    listing: dict[str, str] = {}
    writer = EncryptingWriter(target)
    with tarfile.open(fileobj=writer, mode="w|") as tar:
        for path in sorted(media.rglob("*")):
            if path.is_file() and not path.is_symlink():
                relative = path.relative_to(media).as_posix()
                listing[relative] = file_sha256(path)
                tar.add(path, arcname=relative, recursive=False)
    writer.close()
    return listing
