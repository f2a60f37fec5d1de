"""Demo case files: one per referred seeker plus new intakes, with notes, plans (some overdue),
stage logs, and the persona seeker's case with notes they can read."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType

from iljari.core.models import TransitionLog
from iljari.referrals.models import ReferralStatus

from .models import ActionItem, Case, CaseNote, CaseStage, NoteKind

STAGE_FOR_REFERRAL = {
    ReferralStatus.PROPOSED: CaseStage.JOB_SEARCH,
    ReferralStatus.SEEKER_ACCEPTED: CaseStage.JOB_SEARCH,
    ReferralStatus.EMPLOYER_REVIEW: CaseStage.JOB_SEARCH,
    ReferralStatus.INTERVIEW: CaseStage.JOB_SEARCH,
    ReferralStatus.HIRED: CaseStage.AFTERCARE,
    ReferralStatus.NOT_HIRED: CaseStage.JOB_SEARCH,
    ReferralStatus.CANCELLED: CaseStage.PLANNING,
}
ORDER = list(CaseStage.values)
GOALS = [
    "용접 경력을 살려 남동공단 정규직 취업",
    "야간 근무 없는 금형 가공 일자리",
    "특수용접 자격 취득 후 조선·플랜트 분야 취업",
    "통근버스 있는 표면처리 업체 재취업",
    "기숙사 제공 주조 공장 취업",
]
NOTES = [
    (
        NoteKind.SESSION,
        "구직 이력과 희망 조건을 확인했습니다. CO2 용접 5년, 주간 근무 희망, 통근 60분 이내.",
        False,
    ),
    (NoteKind.PHONE, "이력서 수정본을 받았습니다. 자기소개서 보완이 필요합니다.", False),
    (NoteKind.SESSION, "허리 통증으로 중량물 취급이 어렵다고 함. 알선 시 고려 필요.", True),
    (NoteKind.ACCOMPANIED, "동행면접 진행. 면접관이 야간 교대 가능 여부를 물었고 주간 희망을 전달함.", True),
    (NoteKind.VISIT, "센터 방문 상담. 직업훈련(특수용접) 과정 안내, 내일배움카드 신청 방법 설명.", False),
]
PLAN_ITEMS = [
    ("이력서·자기소개서 수정", "seeker"),
    ("특수용접 기능사 훈련 과정 상담", "counselor"),
    ("내일배움카드 신청", "seeker"),
    ("남동공단 채용박람회 참가", "seeker"),
    ("희망 기업 3곳 알선 검토", "counselor"),
]


def seed(ctx) -> None:
    rng, today = ctx.rng, ctx.today
    counselors = [ctx.users["counselor"], ctx.users["counselor2"]]
    referrals = getattr(ctx, "referrals", [])
    by_seeker: dict = {}
    for referral in referrals:
        by_seeker.setdefault(referral.seeker_id, referral)
    persona_id = next((s.pk for s in ctx.seekers if s.user_id == ctx.users["seeker"].pk), None)
    extra = [s for s in ctx.seekers if s.pk not in by_seeker][: max(20, len(ctx.seekers) // 10)]
    cases = []
    for seeker in ctx.seekers:
        referral = by_seeker.get(seeker.pk)
        if referral is None and seeker not in extra:
            continue
        if referral is not None:
            counselor = referral.counselor or counselors[0]
            stage = STAGE_FOR_REFERRAL[referral.status]
        else:
            counselor = rng.choice(counselors)
            stage = rng.choice([CaseStage.INTAKE, CaseStage.PLANNING, CaseStage.TRAINING, CaseStage.CLOSED])
        if seeker.pk == persona_id:
            counselor, stage = counselors[0], CaseStage.JOB_SEARCH
        opened = today - dt.timedelta(days=rng.randint(10, 200))
        cases.append(
            Case(
                seeker=seeker,
                counselor=counselor,
                team_id=counselor.team_id,
                stage=stage,
                opened_on=opened,
                closed_on=today - dt.timedelta(days=rng.randint(1, 9)) if stage == CaseStage.CLOSED else None,
                goal=rng.choice(GOALS),
                summary="희망 직무와 근무 조건을 정리하고 맞춤 일자리를 함께 찾고 있습니다.",
                next_contact_on=today + dt.timedelta(days=rng.randint(-6, 14))
                if stage != CaseStage.CLOSED
                else None,
            )
        )
    cases = Case.objects.bulk_create(cases, batch_size=500)
    content_type = ContentType.objects.get_for_model(Case)
    logs, notes, plan = [], [], []
    for case in cases:
        upto = ORDER.index(case.stage)
        path = [s for s in ORDER[: upto + 1] if s != CaseStage.TRAINING or rng.random() < 0.3]
        if case.stage == CaseStage.CLOSED:
            path = [CaseStage.INTAKE, CaseStage.PLANNING, CaseStage.CLOSED]
        for step, state in enumerate(path):
            logs.append(
                TransitionLog(
                    content_type=content_type,
                    object_id=case.pk,
                    from_state=path[step - 1] if step else "",
                    to_state=state,
                    actor=case.counselor,
                    reason="사례 개시"
                    if step == 0
                    else ("구직자 요청으로 종결" if state == CaseStage.CLOSED else ""),
                )
            )
        for n in range(rng.randint(1, 4)):
            kind, body, internal = NOTES[(case.pk + n) % len(NOTES)]
            notes.append(
                CaseNote(
                    case=case,
                    author=case.counselor,
                    kind=kind,
                    body=body,
                    internal=internal,
                    session_on=case.opened_on + dt.timedelta(days=7 * n),
                )
            )
        if case.stage != CaseStage.CLOSED:
            for n in range(rng.randint(1, 3)):
                title, owner = PLAN_ITEMS[(case.pk + n) % len(PLAN_ITEMS)]
                due = today + dt.timedelta(days=rng.randint(-12, 21))
                done = due < today and rng.random() < 0.5
                plan.append(
                    ActionItem(
                        case=case,
                        title=title,
                        owner=owner,
                        due_on=due,
                        created_by=case.counselor,
                        done_on=due if done else None,
                    )
                )
    TransitionLog.objects.bulk_create(logs, batch_size=1000)
    CaseNote.objects.bulk_create(notes, batch_size=1000)
    ActionItem.objects.bulk_create(plan, batch_size=1000)
    ctx.cases = cases
