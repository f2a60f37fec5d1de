"""The one answer cache of public search: rendered answers kept in Django's ``search_answers`` cache.

Most visitors ask the same few questions ("용접", "금형", page 1). The search page's body (the part
below the site's header: form, results, pages) and the API's JSON are kept under a key made of
everything they depend on: the kind of answer, the language, the query string, the search index's
version and token (every change to a vacancy, its employer or its text moves them, see
``search_index``) and today's date (closing dates). Nothing in a kept answer depends on who asked:
the page's navigation and CSRF token are rendered around the body on every request, as for any
page. Reference data (region and occupation names) can change without a new index version, so an
answer also expires after the cache's timeout (5 minutes).

The cache is whatever ``settings.CACHES["search_answers"]`` says: files shared by the machine's
web processes by default (each process's own memory rendered every question once per process),
Redis or memcached to share answers between machines.
``ILJARI_SEARCH_ANSWER_CACHE=0`` turns it off; the page renders in a few milliseconds without it.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language


def answer_key(kind: str, request: HttpRequest, snapshot: Any) -> str | None:
    """The cache key of ``request``'s answer, or None when it must not be kept (cache off, no index)."""
    if not settings.SEARCH_ANSWER_CACHE or not snapshot.token:
        return None
    query = sorted((name, tuple(values)) for name, values in request.GET.lists())
    parts = (kind, get_language(), query, snapshot.version, snapshot.token, timezone.localdate().toordinal())
    return "answer:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def get_answer(key: str | None) -> Any:
    return None if key is None else caches["search_answers"].get(key)


def put_answer(key: str | None, answer: str | bytes) -> None:
    if key is not None:
        caches["search_answers"].set(key, answer)


def clear_answers() -> None:
    """Forget the kept answers (tests; their keys never come back anyway)."""
    caches["search_answers"].clear()
