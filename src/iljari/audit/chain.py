"""The access log's hash chain: one writer at a time, every column under a keyed hash, and the
head anchored outside the database.

* **Sequence.** Each row has ``seq`` = the previous row's + 1 (1 for the first), so a missing
  row shows as a gap even before any hash is checked.
* **Keyed hash.** ``row_hash`` = HMAC-SHA256, with ``ILJARI_AUDIT_KEY`` (an environment
  setting, never stored in the database), over every column of the row — sequence, time, actor
  id and label, action, subject type, id and label, fields, purpose, address, path, count — and
  the previous row's hash. Someone who can write to the database but does not have the key can
  neither edit a row nor recompute the chain after an edit.
* **One writer at a time.** Appending takes a transaction-scoped lock before reading the newest
  row: ``pg_advisory_xact_lock`` on PostgreSQL; on SQLite every transaction already holds the
  database's write lock from its ``BEGIN IMMEDIATE`` (settings). Two writers can therefore never
  chain onto the same previous row.
* **Anchor.** After each commit the new head (sequence, hash, time) is appended, signed with the
  same key, to ``ILJARI_AUDIT_ANCHOR_FILE`` (a file outside the database, 0600), and at most once
  a minute per process also written to the application log (logger ``iljari.audit.anchor``, so
  journald keeps a copy off the database). Verification checks that the newest anchored row is
  still there with the same hash: deleting the newest rows (or all of them) is detected.
  ``iljari restore`` writes a signed *reset* line: the anchors before it belong to the log that
  was replaced.
"""

import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import time
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import AccessLog

log = logging.getLogger("iljari.audit.anchor")

# pg_advisory_xact_lock key for appending to the chain (any constant; "iljari-audit" in hex)
ADVISORY_LOCK_KEY = 0x696C6A6172692D61
ANCHOR_LOG_INTERVAL_SECONDS = 60
_last_logged_anchor = 0.0


def audit_key() -> bytes:
    return settings.ILJARI_AUDIT_KEY.encode("utf-8")


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def row_payload(row: AccessLog) -> dict:
    """Every column of the row that is not the hash itself or the database's own id."""
    return {
        "seq": row.seq,
        "at": _utc(row.at),
        "actor_id": row.actor_id,
        "actor": row.actor_label,
        "action": row.action,
        "subject_type": row.subject_type,
        "subject_id": row.subject_id,
        "subject": row.subject_label,
        "fields": row.fields,
        "purpose": row.purpose,
        "ip": row.ip_address or "",
        "path": row.path,
        "count": row.count,
        "prev": row.prev_hash,
    }


def row_digest(row: AccessLog, key: bytes | None = None) -> str:
    payload = json.dumps(row_payload(row), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(key or audit_key(), payload.encode("utf-8"), hashlib.sha256).hexdigest()


def _lock_chain() -> None:
    """Hold the chain for this transaction (see the module's docstring)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])


def append(rows: Iterable[AccessLog]) -> list[AccessLog]:
    """Chain and save ``rows`` (unsaved, ``at`` set or not) after the current head, in order."""
    rows = list(rows)
    if not rows:
        return rows
    key = audit_key()
    with transaction.atomic():
        _lock_chain()
        head = AccessLog.objects.order_by("-seq").values_list("seq", "row_hash").first()
        seq, prev_hash = head if head else (0, "")
        now = timezone.now()
        for row in rows:
            seq += 1
            row.seq = seq
            row.at = row.at or now
            row.prev_hash = prev_hash
            row.row_hash = row_digest(row, key)
            prev_hash = row.row_hash
        AccessLog.objects.bulk_create(rows)
        last = rows[-1]
        transaction.on_commit(lambda: write_anchor(last.seq, last.row_hash))
    return rows


# --- anchors ----------------------------------------------------------------------------------


def anchor_path() -> Path:
    configured = getattr(settings, "ILJARI_AUDIT_ANCHOR_FILE", None)
    if configured:
        return Path(configured)
    name = connection.settings_dict.get("NAME") or "default"
    label = Path(str(name)).stem if connection.vendor == "sqlite" else str(name)
    label = "".join(c if c.isalnum() or c in "-_" else "_" for c in label) or "default"
    return Path(settings.VAR_DIR) / "audit" / f"anchors-{connection.vendor}-{label}.log"


def _anchor_mac(kind: str, seq: int, row_hash: str, at: str) -> str:
    message = f"iljari-access-log-anchor|{kind}|{seq}|{row_hash}|{at}".encode()
    return hmac.new(audit_key(), message, hashlib.sha256).hexdigest()


def _append_line(path: Path, line: str) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (line + "\n").encode("utf-8"))  # one write: lines never interleave
    finally:
        os.close(fd)


def write_anchor(seq: int, row_hash: str, kind: str = "head") -> None:
    """Append a signed line naming the chain's head; never fails the request that logged."""
    global _last_logged_anchor
    at = _utc(timezone.now())
    entry = {
        "kind": kind,
        "seq": seq,
        "hash": row_hash,
        "at": at,
        "mac": _anchor_mac(kind, seq, row_hash, at),
    }
    line = json.dumps(entry, sort_keys=True)
    try:
        _append_line(anchor_path(), line)
    except OSError:
        log.exception("could not write the access-log anchor to %s", anchor_path())
    now = time.monotonic()
    if kind != "head" or now - _last_logged_anchor >= ANCHOR_LOG_INTERVAL_SECONDS:
        _last_logged_anchor = now
        log.info("access-log anchor %s", line, extra={"anchor": entry})


def reset_anchor() -> None:
    """After a restore: the current head starts a new series of anchors (signed)."""
    head = AccessLog.objects.order_by("-seq").values_list("seq", "row_hash").first()
    seq, row_hash = head if head else (0, "")
    write_anchor(seq, row_hash, kind="reset")


def _read_anchors(path: Path) -> tuple[dict | None, int]:
    """The anchor with the highest sequence since the last reset, and how many lines failed
    their signature. (Anchors are written after commit, so not always in sequence order; the
    newest one is enough: the chain links every earlier row to it.)"""
    newest: dict | None = None
    forged = 0
    if not path.exists():
        return newest, forged
    with path.open(encoding="utf-8", errors="replace") as lines:
        for text in lines:
            if not text.strip():
                continue
            try:
                entry = json.loads(text)
                kind, seq, row_hash, at = entry["kind"], int(entry["seq"]), entry["hash"], entry["at"]
                good = hmac.compare_digest(str(entry["mac"]), _anchor_mac(kind, seq, row_hash, at))
            except (ValueError, KeyError, TypeError):
                good = False
            if not good:
                forged += 1
            elif kind == "reset" or newest is None or seq >= newest["seq"]:
                newest = {"seq": seq, "hash": row_hash}
    return newest, forged


# --- verification -------------------------------------------------------------------------------


@dataclasses.dataclass
class ChainReport:
    intact: bool
    broken_id: int | None = None
    reason: str = ""  # "", "sequence", "edited", "truncated", "anchor"
    rows: int = 0
    anchored_seq: int = 0


def check() -> ChainReport:
    """Walk the log oldest first, then compare it with the newest anchor."""
    key = audit_key()
    anchor, forged = _read_anchors(anchor_path())
    anchored_seq = anchor["seq"] if anchor else 0
    prev_hash, expected_seq, rows = "", 1, 0
    newest_id: int | None = None
    anchored_hash = None
    for row in AccessLog.objects.order_by("seq", "id").iterator(chunk_size=2000):
        if row.seq != expected_seq or row.prev_hash != prev_hash:
            return ChainReport(False, row.pk, "sequence", rows, anchored_seq)
        if not hmac.compare_digest(row.row_hash, row_digest(row, key)):
            return ChainReport(False, row.pk, "edited", rows, anchored_seq)
        if row.seq == anchored_seq:
            anchored_hash = row.row_hash
        prev_hash, expected_seq, rows, newest_id = row.row_hash, expected_seq + 1, rows + 1, row.pk
    if forged:
        return ChainReport(False, newest_id, "anchor", rows, anchored_seq)
    if anchor and anchored_seq and anchored_hash != anchor["hash"]:
        return ChainReport(False, newest_id, "truncated", rows, anchored_seq)
    return ChainReport(True, None, "", rows, anchored_seq)
