"""Who is calling the API: bearer token, API key or the browser session.

``AUTH`` is for operations that need a signed-in caller. ``OPTIONAL_AUTH`` is for public
operations: an integration's token (or a session) still identifies the caller, so a company's
API client sees its own draft vacancy as on the pages, while anyone else is served anonymously.
"""

from ninja.security import APIKeyHeader, HttpBearer, django_auth

from .actions import token_for_key, touch_api_token
from .tokens import ScopeMissing, TokenExpired, allows, required_scope


def _user_of(request, key):
    """The token's user (also set as ``request.user``), or None for an unknown or revoked token.

    The one place where a token's expiry and scopes are enforced, for every operation of every
    router: an expired token is refused (401), a token without the operation's scope —
    ``<area>:<read|write>`` from the URL prefix and the method — is refused (403 naming it)."""
    token = token_for_key(key)
    if token is None:
        return None
    if token.is_expired:
        raise TokenExpired()
    scope = required_scope(request)
    if not allows(token.scopes, scope):
        raise ScopeMissing(scope)
    touch_api_token(token)
    request.user = token.user
    request.api_token = token
    return token.user


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
