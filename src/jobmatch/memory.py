"""Giving freed memory back to the operating system (long batch processes)."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc


def _trim():
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):  # not glibc: nothing to call
        return None


_MALLOC_TRIM = _trim()


def give_back() -> None:
    """Collect cycles, then return the allocator's free pages to the system (glibc ``malloc_trim``):
    freed NumPy temporaries and Python objects otherwise stay in the process's resident set, and the
    nightly job's summed RSS counts them once per process."""
    gc.collect()
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)
