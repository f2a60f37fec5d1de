import pytest
from django.db import transaction

from .world import build_persona_world


@pytest.fixture(scope="module")
def persona_world(django_db_setup, django_db_blocker):
    """The persona world built once per test module (and xdist worker) inside a transaction that
    is rolled back after the module's last test. Each test runs in a savepoint inside it — what
    Django's ``TestCase.setUpTestData`` does — so a test's own writes never reach the next test,
    and no other module sees the world. Gives the personas' primary keys: a test reads its users
    afresh, so no object cached on an instance by one test leaks into the next."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield {name: user.pk for name, user in build_persona_world().items()}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
