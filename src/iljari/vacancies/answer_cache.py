"""Rendered search answers, kept for a short while and shared by the machine's web processes.

Public search is the busiest thing a job center serves, and most visitors ask the same few
questions ("용접", "금형", page 1). The search page's filter form alone is hundreds of widgets, so
the rendered answer (the page's body, or the API's JSON) of a recent search is kept: in the
process's own memory first (an LRU bounded in entries and bytes), then in the shared
``search_answers`` cache (files by default; see settings), so that one web process renders a
question for all of them.

An answer is keyed by everything it depends on: the kind of answer, the language, the query
string, the search index's version and token (every change to a vacancy, its employer or its
text moves them, see ``search_index``) and today's date (closing dates). Nothing in a cached
answer depends on who asked: the page's per-visitor parts (navigation, CSRF tokens) are rendered
around it on every request. Reference data (region and occupation names) can change without a
new index version, so an answer also expires after ``TTL_SECONDS``.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from ninja.renderers import JSONRenderer

MAX_ENTRIES = 512
MAX_BYTES = 32 * 1024 * 1024
TTL_SECONDS = 300.0


class AnswerCache:
    """A thread-safe LRU of str/bytes answers with a time limit."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES, ttl: float = TTL_SECONDS):
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.ttl = ttl
        self._entries: OrderedDict[tuple, tuple[float, str | bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple | None) -> str | bytes | None:
        if key is None or not settings.SEARCH_ANSWER_CACHE:
            return None
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] < time.monotonic():
                if entry is not None:
                    self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: tuple | None, answer: str | bytes) -> None:
        if key is None or len(answer) > self.max_bytes // 8 or not settings.SEARCH_ANSWER_CACHE:
            return
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = (time.monotonic() + self.ttl, answer)
            self._bytes += len(answer)
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    def _drop(self, key: tuple) -> None:
        _expires, answer = self._entries.pop(key)
        self._bytes -= len(answer)


class SharedAnswers:
    """The process's LRU in front of the shared ``search_answers`` cache."""

    def __init__(self, local: AnswerCache):
        self.local = local

    @staticmethod
    def _shared_key(key: tuple) -> str:
        return "answer:" + hashlib.sha256(repr(key).encode()).hexdigest()

    def get(self, key: tuple | None) -> str | bytes | None:
        answer = self.local.get(key)
        if answer is None and key is not None and settings.SEARCH_ANSWER_CACHE:
            answer = caches["search_answers"].get(self._shared_key(key))
            if answer is not None:
                self.local.put(key, answer)
        return answer

    def put(self, key: tuple | None, answer: str | bytes) -> None:
        self.local.put(key, answer)
        if key is not None and settings.SEARCH_ANSWER_CACHE:
            caches["search_answers"].set(self._shared_key(key), answer, timeout=self.local.ttl)

    def clear(self) -> None:
        """Forget this process's answers (the shared ones expire; their keys never come back)."""
        self.local.clear()

    def __len__(self) -> int:
        return len(self.local)


ANSWERS = SharedAnswers(AnswerCache())


def answer_key(kind: str, request, snapshot, language: str | None = None) -> tuple | None:
    """The cache key of ``request``'s answer, or None when it must not be cached (no index yet)."""
    if not snapshot.token:
        return None
    query = tuple(sorted((name, tuple(values)) for name, values in request.GET.lists()))
    language = language or get_language()
    return (kind, language, query, snapshot.version, snapshot.token, timezone.localdate().toordinal())


# An anonymous visitor's search page is the same for all of them but for the CSRF token (in the
# language switch form): the page is kept in the process's LRU with this stand-in, which each
# request replaces with its own token. Random per process, so no vacancy text can carry it.
CSRF_PLACEHOLDER = f"csrf-{secrets.token_hex(16)}"


def anonymous_page_key(request, key: tuple | None) -> tuple | None:
    """The key of the whole page for a visitor who is certainly anonymous and has no pending
    message (no session or messages cookie), or None. The raw query string is part of it: the
    page links back to itself (the language switch's ``next``)."""
    if key is None or settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return None
    return ("anonymous page", request.META.get("QUERY_STRING", ""), *key)


JSON = JSONRenderer()  # the API's renderer (NinjaAPI's default), for answers kept as bytes


def json_answer_response(answer: str | bytes, cache_state: str) -> HttpResponse:
    response = HttpResponse(answer, content_type=f"{JSON.media_type}; charset={JSON.charset}")
    response["X-Search-Cache"] = cache_state
    return response


def anonymous_page_response(request, page: str, cache_state: str) -> HttpResponse:
    response = HttpResponse(page.replace(CSRF_PLACEHOLDER, get_token(request)))
    response["X-Search-Cache"] = cache_state
    patch_vary_headers(response, ("Cookie",))
    return response


class CachedSearchAnswerMiddleware:
    """Answers a public API search that is already in the cache before the session,
    authentication, CSRF and URL machinery run — as Django's own cache middleware sits early in
    the chain. Only for a caller without a session cookie or credentials (who could be nothing
    but the anonymous visitor; a CSRF or language cookie is fine) and only on a hit; everything
    else goes on to the view, which renders and stores the answer. The security and request-log
    middlewares stay outside it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.path: str | None = None

    def __call__(self, request):
        if self._anonymous_search(request):
            try:
                response = self._cached(request)
            except DatabaseError:  # the view's path answers an outage properly (503)
                response = None
            if response is not None:
                return response
        return self.get_response(request)

    def _anonymous_search(self, request) -> bool:
        if self.path is None:
            self.path = reverse("api:list_vacancies")
        meta = request.META
        return (
            request.method == "GET"
            and request.path_info == self.path
            and settings.SEARCH_ANSWER_CACHE
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in meta
            and "HTTP_X_API_KEY" not in meta
        )

    @staticmethod
    def _cached(request) -> HttpResponse | None:
        from . import search_index

        language = translation.get_language_from_request(request)
        answer = ANSWERS.get(answer_key("api", request, search_index.current(), language))
        if answer is None:
            return None
        response = json_answer_response(answer, "hit")
        response["Content-Language"] = language
        response["X-Frame-Options"] = "DENY"
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
