"""What the fairs' pages share: who may run a fair, an action's errors as messages, the seeker of a user."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from iljari.accounts.permissions import has_capability

from ..models import Event


def can_manage(user, event: Event | None = None) -> bool:
    return has_capability(user, "manage_fairs")


def require_manager(request, event=None):
    if not request.user.is_authenticated:
        raise PermissionDenied(_("로그인이 필요합니다."))
    if not can_manage(request.user, event):
        raise PermissionDenied(_("박람회 운영 권한이 없습니다."))


def show_errors(request, exc: ValidationError) -> None:
    for m in exc.messages:
        messages.error(request, m)


def seeker_of(user):
    return getattr(user, "seeker", None) if getattr(user, "is_authenticated", False) else None
