"""Demo world: a past root-industry fair with outcomes, an upcoming one open for
registration, and an online briefing (사업설명회)."""

from __future__ import annotations

import datetime as dt

from . import actions, scheduling
from .models import EventKind, EventMode, EventStatus, InterviewResult, InterviewStatus

PERSONAS = {"seeker", "seeker2"}


def _booths(ctx, event, organiser, employers, approve=True):
    parts = []
    for i, employer in enumerate(employers):
        vacancies = [v for v in ctx.vacancies if v.employer_id == employer.pk][:2]
        part = actions.do_apply_participation(
            event=event,
            employer=employer,
            actor=organiser,
            interviewers=ctx.rng.choice((1, 2, 2, 3)),
            vacancies=vacancies,
        )
        if approve:
            part = actions.do_review_participation(participation=part, approve=True, actor=organiser)
            if i % 2 == 0:
                actions.do_update_booth(
                    participation=part, actor=organiser, break_start=dt.time(12, 0), break_end=dt.time(12, 40)
                )
        parts.append(part)
    return parts


def _register(ctx, event, parts, seekers):
    regs = []
    for seeker in seekers:
        choices = ctx.rng.sample(parts, k=min(event.max_requests, len(parts)))
        regs.append(
            actions.do_register_seeker(
                event=event,
                seeker=seeker,
                actor=seeker.user,
                choices=choices,
                consent_share_resume=ctx.rng.random() < 0.8,
            )
        )
    return regs


def seed(ctx) -> None:
    organiser = ctx.users.get("counselor")
    seekers = [s for s in ctx.seekers if s.user.username not in PERSONAS]
    employers = list(ctx.employers)
    if not employers or not seekers or organiser is None:
        return
    n_booths = min(12, len(employers))
    n_seekers = min(70, len(seekers))

    # --- a past fair, run end to end, with outcomes ---------------------------------------
    past = actions.do_create_event(
        actor=organiser,
        title="남동국가산업단지 뿌리산업 채용박람회",
        kind=EventKind.FAIR,
        mode=EventMode.OFFLINE,
        venue="남동구 근로자종합복지관 대강당",
        halls="1관, 2관",
        booth_columns=6,
        date=ctx.today - dt.timedelta(days=35),
        start_time=dt.time(10, 0),
        end_time=dt.time(16, 0),
        slot_minutes=20,
        description="주조·금형·용접·열처리 기업이 현장에서 면접하고 바로 채용합니다.",
    )
    actions.do_move_event(event=past, to_status=EventStatus.OPEN, actor=organiser)
    parts = _booths(ctx, past, organiser, employers[:n_booths])
    for i, part in enumerate(parts):
        if i >= n_booths // 2:
            actions.do_update_booth(participation=part, actor=organiser, hall="2관")
    _register(ctx, past, parts, ctx.rng.sample(seekers, n_seekers))
    scheduling.do_optimise(event=past, actor=organiser, time_limit=5.0, now_slot=0)
    actions.do_move_event(event=past, to_status=EventStatus.SCHEDULED, actor=organiser)
    actions.do_move_event(event=past, to_status=EventStatus.ONGOING, actor=organiser)
    for reg in past.registrations.all():
        if ctx.rng.random() < 0.88:
            actions.do_check_in(event=past, token=reg.token, actor=organiser)
    for iv in past.interviews.select_related("registration").order_by("id"):
        if iv.registration.checked_in_at is None or ctx.rng.random() < 0.05:
            actions.do_mark_interview(interview=iv, status=InterviewStatus.NO_SHOW, actor=organiser)
            continue
        u = ctx.rng.random()
        if u < 0.20:
            actions.do_record_result(interview=iv, result=InterviewResult.SECOND_ROUND, actor=organiser)
            final = InterviewResult.HIRED if ctx.rng.random() < 0.5 else InterviewResult.REJECTED
            wage = None if iv.participation.vacancies.exists() else 2_800_000
            actions.do_record_result(interview=iv, result=final, actor=organiser, monthly_wage=wage)
        elif u < 0.35:
            actions.do_record_result(interview=iv, result=InterviewResult.PASSED_FIRST, actor=organiser)
        else:
            actions.do_record_result(interview=iv, result=InterviewResult.REJECTED, actor=organiser)
    actions.do_move_event(event=past, to_status=EventStatus.FINISHED, actor=organiser)

    # --- an upcoming fair, open for registration ------------------------------------------
    upcoming = actions.do_create_event(
        actor=organiser,
        title="인천 뿌리기업 합동 채용박람회",
        kind=EventKind.FAIR,
        mode=EventMode.OFFLINE,
        venue="송도컨벤시아 3홀",
        halls="3홀",
        booth_columns=8,
        date=ctx.today + dt.timedelta(days=21),
        start_time=dt.time(10, 0),
        end_time=dt.time(16, 0),
        slot_minutes=20,
        description="사전 등록하면 희망 기업 면접 시간을 미리 배정해 드립니다. 현장 접수도 받습니다.",
    )
    actions.do_move_event(event=upcoming, to_status=EventStatus.OPEN, actor=organiser)
    start = max(0, len(employers) - n_booths)
    up_parts = _booths(ctx, upcoming, organiser, employers[start : start + n_booths - 2])
    _booths(ctx, upcoming, organiser, employers[start + n_booths - 2 : start + n_booths], approve=False)
    if up_parts:
        _register(ctx, upcoming, up_parts, ctx.rng.sample(seekers, min(25, len(seekers))))

    # --- an online briefing (사업설명회) -----------------------------------------------------
    briefing = actions.do_create_event(
        actor=organiser,
        title="2026 뿌리산업 고용지원 사업설명회(온라인)",
        kind=EventKind.BRIEFING,
        mode=EventMode.ONLINE,
        video_url="https://www.youtube.com/@incheon-jobs",
        date=ctx.today + dt.timedelta(days=10),
        start_time=dt.time(14, 0),
        end_time=dt.time(15, 30),
        slot_minutes=30,
        description="채용장려금·기숙사 임차 지원 등 올해 지원 사업을 영상 채널로 안내합니다.",
    )
    actions.do_move_event(event=briefing, to_status=EventStatus.OPEN, actor=organiser)
    ctx.say(f"    fairs: {past.title} (종료), {upcoming.title} (접수 중), {briefing.title}")
