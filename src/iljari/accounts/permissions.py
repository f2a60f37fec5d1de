"""The permission matrix, in one place.

Pages and API handlers ask these functions; they never test roles themselves.
Object-level rules: an employer member sees only its own company's records, a seeker
only their own, a counselor their team's cases, an official read-only statistics.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from iljari.accounts.models import Role


class Capability(StrEnum):
    """What a role may do. Pages and API handlers ask for a capability, never for a role."""

    APPLY = "apply"
    VIEW_OWN_PROFILE = "view_own_profile"
    VIEW_RECOMMENDATIONS = "view_recommendations"
    POST_VACANCY = "post_vacancy"
    VIEW_OWN_APPLICANTS = "view_own_applicants"
    VIEW_CANDIDATE_RECOMMENDATIONS = "view_candidate_recommendations"
    VIEW_SEEKERS = "view_seekers"
    REFER = "refer"
    APPROVE_VACANCY = "approve_vacancy"
    APPROVE_EMPLOYER = "approve_employer"
    MANAGE_CASES = "manage_cases"
    SEARCH_PERSONAL_DATA = "search_personal_data"
    VIEW_STATISTICS = "view_statistics"
    MANAGE_FAIRS = "manage_fairs"
    MANAGE_SUPPORT = "manage_support"
    MANAGE_PROGRAMS = "manage_programs"
    VIEW_ACCESS_LOG = "view_access_log"
    MANAGE_API_TOKENS = "manage_api_tokens"  # see and revoke every user's API tokens


ROLE_CAPABILITIES: dict[str, set[str]] = {
    Role.SEEKER: {"apply", "view_own_profile", "view_recommendations"},
    Role.EMPLOYER: {"post_vacancy", "view_own_applicants", "view_candidate_recommendations"},
    Role.COUNSELOR: {
        "view_seekers",
        "refer",
        "approve_vacancy",
        "approve_employer",
        "manage_cases",
        "search_personal_data",
        "view_statistics",
        "manage_fairs",
        "manage_support",
    },
    Role.PROGRAM_MANAGER: {"manage_programs", "view_statistics", "manage_fairs", "manage_support"},
    Role.OFFICIAL: {"view_statistics"},
    Role.ADMIN: {
        "view_seekers",
        "refer",
        "approve_vacancy",
        "approve_employer",
        "manage_cases",
        "search_personal_data",
        "view_statistics",
        "manage_programs",
        "manage_fairs",
        "manage_support",
        "view_access_log",
        "manage_api_tokens",
    },
}


def has_capability(user, capability: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return capability in ROLE_CAPABILITIES.get(user.role, set())


def require_capability(user, capability: str, message: str | None = None) -> None:
    """Raise PermissionDenied (a Korean 403 page or API problem) unless the user has the capability."""
    if not has_capability(user, capability):
        raise PermissionDenied(message or _("이 작업을 할 권한이 없습니다."))


def is_seeker(user) -> bool:
    """A signed-in job seeker's account (their own records only)."""
    return bool(getattr(user, "is_authenticated", False)) and user.role == Role.SEEKER


def is_employer_user(user) -> bool:
    """A signed-in employer member's account (their companies' records only)."""
    return bool(getattr(user, "is_authenticated", False)) and user.role == Role.EMPLOYER


def employer_ids_of(user) -> set[int]:
    """Ids of the employers this user is a member of (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_employer_ids", None)
    if cached is None:
        cached = set(user.employer_memberships.values_list("employer_id", flat=True))
        user._employer_ids = cached
    return cached


def is_member_of(user, employer) -> bool:
    return employer is not None and employer.pk in employer_ids_of(user)


def can_view_seeker(user, seeker) -> bool:
    """Full personal data of a seeker: the seeker, or job-center staff who work with seekers."""
    if not getattr(user, "is_authenticated", False):
        return False
    if seeker.user_id == user.pk:
        return True
    return has_capability(user, "view_seekers")


def can_edit_seeker(user, seeker) -> bool:
    return getattr(user, "is_authenticated", False) and (
        seeker.user_id == user.pk or has_capability(user, "manage_cases")
    )


def can_manage_employer(user, employer) -> bool:
    return is_member_of(user, employer) or has_capability(user, "approve_employer")


def can_edit_vacancy(user, vacancy) -> bool:
    return is_member_of(user, vacancy.employer) or has_capability(user, "approve_vacancy")


def can_view_vacancy(user, vacancy) -> bool:
    """Published vacancies are public; drafts only for their company and staff."""
    if vacancy.is_public:
        return True
    return can_edit_vacancy(user, vacancy)
