import pytest

from iljari.matching import bridge


@pytest.fixture(autouse=True)
def fresh_index(settings, tmp_path_factory):
    """Each test sees its own database rows: forget the process-wide index (text resources stay cached)."""
    bridge.reset_index()
    yield
    bridge.reset_index()
