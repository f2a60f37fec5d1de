"""Job-fair business logic: every state change is a ``do_*`` function in one transaction.

Views and API handlers validate input, call one action and render. Here: events, companies and
their booths, seekers' registrations and the day of the fair. Beside it: :mod:`.scheduling` (the
interview timetable: the pure optimiser :mod:`iljari.fairs.timetable` knows nothing of Django and
``scheduling.build_problem`` translates), :mod:`.scores` (how well a seeker fits a booth) and
:mod:`.report` (the figures after the fair).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from iljari.audit.actions import log_access
from iljari.core.workflow import Move, Workflow
from iljari.referrals.actions import do_record_placement
from iljari.referrals.models import PlacementSource

from . import timetable as tt
from .models import (
    Event,
    EventStatus,
    Interview,
    InterviewRequest,
    InterviewResult,
    InterviewStatus,
    Participation,
    ParticipationStatus,
    Registration,
    RegistrationStatus,
)
from .scores import engine_scores, match_score, occupation_codes

# the optimiser's messages (Korean source) follow the request's language from here on
tt.set_translator(_)


def _require_timetable(move: Move) -> None:
    event = move.obj
    if event.is_fair and not event.interviews.exclude(status=InterviewStatus.CANCELLED).exists():
        raise ValidationError(_("면접 시간표를 먼저 만드세요."), code="no_timetable")


def _announce_interviews(move: Move) -> None:
    move.obj.interviews.filter(status=InterviewStatus.SCHEDULED).update(announced=True)


EVENT_FLOW = Workflow(
    {
        EventStatus.DRAFT: {EventStatus.OPEN, EventStatus.CANCELLED},
        EventStatus.OPEN: {EventStatus.CLOSED, EventStatus.SCHEDULED, EventStatus.CANCELLED},
        EventStatus.CLOSED: {EventStatus.OPEN, EventStatus.SCHEDULED, EventStatus.CANCELLED},
        EventStatus.SCHEDULED: {EventStatus.ONGOING, EventStatus.CLOSED, EventStatus.CANCELLED},
        EventStatus.ONGOING: {EventStatus.FINISHED},
        EventStatus.FINISHED: set(),
        EventStatus.CANCELLED: set(),
    },
    guards={EventStatus.SCHEDULED: [_require_timetable]},
    on_enter={EventStatus.SCHEDULED: [_announce_interviews]},
)


def _release_booth(move: Move) -> None:
    """A company turned down loses its booth and its scheduled interviews."""
    move.obj.booth_number = None
    move.obj.interviews.filter(status=InterviewStatus.SCHEDULED).update(status=InterviewStatus.CANCELLED)


PARTICIPATION_FLOW = Workflow(
    {
        ParticipationStatus.APPLIED: {
            ParticipationStatus.APPROVED,
            ParticipationStatus.REJECTED,
            ParticipationStatus.WITHDRAWN,
        },
        ParticipationStatus.APPROVED: {ParticipationStatus.WITHDRAWN, ParticipationStatus.REJECTED},
        ParticipationStatus.REJECTED: {ParticipationStatus.APPROVED},
        ParticipationStatus.WITHDRAWN: set(),
    },
    on_enter={ParticipationStatus.REJECTED: [_release_booth]},
)
RESULT_FLOW: dict[str, set[str]] = {
    InterviewResult.NONE: {
        InterviewResult.PASSED_FIRST,
        InterviewResult.SECOND_ROUND,
        InterviewResult.HIRED,
        InterviewResult.REJECTED,
    },
    InterviewResult.PASSED_FIRST: {
        InterviewResult.SECOND_ROUND,
        InterviewResult.HIRED,
        InterviewResult.REJECTED,
    },
    InterviewResult.SECOND_ROUND: {InterviewResult.HIRED, InterviewResult.REJECTED},
    InterviewResult.HIRED: set(),
    InterviewResult.REJECTED: set(),
}


# --- events ---------------------------------------------------------------------------------
@transaction.atomic
def do_create_event(*, actor, organisers=(), **fields) -> Event:
    event = Event(created_by=actor if getattr(actor, "is_authenticated", False) else None, **fields)
    event.full_clean()
    event.save()
    if getattr(actor, "is_authenticated", False):
        event.organisers.add(actor)
    for user in organisers:
        event.organisers.add(user)
    EVENT_FLOW.record_start(event, actor=actor)
    return event


@transaction.atomic
def do_move_event(*, event: Event, to_status: str, actor, reason: str = "") -> Event:
    caller = event
    event = Event.objects.select_for_update().get(pk=event.pk)
    EVENT_FLOW.move(event, to_status, actor=actor, reason=reason)
    caller.status = event.status  # the caller's instance reflects the move
    return event


# --- companies and booths -------------------------------------------------------------------
@transaction.atomic
def do_apply_participation(
    *, event: Event, employer, actor, interviewers: int = 1, vacancies=(), note: str = ""
) -> Participation:
    if event.status not in (EventStatus.DRAFT, EventStatus.OPEN):
        raise ValidationError(_("참여 신청 기간이 아닙니다."), code="closed")
    if interviewers < 1:
        raise ValidationError({"interviewers": _("면접관은 1명 이상이어야 합니다.")}, code="interviewers")
    if Participation.objects.filter(event=event, employer=employer).exists():
        raise ValidationError(_("이미 참여 신청한 기업입니다."), code="duplicate")
    for v in vacancies:
        if v.employer_id != employer.pk:
            raise ValidationError({"vacancies": _("자사 공고만 선택할 수 있습니다.")}, code="vacancy")
    part = Participation.objects.create(event=event, employer=employer, interviewers=interviewers, note=note)
    part.vacancies.set(vacancies)
    PARTICIPATION_FLOW.record_start(part, actor=actor)
    return part


def next_booth_number(event: Event) -> int:
    return (event.participations.aggregate(m=Max("booth_number"))["m"] or 0) + 1


@transaction.atomic
def do_review_participation(
    *,
    participation: Participation,
    approve: bool,
    actor,
    booth_number: int | None = None,
    hall: str = "",
    reason="",
) -> Participation:
    part = Participation.objects.select_for_update().get(pk=participation.pk)
    if approve:
        if booth_number is None:
            booth_number = part.booth_number or next_booth_number(part.event)
        if (
            Participation.objects.filter(event=part.event, booth_number=booth_number)
            .exclude(pk=part.pk)
            .exists()
        ):
            raise ValidationError({"booth_number": _("이미 배정된 부스 번호입니다.")}, code="booth_taken")
        part.booth_number = booth_number
        if hall or not part.hall:
            part.hall = hall or part.event.hall_list()[0]
        PARTICIPATION_FLOW.move(part, ParticipationStatus.APPROVED, actor=actor, reason=reason)
    else:
        PARTICIPATION_FLOW.move(part, ParticipationStatus.REJECTED, actor=actor, reason=reason)
    return part


@transaction.atomic
def do_update_booth(*, participation: Participation, actor, **fields) -> Participation:
    part = Participation.objects.select_for_update().get(pk=participation.pk)
    for k, v in fields.items():
        setattr(part, k, v)
    if part.booth_number is not None and (
        Participation.objects.filter(event=part.event, booth_number=part.booth_number)
        .exclude(pk=part.pk)
        .exists()
    ):
        raise ValidationError({"booth_number": _("이미 배정된 부스 번호입니다.")}, code="booth_taken")
    part.full_clean()
    part.save()
    return part


# --- seekers --------------------------------------------------------------------------------
def _check_choices(event: Event, choices) -> list[Participation]:
    parts = list(choices)
    if len(parts) > event.max_requests:
        raise ValidationError(
            {"choices": _("면접 신청은 %(n)d곳까지 할 수 있습니다.") % {"n": event.max_requests}},
            code="too_many",
        )
    if len({p.pk for p in parts}) != len(parts):
        raise ValidationError({"choices": _("같은 기업을 두 번 선택했습니다.")}, code="duplicate")
    for p in parts:
        if p.event_id != event.pk or p.status != ParticipationStatus.APPROVED:
            raise ValidationError(
                {"choices": _("승인된 참여 기업만 선택할 수 있습니다.")}, code="not_approved"
            )
    return parts


@transaction.atomic
def do_register_seeker(
    *,
    event: Event,
    seeker,
    actor,
    choices=(),
    consent_share_resume: bool = False,
    arrive_at: dt.time | None = None,
    leave_at: dt.time | None = None,
    walk_in: bool = False,
    suggested_ids=(),
) -> Registration:
    """Register a seeker with ranked interview requests (choices in preference order)."""
    if walk_in:
        if event.status not in (
            EventStatus.OPEN,
            EventStatus.CLOSED,
            EventStatus.SCHEDULED,
            EventStatus.ONGOING,
        ):
            raise ValidationError(_("현장 접수를 받을 수 없는 행사 상태입니다."), code="closed")
    elif event.status != EventStatus.OPEN:
        raise ValidationError(_("참가 등록 기간이 아닙니다."), code="closed")
    parts = _check_choices(event, choices)
    if arrive_at and leave_at and leave_at <= arrive_at:
        raise ValidationError({"leave_at": _("퇴장 시각은 도착 시각보다 늦어야 합니다.")}, code="window")
    existing = Registration.objects.filter(event=event, seeker=seeker).first()
    if existing is not None and existing.is_active:
        raise ValidationError(_("이미 이 행사에 등록했습니다."), code="duplicate")
    if existing is not None:
        existing.delete()
    reg = Registration.objects.create(
        event=event,
        seeker=seeker,
        status=RegistrationStatus.WALK_IN if walk_in else RegistrationStatus.REGISTERED,
        arrive_at=arrive_at,
        leave_at=leave_at,
        consent_share_resume=consent_share_resume,
        consent_at=timezone.now() if consent_share_resume else None,
    )
    codes = occupation_codes(seeker)
    engine = engine_scores(seeker) if parts else {}
    suggested = set(suggested_ids)
    for rank, p in enumerate(parts, start=1):
        InterviewRequest.objects.create(
            registration=reg,
            participation=p,
            rank=rank,
            score=match_score(seeker, p, codes, engine),
            suggested=p.pk in suggested,
        )
    return reg


@transaction.atomic
def do_cancel_registration(*, registration: Registration, actor) -> Registration:
    reg = Registration.objects.select_for_update().get(pk=registration.pk)
    reg.status = RegistrationStatus.CANCELLED
    reg.save(update_fields=["status", "updated_at"])
    reg.interviews.filter(status=InterviewStatus.SCHEDULED).update(status=InterviewStatus.CANCELLED)
    return reg


# --- day of the fair ------------------------------------------------------------------------
@transaction.atomic
def do_check_in(*, event: Event, token, actor, request=None) -> Registration:
    reg = Registration.objects.select_for_update().filter(event=event, token=token).first()
    if reg is None or not reg.is_active:
        raise ValidationError(_("이 행사에 등록된 확인 코드가 아닙니다."), code="unknown")
    if reg.checked_in_at is None:
        reg.checked_in_at = timezone.now()
        reg.save(update_fields=["checked_in_at", "updated_at"])
    log_access(
        actor=actor,
        action="fair_check_in",
        subject=reg.seeker,
        fields="name",
        purpose=event.title,
        request=request,
    )
    return reg


@transaction.atomic
def do_mark_interview(*, interview: Interview, status: str, actor) -> Interview:
    if status not in (InterviewStatus.DONE, InterviewStatus.NO_SHOW, InterviewStatus.SCHEDULED):
        raise ValidationError(_("알 수 없는 면접 상태입니다."), code="status")
    iv = Interview.objects.select_for_update().get(pk=interview.pk)
    if iv.status == InterviewStatus.CANCELLED:
        raise ValidationError(_("취소된 면접입니다."), code="cancelled")
    if status != InterviewStatus.DONE and iv.result:
        raise ValidationError(_("결과가 기록된 면접은 불참으로 바꿀 수 없습니다."), code="has_result")
    iv.status = status
    iv.save(update_fields=["status", "updated_at"])
    return iv


@transaction.atomic
def do_record_result(
    *,
    interview: Interview,
    result: str,
    actor,
    monthly_wage: int | None = None,
    hire_date: dt.date | None = None,
    note: str = "",
) -> Interview:
    """Record an interview's result; a hire becomes a Placement (source: 채용박람회)."""
    iv = (
        Interview.objects.select_for_update()
        .select_related("event", "participation__employer", "registration__seeker")
        .get(pk=interview.pk)
    )
    if result not in RESULT_FLOW.get(iv.result, set()):
        labels = dict(InterviewResult.choices)
        raise ValidationError(
            _("'%(a)s'에서 '%(b)s'(으)로 바꿀 수 없습니다.")
            % {"a": labels.get(iv.result), "b": labels.get(result, result)},
            code="illegal_result",
        )
    if iv.status == InterviewStatus.CANCELLED:
        raise ValidationError(_("취소된 면접입니다."), code="cancelled")
    iv.status = InterviewStatus.DONE
    iv.result = result
    iv.result_note = note[:200]
    if result == InterviewResult.SECOND_ROUND:
        iv.reached_second_round = True
    if result == InterviewResult.HIRED:
        vacancy = iv.participation.vacancies.order_by("id").first()
        wage = monthly_wage
        if wage is None:
            if vacancy is None:
                raise ValidationError({"monthly_wage": _("채용 시 월 임금을 입력하세요.")}, code="wage")
            wage = {"monthly": vacancy.wage_amount, "annual": vacancy.wage_amount // 12}.get(
                vacancy.wage_type, vacancy.wage_amount * 209
            )
        iv.placement = do_record_placement(
            seeker=iv.registration.seeker,
            employer=iv.participation.employer,
            hire_date=hire_date or iv.event.date,
            monthly_wage=wage,
            actor=actor,
            vacancy=vacancy,
            source=PlacementSource.FAIR,
            source_ref=f"fair:{iv.event_id}",
        )
    iv.save()
    return iv
