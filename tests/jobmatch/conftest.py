import pytest

from jobmatch import resources


@pytest.fixture(scope="session")
def normaliser():
    """The title normaliser built on the built-in root-industry subset (a few seconds, once)."""
    return resources.title_normaliser(None)


@pytest.fixture(scope="session")
def encoder():
    return resources.text_encoder(None)
