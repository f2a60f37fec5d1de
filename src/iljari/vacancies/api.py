"""/api/vacancies: the public search (like the search page), one vacancy, the company's edit.

/api/applications (per persona) is in ``applications_api.py``."""

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.renderers import JSONRenderer

from iljari.accounts.api_auth import OPTIONAL_AUTH
from iljari.accounts.permissions import (
    can_view_vacancy,
)
from iljari.employers.access import require_posting_member
from iljari.employers.models import Employer
from iljari.taxonomy.choices import Education, EmploymentType, Shift
from iljari.taxonomy.models import Region, haversine_km, region_full_name

from . import search_index
from .actions import do_update_vacancy, pending_revision
from .answer_cache import answer_key, get_answer, put_answer
from .models import Vacancy, VacancyStatus, WageType, monthly_equivalent
from .page_rows import values_by_id
from .query_reader import read_query
from .search import SORTS, SearchParams

JSON = JSONRenderer()  # the API's renderer (NinjaAPI's default), for answers kept as bytes

router = Router(tags=["vacancies"])

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
    answer = get_answer(key)
    cache_state = "hit"
    if answer is None:
        # already in the schema's shape and types (``VacancyPage``, which documents it; a test
        # validates answers against it): validating 20 rows again cost more than reading them
        answer = JSON.render(request, vacancy_page(filters, snapshot), response_status=200)
        put_answer(key, answer)
        cache_state = "miss"
    response = HttpResponse(answer, content_type=f"{JSON.media_type}; charset={JSON.charset}")
    response["X-Search-Cache"] = cache_state
    return response


# what a search answer's row is read from (``row_out``): plain values, no model instances
ROW_FIELDS = (
    *("title", "employer_id", "employer__name", "work_region__code", "work_region__sido"),
    *("work_region__sigungu", "work_region__emd", "employer__industrial_complex__name"),
    *("occupation__code", "occupation__name", "wage_type", "wage_amount", "shift", "employment_type"),
    *("openings", "commuter_bus", "dormitory", "meals", "closing_date", "status", "source"),
    *("external_id", "lat", "lon"),
)


def row_out(row: tuple, origin: tuple[float, float] | None) -> dict:
    """``vacancy_out`` of a row of ``ROW_FIELDS`` (the id first)."""
    (pk, title, employer_id, employer_name, code, sido, sigungu, emd, complex_name) = row[:9]
    (occupation_code, occupation_name, wage_type, wage_amount, shift, employment_type) = row[9:15]
    (openings, commuter_bus, dormitory, meals, closing_date, status, source, external_id) = row[15:23]
    lat, lon = row[23:25]
    return {
        "id": pk,
        "title": title,
        "employer": {"id": employer_id, "name": employer_name},
        "region": {"code": code, "name": region_full_name(sido, sigungu, emd)},
        "industrial_complex": complex_name,
        "occupation_code": occupation_code,
        "occupation_name": occupation_name,
        "wage_type": wage_type,
        "wage_amount": wage_amount,
        "monthly_wage": monthly_equivalent(wage_type, wage_amount),
        "shift": shift,
        "employment_type": employment_type,
        "openings": openings,
        "commuter_bus": commuter_bus,
        "dormitory": dormitory,
        "meals": meals,
        "closing_date": closing_date,
        "status": status,
        "source": source,
        "external_id": external_id,
        "distance_km": round(haversine_km(*origin, lat, lon), 1) if origin else None,
    }


def vacancy_page(filters: VacancyFilters, snapshot) -> dict:
    params = params_of(filters)
    start = (filters.page - 1) * filters.page_size
    count, ids = search_index.search(params, start, start + filters.page_size, snapshot)
    rows = values_by_id(ids, ROW_FIELDS)
    origin = params.origin
    reading = read_query(filters.q)
    return {
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "results": [row_out(rows[pk], origin) for pk in ids if pk in rows],
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
    return _detail(vacancy)


def _detail(vacancy: Vacancy) -> dict:
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


class VacancyPatchIn(Schema):
    """The fields a company may change; those left out stay as they are."""

    title: str | None = Field(None, min_length=1, max_length=150)
    duties: str | None = Field(None, min_length=1, max_length=4000)
    wage_type: WageType | None = None
    wage_amount: int | None = Field(None, ge=0, le=1_000_000_000)
    shift: Shift | None = None
    work_hours: str | None = Field(None, max_length=60)
    work_days_per_week: int | None = Field(None, ge=1, le=7)
    region_code: str | None = Field(None, max_length=10, pattern=r"^\d+$", description="근무지 법정동 코드")
    address: str | None = Field(None, max_length=200)
    employer_id: int | None = Field(None, description="공고를 옮길 우리 기업")
    closing_date: dt.date | None = None
    openings: int | None = Field(None, ge=1, le=999)
    employment_type: EmploymentType | None = None
    experience_years_min: int | None = Field(None, ge=0, le=40)
    education_min: Education | None = None


class VacancyEditedOut(VacancyDetailOut):
    pending_changes: dict | None = Field(
        None, description="승인대기 중인 변경 (게시 중인 공고는 일자리센터 승인 후 반영)"
    )


@router.patch(
    "/{int:vacancy_id}",
    response={200: VacancyEditedOut, 401: Problem, 403: Problem, 404: Problem, 422: Problem},
    summary="공고 수정 (게시 중이면 주요 내용은 승인 후 반영)",
)
def update_vacancy(request, vacancy_id: int, payload: VacancyPatchIn):
    """The company's edit, as on the web form: on a published vacancy the title, duties, wage,
    hours, place and company wait in a pending revision (승인대기) and the published version stays
    until the job center approves it (``do_update_vacancy``); other fields change at once."""
    vacancy = get_object_or_404(Vacancy.objects.select_related("employer"), pk=vacancy_id)
    if not can_view_vacancy(request.user, vacancy):
        raise Http404
    require_posting_member(request.user, vacancy.employer)
    if vacancy.status == VacancyStatus.CLOSED:
        raise ValidationError(_("마감된 공고는 수정할 수 없습니다."))
    fields = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    if "region_code" in fields:
        region = Region.objects.filter(code=fields.pop("region_code")).first()
        if region is None:
            raise ValidationError({"region_code": _("알 수 없는 지역 코드입니다.")})
        fields["work_region"] = region
    if "employer_id" in fields:
        target = get_object_or_404(Employer, pk=fields.pop("employer_id"))
        require_posting_member(request.user, target)
        fields["employer"] = target
    do_update_vacancy(vacancy=vacancy, actor=request.user, **fields)
    vacancy = Vacancy.objects.select_related(*LIST_RELATED).get(pk=vacancy.pk)
    revision = pending_revision(vacancy)
    return {**_detail(vacancy), "pending_changes": revision.changes if revision else None}
