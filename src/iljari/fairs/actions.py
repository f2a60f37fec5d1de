"""Job-fair business logic: every state change is a ``do_*`` function in one transaction.

Views and API handlers validate input, call one action and render.  The pure optimiser
(:mod:`iljari.fairs.timetable`) knows nothing of Django; :func:`build_problem` translates.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from iljari.audit.actions import log_access
from iljari.core.workflow import Move, Workflow
from iljari.matching.actions import recommend_vacancies_for_seeker
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
    TimetableRun,
)

logger = logging.getLogger(__name__)

# the optimiser's messages (Korean source) follow the request's language from here on
tt.set_translator(_)

E = EventStatus


def _require_timetable(move: Move) -> None:
    event = move.obj
    if event.is_fair and not event.interviews.exclude(status=InterviewStatus.CANCELLED).exists():
        raise ValidationError(_("면접 시간표를 먼저 만드세요."), code="no_timetable")


def _announce_interviews(move: Move) -> None:
    move.obj.interviews.filter(status=InterviewStatus.SCHEDULED).update(announced=True)


EVENT_FLOW = Workflow(
    {
        E.DRAFT: {E.OPEN, E.CANCELLED},
        E.OPEN: {E.CLOSED, E.SCHEDULED, E.CANCELLED},
        E.CLOSED: {E.OPEN, E.SCHEDULED, E.CANCELLED},
        E.SCHEDULED: {E.ONGOING, E.CLOSED, E.CANCELLED},
        E.ONGOING: {E.FINISHED},
        E.FINISHED: set(),
        E.CANCELLED: set(),
    },
    guards={E.SCHEDULED: [_require_timetable]},
    on_enter={E.SCHEDULED: [_announce_interviews]},
)
P = ParticipationStatus


def _release_booth(move: Move) -> None:
    """A company turned down loses its booth and its scheduled interviews."""
    move.obj.booth_number = None
    move.obj.interviews.filter(status=InterviewStatus.SCHEDULED).update(status=InterviewStatus.CANCELLED)


PARTICIPATION_FLOW = Workflow(
    {
        P.APPLIED: {P.APPROVED, P.REJECTED, P.WITHDRAWN},
        P.APPROVED: {P.WITHDRAWN, P.REJECTED},
        P.REJECTED: {P.APPROVED},
        P.WITHDRAWN: set(),
    },
    on_enter={P.REJECTED: [_release_booth]},
)
R = InterviewResult
RESULT_FLOW: dict[str, set[str]] = {
    R.NONE: {R.PASSED_FIRST, R.SECOND_ROUND, R.HIRED, R.REJECTED},
    R.PASSED_FIRST: {R.SECOND_ROUND, R.HIRED, R.REJECTED},
    R.SECOND_ROUND: {R.HIRED, R.REJECTED},
    R.HIRED: set(),
    R.REJECTED: set(),
}
ACTIVE_REG = [RegistrationStatus.REGISTERED, RegistrationStatus.WALK_IN]
LIVE_INTERVIEW = [InterviewStatus.SCHEDULED, InterviewStatus.DONE, InterviewStatus.NO_SHOW]


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
    if event.status not in (E.DRAFT, E.OPEN):
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
        PARTICIPATION_FLOW.move(part, P.APPROVED, actor=actor, reason=reason)
    else:
        PARTICIPATION_FLOW.move(part, P.REJECTED, actor=actor, reason=reason)
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


# --- match scores ---------------------------------------------------------------------------
def _occupation_codes(seeker) -> set[str]:
    codes = set(seeker.desired_occupations.values_list("code", flat=True))
    codes |= {c for c in seeker.experiences.values_list("occupation__code", flat=True) if c}
    return codes


def engine_scores(seeker, limit: int = 200) -> dict[int, float]:
    """Vacancy id → the matching engine's score in [0, 1] for this seeker (its top ``limit``
    open vacancies)."""
    try:
        recs = recommend_vacancies_for_seeker(seeker, k=limit)
    except Exception:  # noqa: BLE001 - a registration must not fail because of the engine
        logger.exception("matching engine failed; using the occupation fallback")
        return {}
    return {r.vacancy.pk: max(0.0, min(1.0, float(r.score) / 100.0)) for r in recs}


def match_score(
    seeker,
    participation: Participation,
    _codes: set[str] | None = None,
    _engine: dict[int, float] | None = None,
) -> float:
    """Fit of a seeker to a booth in [0, 1].

    The matching engine's best score among the booth's vacancies when it ranks one of them
    (``iljari.matching.actions.recommend_vacancies_for_seeker``); otherwise an occupation
    match: same KECO code 0.9, same major group 0.5, else 0.2 — below what the engine gives
    the vacancies it does rank, so ranked ones come first."""
    vacancies = list(participation.vacancies.all())
    engine = engine_scores(seeker) if _engine is None else _engine
    ranked = [engine[v.pk] for v in vacancies if v.pk in engine]
    if ranked:
        return max(ranked)
    codes = _codes if _codes is not None else _occupation_codes(seeker)
    best = 0.2
    for v in vacancies:
        code = v.occupation.code if v.occupation is not None else ""
        if not code:
            continue
        if code in codes:
            return 0.9
        if any(c[:2] == code[:2] for c in codes):
            best = max(best, 0.5)
    return best


def suggest_booths(event: Event, seeker, limit: int | None = None) -> list[tuple[Participation, float]]:
    """Approved booths ranked by match score (the engine's suggestion for the form)."""
    codes = _occupation_codes(seeker)
    engine = engine_scores(seeker)
    parts = (
        event.participations.filter(status=P.APPROVED)
        .select_related("employer")
        .prefetch_related("vacancies__occupation")
    )
    ranked = sorted(
        ((p, match_score(seeker, p, codes, engine)) for p in parts),
        key=lambda x: (-x[1], x[0].booth_number or 0),
    )
    return ranked[: limit or event.max_requests]


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
        if p.event_id != event.pk or p.status != P.APPROVED:
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
        if event.status not in (E.OPEN, E.CLOSED, E.SCHEDULED, E.ONGOING):
            raise ValidationError(_("현장 접수를 받을 수 없는 행사 상태입니다."), code="closed")
    elif event.status != E.OPEN:
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
    codes = _occupation_codes(seeker)
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


# --- timetable ------------------------------------------------------------------------------
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
    parts = list(event.participations.filter(status=P.APPROVED).select_related("employer"))
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
    if event.status in (E.FINISHED, E.CANCELLED, E.DRAFT):
        raise ValidationError(_("이 상태의 행사는 시간표를 만들 수 없습니다."), code="status")


def is_day_reoptimisation(event: Event, problem: tt.Problem) -> bool:
    """Once the timetable is public every interview is announced (or held): a re-optimisation
    then only adds what fits around them, and must be quick (the day of the fair)."""
    return event.status in (E.SCHEDULED, E.ONGOING) and bool(problem.fixed)


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
    published = event.status in (E.SCHEDULED, E.ONGOING)
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
    if event.status in (E.SCHEDULED, E.ONGOING) or tt.check_timetable(problem, interviews):
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
    if result == R.SECOND_ROUND:
        iv.reached_second_round = True
    if result == R.HIRED:
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


# --- report ---------------------------------------------------------------------------------
def event_report(event: Event) -> dict:
    parts = list(event.participations.filter(status=P.APPROVED).select_related("employer"))
    ivs = list(event.interviews.exclude(status=InterviewStatus.CANCELLED))
    regs = event.registrations.exclude(status=RegistrationStatus.CANCELLED)
    first = [iv for iv in ivs if iv.status == InterviewStatus.DONE]
    second = [iv for iv in ivs if iv.reached_second_round]
    hires = [iv for iv in ivs if iv.result == R.HIRED]
    per_company = []
    done_by = Counter(iv.participation_id for iv in first)
    second_by = Counter(iv.participation_id for iv in second)
    hires_by = Counter(iv.participation_id for iv in hires)
    sched_by = Counter(iv.participation_id for iv in ivs)
    for p in parts:
        per_company.append(
            {
                "booth": p.booth_label,
                "company": p.employer.name,
                "interviewers": p.interviewers,
                "scheduled": sched_by[p.pk],
                "first": done_by[p.pk],
                "second": second_by[p.pk],
                "hired": hires_by[p.pk],
            }
        )
    figures = {
        "companies": len(parts),
        "registered": regs.filter(status=RegistrationStatus.REGISTERED).count(),
        "walk_ins": regs.filter(status=RegistrationStatus.WALK_IN).count(),
        "checked_in": regs.filter(checked_in_at__isnull=False).count(),
        "scheduled": len(ivs),
        "no_shows": sum(1 for iv in ivs if iv.status == InterviewStatus.NO_SHOW),
        "first_interviews": len(first),
        "second_interviews": len(second),
        "hires": len(hires),
    }
    summary = _("참여기업 %(c)d곳, 1차 면접 %(f)d건, 2차 면접 %(s)d건, 현장 채용 %(h)d명") % {
        "c": figures["companies"],
        "f": figures["first_interviews"],
        "s": figures["second_interviews"],
        "h": figures["hires"],
    }
    return {"event": event, "figures": figures, "summary": summary, "per_company": per_company}
