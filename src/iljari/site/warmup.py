"""Warm-up of a web process: load what the first requests would otherwise wait for.

``iljari serve`` sets ``ILJARI_WARM_UP=1`` for gunicorn; each worker then builds, in a
background thread, its in-memory vacancy search index, loads the Korean analyser and the matching
engine's text models.
``/readyz`` answers 503 until that is done (iljari.core.readiness), so a load balancer sends no traffic to a cold worker.
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import connection

from iljari.core import readiness
from iljari.taxonomy.titles import text_resources
from iljari.vacancies import search_index
from jobmatch.text import kiwi

logger = logging.getLogger(__name__)

_started = False
_lock = threading.Lock()


def _warm() -> None:
    started = time.perf_counter()
    try:
        search_index.current()
        kiwi()  # the Korean analyser every free-text search uses (1–2 s to load)
        text_resources()
    except Exception:  # a warm-up failure must not stop the worker: requests warm up lazily
        logger.exception("warm-up failed")
    finally:
        connection.close()
        readiness.mark_warm()
        logger.info("warm-up done in %.1f s", time.perf_counter() - started)


def start() -> None:
    """Start the warm-up thread once per process (no-op unless enabled)."""
    global _started
    if not readiness.enabled():
        return
    with _lock:
        if _started:
            return
        _started = True
    threading.Thread(target=_warm, name="iljari-warm-up", daemon=True).start()
