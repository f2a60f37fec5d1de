"""Encrypted, signed, consistent backups and a restore that cannot destroy.

**Backup** (``backup(out_dir)``) writes into a new folder (mode 0700, files 0600):

* the database from one consistent snapshot — SQLite's online backup API; on PostgreSQL a
  ``REPEATABLE READ`` transaction exports its snapshot and ``pg_dump --snapshot`` dumps exactly
  that, while the same transaction fingerprints every table — so a backup taken while the site
  writes matches its own manifest;
* uploaded files (``MEDIA_ROOT``) as a tar stream;
* each encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under ``ILJARI_BACKUP_KEY`` in 4 MiB
  authenticated chunks, with an end marker, so nothing readable lands on disk (the PostgreSQL
  dump is piped straight into the encryption);
* ``manifest.json``: engine, time, every table's row count and an order-independent SHA-256 of
  its rows, every file's size and SHA-256 — signed with an HMAC whose key derives from the
  backup key (outside the database).

**Restore** (``restore(from_dir)``) first verifies everything — the manifest's signature, every
file's size and hash, decryption to the end, SQLite's ``PRAGMA integrity_check`` or
``pg_restore --list`` — then builds a *new* database (a new SQLite file, or a new PostgreSQL
database) and compares every table with the manifest. Only then does it switch: SQLite copies the
verified file into the live one in one transaction (online backup API) after keeping a dated copy
of the live one; PostgreSQL renames the live database to ``<name>_before_<stamp>`` and the new one
to ``<name>``. Anything wrong before the switch leaves the live data untouched. ``dry_run`` does
all of the checking, including the scratch restore, and discards it.

Both take an optional ``progress(step, done, total)`` callback (for a background task).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import io
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import connection, connections

FORMAT = 2
MANIFEST = "manifest.json"
PG_DUMP = "database.dump.enc"
SQLITE_FILE = "database.sqlite3.enc"
MEDIA_TAR = "media.tar.enc"
MAGIC = b"ILJARI-BACKUP-1\n"
CHUNK = 4 * 1024 * 1024
_LEN = struct.Struct(">I")

Progress = Callable[[str, int, int], None] | None


class BackupError(Exception):
    pass


def _report(progress: Progress, step: str, done: int = 0, total: int = 0) -> None:
    if progress is not None:
        progress(step, done, total)


# --- keys -------------------------------------------------------------------------------------


def new_key() -> str:
    return Fernet.generate_key().decode()


def _keys() -> list[bytes]:
    keys = [k.encode() for k in getattr(settings, "ILJARI_BACKUP_KEYS", []) if k]
    if not keys:  # development only: settings refuse to start in production without a key
        digest = hashlib.sha256(("iljari-backup:" + settings.SECRET_KEY).encode()).digest()
        keys = [base64.urlsafe_b64encode(digest)]
    try:
        for key in keys:
            Fernet(key)
    except ValueError as exc:
        raise BackupError("ILJARI_BACKUP_KEY is not a Fernet key (iljari backup --new-key)") from exc
    return keys


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(k) for k in _keys()])


def _manifest_mac(body: bytes, key: bytes) -> str:
    mac_key = hashlib.sha256(b"iljari-backup-manifest|" + key).digest()
    return hmac.new(mac_key, body, hashlib.sha256).hexdigest()


def _canonical(manifest: dict) -> bytes:
    return json.dumps(manifest, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def sign_manifest(manifest: dict) -> dict:
    return {"manifest": manifest, "hmac": _manifest_mac(_canonical(manifest), _keys()[0])}


def read_manifest(folder: Path) -> dict:
    """The manifest if its signature holds under one of the keys, else BackupError."""
    try:
        signed = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
        manifest, mac = signed["manifest"], str(signed["hmac"])
        body = _canonical(manifest)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"{Path(folder) / MANIFEST}: unreadable ({exc})") from exc
    if not any(hmac.compare_digest(mac, _manifest_mac(body, key)) for key in _keys()):
        raise BackupError("the manifest's signature does not match: tampered, or another key")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


# --- encrypted files ---------------------------------------------------------------------------


def _private_file(path: Path):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(fd, "wb")


class EncryptingWriter(io.RawIOBase):
    """A write-only file: plaintext in, Fernet-token chunks out, an end marker on close."""

    def __init__(self, path: Path):
        self._out = _private_file(path)
        self._fernet = _fernet()
        self._buffer = bytearray()
        self.plain_bytes = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._buffer += data
        self.plain_bytes += len(data)
        while len(self._buffer) >= CHUNK:
            self._emit(bytes(self._buffer[:CHUNK]))
            del self._buffer[:CHUNK]
        return len(data)

    def _emit(self, plain: bytes) -> None:
        if self._out.tell() == 0:
            self._out.write(MAGIC)
        token = self._fernet.encrypt(plain)
        self._out.write(_LEN.pack(len(token)) + token)

    def close(self) -> None:
        if not self.closed:
            if self._buffer or self._out.tell() == 0:
                self._emit(bytes(self._buffer))
            self._out.write(_LEN.pack(0))
            self._out.close()
        super().close()


def _decrypted_chunks(path: Path) -> Iterator[bytes]:
    fernet = _fernet()
    with open(path, "rb") as src:
        if src.read(len(MAGIC)) != MAGIC:
            raise BackupError(f"{path.name}: not an iljari backup file")
        while True:
            head = src.read(_LEN.size)
            if len(head) < _LEN.size:
                raise BackupError(f"{path.name}: truncated (no end marker)")
            (size,) = _LEN.unpack(head)
            if size == 0:
                if src.read(1):
                    raise BackupError(f"{path.name}: data after the end marker")
                return
            token = src.read(size)
            if len(token) < size:
                raise BackupError(f"{path.name}: truncated")
            try:
                yield fernet.decrypt(token)
            except InvalidToken as exc:
                raise BackupError(f"{path.name}: cannot be decrypted (corrupted, or another key)") from exc


class DecryptingReader(io.RawIOBase):
    def __init__(self, path: Path):
        self._chunks = _decrypted_chunks(path)
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        while not self._buffer:
            try:
                self._buffer = next(self._chunks)
            except StopIteration:
                return 0
        n = min(len(target), len(self._buffer))
        target[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


def _decrypt_to(path: Path, target: Path) -> None:
    with _private_file(target) as out:
        for chunk in _decrypted_chunks(path):
            out.write(chunk)


def _encrypt_file(source: Path, target: Path) -> None:
    writer = EncryptingWriter(target)
    with open(source, "rb") as src:
        shutil.copyfileobj(src, writer, CHUNK)
    writer.close()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as src:
        for block in iter(lambda: src.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- table fingerprints ----------------------------------------------------------------------------


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
        with _pg_connect(connection.settings_dict["NAME"]) as conn:
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


# --- PostgreSQL helpers ----------------------------------------------------------------------


def _pg_params(dbname: str) -> dict:
    params = connection.get_connection_params()
    params = {k: v for k, v in params.items() if k in ("host", "port", "user", "password", "sslmode")}
    params["dbname"] = dbname
    return params


def _pg_connect(dbname: str, autocommit: bool = False):
    import psycopg

    return psycopg.connect(**_pg_params(dbname), autocommit=autocommit)


def _pg_args(dbname: str) -> tuple[list[str], dict]:
    db = connection.settings_dict
    args = ["--dbname", dbname]
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


def _run(cmd: list[str], env: dict) -> str:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{cmd[0]} failed ({result.returncode}): {result.stderr.strip()[:2000]}")
    return result.stdout


def _db_name(base: str, suffix: str) -> str:
    return base[: 63 - len(suffix)] + suffix


# --- backup ---------------------------------------------------------------------------------------


def _private_dir(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def backup(out_dir, progress: Progress = None) -> dict:
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"{out} is not empty")
    _private_dir(out)
    _keys()  # a bad key fails before any work
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
        _report(progress, "media")
        media_files = _backup_media(media, out / MEDIA_TAR)
        files[MEDIA_TAR] = {}
    for name in files:
        files[name] = {"bytes": (out / name).stat().st_size, "sha256": _sha256(out / name)}
    manifest = {
        "format": FORMAT,
        "engine": engine,
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "tables": tables,
        "files": files,
        "media": media_files,
    }
    with _private_file(out / MANIFEST) as target:
        target.write(
            json.dumps(sign_manifest(manifest), indent=1, sort_keys=True, ensure_ascii=False).encode()
        )
    _report(progress, "done", 1, 1)
    return manifest


def _backup_sqlite(target: Path, progress: Progress) -> dict:
    _report(progress, "database")
    connection.ensure_connection()
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".snapshot-") as work:
        snapshot = Path(work) / "snapshot.sqlite3"
        copy = sqlite3.connect(snapshot)
        try:
            connection.connection.backup(copy)  # one step: a consistent snapshot
            tables = sqlite_fingerprints(copy)
        finally:
            copy.close()
        _report(progress, "encrypt")
        _encrypt_file(snapshot, target)
    return tables


def _backup_postgres(target: Path, progress: Progress) -> dict:
    import psycopg

    _report(progress, "database")
    name = connection.settings_dict["NAME"]
    with _pg_connect(name) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        tables = pg_fingerprints(conn)  # the same snapshot pg_dump reads
        args, env = _pg_args(name)
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
                listing[relative] = _sha256(path)
                tar.add(path, arcname=relative, recursive=False)
    writer.close()
    return listing


# --- verify and restore ---------------------------------------------------------------------------


def _stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")


def _restore_dir() -> Path:
    return _private_dir(Path(settings.VAR_DIR) / "restore")


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
        if path.stat().st_size != meta["bytes"] or _sha256(path) != meta["sha256"]:
            raise BackupError(f"{name} differs from the manifest (corrupted, truncated or replaced)")


def verify_backup(from_dir, progress: Progress = None) -> dict:
    """Signature and every file's hash; returns the manifest (no decryption, no database)."""
    folder = Path(from_dir)
    _report(progress, "verify")
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
    staged = _private_dir(media.parent / f".{media.name}.restore-{stamp}")
    try:
        try:
            with tarfile.open(fileobj=DecryptingReader(folder / MEDIA_TAR), mode="r|") as tar:
                tar.extractall(staged, filter="data")
        except (tarfile.TarError, OSError) as exc:
            raise BackupError(f"{MEDIA_TAR}: {exc}") from exc
        found = {p.relative_to(staged).as_posix(): _sha256(p) for p in staged.rglob("*") if p.is_file()}
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
    _report(progress, "done", 1, 1)
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
        _report(progress, "decrypt")
        _decrypt_to(folder / SQLITE_FILE, new_file)
        _report(progress, "check")
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
            _report(progress, "switch")
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
    new_db = _db_name(live, f"_restore_{stamp}")
    kept = _db_name(live, f"_before_{stamp}")
    if connection.in_atomic_block:
        raise BackupError("restore cannot run inside a transaction")
    with tempfile.TemporaryDirectory(dir=_restore_dir(), prefix=".dump-") as work:
        dump = Path(work) / "database.dump"
        _report(progress, "decrypt")
        _decrypt_to(folder / PG_DUMP, dump)
        args, env = _pg_args(live)
        _report(progress, "check")
        _run(["pg_restore", "--list", str(dump)], env)
        with _pg_connect("postgres", autocommit=True) as admin:
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
            _report(progress, "restore")
            new_args, _ = _pg_args(new_db)
            _run(
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
            _report(progress, "compare")
            with _pg_connect(new_db) as conn:
                problems = _compare(manifest["tables"], pg_fingerprints(conn))
            if problems:
                raise BackupError(f"the backup's database differs from its manifest: {_summary(problems)}")
            if dry_run:
                return None
            _report(progress, "switch")
            connections.close_all()
            with _pg_connect("postgres", autocommit=True) as admin:
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
                with _pg_connect("postgres", autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{new_db}" WITH (FORCE)')
