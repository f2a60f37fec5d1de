"""State changes of employers; every function is atomic and validated."""

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iljari.accounts.actions import do_create_user
from iljari.accounts.models import Role
from iljari.core.validators import clean_text, normalize_business_number, normalize_phone
from iljari.core.workflow import REJECTION_REASON, Required, Workflow
from iljari.taxonomy.regions import region_by_code
from iljari.vacancies import search_index
from iljari.vacancies.actions import do_submit_vacancy, do_update_vacancy
from iljari.vacancies.models import VacancyStatus

from .models import (
    Employer,
    EmployerMember,
    EmployerStatus,
    Invitation,
    MemberRole,
    ReferralRequest,
    ReferralRequestStatus,
)

EMPLOYER_FLOW = Workflow(
    {
        EmployerStatus.PENDING: {EmployerStatus.APPROVED, EmployerStatus.REJECTED},
        EmployerStatus.APPROVED: {EmployerStatus.REJECTED},
        EmployerStatus.REJECTED: {EmployerStatus.APPROVED, EmployerStatus.PENDING},
    },
    # staff give the company a reason; a decision the system makes (no actor) needs none
    required={
        EmployerStatus.REJECTED: Required(REJECTION_REASON.message, when=lambda m: m.actor is not None)
    },
)

INVITATION_DAYS = 14
EDITABLE_FIELDS = {
    "name",
    "representative",
    "root_sector",
    "address",
    "employees",
    "phone",
    "website",
    "description",
    "commuter_bus",
    "dormitory",
    "canteen",
    "industry",
    "industrial_complex",
}


def text(value) -> str:
    """Normalised text without NUL characters (PostgreSQL refuses them in text columns)."""
    return clean_text(str(value or "")).replace("\x00", "")


def _clean_fields(fields: dict) -> dict:
    for key, value in fields.items():
        if isinstance(value, str):
            fields[key] = text(value)
    if fields.get("phone"):
        try:
            fields["phone"] = normalize_phone(fields["phone"])
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages}) from None
    if "name" in fields and not fields["name"]:
        raise ValidationError({"name": _("기업명을 입력해 주세요.")}, code="required")
    return fields


@transaction.atomic
def do_register_employer(*, user, region_code: str, business_number: str, **fields) -> Employer:
    """An employer's staff registers the company; it waits for the job center's approval."""
    try:
        number = normalize_business_number(business_number)
    except ValidationError as exc:
        raise ValidationError({"business_number": exc.messages}) from None
    if Employer.objects.filter(business_number=number).exists():
        raise ValidationError({"business_number": _("이미 등록된 사업자등록번호입니다.")}, code="duplicate")
    if user is not None and user.role != Role.EMPLOYER and not user.is_job_center_staff:
        raise PermissionDenied(_("기업 담당자 계정으로만 기업을 등록할 수 있습니다."))
    fields = _clean_fields(dict(fields))
    region = region_by_code(text(region_code)[:10])
    fields.setdefault("lat", region.lat)
    fields.setdefault("lon", region.lon)
    employer = Employer(business_number=number, region=region, status=EmployerStatus.PENDING, **fields)
    employer.full_clean()
    employer.save()
    EMPLOYER_FLOW.record_start(employer, actor=user)
    if user is not None and user.role == Role.EMPLOYER:
        EmployerMember.objects.create(user=user, employer=employer, role=MemberRole.OWNER)
        user._employer_ids = None
    return employer


@transaction.atomic
def do_signup_employer(
    *,
    username: str,
    password: str,
    full_name: str,
    email: str = "",
    contact_phone: str = "",
    region_code: str,
    business_number: str,
    **company,
):
    """A new HR contact creates an account and registers the company in one step (all or nothing)."""
    if contact_phone:
        try:
            contact_phone = normalize_phone(contact_phone)
        except ValidationError as exc:
            raise ValidationError({"contact_phone": exc.messages}) from None
    user = do_create_user(
        username=clean_text(username),
        password=password,
        role=Role.EMPLOYER,
        full_name=clean_text(full_name),
        email=email,
        phone=contact_phone,
    )
    employer = do_register_employer(
        user=user, region_code=region_code, business_number=business_number, **company
    )
    return user, employer


@transaction.atomic
def do_update_employer(*, employer: Employer, actor, **fields) -> Employer:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(
            {name: _("바꿀 수 없는 항목입니다.") for name in sorted(unknown)}, code="not_editable"
        )
    fields = _clean_fields(fields)
    for name, value in fields.items():
        setattr(employer, name, value)
    employer.full_clean()
    employer.save()
    search_index.employer_changed(employer.pk)  # its name, industry and complex are searched
    return employer


@transaction.atomic
def do_decide_employer(*, employer: Employer, approve: bool, actor, reason: str = "") -> Employer:
    """Staff approve or reject a company; a rejection needs a reason (shown to the company)."""
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    to_state = EmployerStatus.APPROVED if approve else EmployerStatus.REJECTED
    EMPLOYER_FLOW.move(employer, to_state, actor=actor, reason=text(reason), save=False)
    employer.save(update_fields=["status", "updated_at"])
    return employer


@transaction.atomic
def do_resubmit_employer(*, employer: Employer, actor) -> Employer:
    """After a rejection and corrections, the company asks for approval again."""
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    EMPLOYER_FLOW.move(employer, EmployerStatus.PENDING, actor=actor, save=False)
    employer.save(update_fields=["status", "updated_at"])
    return employer


def _require_owner(employer: Employer, actor) -> None:
    if getattr(actor, "is_superuser", False):
        return
    if not EmployerMember.objects.filter(employer=employer, user=actor, role=MemberRole.OWNER).exists():
        raise PermissionDenied(_("대표 관리자만 담당자를 관리할 수 있습니다."))


@transaction.atomic
def do_invite_member(
    *, employer: Employer, actor, email: str, full_name: str = "", role: str = MemberRole.MANAGER
) -> Invitation:
    _require_owner(employer, actor)
    email = text(email).lower()
    if not email:
        raise ValidationError({"email": _("이메일을 입력해 주세요.")}, code="required")
    if role not in MemberRole.values:
        raise ValidationError({"role": _("알 수 없는 권한입니다.")}, code="invalid")
    if EmployerMember.objects.filter(employer=employer, user__email__iexact=email).exists():
        raise ValidationError({"email": _("이미 우리 기업의 담당자입니다.")}, code="duplicate")
    now = timezone.now()
    if Invitation.objects.filter(
        employer=employer, email=email, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).exists():
        raise ValidationError(
            {"email": _("이미 초대한 이메일입니다. 초대 링크를 다시 보내 주세요.")}, code="duplicate"
        )
    invitation = Invitation(
        employer=employer,
        email=email,
        full_name=text(full_name),
        role=role,
        token=secrets.token_urlsafe(32),
        invited_by=actor,
        expires_at=now + dt.timedelta(days=INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    return invitation


def usable_invitation(token: str) -> Invitation:
    token = str(token or "")
    invitation = None
    if token.isascii() and token.isprintable() and len(token) <= 64:
        invitation = Invitation.objects.select_related("employer").filter(token=token).first()
    if invitation is None or not invitation.is_usable:
        raise ValidationError(
            _("초대 링크가 만료되었거나 이미 사용되었습니다. 초대한 분께 다시 요청해 주세요."), code="expired"
        )
    return invitation


@transaction.atomic
def do_accept_invitation(*, token: str, user) -> EmployerMember:
    invitation = usable_invitation(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if user.role != Role.EMPLOYER:
        raise PermissionDenied(_("기업 담당자 계정으로만 초대를 수락할 수 있습니다."))
    member, _created = EmployerMember.objects.get_or_create(
        user=user, employer=invitation.employer, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    user._employer_ids = None
    return member


@transaction.atomic
def do_signup_by_invitation(*, token: str, username: str, password: str, full_name: str, phone: str = ""):
    invitation = usable_invitation(token)
    if phone:
        try:
            phone = normalize_phone(phone)
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages}) from None
    user = do_create_user(
        username=clean_text(username),
        password=password,
        role=Role.EMPLOYER,
        full_name=clean_text(full_name),
        email=invitation.email,
        phone=phone,
    )
    return do_accept_invitation(token=token, user=user)


@transaction.atomic
def do_revoke_invitation(*, invitation: Invitation, actor) -> Invitation:
    _require_owner(invitation.employer, actor)
    if invitation.accepted_at is not None:
        raise ValidationError(_("이미 수락된 초대는 취소할 수 없습니다."), code="accepted")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def do_remove_member(*, member: EmployerMember, actor) -> None:
    _require_owner(member.employer, actor)
    owners = EmployerMember.objects.filter(employer=member.employer, role=MemberRole.OWNER)
    if member.role == MemberRole.OWNER and owners.count() <= 1:
        raise ValidationError(_("마지막 대표 관리자는 삭제할 수 없습니다."), code="last_owner")
    member.delete()


@transaction.atomic
def do_request_referral(*, vacancy, actor, message: str = "", wanted: int = 3) -> ReferralRequest:
    """The company asks the job center to refer candidates for an open vacancy."""
    if not vacancy.is_open:
        raise ValidationError(
            {"vacancy": _("게시 중인 공고에 대해서만 알선을 요청할 수 있습니다.")}, code="closed"
        )
    if ReferralRequest.objects.filter(vacancy=vacancy, status=ReferralRequestStatus.OPEN).exists():
        raise ValidationError(
            {"vacancy": _("이 공고에 대한 알선 요청이 이미 접수되어 있습니다.")}, code="duplicate"
        )
    referral_request = ReferralRequest(
        vacancy=vacancy, requested_by=actor, message=text(message)[:2000], wanted=wanted
    )
    referral_request.full_clean()
    referral_request.save()
    return referral_request


@transaction.atomic
def do_answer_referral_request(*, referral_request: ReferralRequest, actor, answer: str) -> ReferralRequest:
    referral_request = ReferralRequest.objects.select_for_update().get(pk=referral_request.pk)
    if referral_request.status != ReferralRequestStatus.OPEN:
        raise ValidationError(_("이미 처리된 알선 요청입니다."), code="closed")
    answer = text(answer)
    if not answer:
        raise ValidationError({"answer": _("답변 내용을 입력해 주세요.")}, code="required")
    referral_request.status = ReferralRequestStatus.ANSWERED
    referral_request.answer = answer[:2000]
    referral_request.answered_by = actor
    referral_request.answered_at = timezone.now()
    referral_request.save()
    return referral_request


@transaction.atomic
def do_edit_vacancy(
    *, vacancy, actor, required_qualifications, preferred_qualifications, submit=False, **fields
):
    """The employer's edit form in one transaction: fields, qualifications and (optionally) submission.

    Built on iljari.vacancies.actions, whose do_update_vacancy does not take qualifications.
    """
    do_update_vacancy(vacancy=vacancy, actor=actor, **fields)
    vacancy.required_qualifications.set(required_qualifications)
    vacancy.preferred_qualifications.set(preferred_qualifications)
    if submit and vacancy.status == VacancyStatus.DRAFT:
        do_submit_vacancy(vacancy=vacancy, actor=actor)
    return vacancy
