"""Reports are cached under the data version (``versions``), so they are never stale."""

import hashlib

from .. import versions

# reports are keyed by the data version, so they are never stale; the time limit only bounds memory
CACHE_SECONDS = 3600


def data_version() -> str:
    """The version cached reports are keyed by (one index-only query; see ``versions``)."""
    return versions.current()


def cache_key(*parts) -> str:
    return "programs:" + hashlib.sha256(repr(parts).encode()).hexdigest()
