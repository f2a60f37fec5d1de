import pytest


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Factories hash a password per user; the production hasher takes ~0.3 s on a loaded CI core."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
