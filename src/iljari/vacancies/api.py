"""/api/vacancies (public search, like the search page) and /api/applications (per-persona)."""

import datetime as dt
from typing import Literal

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from iljari.accounts.actions import ConsentPurpose, has_active_consent
from iljari.accounts.api_auth import OPTIONAL_AUTH
from iljari.accounts.permissions import (
    can_edit_vacancy,
    can_view_vacancy,
    employer_ids_of,
    has_capability,
)
from iljari.audit.actions import log_access, log_access_many
from iljari.core.validators import mask_name
from iljari.core.workflow import history
from iljari.taxonomy.choices import EmploymentType, Shift
from iljari.taxonomy.models import Region, haversine_km

from . import search_index
from .actions import do_apply, do_move_application
from .answer_cache import ANSWERS, JSON, answer_key, json_answer_response
from .models import Application, ApplicationStatus, Vacancy
from .query_reader import read_query
from .search import SORTS, SearchParams, SearchResults

router = Router(tags=["vacancies"])
applications_router = Router(tags=["applications"])

LIST_RELATED = ("employer", "work_region", "occupation", "employer__industrial_complex")
# the columns vacancy_out() reads: one vacancy is read without the four tables' other columns
# (compiling a query over all of them costs more than running it)
OUT_COLUMNS = (
    *("title", "employer_id", "occupation_id", "work_region_id", "wage_type", "wage_amount", "shift"),
    *("employment_type", "openings", "commuter_bus", "dormitory", "meals", "closing_date", "status"),
    *("source", "external_id", "lat", "lon"),
    *("employer__name", "employer__industrial_complex_id", "employer__industrial_complex__name"),
    *("work_region__code", "work_region__sido", "work_region__sigungu", "work_region__emd"),
    *("occupation__code", "occupation__name"),
)


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    errors: dict[str, list[str]] | None = None


class EmployerRef(Schema):
    id: int
    name: str


class RegionRef(Schema):
    code: str
    name: str


class VacancyOut(Schema):
    id: int
    title: str
    employer: EmployerRef
    region: RegionRef
    industrial_complex: str | None
    occupation_code: str | None
    occupation_name: str | None
    wage_type: str
    wage_amount: int
    monthly_wage: int
    shift: str
    employment_type: str
    openings: int
    commuter_bus: bool
    dormitory: bool
    meals: bool
    closing_date: dt.date
    status: str
    source: str
    external_id: str
    distance_km: float | None = None


class VacancyDetailOut(VacancyOut):
    duties: str
    work_hours: str
    work_days_per_week: int
    experience_years_min: int
    education_min: str
    address: str
    required_qualifications: list[str]
    preferred_qualifications: list[str]


class ReadPartOut(Schema):
    kind: str = Field(description="place, complex, condition, occupation 또는 text")
    label: str
    words: list[str]
    q_without: str = Field(description="이 부분을 뺀 검색어")


class ReadingOut(Schema):
    summary: str = Field(description="검색어를 읽은 결과 (예: 남동구 · 기숙사 제공 · 용접 관련 직종)")
    text: str = Field(description="필터로 읽히지 않고 자유 검색어로 남은 말")
    parts: list[ReadPartOut]


class RelaxationOut(Schema):
    label: str
    q: str
    near: bool
    count: int


class VacancyPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[VacancyOut]
    reading: ReadingOut
    relaxations: list[RelaxationOut] = Field(default_factory=list, description="결과가 없을 때 넓혀 찾기")


def vacancy_out(v: Vacancy, distance_km: float | None = None) -> dict:
    return {
        "id": v.pk,
        "title": v.title,
        "employer": {"id": v.employer_id, "name": v.employer.name},
        "region": {"code": v.work_region.code, "name": v.work_region.full_name},
        "industrial_complex": v.employer.industrial_complex.name if v.employer.industrial_complex else None,
        "occupation_code": v.occupation.code if v.occupation else None,
        "occupation_name": v.occupation.name if v.occupation else None,
        "wage_type": v.wage_type,
        "wage_amount": v.wage_amount,
        "monthly_wage": v.monthly_wage,
        "shift": v.shift,
        "employment_type": v.employment_type,
        "openings": v.openings,
        "commuter_bus": v.commuter_bus,
        "dormitory": v.dormitory,
        "meals": v.meals,
        "closing_date": v.closing_date,
        "status": v.status,
        "source": v.source,
        "external_id": v.external_id,
        "distance_km": distance_km,
    }


class VacancyFilters(Schema):
    q: str = Field("", max_length=100, description="자유 검색어 (예: 용접, 금형 사상)")
    region: str = Field("", pattern=r"^(\d{2}|\d{5}|\d{8}|\d{10})?$", description="법정동 코드 앞자리")
    dong: str = Field("", pattern=r"^(\d{8}|\d{10})?$", description="내 동네(읍면동) 코드: 거리 계산")
    complex_id: int | None = Field(None, ge=1, le=2_147_483_647)
    occupation: str = Field("", pattern=r"^\d{0,6}$")
    industry: str = Field("", pattern=r"^[A-Za-z]?\d{0,5}$")
    wage_min: int | None = Field(None, ge=0, le=100_000_000, description="월 환산 최소 임금(원)")
    shift: list[Shift] = Field(default_factory=list)
    employment_type: list[EmploymentType] = Field(default_factory=list)
    commuter_bus: bool = False
    dormitory: bool = False
    closing_soon: bool = False
    near: bool = Field(False, description="지역(검색어의 지역 포함)과 가까운 시군구까지")
    employer_id: int | None = Field(None, ge=1, le=2_147_483_647)
    max_km: float | None = Field(None, gt=0, le=500)
    sort: Literal["recent", "closing", "wage", "distance"] = "recent"
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(20, ge=1, le=100)


def params_of(filters: VacancyFilters) -> SearchParams:
    origin = None
    if filters.dong:
        region = Region.objects.filter(code=filters.dong).only("lat", "lon").first()
        if region is None:
            from django.core.exceptions import ValidationError

            raise ValidationError({"dong": _("알 수 없는 동 코드입니다.")})
        origin = (region.lat, region.lon)
    assert filters.sort in SORTS
    params = SearchParams(
        q=filters.q,
        region=filters.region,
        complex_id=filters.complex_id,
        occupation=filters.occupation,
        industry=filters.industry.upper(),
        wage_min=filters.wage_min,
        shifts=[str(s.value if hasattr(s, "value") else s) for s in filters.shift],
        employment_types=[str(e.value if hasattr(e, "value") else e) for e in filters.employment_type],
        commuter_bus=filters.commuter_bus,
        dormitory=filters.dormitory,
        closing_soon=filters.closing_soon,
        employer_id=filters.employer_id,
        origin=origin,
        max_km=filters.max_km if origin else None,
        sort=filters.sort,
    )
    return read_query(filters.q).apply(params, near=filters.near)


def _relaxations(filters: VacancyFilters, reading, snapshot) -> list[dict]:
    """Like the search page: the place widened to its neighbours, then each read part left out."""
    candidates = []
    if (reading.places() or len(filters.region) >= 5) and not filters.near:
        candidates.append((_("인접 지역까지 넓혀 보기"), filters.q, True))
    for part in reading.parts:
        candidates.append(
            (_("‘%(value)s’ 빼고 찾기") % {"value": part.label}, reading.without(part), filters.near)
        )
    out = []
    for label, q, near in candidates:
        relaxed = filters.model_copy(update={"q": q, "near": near})
        count, _ids = search_index.search(params_of(relaxed), 0, 0, snapshot)
        if count:
            out.append({"label": label, "q": q, "near": near, "count": count})
    return out[:4]


@router.get("/", response={200: VacancyPage, 422: Problem}, auth=OPTIONAL_AUTH, summary="공고 검색")
def list_vacancies(request, filters: Query[VacancyFilters]):
    """Open vacancies, with the search page's free text, filters, sorting and pagination."""
    snapshot = search_index.current()
    key = answer_key("api", request, snapshot)
    answer = ANSWERS.get(key)
    if answer is None:
        page = VacancyPage.model_validate(vacancy_page(filters, snapshot))
        answer = JSON.render(request, page.model_dump(), response_status=200)
        ANSWERS.put(key, answer)
        cache_state = "miss"
    else:
        cache_state = "hit"
    return json_answer_response(answer, cache_state)


def vacancy_page(filters: VacancyFilters, snapshot) -> dict:
    params = params_of(filters)
    page = SearchResults(params, LIST_RELATED, snapshot)
    start = (filters.page - 1) * filters.page_size
    rows = page[start : start + filters.page_size]
    origin = params.origin
    reading = read_query(filters.q)
    count = page.count()
    return {
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "results": [
            vacancy_out(v, round(haversine_km(*origin, v.lat, v.lon), 1) if origin else None) for v in rows
        ],
        "reading": {
            "summary": reading.summary(),
            "text": reading.text,
            "parts": [
                {"kind": p.kind, "label": p.label, "words": list(p.words), "q_without": reading.without(p)}
                for p in reading.parts
            ],
        },
        "relaxations": _relaxations(filters, reading, snapshot) if not count else [],
    }


@router.get(
    "/{int:vacancy_id}",
    response={200: VacancyDetailOut, 404: Problem},
    auth=OPTIONAL_AUTH,
    summary="공고 상세",
)
def get_vacancy(request, vacancy_id: int):
    vacancy = get_object_or_404(Vacancy.objects.select_related(*LIST_RELATED), pk=vacancy_id)
    if not can_view_vacancy(request.user, vacancy):
        raise Http404
    body = vacancy_out(vacancy)
    body.update(
        duties=vacancy.duties,
        work_hours=vacancy.work_hours,
        work_days_per_week=vacancy.work_days_per_week,
        experience_years_min=vacancy.experience_years_min,
        education_min=vacancy.education_min,
        address=vacancy.address,
        required_qualifications=[q.name for q in vacancy.required_qualifications.all()],
        preferred_qualifications=[q.name for q in vacancy.preferred_qualifications.all()],
    )
    return body


# --- applications ---------------------------------------------------------------------------


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
            purpose=_("입사 지원 처리"),
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
            purpose=_("지원자 목록 조회"),
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
    return 201, application_out(request.user, application, with_history=True)


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
