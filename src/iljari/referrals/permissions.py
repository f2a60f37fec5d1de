"""Who may see and move referrals, built on iljari.accounts.permissions.

Staff who refer (counselors) see referrals they made and those of their team; an employer
member sees referrals to its own vacancies once the seeker has agreed (기업검토 onwards),
filtered by ``Referral.vacancy.employer``; a seeker sees their own.
"""

from django.db.models import Q

from iljari.accounts.permissions import employer_ids_of, has_capability

from .actions import REFERRAL_FLOW
from .models import Referral, ReferralStatus

EMPLOYER_VISIBLE = (
    ReferralStatus.EMPLOYER_REVIEW,
    ReferralStatus.INTERVIEW,
    ReferralStatus.HIRED,
    ReferralStatus.NOT_HIRED,
)
SEEKER_MOVES = {
    ReferralStatus.PROPOSED: {ReferralStatus.SEEKER_ACCEPTED, ReferralStatus.CANCELLED},
    ReferralStatus.SEEKER_ACCEPTED: {ReferralStatus.CANCELLED},
}
EMPLOYER_MOVES = {
    ReferralStatus.EMPLOYER_REVIEW: {ReferralStatus.INTERVIEW, ReferralStatus.NOT_HIRED},
    ReferralStatus.INTERVIEW: {ReferralStatus.HIRED, ReferralStatus.NOT_HIRED},
}


def is_admin(user) -> bool:
    return user.is_superuser or user.role == "admin"


def visible_referrals(user, queryset):
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    if has_capability(user, "refer"):
        if is_admin(user):
            return queryset
        condition = Q(counselor=user)
        if user.team_id is not None:
            condition |= Q(counselor__team_id=user.team_id)
        return queryset.filter(condition)
    if user.role == "employer":
        return queryset.filter(vacancy__employer_id__in=employer_ids_of(user), status__in=EMPLOYER_VISIBLE)
    if user.role == "seeker":
        return queryset.filter(seeker__user=user)
    return queryset.none()


def can_view_referral(user, referral) -> bool:
    return visible_referrals(user, Referral.objects.filter(pk=referral.pk)).exists()


def role_of(user, referral) -> str:
    if has_capability(user, "refer"):
        return "staff"
    if user.role == "employer" and referral.vacancy.employer_id in employer_ids_of(user):
        return "employer"
    if referral.seeker.user_id == user.pk:
        return "seeker"
    return "none"


def allowed_moves(user, referral) -> list[str]:
    possible = REFERRAL_FLOW.allowed(referral.status)
    role = role_of(user, referral)
    if role == "staff":
        allowed = possible
    elif role == "employer":
        allowed = possible & EMPLOYER_MOVES.get(referral.status, set())
    elif role == "seeker":
        allowed = possible & SEEKER_MOVES.get(referral.status, set())
    else:
        allowed = set()
    return [s for s in ReferralStatus.values if s in allowed]


def can_schedule_interview(user, referral) -> bool:
    return role_of(user, referral) in ("staff", "employer")


def can_record_hire(user, referral) -> bool:
    return role_of(user, referral) in ("staff", "employer")
