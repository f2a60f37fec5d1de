"""API token scopes: which area of the API a token may read or write, and until when.

Every operation's area is its URL prefix under ``/api/`` (the routers of ``iljari.api.API_ROUTERS``,
mapped below), and its mode is ``read`` for GET/HEAD/OPTIONS and ``write`` otherwise. The token
schemes (``api_auth``) ask ``required_scope(request)`` for every operation — one place, no
per-endpoint declarations. A ``write`` scope includes reading the same area.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import AuthenticationError

#: area → label, in the order the token page lists them
AREAS: dict[str, object] = {
    "vacancies": gettext_lazy("구인 공고·지원"),
    "employers": gettext_lazy("기업"),
    "seekers": gettext_lazy("구직자"),
    "matching": gettext_lazy("추천"),
    "referrals": gettext_lazy("알선"),
    "counseling": gettext_lazy("상담"),
    "support": gettext_lazy("기업 지원"),
    "fairs": gettext_lazy("채용박람회"),
    "programs": gettext_lazy("일자리 사업"),
    "privacy": gettext_lazy("개인정보"),
    "taxonomy": gettext_lazy("분류 정보"),
    "notifications": gettext_lazy("알림"),
}
#: URL prefix under /api/ → area (a test checks every router of iljari.api has one)
AREA_OF_PREFIX = {
    "vacancies": "vacancies",
    "applications": "vacancies",
    "employers": "employers",
    "seekers": "seekers",
    "recommendations": "matching",
    "referrals": "referrals",
    "cases": "counseling",
    "support": "support",
    "fairs": "fairs",
    "programs": "programs",
    "privacy": "privacy",
    "taxonomy": "taxonomy",
    "notifications": "notifications",
}
MODES = ("read", "write")
ALL_SCOPES = [f"{area}:{mode}" for area in AREAS for mode in MODES]
DEFAULT_DAYS = 90
MAX_DAYS = 365
READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def scope_label(scope: str) -> str:
    area, _sep, mode = scope.partition(":")
    return f"{AREAS.get(area, area)} {_('쓰기') if mode == 'write' else _('읽기')}"


def scope_choices() -> list[tuple[str, str]]:
    return [(scope, scope_label(scope)) for scope in ALL_SCOPES]


def default_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=DEFAULT_DAYS)


def required_scope(request) -> str:
    """The scope an API request needs: ``<area>:<read|write>`` from its path and method. A prefix
    no area claims needs a scope no token has (fail closed)."""
    parts = request.path_info.strip("/").split("/")
    prefix = parts[1] if len(parts) > 1 and parts[0] == "api" else ""
    area = AREA_OF_PREFIX.get(prefix, f"unknown-{prefix}")
    return f"{area}:{'read' if request.method in READ_METHODS else 'write'}"


def allows(scopes: list[str], scope: str) -> bool:
    area, _sep, mode = scope.partition(":")
    return scope in scopes or (mode == "read" and f"{area}:write" in scopes)


class TokenExpired(AuthenticationError):
    """The token is known but past its expiry: 401 with a problem body saying so."""


class ScopeMissing(PermissionDenied):
    """The token lacks the scope of this operation: 403 with a problem body naming it."""

    def __init__(self, scope: str):
        self.scope = scope
        super().__init__(
            _("이 토큰에는 '%(scope)s' 권한(%(label)s)이 없습니다.")
            % {"scope": scope, "label": scope_label(scope)}
        )
