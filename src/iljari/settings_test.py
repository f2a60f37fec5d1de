"""Settings for the test suite: the project's settings with the test-only defaults stated here,
instead of the settings guessing from ``sys.modules`` that they run under pytest.

Chosen by ``DJANGO_SETTINGS_MODULE`` in pyproject.toml (pytest-django) and inherited by the
processes the tests start. Environment variables still win where the settings read one.
"""

from iljari.core.env import env_bool, env_str

from .settings import *  # noqa: F403
from .settings import CACHES, LOGGING

_HANDLERS: dict = LOGGING["handlers"]  # type: ignore[assignment]
_LOGGERS: dict = LOGGING["loggers"]  # type: ignore[assignment]

# The demo staff accounts sign in without a phone in tests; the 2FA tests switch it on.
ILJARI_REQUIRE_STAFF_2FA = env_bool("ILJARI_REQUIRE_STAFF_2FA", False)

# Readable logs in test output; request lines only for warnings.
LOG_FORMAT = env_str("LOG_FORMAT", "plain")
_HANDLERS["console"]["formatter"] = LOG_FORMAT
_LOGGERS["django.server"]["level"] = "WARNING"

# Each test process keeps its search answers in its own memory: parallel test processes (xdist)
# have databases of their own, and a shared answer directory would mix their answers.
CACHES = {
    **CACHES,
    "search_answers": {
        **CACHES["search_answers"],
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "search-answers",
    },
}

# Static files are looked up when asked for, not listed when the middleware starts: every test
# client builds its own middleware chain, and WhiteNoise listing the static folders (node_modules'
# KRDS and axe-core included) cost ~0.1 s per client — minutes over the suite. The pages and the
# browser tests are served the same files.
WHITENOISE_AUTOREFRESH = env_bool("WHITENOISE_AUTOREFRESH", True)
