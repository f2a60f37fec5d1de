"""/api/employers/: companies, their members, invitations, vacancies and 알선 요청.

The same object-level rules as the pages: a company's records are for its members and the job
center's staff; other signed-in users see approved companies' public profile only; a company that
is not visible to the caller is a 404 (its existence is not revealed). The referrals to a company
and the 추천 인재 of its vacancies sit under the same path, in the apps above employers
(``referrals.employer_api``, ``matching.employer_api``).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from iljari.accounts.permissions import can_manage_employer, employer_ids_of, has_capability, is_member_of
from iljari.taxonomy.choices import Education, EmploymentType, Shift
from iljari.vacancies import actions as vacancy_actions
from iljari.vacancies.models import Vacancy, WageType

from . import actions
from .access import require_posting_member
from .models import Employer, EmployerStatus, MemberRole, RootSector

router = Router(tags=["employers"])


# --- schemas ---------------------------------------------------------------------------------


class EmployerFilter(Schema):
    q: str = Field("", max_length=100, description="기업명 일부")
    status: EmployerStatus | None = None
    root_sector: RootSector | None = None
    region: str = Field("", max_length=10, pattern=r"^\d*$", description="법정동 코드 앞자리 (예: 28200)")
    mine: bool = False
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


class EmployerOut(Schema):
    id: int
    name: str
    business_number: str
    representative: str
    root_sector: str
    root_sector_label: str
    region_code: str
    region_name: str
    address: str
    employees: int
    size_band: str
    phone: str
    website: str
    description: str
    commuter_bus: bool
    dormitory: bool
    canteen: bool
    status: str
    status_label: str
    created_at: dt.datetime


class EmployerPage(Schema):
    total: int
    items: list[EmployerOut]


class EmployerIn(Schema):
    name: str = Field(..., min_length=1, max_length=120)
    business_number: str = Field(..., max_length=20)
    region_code: str = Field(..., max_length=10)
    address: str = Field(..., min_length=1, max_length=200)
    representative: str = Field("", max_length=60)
    root_sector: RootSector = RootSector.OTHER
    employees: int = Field(0, ge=0, le=100_000)
    phone: str = Field("", max_length=20)
    website: str = Field("", max_length=200)
    description: str = Field("", max_length=5000)
    commuter_bus: bool = False
    dormitory: bool = False
    canteen: bool = False


class EmployerPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=120)
    representative: str | None = Field(None, max_length=60)
    root_sector: RootSector | None = None
    address: str | None = Field(None, min_length=1, max_length=200)
    employees: int | None = Field(None, ge=0, le=100_000)
    phone: str | None = Field(None, max_length=20)
    website: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=5000)
    commuter_bus: bool | None = None
    dormitory: bool | None = None
    canteen: bool | None = None


class DecisionIn(Schema):
    approve: bool
    reason: str = Field("", max_length=500)


class MemberOut(Schema):
    id: int
    user_id: int
    name: str
    username: str
    email: str
    role: str
    joined_at: dt.datetime


class InvitationIn(Schema):
    email: str = Field(..., max_length=254)
    full_name: str = Field("", max_length=60)
    role: MemberRole = MemberRole.MANAGER


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    expires_at: dt.datetime
    url: str


class CandidateOut(Schema):
    seeker_id: int | None = Field(None, description="공개 전에는 null")
    display_name: str
    identity_visible: bool
    contact_visible: bool
    phone: str
    email: str
    age_band: str
    district: str
    qualifications: list[str]
    experience: str
    score: float | None = None
    reasons: list[str] = []


class ReferralRequestIn(Schema):
    vacancy_id: int = Field(..., ge=1)
    wanted: int = Field(3, ge=1, le=50)
    message: str = Field("", max_length=2000)


class ReferralRequestOut(Schema):
    id: int
    vacancy_id: int
    status: str
    wanted: int
    message: str
    created_at: dt.datetime


# --- helpers ---------------------------------------------------------------------------------


def _out(employer: Employer) -> EmployerOut:
    return EmployerOut(
        id=employer.pk,
        name=employer.name,
        business_number=employer.business_number,
        representative=employer.representative,
        root_sector=employer.root_sector,
        root_sector_label=str(employer.get_root_sector_display()),
        region_code=employer.region.code,
        region_name=employer.region.full_name,
        address=employer.address,
        employees=employer.employees,
        size_band=str(employer.get_size_band_display()),
        phone=employer.phone,
        website=employer.website,
        description=employer.description,
        commuter_bus=employer.commuter_bus,
        dormitory=employer.dormitory,
        canteen=employer.canteen,
        status=employer.status,
        status_label=str(employer.get_status_display()),
        created_at=employer.created_at,
    )


def visible_employers(user):
    qs = Employer.objects.select_related("region")
    if has_capability(user, "approve_employer"):
        return qs
    return qs.filter(Q(status=EmployerStatus.APPROVED) | Q(pk__in=employer_ids_of(user)))


def _visible(request, employer_id: int) -> Employer:
    return get_object_or_404(visible_employers(request.user), pk=employer_id)


def managed_employer(request, employer_id: int) -> Employer:
    employer = _visible(request, employer_id)
    if not can_manage_employer(request.user, employer):
        raise PermissionDenied(_("이 기업의 담당자나 일자리센터 직원만 이용할 수 있습니다."))
    return employer


def _member(request, employer_id: int) -> Employer:
    employer = _visible(request, employer_id)
    if not is_member_of(request.user, employer):
        raise PermissionDenied(_("이 기업의 담당자만 이용할 수 있습니다."))
    return employer


def candidate_out(card: dict) -> CandidateOut:
    data = dict(card)
    if not data["identity_visible"]:
        data["seeker_id"] = None
    return CandidateOut(**data)


# --- endpoints -------------------------------------------------------------------------------


@router.get("/", response=EmployerPage, summary="기업 목록")
def list_employers(request, filters: Query[EmployerFilter]):
    qs = visible_employers(request.user)
    if filters.mine:
        qs = qs.filter(pk__in=employer_ids_of(request.user))
    if filters.q:
        qs = qs.filter(name__icontains=actions.text(filters.q))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.root_sector:
        qs = qs.filter(root_sector=filters.root_sector)
    if filters.region:
        qs = qs.filter(region__code__startswith=filters.region)
    qs = qs.order_by("name", "pk")
    total = qs.count()
    items = [_out(e) for e in qs[filters.offset : filters.offset + filters.limit]]
    return {"total": total, "items": items}


@router.post("/", response={201: EmployerOut}, summary="기업 등록 신청 (승인 대기)")
def register_employer(request, payload: EmployerIn):
    user = request.user
    staff = has_capability(user, "approve_employer")
    if not (has_capability(user, "post_vacancy") or staff):
        raise PermissionDenied(_("기업 담당자 계정으로만 기업을 등록할 수 있습니다."))
    data = payload.dict()
    employer = actions.do_register_employer(
        user=None if staff else user,
        region_code=data.pop("region_code"),
        business_number=data.pop("business_number"),
        **data,
    )
    return Status(201, _out(Employer.objects.select_related("region").get(pk=employer.pk)))


@router.get("/{employer_id}", response=EmployerOut, summary="기업 정보")
def get_employer(request, employer_id: int):
    return _out(_visible(request, employer_id))


@router.patch("/{employer_id}", response=EmployerOut, summary="기업 정보 수정")
def update_employer(request, employer_id: int, payload: EmployerPatch):
    employer = managed_employer(request, employer_id)
    fields = payload.dict(exclude_unset=True)
    fields = {k: v for k, v in fields.items() if v is not None}
    actions.do_update_employer(employer=employer, actor=request.user, **fields)
    return _out(employer)


@router.post("/{employer_id}/decision", response=EmployerOut, summary="기업 승인·반려 (일자리센터)")
def decide_employer(request, employer_id: int, payload: DecisionIn):
    if not has_capability(request.user, "approve_employer"):
        raise PermissionDenied(_("일자리센터 직원만 기업을 승인할 수 있습니다."))
    employer = _visible(request, employer_id)
    employer = actions.do_decide_employer(
        employer=employer, approve=payload.approve, actor=request.user, reason=payload.reason
    )
    return _out(Employer.objects.select_related("region").get(pk=employer.pk))


@router.get("/{employer_id}/members", response=list[MemberOut], summary="기업 담당자")
def list_members(request, employer_id: int):
    employer = managed_employer(request, employer_id)
    return [
        MemberOut(
            id=m.pk,
            user_id=m.user_id,
            name=m.user.display_name,
            username=m.user.username,
            email=m.user.email,
            role=m.role,
            joined_at=m.joined_at,
        )
        for m in employer.members.select_related("user").order_by("joined_at")
    ]


@router.post("/{employer_id}/invitations", response={201: InvitationOut}, summary="동료 초대 (대표 관리자)")
def invite(request, employer_id: int, payload: InvitationIn):
    employer = _member(request, employer_id)
    try:
        validate_email(payload.email)
    except ValidationError:
        raise ValidationError({"email": _("이메일 형식이 올바르지 않습니다.")}) from None
    invitation = actions.do_invite_member(
        employer=employer,
        actor=request.user,
        email=payload.email,
        full_name=payload.full_name,
        role=payload.role,
    )
    url = request.build_absolute_uri(reverse("employers:invitation", args=[invitation.token]))
    return Status(
        201,
        InvitationOut(
            id=invitation.pk,
            email=invitation.email,
            role=invitation.role,
            expires_at=invitation.expires_at,
            url=url,
        ),
    )


@router.post(
    "/{employer_id}/referral-requests", response={201: ReferralRequestOut}, summary="일자리센터에 알선 요청"
)
def request_referral(request, employer_id: int, payload: ReferralRequestIn):
    employer = _member(request, employer_id)
    vacancy = Vacancy.objects.filter(pk=payload.vacancy_id, employer=employer).first()
    if vacancy is None:
        raise ValidationError({"vacancy_id": _("우리 기업의 공고가 아닙니다.")})
    created = actions.do_request_referral(
        vacancy=vacancy, actor=request.user, message=payload.message, wanted=payload.wanted
    )
    return Status(
        201,
        ReferralRequestOut(
            id=created.pk,
            vacancy_id=vacancy.pk,
            status=created.status,
            wanted=created.wanted,
            message=created.message,
            created_at=created.created_at,
        ),
    )


class VacancyIn(Schema):
    title: str = Field(..., min_length=1, max_length=150)
    duties: str = Field(..., min_length=1, max_length=4000)
    wage_type: WageType = WageType.MONTHLY
    wage_amount: int = Field(..., ge=0, le=1_000_000_000)
    closing_date: dt.date
    openings: int = Field(1, ge=1, le=999)
    shift: Shift = Shift.DAY
    work_hours: str = Field("", max_length=60)
    work_days_per_week: int = Field(5, ge=1, le=7)
    employment_type: EmploymentType = EmploymentType.PERMANENT
    experience_years_min: int = Field(0, ge=0, le=40)
    education_min: Education = Education.NONE
    region_code: str = Field(
        "", max_length=10, pattern=r"^\d*$", description="근무지 법정동 코드 (기본: 기업 소재지)"
    )
    submit: bool = Field(False, description="저장과 함께 일자리센터 승인 요청")


class VacancyCreatedOut(Schema):
    id: int
    title: str
    status: str
    status_label: str
    wage_type: str
    wage_amount: int


@router.post("/{employer_id}/vacancies", response={201: VacancyCreatedOut}, summary="구인 공고 등록")
def create_vacancy(request, employer_id: int, payload: VacancyIn):
    """Registers a vacancy of the company (작성중, or 승인대기 with ``submit``). A wage below the
    legal minimum of the year is refused with a 422 problem naming the minimum wage."""
    employer = _visible(request, employer_id)
    require_posting_member(request.user, employer)
    fields = payload.dict()
    submit = fields.pop("submit")
    region_code = fields.pop("region_code") or None
    vacancy = vacancy_actions.do_create_vacancy(
        employer=employer, actor=request.user, region_code=region_code, submit=submit, **fields
    )
    return Status(
        201,
        VacancyCreatedOut(
            id=vacancy.pk,
            title=vacancy.title,
            status=vacancy.status,
            status_label=str(vacancy.get_status_display()),
            wage_type=vacancy.wage_type,
            wage_amount=vacancy.wage_amount,
        ),
    )
