"""Warm-up of a web process: load what the first requests would otherwise wait for.

``iljari serve`` sets ``ILJARI_WARM_UP=1`` for gunicorn; each worker then builds, in a
background thread, its in-memory vacancy search index, loads the Korean analyser and the matching
engine's text models.
``/readyz`` answers 503 until that is done, so a load balancer sends no traffic to a cold worker.
"""

from __future__ import annotations

import logging
import os
import threading
import time

logger = logging.getLogger(__name__)

_done = threading.Event()
_started = False
_lock = threading.Lock()


def enabled() -> bool:
    return os.environ.get("ILJARI_WARM_UP", "") == "1"


def is_warm() -> bool:
    return _done.is_set() or not enabled()


def _warm() -> None:
    from django.db import connection

    started = time.perf_counter()
    try:
        from iljari.vacancies import search_index
        from jobmatch.text import kiwi

        search_index.current()
        kiwi()  # the Korean analyser every free-text search uses (1–2 s to load)
        from iljari.matching.bridge import text_resources

        text_resources()
    except Exception:  # a warm-up failure must not stop the worker: requests warm up lazily
        logger.exception("warm-up failed")
    finally:
        connection.close()
        _done.set()
        logger.info("warm-up done in %.1f s", time.perf_counter() - started)


def start() -> None:
    """Start the warm-up thread once per process (no-op unless enabled)."""
    global _started
    if not enabled():
        return
    with _lock:
        if _started:
            return
        _started = True
    threading.Thread(target=_warm, name="iljari-warm-up", daemon=True).start()
