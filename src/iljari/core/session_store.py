"""Database sessions whose save tells an outage from a lost session.

Django's database store turns *every* database error of an update into ``UpdateError``, which
the session middleware answers with 400 "session interrupted". When the cause is that the
database is unreachable, the right answer is the retry-able 503 (``RequestLogMiddleware``), so
the original error is raised instead.
"""

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import InterfaceError, OperationalError


class SessionStore(DatabaseSessionStore):
    def save(self, must_create=False):
        try:
            super().save(must_create=must_create)
        except UpdateError as exc:
            cause = exc.__context__
            if isinstance(cause, OperationalError | InterfaceError):
                raise cause from None
            raise
