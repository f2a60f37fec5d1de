"""Referrals (알선) and placements (취업): atomic, validated, with a transition log."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iljari.accounts.actions import do_share_with_employer
from iljari.accounts.permissions import has_capability
from iljari.core.workflow import Move, Workflow
from iljari.notifications.actions import do_notify
from iljari.seekers.models import Seeker

from .models import (
    FOLLOW_UP_MONTHS,
    FollowUpStatus,
    Interview,
    InterviewKind,
    InterviewResult,
    InterviewStatus,
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
    _notify_seeker(referral, "referral_proposed", {}, dedupe=f"referral-proposed:{referral.pk}")
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


# --- interviews (면접·동행면접) ----------------------------------------------------------------

INTERVIEW_STATES = (ReferralStatus.EMPLOYER_REVIEW, ReferralStatus.INTERVIEW)


@transaction.atomic
def do_schedule_interview(
    *,
    referral: Referral,
    actor,
    starts_at,
    place: str,
    kind: str = InterviewKind.REGULAR,
    duration_minutes: int = 60,
    counselor=None,
    meeting_point: str = "",
    transport_note: str = "",
    company_contact: str = "",
) -> Interview:
    """Schedule an interview; the first one moves the referral from 기업검토 to 면접."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status not in INTERVIEW_STATES:
        raise ValidationError(
            _("기업검토 또는 면접 단계의 알선에만 면접을 잡을 수 있습니다. (현재: %(s)s)")
            % {"s": referral.get_status_display()},
            code="state",
        )
    errors = {}
    if kind not in InterviewKind.values:
        errors["kind"] = _("면접 유형을 골라 주세요.")
    if starts_at is None:
        errors["starts_at"] = _("면접 일시를 입력해 주세요.")
    elif starts_at < timezone.now() - timedelta(hours=1):
        errors["starts_at"] = _("지난 시각으로는 면접을 잡을 수 없습니다.")
    if not (place or "").strip():
        errors["place"] = _("면접 장소를 입력해 주세요.")
    if not 10 <= int(duration_minutes or 0) <= 480:
        errors["duration_minutes"] = _("소요 시간은 10분에서 480분 사이로 입력해 주세요.")
    if kind == InterviewKind.ACCOMPANIED:
        counselor = counselor or actor
        if not has_capability(counselor, "manage_cases"):
            errors["counselor"] = _("동행면접에는 동행할 상담사가 필요합니다.")
    if errors:
        raise ValidationError(errors)
    if (
        kind == InterviewKind.ACCOMPANIED
        and Interview.objects.filter(
            counselor=counselor,
            status=InterviewStatus.SCHEDULED,
            starts_at__lt=starts_at + timedelta(minutes=int(duration_minutes)),
            starts_at__gt=starts_at - timedelta(minutes=int(duration_minutes)),
        ).exists()
    ):
        raise ValidationError(
            {"starts_at": _("동행 상담사에게 같은 시간대에 다른 동행면접이 있습니다.")}, code="conflict"
        )
    interview = Interview.objects.create(
        referral=referral,
        kind=kind,
        starts_at=starts_at,
        duration_minutes=int(duration_minutes),
        place=place.strip(),
        meeting_point=meeting_point.strip(),
        transport_note=transport_note.strip(),
        company_contact=company_contact.strip(),
        counselor=counselor if kind == InterviewKind.ACCOMPANIED else None,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if referral.status == ReferralStatus.EMPLOYER_REVIEW:
        REFERRAL_FLOW.move(referral, ReferralStatus.INTERVIEW, actor=actor, reason=_("면접 일정 등록"))
    _notify_seeker(
        referral,
        "interview_scheduled",
        interview_context(interview),
        dedupe=f"interview-scheduled:{interview.pk}",
        channels=("email", "sms"),
    )
    return interview


def interview_context(interview: Interview) -> dict:
    referral = interview.referral
    return {
        "when": timezone.localtime(interview.starts_at).strftime("%Y-%m-%d %H:%M"),
        "place": interview.place,
        "employer": referral.vacancy.employer.name,
        "accompanied": interview.kind == InterviewKind.ACCOMPANIED,
        "counselor": interview.counselor.display_name if interview.counselor else "",
        "meeting_point": interview.meeting_point or interview.place,
        "transport": interview.transport_note,
    }


@transaction.atomic
def do_record_interview_outcome(
    *, interview: Interview, status: str, actor, result: str = "", note: str = ""
) -> Interview:
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if status not in (InterviewStatus.DONE, InterviewStatus.NO_SHOW, InterviewStatus.CANCELLED):
        raise ValidationError({"status": _("완료, 불참, 취소 중에서 골라 주세요.")}, code="invalid")
    if interview.status != InterviewStatus.SCHEDULED:
        raise ValidationError(_("이미 결과가 기록된 면접입니다."), code="recorded")
    if status == InterviewStatus.DONE and result not in (
        InterviewResult.PASSED,
        InterviewResult.FAILED,
        InterviewResult.ON_HOLD,
    ):
        raise ValidationError({"result": _("면접 결과(합격·불합격·보류)를 골라 주세요.")}, code="required")
    interview.status = status
    interview.result = result if status == InterviewStatus.DONE else ""
    interview.outcome_note = note.strip()
    interview.save()
    if interview.result == InterviewResult.FAILED:
        referral = interview.referral
        if REFERRAL_FLOW.can_move(referral, ReferralStatus.NOT_HIRED):
            do_move_referral(
                referral=referral,
                to_status=ReferralStatus.NOT_HIRED,
                actor=actor,
                reason=note or _("면접 불합격"),
            )
    return interview


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


def _notify_seeker(referral: Referral, key: str, extra: dict, *, dedupe: str, channels=("email",)) -> None:
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
