"""/api/applications: a seeker's own applications, a company's applicants, staff's view."""

import datetime as dt
from typing import Literal

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router, Schema, Status

from iljari.accounts.actions import ConsentPurpose, has_active_consent
from iljari.accounts.permissions import (
    can_edit_vacancy,
    can_view_vacancy,
    employer_ids_of,
    has_capability,
)
from iljari.audit.actions import log_access, log_access_many
from iljari.core.validators import mask_name
from iljari.core.workflow import history

from .actions import do_apply, do_move_application
from .api import LIST_RELATED, OUT_COLUMNS, Problem, VacancyOut, vacancy_out
from .models import Application, ApplicationStatus, Vacancy

applications_router = Router(tags=["applications"])


class SeekerRef(Schema):
    id: int
    name: str


class TransitionOut(Schema):
    from_state: str
    to_state: str
    at: dt.datetime
    reason: str


class ApplicationOut(Schema):
    id: int
    vacancy: VacancyOut
    seeker: SeekerRef
    status: str
    status_label: str
    message: str
    refusal_reason: str
    created_at: dt.datetime
    history: list[TransitionOut] | None = None


class ApplicationPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[ApplicationOut]


class ApplicationIn(Schema):
    vacancy_id: int = Field(..., ge=1, le=2_147_483_647)
    message: str = Field("", max_length=2000)


class ApplicationMoveIn(Schema):
    status: Literal["screening", "interview", "accepted", "rejected"]
    reason: str = Field("", max_length=200)


class ApplicationFilters(Schema):
    status: ApplicationStatus | None = None
    vacancy_id: int | None = Field(None, ge=1, le=2_147_483_647)
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(20, ge=1, le=100)


def _own_seeker(user):
    try:
        return user.seeker
    except (ObjectDoesNotExist, AttributeError):  # no seeker profile, or the anonymous user
        return None  # (a database error goes on: the caller gets a 503 to retry, not a 403)


def visible_applications(user):
    """Applications this user may see: own (seeker), own company's (employer), all (staff)."""
    qs = Application.objects.select_related(
        "seeker__user", "vacancy", *[f"vacancy__{r}" for r in LIST_RELATED]
    )
    if has_capability(user, "view_seekers"):
        return qs
    conditions = Q(pk__in=[])
    seeker = _own_seeker(user)
    if seeker is not None:
        conditions |= Q(seeker=seeker)
    if has_capability(user, "view_own_applicants"):
        conditions |= Q(vacancy__employer_id__in=employer_ids_of(user))
    if seeker is None and not has_capability(user, "view_own_applicants"):
        raise PermissionDenied(_("지원 내역을 볼 권한이 없습니다."))
    return qs.filter(conditions)


def _seeker_name(user, application: Application) -> str:
    seeker = application.seeker
    if seeker.user_id == user.pk or has_capability(user, "view_seekers"):
        return seeker.user.display_name
    if has_active_consent(seeker.user, ConsentPurpose.SHARE_WITH_EMPLOYERS):
        return seeker.user.display_name
    return mask_name(seeker.user.display_name)


def application_out(user, application: Application, with_history: bool = False) -> dict:
    body = {
        "id": application.pk,
        "vacancy": vacancy_out(application.vacancy),
        "seeker": {"id": application.seeker_id, "name": _seeker_name(user, application)},
        "status": application.status,
        "status_label": application.get_status_display(),
        "message": application.message,
        "refusal_reason": application.refusal_reason,
        "created_at": application.created_at,
    }
    if with_history:
        body["history"] = [
            {"from_state": t.from_state, "to_state": t.to_state, "at": t.at, "reason": t.reason}
            for t in history(application)
        ]
    return body


def _log_if_other(request, application: Application, action: str) -> None:
    if application.seeker.user_id != request.user.pk:
        log_access(
            actor=request.user,
            action=action,
            subject=application.seeker,
            fields="name,application",
            purpose=gettext_noop("입사 지원 처리"),
            request=request,
        )


@applications_router.get("/", response={200: ApplicationPage, 401: Problem, 403: Problem, 422: Problem})
def list_applications(request, filters: Query[ApplicationFilters]):
    """A seeker's own applications; an employer member's company's applicants; all for staff."""
    qs = visible_applications(request.user)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.vacancy_id:
        qs = qs.filter(vacancy_id=filters.vacancy_id)
    count = qs.count()
    start = (filters.page - 1) * filters.page_size
    rows = list(qs.order_by("-created_at", "-id")[start : start + filters.page_size])
    others = {a.seeker_id: a for a in rows if a.seeker.user_id != request.user.pk}
    if others:
        log_access_many(
            actor=request.user,
            action="list",
            subjects=[a.seeker for a in others.values()],
            fields="name,application",
            purpose=gettext_noop("지원자 목록 조회"),
            request=request,
        )
    return {
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "results": [application_out(request.user, a) for a in rows],
    }


def _visible_application(request, application_id: int) -> Application:
    application = visible_applications(request.user).filter(pk=application_id).first()
    if application is None:
        raise Http404
    return application


@applications_router.get(
    "/{int:application_id}", response={200: ApplicationOut, 401: Problem, 403: Problem, 404: Problem}
)
def get_application(request, application_id: int):
    application = _visible_application(request, application_id)
    _log_if_other(request, application, "view")
    return application_out(request.user, application, with_history=True)


@applications_router.post(
    "/", response={201: ApplicationOut, 401: Problem, 403: Problem, 404: Problem, 422: Problem}
)
def create_application(request, payload: ApplicationIn):
    """A seeker applies to an open vacancy (once)."""
    seeker = _own_seeker(request.user)
    if seeker is None or not has_capability(request.user, "apply"):
        raise PermissionDenied(_("구직자 회원만 지원할 수 있습니다."))
    vacancies = Vacancy.objects.select_related(*LIST_RELATED).only(*OUT_COLUMNS)
    vacancy = vacancies.filter(pk=payload.vacancy_id).first()
    if vacancy is None or not can_view_vacancy(request.user, vacancy):
        raise Http404
    application = do_apply(seeker=seeker, vacancy=vacancy, message=payload.message)
    application.vacancy, application.seeker = vacancy, seeker  # the caller's own: no need to look again
    return Status(201, application_out(request.user, application, with_history=True))


@applications_router.post(
    "/{int:application_id}/withdraw",
    response={200: ApplicationOut, 401: Problem, 403: Problem, 404: Problem, 422: Problem},
)
def withdraw_application(request, application_id: int):
    application = _visible_application(request, application_id)
    if application.seeker.user_id != request.user.pk:
        raise PermissionDenied(_("본인의 지원만 취소할 수 있습니다."))
    do_move_application(
        application=application,
        to_status=ApplicationStatus.WITHDRAWN,
        actor=request.user,
        reason=_("본인 취소"),
    )
    return application_out(request.user, application, with_history=True)


@applications_router.post(
    "/{int:application_id}/status",
    response={200: ApplicationOut, 401: Problem, 403: Problem, 404: Problem, 422: Problem},
)
def move_application(request, application_id: int, payload: ApplicationMoveIn):
    """The employer (or staff) moves an application: 서류검토 → 면접 → 합격/불합격."""
    application = _visible_application(request, application_id)
    if not can_edit_vacancy(request.user, application.vacancy):
        raise PermissionDenied(_("이 공고의 지원자를 처리할 권한이 없습니다."))
    do_move_application(
        application=application, to_status=payload.status, actor=request.user, reason=payload.reason
    )
    _log_if_other(request, application, "change")
    return application_out(request.user, application, with_history=True)
