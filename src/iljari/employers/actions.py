"""State changes of employers; every function is atomic and validated."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iljari.core.errors import region_by_code
from iljari.core.validators import normalize_business_number

from .models import Employer, EmployerMember, EmployerStatus, MemberRole


@transaction.atomic
def do_register_employer(*, user, region_code: str, business_number: str, **fields) -> Employer:
    """An employer's staff registers the company; it waits for the job center's approval."""
    number = normalize_business_number(business_number)
    if Employer.objects.filter(business_number=number).exists():
        raise ValidationError({"business_number": _("이미 등록된 사업자등록번호입니다.")}, code="duplicate")
    region = region_by_code(region_code)
    fields.setdefault("lat", region.lat)
    fields.setdefault("lon", region.lon)
    employer = Employer(business_number=number, region=region, status=EmployerStatus.PENDING, **fields)
    employer.full_clean()
    employer.save()
    if user is not None:
        EmployerMember.objects.create(user=user, employer=employer, role=MemberRole.OWNER)
    return employer


@transaction.atomic
def do_decide_employer(*, employer: Employer, approve: bool, actor) -> Employer:
    employer.status = EmployerStatus.APPROVED if approve else EmployerStatus.REJECTED
    employer.save(update_fields=["status", "updated_at"])
    return employer
