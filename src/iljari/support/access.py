"""Who does the support office's work: the one check of its pages and of its API."""

from django.utils.translation import gettext as _

from iljari.accounts.permissions import Capability, require_capability


def require_support_staff(user) -> None:
    """Refuse (PermissionDenied, a 403 on pages and API) anyone without the support capability."""
    require_capability(user, Capability.MANAGE_SUPPORT, _("기업 지원 업무 권한이 없습니다."))
