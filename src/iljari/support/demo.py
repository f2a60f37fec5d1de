"""Demo employer support: ~24 company visits this year with 73 suggestions in every state,
an advisory committee, consulting requests (some late), and the services catalogue."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from iljari.core.models import TransitionLog
from iljari.employers.models import EmployerStatus

from .models import (
    Audience,
    ConsultingChannel,
    ConsultingRequest,
    ConsultingStatus,
    Expert,
    ServiceApplication,
    ServiceApplicationStatus,
    Suggestion,
    SuggestionStatus,
    SupportService,
    Topic,
    Visit,
)

SUGGESTIONS = {
    Topic.EXPORT: [
        ("해외 전시회 참가비 지원 확대 요청", "산업진흥과"),
        ("수출 바우처 신청 절차 간소화", "산업진흥과"),
    ],
    Topic.TECHNOLOGY: [
        ("열처리 공정 자동화 설비 기술지도 요청", "뿌리산업지원센터"),
        ("금형 설계 SW 공동 활용 지원", "산업진흥과"),
    ],
    Topic.ENVIRONMENT: [
        ("도금 폐수 처리 시설 개선 비용 지원", "환경정책과"),
        ("주조 공정 분진 측정 컨설팅 요청", "환경정책과"),
    ],
    Topic.WORKFORCE: [
        ("외국인 근로자(E-9) 고용 한도 확대 건의", "일자리정책과"),
        ("청년 용접 인력 양성 과정 개설", "일자리정책과"),
        ("통근버스 노선 연장(남동공단↔소래포구역)", "교통정책과"),
        ("기숙사 임차비 지원 요청", "일자리정책과"),
    ],
    Topic.REGULATION: [
        ("공장 증축 인허가 처리 기간 단축", "건축과"),
        ("산업단지 내 주차 단속 완화 요청", "교통정책과"),
    ],
    Topic.OTHER: [("작업복 세탁 서비스 수거 횟수 확대", "일자리정책과")],
}
RESOLUTIONS = [
    "관련 부서 검토 결과 내년도 예산에 반영하기로 했습니다.",
    "담당 부서와 현장 확인을 마치고 조치했습니다.",
    "관계 기관(고용노동부)에 건의 내용을 전달하고 회신을 받았습니다.",
]
EXPERTS = [
    ("김수출", "인천테크노파크 수출지원단", [Topic.EXPORT]),
    ("박기술", "한국생산기술연구원 뿌리기술센터", [Topic.TECHNOLOGY]),
    ("이환경", "인천녹색환경지원센터", [Topic.ENVIRONMENT]),
    ("정노무", "공인노무사 정노무사무소", [Topic.WORKFORCE, Topic.REGULATION]),
    ("최법률", "법무법인 인천", [Topic.REGULATION]),
    ("한공정", "인하대학교 기계공학과", [Topic.TECHNOLOGY, Topic.ENVIRONMENT]),
    ("오인사", "인천경영자총협회", [Topic.WORKFORCE]),
]
SERVICES = [
    (
        "작업복 세탁 원스톱 서비스",
        "work-clothes-laundry",
        Audience.EMPLOYER,
        "인천 남동구 노동자 작업복 공동세탁소",
        "뿌리기업 근로자의 기름·분진 묻은 작업복을 주 2회 수거해 세탁해 드립니다.",
        "벌",
        ["casting", "mold", "welding", "plastic_working", "surface", "heat"],
        50,
        ["28"],
    ),
    (
        "뿌리기업 고용장려금",
        "root-hiring-subsidy",
        Audience.EMPLOYER,
        "인천광역시",
        "청년·중장년을 정규직으로 채용한 뿌리기업에 1인당 월 최대 80만 원을 지원합니다.",
        "명",
        [],
        300,
        ["28"],
    ),
    (
        "작업환경 개선 컨설팅",
        "work-environment-consulting",
        Audience.EMPLOYER,
        "인천테크노파크",
        "분진·소음·유해물질 노출을 줄이는 공정 개선을 전문가가 진단합니다.",
        "회",
        [],
        None,
        [],
    ),
    (
        "국민내일배움카드 훈련 바우처",
        "training-voucher",
        Audience.WORKER,
        "고용노동부",
        "용접·CNC·금형 직업훈련비를 1인당 최대 300만 원까지 지원합니다.",
        "과정",
        [],
        None,
        [],
    ),
    (
        "동행면접 교통비 지원",
        "interview-transport",
        Audience.WORKER,
        "일자리센터",
        "상담사와 함께하는 동행면접 참여 시 교통비를 실비로 지원합니다.",
        "회",
        [],
        None,
        ["28", "41"],
    ),
]


def seed(ctx) -> None:
    rng, today = ctx.rng, ctx.today
    staff = [ctx.users["counselor"], ctx.users["counselor2"], ctx.users["manager"]]
    employers = [e for e in ctx.employers if e.status == EmployerStatus.APPROVED]
    if not employers:
        return
    year_start = dt.date(today.year, 1, 1)
    span = max((today - year_start).days, 1)
    visited = rng.sample(employers, min(24, len(employers)))
    visits = []
    for index, employer in enumerate(visited):
        topics = rng.sample(list(Topic.values[:5]), rng.randint(1, 3))
        visits.append(
            Visit(
                employer=employer,
                visited_on=year_start + dt.timedelta(days=int(span * (index + rng.random()) / len(visited))),
                topics=topics,
                company_attendees="대표이사, 생산부장",
                summary="현장 애로사항을 청취하고 인력·환경·수출 지원 사업을 안내했습니다.",
                created_by=staff[index % 3],
            )
        )
    visits = Visit.objects.bulk_create(visits)
    through = Visit.staff.through
    through.objects.bulk_create(
        [through(visit_id=v.pk, user_id=staff[i % 3].pk) for i, v in enumerate(visits)]
        + [through(visit_id=v.pk, user_id=staff[(i + 1) % 3].pk) for i, v in enumerate(visits) if i % 2]
    )
    statuses = (
        [SuggestionStatus.RESOLVED] * 41
        + [SuggestionStatus.IN_PROGRESS] * 14
        + [SuggestionStatus.REVIEWING] * 9
        + [SuggestionStatus.RECEIVED] * 4
        + [SuggestionStatus.REJECTED] * 5
    )
    rng.shuffle(statuses)
    suggestions, paths = [], []
    for index, status in enumerate(statuses):
        visit = visits[index % len(visits)]
        category = rng.choice([t for t in visit.topics] or [Topic.OTHER])
        title, department = rng.choice(SUGGESTIONS[category])
        received = visit.visited_on
        final = status in (SuggestionStatus.RESOLVED, SuggestionStatus.REJECTED)
        resolved = min(received + dt.timedelta(days=rng.randint(7, 60)), today) if final else None
        suggestions.append(
            Suggestion(
                employer=visit.employer,
                visit=visit,
                category=category,
                title=title,
                department=department,
                body=f"{visit.employer.name}에서 건의: {title}. 현장 방문 시 대표이사가 직접 요청함.",
                status=status,
                received_on=received,
                due_on=received + dt.timedelta(days=30),
                resolution=(
                    rng.choice(RESOLUTIONS)
                    if status == SuggestionStatus.RESOLVED
                    else "현행 법령상 지방자치단체 권한 밖의 사항이라 처리할 수 없습니다."
                    if status == SuggestionStatus.REJECTED
                    else ""
                ),
                resolved_on=resolved,
                notified_at=timezone.make_aware(dt.datetime.combine(resolved, dt.time(16)))
                if resolved
                else None,
            )
        )
        order = [
            SuggestionStatus.RECEIVED,
            SuggestionStatus.REVIEWING,
            SuggestionStatus.IN_PROGRESS,
            SuggestionStatus.RESOLVED,
        ]
        paths.append(
            order[: order.index(status) + 1]
            if status in order
            else [SuggestionStatus.RECEIVED, SuggestionStatus.REVIEWING, status]
        )
    suggestions = Suggestion.objects.bulk_create(suggestions)
    ct = ContentType.objects.get_for_model(Suggestion)
    logs = [
        TransitionLog(
            content_type=ct, object_id=s.pk, from_state=p[i - 1] if i else "", to_state=st, actor=staff[2]
        )
        for s, p in zip(suggestions, paths, strict=True)
        for i, st in enumerate(p)
    ]
    experts = Expert.objects.bulk_create(
        [
            Expert(name=n, affiliation=a, fields=list(f), email=f"expert{i}@demo.iljari.kr")
            for i, (n, a, f) in enumerate(EXPERTS)
        ]
    )
    requests, cpaths = [], []
    now = timezone.now()
    subjects = {
        Topic.EXPORT: "베트남 수출 시 원산지 증명 절차 문의",
        Topic.TECHNOLOGY: "진공 열처리로 도입 타당성 검토",
        Topic.ENVIRONMENT: "도금 공정 폐수 배출 기준 대응",
        Topic.WORKFORCE: "외국인 근로자 숙소 기준 문의",
        Topic.REGULATION: "공장 등록 변경 신고 절차",
    }
    for index in range(20):
        field = rng.choice(list(subjects))
        employer = rng.choice(employers)
        status = rng.choices(
            [
                ConsultingStatus.RECEIVED,
                ConsultingStatus.ASSIGNED,
                ConsultingStatus.REVIEWING,
                ConsultingStatus.ANSWERED,
                ConsultingStatus.REJECTED,
            ],
            [3, 3, 4, 9, 1],
        )[0]
        is_open = status in (ConsultingStatus.RECEIVED, ConsultingStatus.ASSIGNED, ConsultingStatus.REVIEWING)
        # open requests are mostly recent; about one in five is past its 14-day SLA
        age = rng.randint(15, 25) if is_open and rng.random() < 0.2 else rng.randint(0, 12 if is_open else 60)
        received = now - dt.timedelta(days=age, hours=rng.randint(0, 8))
        expert = (
            next((e for e in experts if field in e.fields), None)
            if status != ConsultingStatus.RECEIVED
            else None
        )
        answered = (
            received + dt.timedelta(days=rng.randint(3, 20)) if status == ConsultingStatus.ANSWERED else None
        )
        if answered and answered > now:
            answered = now
        requests.append(
            ConsultingRequest(
                employer=employer,
                company_name=employer.name,
                contact_name="김담당",
                contact_email=f"contact{index}@demo-company.kr",
                field=field,
                subject=subjects[field],
                body=f"{subjects[field]}에 대해 전문가 의견을 듣고 싶습니다.",
                channel=rng.choice([ConsultingChannel.WEB, ConsultingChannel.EMAIL]),
                status=status,
                expert=expert,
                received_at=received,
                due_on=timezone.localdate(received) + dt.timedelta(days=14),
                assigned_at=received + dt.timedelta(days=1) if expert else None,
                answered_at=answered,
                result="검토 결과: 관련 기준과 절차를 정리해 회신드립니다. 추가 문의는 자문위원에게 직접 연락 바랍니다."
                if answered
                else ("자문 범위를 벗어나 반려합니다." if status == ConsultingStatus.REJECTED else ""),
            )
        )
        flow = [
            ConsultingStatus.RECEIVED,
            ConsultingStatus.ASSIGNED,
            ConsultingStatus.REVIEWING,
            ConsultingStatus.ANSWERED,
        ]
        cpaths.append(
            flow[: flow.index(status) + 1] if status in flow else [ConsultingStatus.RECEIVED, status]
        )
    requests = ConsultingRequest.objects.bulk_create(requests)
    ct = ContentType.objects.get_for_model(ConsultingRequest)
    logs += [
        TransitionLog(
            content_type=ct, object_id=r.pk, from_state=p[i - 1] if i else "", to_state=st, actor=staff[2]
        )
        for r, p in zip(requests, cpaths, strict=True)
        for i, st in enumerate(p)
    ]
    services = SupportService.objects.bulk_create(
        [
            SupportService(
                name=n,
                slug=slug,
                audience=aud,
                provider=prov,
                summary=summ,
                unit=unit,
                root_sectors=sectors,
                max_employees=maxe,
                region_prefixes=regions,
                description="신청 후 담당자가 자격을 확인하고 승인 결과를 알려 드립니다.",
            )
            for n, slug, aud, prov, summ, unit, sectors, maxe, regions in SERVICES
        ]
    )
    applications = []
    for index, employer in enumerate(employers[:18]):
        service = services[index % 3]
        app_status = rng.choice(
            [
                ServiceApplicationStatus.APPLIED,
                ServiceApplicationStatus.APPROVED,
                ServiceApplicationStatus.IN_USE,
                ServiceApplicationStatus.IN_USE,
                ServiceApplicationStatus.COMPLETED,
            ]
        )
        if service.max_employees and employer.employees > service.max_employees:
            app_status = ServiceApplicationStatus.REJECTED
        applications.append(
            ServiceApplication(
                service=service,
                employer=employer,
                status=app_status,
                usage_count=rng.randint(4, 60)
                if app_status in (ServiceApplicationStatus.IN_USE, ServiceApplicationStatus.COMPLETED)
                else 0,
                eligibility_note="자격 요건 충족 (신청 시 자동 확인)",
                decision_reason="상시 근로자 수 기준 초과"
                if app_status == ServiceApplicationStatus.REJECTED
                else "",
                decided_by=staff[2] if app_status != ServiceApplicationStatus.APPLIED else None,
            )
        )
    for index, seeker in enumerate(ctx.seekers[:12]):
        applications.append(
            ServiceApplication(
                service=services[3 + index % 2],
                seeker=seeker,
                applicant_id=seeker.user_id,
                status=rng.choice(
                    [
                        ServiceApplicationStatus.APPLIED,
                        ServiceApplicationStatus.APPROVED,
                        ServiceApplicationStatus.COMPLETED,
                    ]
                ),
            )
        )
    ServiceApplication.objects.bulk_create(applications)
    TransitionLog.objects.bulk_create(logs, batch_size=1000)
