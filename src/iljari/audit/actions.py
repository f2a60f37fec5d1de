"""Write and verify the personal-data access log."""

import hashlib
import json

from django.db import transaction
from django.utils import timezone

from iljari.core.client_ip import client_ip

from .models import AccessLog


def _client_ip(request) -> str | None:
    return client_ip(request)


def _digest(fields: dict, prev_hash: str) -> str:
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str) + prev_hash
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _hashed_fields(row: AccessLog) -> dict:
    return {
        "at": row.at.isoformat(),
        "actor": row.actor_label,
        "action": row.action,
        "subject_type": row.subject_type,
        "subject_id": row.subject_id,
        "fields": row.fields,
        "purpose": row.purpose,
        "ip": row.ip_address or "",
        "count": row.count,
    }


def log_access(
    *,
    actor,
    action: str,
    subject,
    fields: str = "",
    purpose: str = "",
    request=None,
    count: int = 1,
    actor_label: str | None = None,
) -> AccessLog:
    """Record one access to a person's data. ``subject`` is a model instance (Seeker, User, ...)."""
    with transaction.atomic():
        last = (
            AccessLog.objects.select_for_update().order_by("-id").values_list("row_hash", flat=True).first()
        )
        prev_hash = last or ""
        row = AccessLog(
            at=timezone.now(),
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            actor_label=actor_label or getattr(actor, "username", "") or "anonymous",
            action=str(action)[:40],
            subject_type=subject._meta.model_name,
            subject_id=str(subject.pk),
            subject_label=str(subject)[:150],
            fields=fields[:300],
            purpose=purpose[:200],
            ip_address=_client_ip(request),
            path=(request.path[:300] if request is not None else ""),
            count=count,
            prev_hash=prev_hash,
        )
        row.row_hash = _digest(_hashed_fields(row), prev_hash)
        row.save()
        return row


def verify_chain() -> tuple[bool, int | None]:
    """Walk the log oldest first; return (intact, id of the first broken row)."""
    prev_hash = ""
    for row in AccessLog.objects.order_by("id").iterator(chunk_size=2000):
        if row.prev_hash != prev_hash or row.row_hash != _digest(_hashed_fields(row), prev_hash):
            return False, row.pk
        prev_hash = row.row_hash
    return True, None
