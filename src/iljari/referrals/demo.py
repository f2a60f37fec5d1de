"""Demo referrals, interviews (incl. 동행면접), placements and their retention follow-ups.

Bulk-created and deterministic (ctx.rng). Hires are spread over the past 14 months so the
1/3/6/12-month follow-ups show every state: recorded, due this week, overdue, upcoming.
"""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from iljari.core.models import TransitionLog
from iljari.seekers.models import Seeker
from iljari.vacancies.models import VacancyStatus

from .actions import add_months
from .models import (
    FOLLOW_UP_MONTHS,
    FollowUpStatus,
    Interview,
    InterviewKind,
    InterviewResult,
    InterviewStatus,
    Placement,
    PlacementSource,
    Referral,
    ReferralStatus,
    RetentionFollowUp,
)

PATHS = {
    ReferralStatus.PROPOSED: [ReferralStatus.PROPOSED],
    ReferralStatus.SEEKER_ACCEPTED: [ReferralStatus.PROPOSED, ReferralStatus.SEEKER_ACCEPTED],
    ReferralStatus.EMPLOYER_REVIEW: [
        ReferralStatus.PROPOSED,
        ReferralStatus.SEEKER_ACCEPTED,
        ReferralStatus.EMPLOYER_REVIEW,
    ],
    ReferralStatus.INTERVIEW: [
        ReferralStatus.PROPOSED,
        ReferralStatus.SEEKER_ACCEPTED,
        ReferralStatus.EMPLOYER_REVIEW,
        ReferralStatus.INTERVIEW,
    ],
    ReferralStatus.HIRED: [
        ReferralStatus.PROPOSED,
        ReferralStatus.SEEKER_ACCEPTED,
        ReferralStatus.EMPLOYER_REVIEW,
        ReferralStatus.INTERVIEW,
        ReferralStatus.HIRED,
    ],
    ReferralStatus.NOT_HIRED: [
        ReferralStatus.PROPOSED,
        ReferralStatus.SEEKER_ACCEPTED,
        ReferralStatus.EMPLOYER_REVIEW,
        ReferralStatus.INTERVIEW,
        ReferralStatus.NOT_HIRED,
    ],
    ReferralStatus.CANCELLED: [ReferralStatus.PROPOSED, ReferralStatus.CANCELLED],
}
NOT_HIRED_REASONS = ["경력 부족", "근무 시간 불일치", "통근 거리", "임금 조건 불일치", "다른 지원자 채용"]
CANCEL_REASONS = ["구직자 사정으로 취소", "공고 마감", "구직자 연락 두절"]
LEFT_REASONS = ["야간 근무 적응 어려움", "건강 문제", "임금 불만족", "이사", "다른 회사로 이직"]
TRANSPORT = [
    "인천지하철 1호선 동막역 3번 출구 → 남동공단 통근버스 B노선",
    "남동공단역(수인분당선) 2번 출구에서 도보 15분",
    "부평역 북부광장 앞에서 회사 통근버스 07:40 출발",
    "시내버스 14번 남동공단 정류장 하차",
]


def seed(ctx) -> None:
    rng, today = ctx.rng, ctx.today
    now = timezone.now()
    counselors = [ctx.users["counselor"], ctx.users["counselor2"]]
    open_vacancies = [
        v for v in ctx.vacancies if v.status == VacancyStatus.PUBLISHED and v.closing_date >= today
    ]
    all_vacancies = [v for v in ctx.vacancies if v.status in (VacancyStatus.PUBLISHED, VacancyStatus.CLOSED)]
    if not open_vacancies or not ctx.seekers:
        return
    persona = next((s for s in ctx.seekers if s.user_id == ctx.users["seeker"].pk), ctx.seekers[0])
    count = max(30, len(ctx.seekers) // 6)
    pool = [s for s in ctx.seekers if s.pk != persona.pk]
    rng.shuffle(pool)
    chosen = [persona, *pool[: count - 1]]
    states = [
        ReferralStatus.PROPOSED,
        ReferralStatus.SEEKER_ACCEPTED,
        ReferralStatus.EMPLOYER_REVIEW,
        ReferralStatus.INTERVIEW,
        ReferralStatus.HIRED,
        ReferralStatus.NOT_HIRED,
        ReferralStatus.CANCELLED,
    ]
    weights = [10, 8, 12, 14, 30, 16, 10]
    plans = []
    used_pairs = set()
    for index, seeker in enumerate(chosen):
        state = ReferralStatus.INTERVIEW if seeker.pk == persona.pk else rng.choices(states, weights)[0]
        finished = state in (ReferralStatus.HIRED, ReferralStatus.NOT_HIRED, ReferralStatus.CANCELLED)
        candidates = all_vacancies if finished else open_vacancies
        vacancy = rng.choice(candidates)
        if ctx.choose_vacancy is not None:  # who they like and who would hire them (demo/outcomes.py)
            vacancy = ctx.choose_vacancy(seeker, candidates, vacancy, state == ReferralStatus.HIRED)
        if (seeker.pk, vacancy.pk) in used_pairs:
            continue
        used_pairs.add((seeker.pk, vacancy.pk))
        counselor = counselors[0] if index % 3 != 2 else counselors[1]
        started = now - dt.timedelta(
            days=rng.randint(20, 420) if state == ReferralStatus.HIRED else rng.randint(1, 40)
        )
        reason = ""
        if state == ReferralStatus.NOT_HIRED:
            reason = rng.choice(NOT_HIRED_REASONS)
        elif state == ReferralStatus.CANCELLED:
            reason = rng.choice(CANCEL_REASONS)
        plans.append((seeker, vacancy, counselor, state, started, reason))
    referrals = Referral.objects.bulk_create(
        [
            Referral(
                seeker=s,
                vacancy=v,
                counselor=c,
                status=st,
                outcome_reason=r,
                note=f"{v.employer.name} {v.title} — 경력·통근 조건 맞음",
            )
            for s, v, c, st, _started, r in plans
        ],
        batch_size=500,
    )
    # creation dates and the transition log (who, when, from, to, why)
    content_type = ContentType.objects.get_for_model(Referral)
    logs, interviews, placements = [], [], []
    for referral, (seeker, vacancy, counselor, state, started, reason) in zip(referrals, plans, strict=True):
        path = PATHS[state]
        for step, to_state in enumerate(path):
            logs.append(
                TransitionLog(
                    content_type=content_type,
                    object_id=referral.pk,
                    from_state=path[step - 1] if step else "",
                    to_state=to_state,
                    actor=counselor,
                    reason=reason if step == len(path) - 1 and reason else "",
                )
            )
        if state in (ReferralStatus.INTERVIEW, ReferralStatus.HIRED, ReferralStatus.NOT_HIRED):
            accompanied = seeker.pk == persona.pk or rng.random() < 0.45
            if state == ReferralStatus.INTERVIEW:
                start = timezone.localtime(now).replace(
                    hour=10, minute=0, second=0, microsecond=0
                ) + dt.timedelta(days=rng.randint(1, 10), hours=rng.choice([0, 1, 4, 5]))
            else:
                start = started + dt.timedelta(days=rng.randint(5, 12))
            interviews.append(
                Interview(
                    referral=referral,
                    kind=InterviewKind.ACCOMPANIED if accompanied else InterviewKind.REGULAR,
                    starts_at=start,
                    duration_minutes=rng.choice([30, 45, 60]),
                    place=f"{vacancy.employer.name} 본사 회의실 ({vacancy.address or vacancy.employer.address})",
                    meeting_point="회사 정문 앞 경비실" if accompanied else "",
                    transport_note=rng.choice(TRANSPORT) if accompanied else "",
                    company_contact="생산관리팀장",
                    counselor=counselor if accompanied else None,
                    status=InterviewStatus.SCHEDULED
                    if state == ReferralStatus.INTERVIEW
                    else InterviewStatus.DONE,
                    result={
                        ReferralStatus.HIRED: InterviewResult.PASSED,
                        ReferralStatus.NOT_HIRED: InterviewResult.FAILED,
                    }.get(state, ""),
                    created_by=counselor,
                )
            )
        if state == ReferralStatus.HIRED:
            hire_date = timezone.localdate(started) + dt.timedelta(days=rng.randint(14, 24))
            hire_date = min(hire_date, today)
            placements.append(
                Placement(
                    seeker=seeker,
                    employer=vacancy.employer,
                    vacancy=vacancy,
                    referral=referral,
                    source=PlacementSource.REFERRAL,
                    hire_date=hire_date,
                    monthly_wage=max(vacancy.monthly_wage, 2_156_880),
                    employment_type=vacancy.employment_type,
                    occupation_id=vacancy.occupation_id,
                    recorded_by=counselor,
                )
            )
    TransitionLog.objects.bulk_create(logs, batch_size=1000)
    Interview.objects.bulk_create(interviews, batch_size=500)
    # a few hires found outside referrals (applications, fairs) — recorded directly
    hired_seekers = {p.seeker_id for p in placements}
    for seeker in pool[count : count + max(6, count // 5)]:
        if seeker.pk in hired_seekers:
            continue
        vacancy = rng.choice(all_vacancies)
        if ctx.choose_vacancy is not None:
            vacancy = ctx.choose_vacancy(seeker, all_vacancies, vacancy, True)
        placements.append(
            Placement(
                seeker=seeker,
                employer=vacancy.employer,
                vacancy=vacancy,
                source=rng.choice([PlacementSource.APPLICATION, PlacementSource.FAIR]),
                hire_date=today - dt.timedelta(days=rng.randint(10, 400)),
                monthly_wage=vacancy.monthly_wage,
                employment_type=vacancy.employment_type,
                occupation_id=vacancy.occupation_id,
                recorded_by=counselors[0],
            )
        )
    placements = Placement.objects.bulk_create(placements, batch_size=500, ignore_conflicts=False)
    follow_ups = []
    for placement in placements:
        left = False
        for month in FOLLOW_UP_MONTHS:
            due = add_months(placement.hire_date, month)
            fu = RetentionFollowUp(placement=placement, month=month, due_date=due)
            if left:
                fu.status, fu.reason = FollowUpStatus.CANCELLED, "이전 확인에서 퇴사"
            elif due <= today - dt.timedelta(days=3) and rng.random() < 0.9:
                fu.status = rng.choices(
                    [
                        FollowUpStatus.EMPLOYED,
                        FollowUpStatus.CHANGED_JOB,
                        FollowUpStatus.LEFT,
                        FollowUpStatus.UNREACHABLE,
                    ],
                    [80 - month, 4, 8 + month, 3],
                )[0]
                if fu.status in (FollowUpStatus.LEFT, FollowUpStatus.CHANGED_JOB):
                    fu.reason = rng.choice(LEFT_REASONS)
                left = fu.status == FollowUpStatus.LEFT
                fu.recorded_at = timezone.make_aware(
                    dt.datetime.combine(due + dt.timedelta(days=rng.randint(0, 5)), dt.time(15))
                )
                fu.recorded_by = placement.recorded_by
                fu.reminder_sent_at = fu.recorded_at
            follow_ups.append(fu)
    RetentionFollowUp.objects.bulk_create(follow_ups, batch_size=1000)
    # spread creation dates (auto_now_add) so lists look lived-in
    for referral, plan in zip(referrals, plans, strict=True):
        referral.created_at = plan[4]
        referral.updated_at = plan[4] + dt.timedelta(days=2)
    Referral.objects.bulk_update(referrals, ["created_at", "updated_at"], batch_size=500)
    ctx.referrals = referrals
    ctx.placements = placements
    Seeker.objects.filter(pk__in={p.seeker_id for p in placements}).update(status="employed")
