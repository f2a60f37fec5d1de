"""Keys (``ILJARI_BACKUP_KEY``: the first encrypts, any decrypts) and the signed manifest."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

from .common import FORMAT, MANIFEST, BackupError


def new_key() -> str:
    return Fernet.generate_key().decode()


def backup_keys() -> list[bytes]:
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


def backup_fernet() -> MultiFernet:
    return MultiFernet([Fernet(k) for k in backup_keys()])


def _manifest_mac(body: bytes, key: bytes) -> str:
    mac_key = hashlib.sha256(b"iljari-backup-manifest|" + key).digest()
    return hmac.new(mac_key, body, hashlib.sha256).hexdigest()


def _canonical(manifest: dict) -> bytes:
    return json.dumps(manifest, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def sign_manifest(manifest: dict) -> dict:
    return {"manifest": manifest, "hmac": _manifest_mac(_canonical(manifest), backup_keys()[0])}


def read_manifest(folder: Path) -> dict:
    """The manifest if its signature holds under one of the keys, else BackupError."""
    try:
        signed = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
        manifest, mac = signed["manifest"], str(signed["hmac"])
        body = _canonical(manifest)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"{Path(folder) / MANIFEST}: unreadable ({exc})") from exc
    if not any(hmac.compare_digest(mac, _manifest_mac(body, key)) for key in backup_keys()):
        raise BackupError("the manifest's signature does not match: tampered, or another key")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest
