"""Write and verify the personal-data access log (the chain itself: ``iljari.audit.chain``)."""

from collections.abc import Iterable

from django.conf import settings
from django.utils import translation

from iljari.core.client_ip import client_ip

from . import chain
from .models import AccessLog


def _client_ip(request) -> str | None:
    return client_ip(request)


def _stored_purpose(purpose) -> str:
    """The purpose as stored: in the source language whatever the writer's language, so that every
    row holds the same text for the same purpose (and the hash chain covers that text); pages
    translate it when they show it (``AccessLog.get_purpose_display``). Callers pass the raw
    Korean text, marked with ``gettext_noop`` (or ``gettext_lazy``), not an already translated one."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(purpose)[:200]


def _row(*, actor, action, subject, fields, purpose, request, count, actor_label) -> AccessLog:
    return AccessLog(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=(actor_label or getattr(actor, "username", "") or "anonymous")[:150],
        action=str(action)[:40],
        subject_type=subject._meta.model_name,
        subject_id=str(subject.pk),
        subject_label=str(subject)[:150],
        fields=fields[:300],
        purpose=_stored_purpose(purpose),
        ip_address=_client_ip(request),
        path=(request.path[:300] if request is not None else ""),
        count=count,
    )


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
    row = _row(
        actor=actor,
        action=action,
        subject=subject,
        fields=fields,
        purpose=purpose,
        request=request,
        count=count,
        actor_label=actor_label,
    )
    return chain.append([row])[0]


def log_access_many(
    *,
    actor,
    action: str,
    subjects: Iterable,
    fields: str = "",
    purpose: str = "",
    request=None,
    actor_label: str | None = None,
) -> list[AccessLog]:
    """Record that a list or search showed each of ``subjects``: one row per person (each
    person finds it under "내 정보 열람"), written together under one lock. Repeats count once."""
    seen: set[tuple[str, object]] = set()
    rows = []
    for subject in subjects:
        if subject is None:
            continue
        key = (subject._meta.model_name, subject.pk)
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            _row(
                actor=actor,
                action=action,
                subject=subject,
                fields=fields,
                purpose=purpose,
                request=request,
                count=1,
                actor_label=actor_label,
            )
        )
    return chain.append(rows)


def verify_chain() -> tuple[bool, int | None]:
    """(intact, id of the first broken row — or of the newest row when rows after it are gone)."""
    report = chain.check()
    return report.intact, report.broken_id
