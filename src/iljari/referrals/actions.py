"""Referrals (알선) and placements (취업): atomic, validated, with a transition log."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iljari.core.workflow import Workflow

from .models import Placement, PlacementSource, PlacementStatus, Referral, ReferralStatus

S = ReferralStatus
REFERRAL_FLOW = Workflow(
    {
        S.PROPOSED: {S.SEEKER_ACCEPTED, S.CANCELLED},
        S.SEEKER_ACCEPTED: {S.EMPLOYER_REVIEW, S.CANCELLED},
        S.EMPLOYER_REVIEW: {S.INTERVIEW, S.NOT_HIRED, S.CANCELLED},
        S.INTERVIEW: {S.HIRED, S.NOT_HIRED, S.CANCELLED},
        S.HIRED: set(),
        S.NOT_HIRED: set(),
        S.CANCELLED: set(),
    }
)


@transaction.atomic
def do_create_referral(*, seeker, vacancy, counselor, note: str = "") -> Referral:
    if not vacancy.is_open:
        raise ValidationError(_("마감되었거나 게시되지 않은 공고에는 알선할 수 없습니다."), code="closed")
    open_states = [s for s in S.values if s not in (S.CANCELLED, S.NOT_HIRED)]
    if Referral.objects.filter(seeker=seeker, vacancy=vacancy, status__in=open_states).exists():
        raise ValidationError(_("이미 진행 중인 알선이 있습니다."), code="duplicate")
    referral = Referral.objects.create(seeker=seeker, vacancy=vacancy, counselor=counselor, note=note)
    REFERRAL_FLOW.record_start(referral, actor=counselor, reason=note)
    return referral


@transaction.atomic
def do_move_referral(*, referral: Referral, to_status: str, actor, reason: str = "") -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if to_status in (S.NOT_HIRED, S.CANCELLED):
        referral.outcome_reason = reason[:200]
    REFERRAL_FLOW.move(referral, to_status, actor=actor, reason=reason)
    return referral


@transaction.atomic
def do_record_placement(
    *,
    seeker,
    employer,
    hire_date,
    monthly_wage: int,
    actor=None,
    vacancy=None,
    referral=None,
    source: str = PlacementSource.DIRECT,
    source_ref: str = "",
    employment_type: str | None = None,
    occupation=None,
) -> Placement:
    """Record a hire once. Re-recording the same (seeker, employer, hire date) returns the existing row."""
    if monthly_wage is None or monthly_wage < 0:
        raise ValidationError({"monthly_wage": _("임금은 0원 이상이어야 합니다.")}, code="negative")
    if hire_date > timezone.localdate() + timezone.timedelta(days=366):
        raise ValidationError({"hire_date": _("입사일이 너무 먼 미래입니다.")}, code="future")
    existing = Placement.objects.filter(seeker=seeker, employer=employer, hire_date=hire_date).first()
    if existing is not None:
        return existing
    placement = Placement.objects.create(
        seeker=seeker,
        employer=employer,
        vacancy=vacancy,
        referral=referral,
        source=PlacementSource.REFERRAL if referral is not None else source,
        source_ref=source_ref,
        hire_date=hire_date,
        monthly_wage=monthly_wage,
        employment_type=employment_type or (vacancy.employment_type if vacancy else "permanent"),
        occupation=occupation or (vacancy.occupation if vacancy else None),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    seeker.status = "employed"
    seeker.save(update_fields=["status", "updated_at"])
    return placement


@transaction.atomic
def do_cancel_placement(*, placement: Placement, actor, reason: str = "") -> Placement:
    if placement.status == PlacementStatus.CANCELLED:
        raise ValidationError(_("이미 취소된 채용입니다."), code="already_cancelled")
    placement.status = PlacementStatus.CANCELLED
    placement.cancelled_at = timezone.now()
    placement.save(update_fields=["status", "cancelled_at", "updated_at"])
    return placement
