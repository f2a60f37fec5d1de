"""Issue 15 #1 and #10: `iljari backup` / `iljari restore`.

Backups are encrypted, private (0600 files in a 0700 folder), signed, and taken from one
consistent snapshot (they pass their own check while the site writes). Restore verifies the
whole backup and restores into a new database before switching: a corrupted, truncated or
tampered backup is refused with nothing changed, on SQLite and PostgreSQL; a good one gives
back every table exactly, and the replaced database is kept. Also: migrations run forward over
a populated database."""

import json
import stat
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from iljari.audit.actions import log_access, verify_chain
from iljari.core.backup.common import MANIFEST, PG_DUMP, SQLITE_FILE
from iljari.core.backup.create import backup
from iljari.core.backup.encrypted import decrypt_to, encrypt_file, file_sha256
from iljari.core.backup.fingerprints import table_fingerprints
from iljari.core.backup.keys import new_key, sign_manifest
from iljari.core.backup.postgres import pg_connect
from iljari.core.backup.restore import restore
from iljari.seekers.models import Seeker
from iljari.vacancies.actions import do_apply
from iljari.vacancies.models import Application
from tests import factories as f

NAME = "박복원"
PHONE = "010-9876-5432"


def _leftover_databases() -> list[str]:
    if connection.vendor != "postgresql":
        return []
    live = connection.settings_dict["NAME"]
    with pg_connect("postgres", autocommit=True) as admin:
        rows = admin.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s OR datname LIKE %s",
            [live[:40] + "%_before_%", live[:40] + "%_restore_%"],
        ).fetchall()
    return [r[0] for r in rows]


def _drop(names):
    with pg_connect("postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def site(settings, tmp_path, reference_data, counselor):
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "evidence").mkdir(parents=True)
    (settings.MEDIA_ROOT / "evidence" / "계약서.pdf").write_bytes(b"%PDF-1.4 " + NAME.encode())
    seeker = f.SeekerFactory(user__full_name=NAME, user__phone=PHONE)
    do_apply(seeker=seeker, vacancy=f.VacancyFactory())
    log_access(actor=counselor, action="view", subject=seeker, purpose="백업 시험")
    yield seeker
    if connection.vendor == "postgresql":
        _drop(_leftover_databases())


def _change_everything(seeker):
    Application.objects.all().delete()
    Seeker.objects.filter(pk=seeker.pk).update(summary="바뀐 내용")
    f.SeekerFactory(user__username="after_backup")


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_gives_back_every_table_exactly(site, tmp_path, settings, capsys):
    before = table_fingerprints()
    out = tmp_path / "b"
    call_command("backup", "--out", str(out))
    # private and unreadable without the key
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    for path in out.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        data = path.read_bytes()
        assert NAME.encode() not in data and PHONE.encode() not in data, path
    _change_everything(site)
    (settings.MEDIA_ROOT / "evidence" / "계약서.pdf").unlink()
    assert table_fingerprints() != before
    with pytest.raises(CommandError):
        call_command("restore", "--from", str(out))  # neither --yes nor --dry-run
    capsys.readouterr()
    call_command("restore", "--from", str(out), "--yes")
    printed = capsys.readouterr().out
    assert table_fingerprints() == before
    assert Application.objects.filter(seeker__user__full_name=NAME).count() == 1
    assert (settings.MEDIA_ROOT / "evidence" / "계약서.pdf").read_bytes().endswith(NAME.encode())
    assert verify_chain() == (True, None)  # the restored log, anchored anew
    kept = printed.split("kept as: ")[1].strip()
    if connection.vendor == "postgresql":
        assert kept in _leftover_databases()
    else:
        assert Path(kept).is_file() and stat.S_IMODE(Path(kept).stat().st_mode) == 0o600


def _resign(folder: Path, edit=None):
    signed = json.loads((folder / MANIFEST).read_text())
    manifest = signed["manifest"]
    for name in manifest["files"]:
        manifest["files"][name] = {
            "bytes": (folder / name).stat().st_size,
            "sha256": file_sha256(folder / name),
        }
    if edit:
        edit(manifest)
    (folder / MANIFEST).write_text(json.dumps(sign_manifest(manifest)))


def _database_file(folder: Path) -> Path:
    return folder / (PG_DUMP if connection.vendor == "postgresql" else SQLITE_FILE)


def _signed_but_broken_database(folder: Path, tmp_path: Path):
    """Someone with the key signs a backup of a broken database: the database's own checks
    (PRAGMA integrity_check, pg_restore) must still refuse it."""
    plain = tmp_path / "plain"
    decrypt_to(_database_file(folder), plain)
    data = bytearray(plain.read_bytes())
    if connection.vendor == "postgresql":
        data = data[: len(data) // 2]
    else:
        for i in range(4096 * 2, min(len(data), 4096 * 6)):
            data[i] = 0xA5  # pages 3-6: b-tree pages overwritten
    plain.unlink()
    plain.write_bytes(bytes(data))
    _database_file(folder).unlink()
    encrypt_file(plain, _database_file(folder))
    _resign(folder)


def _tamper(kind: str, folder: Path, tmp_path: Path, settings):
    db_file = _database_file(folder)
    if kind == "missing database file":
        db_file.unlink()
    elif kind == "truncated database file":
        db_file.write_bytes(db_file.read_bytes()[: db_file.stat().st_size // 2])
    elif kind == "corrupted byte":
        data = bytearray(db_file.read_bytes())
        data[len(data) // 2] ^= 0x01
        db_file.write_bytes(bytes(data))
    elif kind == "manifest edited":
        signed = json.loads((folder / MANIFEST).read_text())
        signed["manifest"]["tables"]["vacancies_application"]["rows"] = 0
        (folder / MANIFEST).write_text(json.dumps(signed))
    elif kind == "manifest unsigned":
        signed = json.loads((folder / MANIFEST).read_text())
        signed["hmac"] = "0" * 64
        (folder / MANIFEST).write_text(json.dumps(signed))
    elif kind == "another key":
        settings.ILJARI_BACKUP_KEYS = [new_key()]
    elif kind == "file replaced and re-signed, tables differ":
        _resign(folder, lambda m: m["tables"]["vacancies_application"].update(rows=5))
    elif kind == "broken database, signed":
        _signed_but_broken_database(folder, tmp_path)
    else:
        raise AssertionError(kind)


TAMPERING = [
    "missing database file",
    "truncated database file",
    "corrupted byte",
    "manifest edited",
    "manifest unsigned",
    "another key",
    "file replaced and re-signed, tables differ",
    "broken database, signed",
]


@pytest.mark.parametrize("kind", TAMPERING)
@pytest.mark.django_db(transaction=True)
def test_a_bad_backup_is_refused_and_nothing_changes(site, tmp_path, settings, kind):
    out = tmp_path / "b"
    call_command("backup", "--out", str(out))
    _change_everything(site)  # the live data now differ from the backup
    live = table_fingerprints()
    _tamper(kind, out, tmp_path, settings)
    for args in (["--dry-run"], ["--yes"]):
        with pytest.raises(CommandError, match="nothing was changed"):
            call_command("restore", "--from", str(out), *args)
        assert table_fingerprints() == live
    assert f.SeekerFactory._meta.model.objects.filter(user__username="after_backup").exists()
    assert _leftover_databases() == []
    restore_dir = Path(settings.VAR_DIR) / "restore"
    assert not restore_dir.exists() or not any(restore_dir.iterdir())
    assert (settings.MEDIA_ROOT / "evidence" / "계약서.pdf").exists()


@pytest.mark.django_db(transaction=True)
def test_dry_run_checks_everything_and_changes_nothing(site, tmp_path, capsys):
    out = tmp_path / "b"
    call_command("backup", "--out", str(out))
    _change_everything(site)
    live = table_fingerprints()
    call_command("restore", "--from", str(out), "--dry-run")
    assert "nothing changed" in capsys.readouterr().out
    assert table_fingerprints() == live
    assert _leftover_databases() == []


@pytest.mark.django_db(transaction=True)
def test_a_backup_taken_while_the_site_writes_passes_its_own_check(site, tmp_path, counselor):
    """Another connection keeps writing (access-log rows, each its own transaction) during the
    whole backup: the snapshot and the manifest still agree."""
    stop = threading.Event()
    written: list[float] = []

    def writer():
        from django.db import connection as thread_connection

        try:
            while not stop.is_set():
                try:
                    log_access(actor=counselor, action="view", subject=site, purpose="동시 쓰기")
                    written.append(time.monotonic())
                except Exception:  # noqa: S112 - SQLite's shared in-memory test database may refuse a turn
                    time.sleep(0.01)
                    continue
        finally:
            thread_connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    while not written:
        time.sleep(0.01)
    started = time.monotonic()
    try:
        manifest = backup(tmp_path / "b")
    finally:
        finished = time.monotonic()
        stop.set()
        thread.join(30)
    assert any(started <= t <= finished for t in written), "no write happened during the backup"
    report = restore(tmp_path / "b", dry_run=True)
    assert report["rows"] == sum(t["rows"] for t in manifest["tables"].values())


@pytest.mark.django_db
def test_backup_refuses_a_non_empty_directory(tmp_path):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(CommandError):
        call_command("backup", "--out", str(tmp_path))


def test_new_key_prints_a_fernet_key(capsys):
    call_command("backup", "--new-key")
    from cryptography.fernet import Fernet

    Fernet(capsys.readouterr().out.strip())


@pytest.mark.django_db(transaction=True)
def test_access_log_migrations_run_forward_over_existing_rows(reference_data, counselor):
    seeker = f.SeekerFactory()
    executor = MigrationExecutor(connection)
    executor.migrate([("audit", "0002_widen_action")])
    executor.loader.build_graph()
    from django.db.migrations.state import ProjectState  # noqa: F401 - the old model, by hand below

    old = executor.loader.project_state(("audit", "0002_widen_action")).apps.get_model("audit", "AccessLog")
    import hashlib

    prev = ""
    for purpose in ("이전 버전", "두 번째"):
        row = old(
            at="2026-11-01T00:00:00+00:00",
            actor_label="counselor_a",
            action="view",
            subject_type="seeker",
            subject_id=str(seeker.pk),
            subject_label=str(seeker),
            purpose=purpose,
            prev_hash=prev,
            row_hash=hashlib.sha256(purpose.encode()).hexdigest(),
        )
        row.save()
        prev = row.row_hash
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    from iljari.audit.models import AccessLog

    assert list(AccessLog.objects.order_by("seq").values_list("seq", "purpose")) == [
        (1, "이전 버전"),
        (2, "두 번째"),
    ]
    log_access(actor=counselor, action="fair_check_in", subject=seeker)  # longer verbs fit after 0002
    assert verify_chain() == (True, None)
