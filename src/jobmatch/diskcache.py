"""Built models kept as pickles in a cache folder, each built by one process at a time.

A model takes half a minute or more to build: processes that start together (gunicorn workers,
parallel test workers, a benchmark and its server) would each build the same one. ``cached``
builds under an exclusive lock on ``<file>.lock`` next to the pickle; a process that finds the lock
taken waits, then loads the pickle the first one wrote. A cache folder that cannot be written
(read-only) still works: the model is built and not kept.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # not POSIX: no lock, each process may build
    fcntl = None  # type: ignore[assignment]

_MISSING = object()


def load(path: Path) -> Any:
    """The pickle at ``path``, or ``_MISSING`` (a broken one is removed)."""
    if not path.exists():
        return _MISSING
    try:
        with open(path, "rb") as f:
            return pickle.load(f)  # noqa: S301 - our own cache file
    except Exception:  # noqa: BLE001 - a broken cache is rebuilt
        path.unlink(missing_ok=True)
        return _MISSING


def store(path: Path, obj: Any) -> None:
    """Write ``obj`` next to ``path`` and move it into place (readers never see half a file)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
        with open(tmp, "wb") as f:
            pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass


_thread_locks: dict[str, threading.Lock] = {}
_thread_locks_guard = threading.Lock()


def _forget_thread_locks() -> None:
    """In a forked child: the parent's threads (and their held locks) are not there."""
    global _thread_locks_guard
    _thread_locks.clear()
    _thread_locks_guard = threading.Lock()


os.register_at_fork(after_in_child=_forget_thread_locks)


@contextlib.contextmanager
def build_lock(path: Path) -> Iterator[None]:
    """Exclusive while held: one builder per cache file across processes (a POSIX record lock on
    ``<file>.lock``: a process forked meanwhile does not inherit it) and across the threads of
    this process."""
    with _thread_locks_guard:
        thread_lock = _thread_locks.setdefault(str(path), threading.Lock())
    with thread_lock:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(path.with_name(f"{path.name}.lock"), "a")  # noqa: SIM115 - closed below
        except OSError:  # a cache folder that cannot be written: build without the lock
            yield
            return
        try:
            if fcntl is not None:
                fcntl.lockf(handle, fcntl.LOCK_EX)
            yield
        finally:
            handle.close()  # releases the lock


def cached(path: Path, build: Callable[[], Any]) -> Any:
    """The model kept at ``path``, built (once, under the lock) when missing."""
    obj = load(path)
    if obj is not _MISSING:
        return obj
    with build_lock(path):
        obj = load(path)  # another process built it while this one waited
        if obj is _MISSING:
            obj = build()
            store(path, obj)
    return obj
