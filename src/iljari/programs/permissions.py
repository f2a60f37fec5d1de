"""Who may see and change job-program data; builds on iljari.accounts.permissions."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from iljari.accounts.permissions import has_capability


def can_view_programs(user) -> bool:
    """Dashboards and reports: counselors, program managers, officials (read-only), admins."""
    return has_capability(user, "view_statistics")


def can_manage_programs(user) -> bool:
    """Plans, targets, attribution and results: program managers and admins."""
    return has_capability(user, "manage_programs")


def can_view_placement_people(user) -> bool:
    """Names behind a number (masked); full names only for staff who work with seekers."""
    return has_capability(user, "view_seekers")


def require_view(user) -> None:
    if not can_view_programs(user):
        raise PermissionDenied(_("일자리 사업 통계를 볼 권한이 없습니다."))


def require_manage(user) -> None:
    if not can_manage_programs(user):
        raise PermissionDenied(_("일자리 사업을 관리할 권한이 없습니다."))
