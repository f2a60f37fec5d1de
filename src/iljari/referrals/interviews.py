"""Interviews of a referral (면접·동행면접): scheduling one (the first moves the referral from
기업검토 to 면접, an accompanied one needs a free counselor) and recording its outcome (a failed
interview closes the referral as 미채용)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iljari.accounts.permissions import has_capability

from .actions import REFERRAL_FLOW, do_move_referral, notify_seeker
from .models import Interview, InterviewKind, InterviewResult, InterviewStatus, Referral, ReferralStatus

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
    notify_seeker(
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
