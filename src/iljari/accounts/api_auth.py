"""Who is calling the API: bearer token, API key or the browser session.

``AUTH`` is for operations that need a signed-in caller. ``OPTIONAL_AUTH`` is for public
operations: an integration's token (or a session) still identifies the caller, so a company's
API client sees its own draft vacancy as on the pages, while anyone else is served anonymously.
"""

from ninja.security import APIKeyHeader, HttpBearer, django_auth

from .actions import user_for_token


def _user_of(request, token):
    """The token's user (also set as ``request.user``), or None for an unknown token."""
    user = user_for_token(token)
    if user is not None:
        request.user = user
    return user


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        return _user_of(request, token)


class ApiKey(APIKeyHeader):
    param_name = "X-API-Key"

    def authenticate(self, request, key):
        if not key:  # no X-API-Key header: nothing to look up (ninja asks anyway)
            return None
        return _user_of(request, key)


def anyone(request):
    """The last resort of ``OPTIONAL_AUTH``: the session's user or the anonymous one."""
    return request.user


# Token schemes first: django-ninja checks the session scheme's CSRF before trying the next one.
AUTH = [BearerToken(), ApiKey(), django_auth]
OPTIONAL_AUTH = [BearerToken(), ApiKey(), anyone]
