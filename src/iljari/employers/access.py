"""Object lookups for the employer portal, built on iljari.accounts.permissions."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from iljari.accounts.permissions import (
    can_edit_vacancy,
    can_manage_employer,
    employer_ids_of,
    has_capability,
    is_employer_user,
    is_member_of,
)
from iljari.vacancies.models import Application, Vacancy

from .models import Employer, EmployerStatus


def employer_user(request):
    """The signed-in user of a portal page that is for company accounts only."""
    user = request.user
    if not is_employer_user(user):
        raise PermissionDenied(_("기업 담당자만 이용할 수 있습니다."))
    return user


def memberships(user):
    return Employer.objects.filter(pk__in=employer_ids_of(user)).order_by("name")


def employer_for(user, pk) -> Employer:
    """A company this user manages (member) or reviews (staff); otherwise 404 (no existence leak)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    employer = get_object_or_404(Employer.objects.select_related("region"), pk=pk)
    if not can_manage_employer(user, employer):
        raise Http404
    return employer


def own_vacancy(user, pk) -> Vacancy:
    vacancy = get_object_or_404(
        Vacancy.objects.select_related("employer", "work_region", "occupation"), pk=pk
    )
    if not can_edit_vacancy(user, vacancy):
        raise Http404
    return vacancy


def own_application(user, pk) -> Application:
    application = get_object_or_404(
        Application.objects.select_related("vacancy__employer", "seeker__user"), pk=pk
    )
    if not (is_member_of(user, application.vacancy.employer) or has_capability(user, "approve_vacancy")):
        raise Http404
    return application


def require_posting_member(user, employer) -> None:
    if not is_member_of(user, employer):
        raise PermissionDenied(_("우리 기업의 공고만 관리할 수 있습니다."))
    if not has_capability(user, "post_vacancy"):
        raise PermissionDenied(_("공고를 등록할 권한이 없습니다."))


def require_approved(employer) -> None:
    if employer.status != EmployerStatus.APPROVED:
        raise PermissionDenied(_("기업 승인 후 이용할 수 있습니다."))
