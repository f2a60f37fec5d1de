"""Referrals (알선) and placements (취업): atomic, validated, with a transition log."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iljari.accounts.actions import do_share_with_employer
from iljari.core.workflow import Move, Workflow
from iljari.notifications.actions import do_notify
from iljari.seekers.models import Seeker

from .models import (
    FOLLOW_UP_MONTHS,
    FollowUpStatus,
    Placement,
    PlacementSource,
    PlacementStatus,
    Referral,
    ReferralStatus,
    RetentionFollowUp,
)


def _keep_outcome_reason(move: Move) -> None:
    move.obj.outcome_reason = move.reason[:200]


REFERRAL_FLOW = Workflow(
    {
        ReferralStatus.PROPOSED: {ReferralStatus.SEEKER_ACCEPTED, ReferralStatus.CANCELLED},
        ReferralStatus.SEEKER_ACCEPTED: {ReferralStatus.EMPLOYER_REVIEW, ReferralStatus.CANCELLED},
        ReferralStatus.EMPLOYER_REVIEW: {
            ReferralStatus.INTERVIEW,
            ReferralStatus.NOT_HIRED,
            ReferralStatus.CANCELLED,
        },
        ReferralStatus.INTERVIEW: {ReferralStatus.HIRED, ReferralStatus.NOT_HIRED, ReferralStatus.CANCELLED},
        ReferralStatus.HIRED: set(),
        ReferralStatus.NOT_HIRED: set(),
        ReferralStatus.CANCELLED: set(),
    },
    on_enter=dict.fromkeys((ReferralStatus.NOT_HIRED, ReferralStatus.CANCELLED), [_keep_outcome_reason]),
)


@transaction.atomic
def do_create_referral(*, seeker, vacancy, counselor, note: str = "") -> Referral:
    if not vacancy.is_open:
        raise ValidationError(_("마감되었거나 게시되지 않은 공고에는 알선할 수 없습니다."), code="closed")
    open_states = [
        s for s in ReferralStatus.values if s not in (ReferralStatus.CANCELLED, ReferralStatus.NOT_HIRED)
    ]
    if Referral.objects.filter(seeker=seeker, vacancy=vacancy, status__in=open_states).exists():
        raise ValidationError(_("이미 진행 중인 알선이 있습니다."), code="duplicate")
    referral = Referral.objects.create(seeker=seeker, vacancy=vacancy, counselor=counselor, note=note)
    REFERRAL_FLOW.record_start(referral, actor=counselor, reason=note)
    notify_seeker(referral, "referral_proposed", {}, dedupe=f"referral-proposed:{referral.pk}")
    return referral


@transaction.atomic
def do_move_referral(*, referral: Referral, to_status: str, actor, reason: str = "") -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
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
    if hire_date > timezone.localdate() + timedelta(days=366):
        raise ValidationError({"hire_date": _("입사일이 너무 먼 미래입니다.")}, code="future")
    existing = Placement.objects.filter(seeker=seeker, employer=employer, hire_date=hire_date).first()
    if existing is not None:
        ensure_follow_ups(existing)
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
    ensure_follow_ups(placement)
    _notify_placement(placement)
    return placement


def _notify_placement(placement: Placement) -> None:
    """Tell the seeker the hire was recorded and which follow-up calls to expect."""
    user = placement.seeker.user
    months = ", ".join(_("%(n)d개월") % {"n": m} for m in FOLLOW_UP_MONTHS)
    do_notify(
        template_key="placement_recorded",
        context={
            "name": user.display_name,
            "employer": placement.employer.name,
            "hire_date": placement.hire_date.isoformat(),
            "follow_ups": months,
        },
        user=user,
        channels=("email", "sms"),
        dedupe_key=f"placement-recorded:{placement.pk}",
        link=reverse("referrals:activity"),
    )


@transaction.atomic
def do_cancel_placement(*, placement: Placement, actor, reason: str = "") -> Placement:
    if placement.status == PlacementStatus.CANCELLED:
        raise ValidationError(_("이미 취소된 채용입니다."), code="already_cancelled")
    placement.status = PlacementStatus.CANCELLED
    placement.cancelled_at = timezone.now()
    placement.save(update_fields=["status", "cancelled_at", "updated_at"])
    placement.follow_ups.filter(status=FollowUpStatus.PENDING).update(
        status=FollowUpStatus.CANCELLED, reason=reason[:300] or _("채용 취소")
    )
    return placement


# --- follow-ups (고용 유지 확인) ------------------------------------------------------------


def add_months(day, months: int):
    """The same day ``months`` later (clamped to the month's last day)."""
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def ensure_follow_ups(placement: Placement) -> int:
    """Create the 1/3/6/12-month follow-ups of a placement; safe to call any number of times.

    The unique constraint on (placement, month) makes a second call, a retried task or a
    concurrent request insert nothing. Returns how many rows exist afterwards.
    """
    if placement.status != PlacementStatus.ACTIVE:
        return placement.follow_ups.count()
    RetentionFollowUp.objects.bulk_create(
        [
            RetentionFollowUp(placement=placement, month=m, due_date=add_months(placement.hire_date, m))
            for m in FOLLOW_UP_MONTHS
        ],
        ignore_conflicts=True,
    )
    return placement.follow_ups.count()


@transaction.atomic
def do_record_follow_up(
    *, follow_up: RetentionFollowUp, status: str, actor, reason: str = ""
) -> RetentionFollowUp:
    follow_up = RetentionFollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if status not in FollowUpStatus.values or status in (FollowUpStatus.PENDING, FollowUpStatus.CANCELLED):
        raise ValidationError(
            {"status": _("재직, 이직, 퇴사, 연락 두절 중에서 골라 주세요.")}, code="invalid"
        )
    if follow_up.status == FollowUpStatus.CANCELLED:
        raise ValidationError(_("채용이 취소되어 확인할 필요가 없는 항목입니다."), code="cancelled")
    if status in (FollowUpStatus.CHANGED_JOB, FollowUpStatus.LEFT) and not reason.strip():
        raise ValidationError({"reason": _("이직·퇴사 사유를 입력해 주세요.")}, code="required")
    follow_up.status = status
    follow_up.reason = reason.strip()[:300]
    follow_up.recorded_at = timezone.now()
    follow_up.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    follow_up.save()
    if status == FollowUpStatus.LEFT:
        # later checks of a job that ended are not needed
        follow_up.placement.follow_ups.filter(
            month__gt=follow_up.month, status=FollowUpStatus.PENDING
        ).update(status=FollowUpStatus.CANCELLED, reason=_("%(m)d개월 차에 퇴사") % {"m": follow_up.month})
    return follow_up


@transaction.atomic
def do_hire(
    *,
    referral: Referral,
    actor,
    hire_date,
    monthly_wage: int,
    employment_type: str | None = None,
    occupation=None,
    reason: str = "",
) -> Placement:
    """Record the hire of a referred seeker: the referral becomes 채용 and a Placement is created."""
    referral = Referral.objects.select_for_update().select_related("vacancy__employer").get(pk=referral.pk)
    if referral.status != ReferralStatus.HIRED:
        REFERRAL_FLOW.move(referral, ReferralStatus.HIRED, actor=actor, reason=reason or _("채용 확정"))
    existing = Placement.objects.filter(referral=referral).first()
    if existing is not None:
        ensure_follow_ups(existing)
        return existing
    return do_record_placement(
        seeker=referral.seeker,
        employer=referral.vacancy.employer,
        vacancy=referral.vacancy,
        referral=referral,
        hire_date=hire_date,
        monthly_wage=monthly_wage,
        employment_type=employment_type,
        occupation=occupation,
        actor=actor,
    )


def notify_seeker(referral: Referral, key: str, extra: dict, *, dedupe: str, channels=("email",)) -> None:
    user = referral.seeker.user
    context = {
        "name": user.display_name,
        "vacancy": referral.vacancy.title,
        "employer": referral.vacancy.employer.name,
        **extra,
    }
    do_notify(
        template_key=key,
        context=context,
        user=user,
        channels=channels,
        dedupe_key=dedupe,
        link=reverse("referrals:activity"),
    )


@transaction.atomic
def do_answer_referral(
    *, seeker: Seeker, referral, accept: bool, actor, share_contact: bool = False, ip_address=None
):
    """The seeker accepts or declines a counselor's 알선 proposal (from 내 지원 현황 or 취업 활동).

    ``share_contact`` records the consent naming the referral's company (name and contact shown
    to it); accepting without it keeps both masked.
    """
    if referral.seeker_id != seeker.pk:
        raise ValidationError(_("본인에게 온 알선 제안만 답할 수 있습니다."))
    if accept:
        moved = do_move_referral(referral=referral, to_status=ReferralStatus.SEEKER_ACCEPTED, actor=actor)
        if share_contact:
            do_share_with_employer(
                user=seeker.user, employer=referral.vacancy.employer, ip_address=ip_address
            )
        return moved
    return do_move_referral(
        referral=referral, to_status=ReferralStatus.CANCELLED, actor=actor, reason=_("구직자가 제안을 거절함")
    )
