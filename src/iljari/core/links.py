"""Links to pages whose address never changes while a process runs, reversed once.

``reverse()`` walks the URL resolver on every call; the site's frame, the search form and the
result lists ask for the same dozen fixed addresses on every request. ``link(name, *args)`` keeps
each answer, keyed by everything ``reverse`` depends on: the name and arguments, the script prefix
(a deployment under a sub-path), the request's URL configuration and ``settings.ROOT_URLCONF``.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=1024)
def _reversed(name: str, args: tuple, prefix: str, urlconf: str | None, root: str) -> str:
    return reverse(name, urlconf=urlconf, args=args or None)


def link(name: str, *args: object) -> str:
    """``reverse(name, args=args)``, kept for the process."""
    return _reversed(name, args, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
