"""The interview timetable of a fair: the Django side of the optimiser.

:func:`build_problem` translates the fair into the pure optimiser's records
(:mod:`iljari.fairs.timetable`, no Django); :func:`do_optimise` solves and :func:`store_timetable`
keeps the result when it still fits; :func:`do_walk_in` slots a walk-in around everyone else.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import timetable as tt
from .actions import do_register_seeker
from .models import (
    Event,
    EventStatus,
    Interview,
    InterviewRequest,
    InterviewStatus,
    Participation,
    ParticipationStatus,
    Registration,
    RegistrationStatus,
    TimetableRun,
)

ACTIVE_REG = [RegistrationStatus.REGISTERED, RegistrationStatus.WALK_IN]
LIVE_INTERVIEW = [InterviewStatus.SCHEDULED, InterviewStatus.DONE, InterviewStatus.NO_SHOW]


def _booth_of(event: Event, part: Participation) -> tt.Booth:
    start = event.slot_of(part.available_from) if part.available_from else 0
    end = event.slot_of(part.available_until, end=True) if part.available_until else event.num_slots
    breaks: set[int] = set()
    if part.break_start and part.break_end:
        breaks = event.slots_overlapping(part.break_start, part.break_end)
    return tt.Booth(
        id=part.pk,
        company=part.employer_id,
        interviewers=part.interviewers,
        start=start,
        end=end,
        breaks=frozenset(breaks),
        hall=part.hall,
        name=f"{part.booth_label} {part.employer.name}",
    )


def build_problem(event: Event, *, now_slot: int = 0, include_fixed: bool = True) -> tt.Problem:
    """Translate the event into the optimiser's plain records."""
    parts = list(event.participations.filter(status=ParticipationStatus.APPROVED).select_related("employer"))
    regs = list(
        event.registrations.filter(status__in=ACTIVE_REG)
        .select_related("seeker__user")
        .order_by("created_at", "id")
    )
    booths = [_booth_of(event, p) for p in parts]
    seekers = [
        tt.Seeker(
            id=r.pk,
            start=event.slot_of(r.arrive_at) if r.arrive_at else 0,
            end=event.slot_of(r.leave_at, end=True) if r.leave_at else event.num_slots,
            name=r.seeker.initials,
        )
        for r in regs
    ]
    part_ids = {p.pk for p in parts}
    reg_ids = {r.pk for r in regs}
    requests = [
        tt.Request(seeker=q.registration_id, booth=q.participation_id, rank=q.rank, score=q.score)
        for q in InterviewRequest.objects.filter(registration__in=reg_ids, participation__in=part_ids)
    ]
    fixed = []
    if include_fixed:
        for iv in event.interviews.filter(status__in=LIVE_INTERVIEW).filter(announced=True):
            if iv.registration_id in reg_ids and iv.participation_id in part_ids:
                fixed.append(tt.Interview(iv.slot, iv.participation_id, iv.registration_id))
        # past interviews (done / no-show) stay where they were even if never announced
        for iv in event.interviews.filter(
            status__in=[InterviewStatus.DONE, InterviewStatus.NO_SHOW], announced=False
        ):
            if iv.registration_id in reg_ids and iv.participation_id in part_ids:
                fixed.append(tt.Interview(iv.slot, iv.participation_id, iv.registration_id))
    return tt.Problem(
        num_slots=event.num_slots,
        booths=booths,
        seekers=seekers,
        requests=requests,
        buffer_slots=event.buffer_slots,
        fixed=sorted(set(fixed)),
        earliest_slot=now_slot,
        slot_labels=event.slot_labels(),
    )


def current_slot(event: Event, now: dt.datetime | None = None) -> int:
    """The first slot that has not started yet (0 before the day, num_slots after it)."""
    now = timezone.localtime(now or timezone.now())
    if now.date() < event.date:
        return 0
    if now.date() > event.date:
        return event.num_slots
    return max(0, min(event.num_slots, event.slot_of(now.time())))


def check_can_optimise(event: Event) -> None:
    if not event.is_fair:
        raise ValidationError(_("면접 시간표는 채용박람회에서만 만듭니다."), code="not_fair")
    if event.status in (EventStatus.FINISHED, EventStatus.CANCELLED, EventStatus.DRAFT):
        raise ValidationError(_("이 상태의 행사는 시간표를 만들 수 없습니다."), code="status")


def is_day_reoptimisation(event: Event, problem: tt.Problem) -> bool:
    """Once the timetable is public every interview is announced (or held): a re-optimisation
    then only adds what fits around them, and must be quick (the day of the fair)."""
    return event.status in (EventStatus.SCHEDULED, EventStatus.ONGOING) and bool(problem.fixed)


def do_optimise(
    *,
    event: Event,
    actor,
    time_limit: float | None = None,
    now_slot: int | None = None,
    on_improve: tt.OnImprove | None = None,
) -> TimetableRun:
    """(Re-)optimise the timetable: announced and held interviews stay; the rest is replaced.

    The solve runs outside any transaction (it may take a minute; a job reports its progress
    through ``on_improve``); the result is stored only if it still fits the fair as it is then
    (see :func:`store_timetable`). On the day (timetable announced) the quick re-optimisation
    around the fixed interviews runs instead of a whole new solve."""
    event = Event.objects.get(pk=event.pk)
    check_can_optimise(event)
    if now_slot is None:
        now_slot = current_slot(event)
    problem = build_problem(event, now_slot=now_slot)
    try:
        if is_day_reoptimisation(event, problem):
            limit = time_limit if time_limit is not None else settings.ILJARI_FAIR_REOPTIMISE_SECONDS
            result = tt.reoptimise(
                problem, problem.fixed, now_slot=now_slot, time_limit=limit, on_improve=on_improve
            )
        else:
            limit = time_limit if time_limit is not None else settings.ILJARI_FAIR_OPTIMISE_SECONDS
            result = tt.solve(problem, time_limit=limit, on_improve=on_improve)
        greedy = tt.first_come(problem)
    except tt.TimetableInputError as exc:
        raise ValidationError(exc.messages, code="infeasible") from exc
    return store_timetable(event=event, problem=problem, result=result, greedy=greedy, actor=actor)


def _new_interviews(event: Event, interviews, fixed, announced: bool) -> list[Interview]:
    return [
        Interview(
            event=event,
            registration_id=cast(int, iv.seeker),
            participation_id=cast(int, iv.booth),
            slot=iv.slot,
            announced=announced,
        )
        for iv in interviews
        if iv not in fixed
    ]


@transaction.atomic
def store_timetable(
    *, event: Event, problem: tt.Problem, result: tt.Timetable, greedy: tt.Timetable, actor
) -> TimetableRun:
    """Replace the unannounced interviews by ``result`` — if it still fits the fair as it is now
    (walk-ins, check-ins and cancellations may have happened during the solve)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    violations = tt.check_timetable(problem, result.interviews)
    if violations:  # never expected: refuse to store an invalid timetable
        raise ValidationError(violations[:5], code="invalid")
    now = build_problem(event, now_slot=problem.earliest_slot)
    changed = tt.check_timetable(now, result.interviews)
    if changed:
        raise ValidationError(
            [_("최적화하는 동안 박람회 자료가 바뀌었습니다(현장 접수, 취소 등). 다시 실행해 주세요.")]
            + changed[:3],
            code="changed",
        )
    fixed = set(now.fixed)
    published = event.status in (EventStatus.SCHEDULED, EventStatus.ONGOING)
    event.interviews.filter(status=InterviewStatus.SCHEDULED, announced=False).delete()
    # once the timetable is public, new interviews are too
    Interview.objects.bulk_create(
        _new_interviews(event, result.interviews, fixed, published), batch_size=2000
    )
    return TimetableRun.objects.create(
        event=event,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        method=result.method,
        status=result.status,
        interviews=len(result.interviews),
        value=result.value,
        bound=result.bound,
        gap=result.gap,
        seconds=result.seconds,
        seekers_with_interview=result.seekers_with_interview,
        greedy_interviews=len(greedy.interviews),
        greedy_value=greedy.value,
        greedy_seekers=greedy.seekers_with_interview,
        warnings=result.warnings[:50],
    )


@transaction.atomic
def store_draft_timetable(*, event: Event, problem: tt.Problem, interviews: list[tt.Interview]) -> bool:
    """While a long optimisation runs, keep the best timetable found so far as the event's
    (unannounced) timetable, so its page shows it improving. Only before the timetable is
    public and only a timetable that passes every check; returns whether it was stored."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status in (EventStatus.SCHEDULED, EventStatus.ONGOING) or tt.check_timetable(
        problem, interviews
    ):
        return False
    fixed = set(problem.fixed)
    event.interviews.filter(status=InterviewStatus.SCHEDULED, announced=False).delete()
    Interview.objects.bulk_create(_new_interviews(event, interviews, fixed, False), batch_size=2000)
    return True


@transaction.atomic
def do_walk_in(
    *, event: Event, seeker, actor, choices, consent_share_resume: bool = False, now_slot: int | None = None
) -> Registration:
    """Register a walk-in and give them the earliest free slots now, moving nobody."""
    reg = do_register_seeker(
        event=event,
        seeker=seeker,
        actor=actor,
        choices=choices,
        consent_share_resume=consent_share_resume,
        walk_in=True,
    )
    reg.checked_in_at = timezone.now()
    reg.save(update_fields=["checked_in_at"])
    if now_slot is None:
        now_slot = current_slot(event)
    problem = build_problem(event, now_slot=now_slot, include_fixed=False)
    current = [
        tt.Interview(iv.slot, iv.participation_id, iv.registration_id)
        for iv in event.interviews.filter(status__in=LIVE_INTERVIEW)
    ]
    try:
        result = tt.slot_walk_in(problem, current, reg.pk, now_slot=now_slot)
    except tt.TimetableInputError as exc:
        raise ValidationError(exc.messages, code="infeasible") from exc
    for iv in result.interviews:
        if iv.seeker == reg.pk:
            Interview.objects.create(
                event=event,
                registration=reg,
                participation_id=cast(int, iv.booth),
                slot=iv.slot,
                announced=True,
                walk_in=True,
            )
    return reg
