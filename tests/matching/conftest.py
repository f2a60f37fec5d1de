import pytest

from iljari.matching import bridge


@pytest.fixture(autouse=True)
def fresh_index(settings, tmp_path_factory):
    """Each test sees its own database rows: forget the process's pools (text resources stay cached)."""
    bridge.reset_pools()
    yield
    bridge.reset_pools()
