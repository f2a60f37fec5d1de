import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def back_to_the_default_language():
    """A request with ``Accept-Language: en`` leaves English active in this thread (LocaleMiddleware
    never deactivates); later tests that call actions directly would get English messages."""
    yield
    translation.deactivate()
