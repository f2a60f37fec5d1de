"""Whether this web process is warm: ``/readyz`` answers 503 until the warm-up (iljari.site.warmup,
on when ``ILJARI_WARM_UP=1``) has marked it done, so a load balancer sends no traffic to a cold
worker."""

from __future__ import annotations

import os
import threading

_done = threading.Event()


def enabled() -> bool:
    return os.environ.get("ILJARI_WARM_UP", "") == "1"


def is_warm() -> bool:
    return _done.is_set() or not enabled()


def mark_warm() -> None:
    _done.set()
