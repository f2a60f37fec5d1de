"""Object rules for case files, built on iljari.accounts.permissions.

A counselor sees the cases they hold and those of their team; an admin sees all; a seeker
sees the summary of their own case (never internal notes); employers see no case.
"""

from iljari.accounts.permissions import has_capability


def can_view_case(user, case) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if not has_capability(user, "manage_cases"):
        return False
    if user.is_superuser or user.role == "admin":
        return True
    if case.counselor_id == user.pk:
        return True
    return user.team_id is not None and case.team_id == user.team_id


def can_edit_case(user, case) -> bool:
    return can_view_case(user, case)


def is_own_case(user, case) -> bool:
    return getattr(user, "is_authenticated", False) and case.seeker.user_id == user.pk


def visible_cases(user, queryset=None):
    from .models import Case

    qs = queryset if queryset is not None else Case.objects.all()
    if not has_capability(user, "manage_cases"):
        return qs.none()
    if user.is_superuser or user.role == "admin":
        return qs
    if user.team_id is None:
        return qs.filter(counselor=user)
    from django.db.models import Q

    return qs.filter(Q(counselor=user) | Q(team_id=user.team_id))
