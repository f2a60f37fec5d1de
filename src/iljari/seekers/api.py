"""/api/seekers: a seeker sees (and edits) only their own record; staff per role; anonymous 401."""

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router, Schema

from iljari.accounts.permissions import can_edit_seeker, can_view_seeker, has_capability
from iljari.audit.actions import log_access, log_access_many
from iljari.taxonomy.choices import EmploymentType, Shift
from iljari.taxonomy.models import Occupation, Region

from . import actions
from .models import Experience, QualificationHeld, Seeker, SeekerStatus

router = Router(tags=["seekers"])


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    errors: dict[str, list[str]] | None = None


class ExperienceOut(Schema):
    id: int
    job_title: str
    employer_name: str
    years: float
    occupation_code: str | None
    occupation_name: str | None


class SeekerOut(Schema):
    id: int
    username: str
    name: str
    phone: str
    email: str
    birth_year: int
    age_band: str
    home_region: str
    education: str
    status: str
    desired_monthly_wage: int | None
    shift_preferences: list[str]
    employment_type: str
    max_commute_minutes: int
    needs_dormitory: bool
    desired_occupations: list[str]
    desired_regions: list[str]
    experiences: list[ExperienceOut]
    qualifications: list[str]
    last_active_at: dt.datetime


class SeekerPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[SeekerOut]


class SeekerFilters(Schema):
    status: Literal["active", "employed", "inactive"] | None = None
    region: str = Field("", pattern=r"^(\d{2}|\d{5}|\d{8}|\d{10})?$")
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(20, ge=1, le=100)


class SeekerPatch(Schema):
    desired_monthly_wage: int | None = Field(None, ge=0, le=50_000_000)
    shift_preferences: list[Shift] | None = Field(None, max_length=4)
    employment_type: EmploymentType | None = None
    max_commute_minutes: int | None = Field(None, ge=10, le=180)
    desired_occupations: list[str] | None = Field(None, max_length=20, description="KECO 4자리 코드")
    desired_regions: list[str] | None = Field(None, max_length=20, description="시군구 법정동 코드(5자리)")
    needs_dormitory: bool | None = None
    summary: str | None = Field(None, max_length=2000)


def _queryset():
    return (
        Seeker.objects.filter(anonymised_at__isnull=True)
        .select_related("user", "home_region")
        .prefetch_related(
            "desired_occupations",
            "desired_regions",
            Prefetch("experiences", queryset=Experience.objects.select_related("occupation")),
            Prefetch(
                "qualifications_held", queryset=QualificationHeld.objects.select_related("qualification")
            ),
        )
    )


def seeker_out(seeker: Seeker) -> dict:
    user = seeker.user
    return {
        "id": seeker.pk,
        "username": user.username,
        "name": user.display_name,
        "phone": user.phone,
        "email": user.email,
        "birth_year": seeker.birth_year,
        "age_band": str(seeker.age_band),
        "home_region": seeker.home_region.full_name,
        "education": seeker.education,
        "status": seeker.status,
        "desired_monthly_wage": seeker.desired_monthly_wage,
        "shift_preferences": list(seeker.shift_preferences or []),
        "employment_type": seeker.employment_type,
        "max_commute_minutes": seeker.max_commute_minutes,
        "needs_dormitory": seeker.needs_dormitory,
        "desired_occupations": [o.code for o in seeker.desired_occupations.all()],
        "desired_regions": [r.code for r in seeker.desired_regions.all()],
        "experiences": [
            {
                "id": e.pk,
                "job_title": e.job_title,
                "employer_name": e.employer_name,
                "years": float(e.years),
                "occupation_code": e.occupation.code if e.occupation else None,
                "occupation_name": e.occupation.name if e.occupation else None,
            }
            for e in seeker.experiences.all()
        ],
        "qualifications": [q.qualification.name for q in seeker.qualifications_held.all()],
        "last_active_at": seeker.last_active_at,
    }


def _visible(request, seeker_id: int) -> Seeker:
    seeker = _queryset().filter(pk=seeker_id).first()
    if seeker is None or not can_view_seeker(request.user, seeker):
        raise Http404
    return seeker


@router.get("/", response={200: SeekerPage, 401: Problem, 403: Problem, 422: Problem}, summary="구직자 목록")
def list_seekers(request, filters: Query[SeekerFilters]):
    """Staff who work with seekers see all; a seeker sees a list with only their own record."""
    qs = _queryset()
    if has_capability(request.user, "view_seekers"):
        pass
    elif Seeker.objects.filter(user=request.user).exists():
        qs = qs.filter(user=request.user)
    else:
        raise PermissionDenied(_("구직자 정보를 볼 권한이 없습니다."))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.region:
        qs = qs.filter(home_region__code__startswith=filters.region)
    count = qs.count()
    start = (filters.page - 1) * filters.page_size
    rows = list(qs.order_by("-created_at", "-id")[start : start + filters.page_size])
    others = [s for s in rows if s.user_id != request.user.pk]
    if others:
        log_access_many(
            actor=request.user,
            action="list",
            subjects=others,
            fields="name,contact,profile",
            purpose=gettext_noop("구직자 목록 조회(API)"),
            request=request,
        )
    return {
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "results": [seeker_out(s) for s in rows],
    }


@router.get("/me", response={200: SeekerOut, 401: Problem, 404: Problem}, summary="내 구직자 정보")
def my_record(request):
    seeker = _queryset().filter(user=request.user).first()
    if seeker is None:
        raise Http404
    log_access(
        actor=request.user,
        action="view",
        subject=seeker,
        fields="profile",
        purpose=gettext_noop("본인 정보 조회(API)"),
        request=request,
    )
    return seeker_out(seeker)


@router.get("/{int:seeker_id}", response={200: SeekerOut, 401: Problem, 404: Problem}, summary="구직자 정보")
def get_seeker(request, seeker_id: int):
    seeker = _visible(request, seeker_id)
    log_access(
        actor=request.user,
        action="view",
        subject=seeker,
        fields="name,contact,profile",
        purpose=gettext_noop("구직자 정보 조회(API)"),
        request=request,
    )
    return seeker_out(seeker)


@router.patch(
    "/{int:seeker_id}",
    response={200: SeekerOut, 401: Problem, 403: Problem, 404: Problem, 422: Problem},
    summary="희망 조건 변경",
)
@transaction.atomic
def patch_seeker(request, seeker_id: int, payload: SeekerPatch):
    seeker = _visible(request, seeker_id)
    if not can_edit_seeker(request.user, seeker):
        raise PermissionDenied(_("이 구직자 정보를 바꿀 권한이 없습니다."))
    data = payload.dict(exclude_unset=True)
    occupations = regions = None
    if data.get("desired_occupations") is not None:
        codes = list(dict.fromkeys(data["desired_occupations"]))
        occupations = list(Occupation.objects.filter(scheme="keco", level=4, code__in=codes))
        if len(occupations) != len(codes):
            from django.core.exceptions import ValidationError

            raise ValidationError({"desired_occupations": _("알 수 없는 직종 코드가 있습니다.")})
    if data.get("desired_regions") is not None:
        codes = list(dict.fromkeys(data["desired_regions"]))
        regions = list(Region.objects.filter(code__in=codes))
        if len(regions) != len(codes):
            from django.core.exceptions import ValidationError

            raise ValidationError({"desired_regions": _("알 수 없는 지역 코드가 있습니다.")})
    actions.do_update_preferences(
        seeker=seeker,
        actor=request.user,
        desired_occupations=occupations,
        desired_regions=regions,
        desired_monthly_wage=data.get("desired_monthly_wage", seeker.desired_monthly_wage),
        shift_preferences=[str(getattr(s, "value", s)) for s in data["shift_preferences"]]
        if data.get("shift_preferences") is not None
        else None,
        employment_type=str(getattr(data["employment_type"], "value", data["employment_type"]))
        if data.get("employment_type")
        else None,
        max_commute_minutes=data.get("max_commute_minutes"),
    )
    extra = {k: data[k] for k in ("needs_dormitory", "summary") if data.get(k) is not None}
    if extra:
        actions.do_update_profile(seeker=seeker, actor=request.user, **extra)
    log_access(
        actor=request.user,
        action="change",
        subject=seeker,
        fields=",".join(sorted(data)),
        purpose=gettext_noop("희망 조건 변경(API)"),
        request=request,
    )
    return seeker_out(_queryset().get(pk=seeker.pk))


__all__ = ["router", "SeekerStatus"]
