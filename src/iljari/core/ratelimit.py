"""Rate limits on anonymous writes (sign-up, consulting requests, survey answers), on Django's cache.

A fixed window per (scope, client address): ``hit(request, "signup")`` counts the attempt and
says whether it is still within ``settings.ILJARI_RATE_LIMITS[scope] = (attempts, seconds)``;
``hit(request, scope, key=...)`` counts per another key instead (e.g. the target e-mail address).
The counters live in the ``ratelimit`` cache (files under ``var/cache/ratelimit`` by default,
shared by every web process of the machine; point it at Redis or memcached when the web
processes span machines), or in ``default`` when there is no such cache. The client address
comes from ``iljari.core.client_ip`` (``TRUSTED_PROXY_COUNT`` honoured), so behind nginx the
limit is per visitor, not per proxy.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import InvalidCacheBackendError
from django.utils.translation import gettext as _

from .client_ip import client_ip

DEFAULT_LIMITS = {
    "signup": (5, 3600),
    "consulting": (5, 3600),
    "consulting_email": (3, 86400),  # confirmation mails to one target address (key = the address)
    "consulting_confirm": (20, 3600),
    "survey": (20, 3600),
}


def _cache():
    try:
        return caches["ratelimit"]
    except InvalidCacheBackendError:  # pragma: no cover - the settings define it
        return caches["default"]


def limit_for(scope: str) -> tuple[int, int]:
    limits = {**DEFAULT_LIMITS, **getattr(settings, "ILJARI_RATE_LIMITS", {})}
    return limits[scope]


def hit(request, scope: str, *, key: str | None = None) -> bool:
    """Count one attempt; True while within the limit, False once over it."""
    attempts, window = limit_for(scope)
    who = key if key is not None else (client_ip(request) or "unknown")
    bucket = int(time.time() // window)
    digest = hashlib.sha256(f"{scope}|{who}|{bucket}".encode()).hexdigest()[:32]
    name = f"rl:{scope}:{digest}"
    cache = _cache()
    if cache.add(name, 1, timeout=window + 1):
        count = 1
    else:
        try:
            count = cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.set(name, 1, timeout=window + 1)
            count = 1
    return count <= attempts


def message() -> str:
    return _("요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.")
