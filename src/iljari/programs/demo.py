"""Demo job-creation programs with the figures of the five seed articles (data/demo_plans.toml).

* 부평구 2019 일자리대책 세부계획: 1만562개, 전년(2018) 목표보다 8.7% 늘림, 5 핵심전략.
* 경기지역 혁신프로젝트 2021: 2개 분야 9개 사업, 285명 교육, 658개 일자리 (6개 사업 411개,
  3개 사업 247개); 2017–2020 누적 1,162명 양성, 1,640개 일자리.
* 인천 뿌리산업 고용안정 선제대응 패키지: 2020–2024 5년간 477억 투입, 7,750명 고용창출.
* 인천 뿌리산업 일자리센터: 지난 4년간(2020–2023) 총 2,263개 일자리, this year's plan
  counted live from the demo world's placements through attribution rules.

How a strategy's total is split among its programs, and the monthly results, are
illustrative (seeded from ctx.rng), the totals are the articles'.
"""

import datetime as dt
import tomllib
from pathlib import Path
from typing import TypedDict

from django.utils import timezone

from iljari.employers.models import EmployerStatus
from iljari.referrals.models import Placement, PlacementSource, PlacementStatus

from . import actions
from .models import (
    AttributionRule,
    ManualResult,
    ManualResultStatus,
    Metric,
    Organisation,
    OrgKind,
    Plan,
    PlanStatus,
    Program,
    ProgramSeries,
    ProgramType,
    Project,
    QuestionKind,
    Strategy,
    Survey,
    SurveyAnswer,
    SurveyAudience,
    SurveyQuestion,
    SurveyResponse,
    Target,
    Training,
    TrainingCompletion,
)

# (program name, type, department, partners, [(project name, target jobs)])
ProgramSpec = tuple[str, ProgramType, str, str, list[tuple[str, int]]]


class PlanSpec(TypedDict):
    vision: str
    strategies: list[tuple[str, list[ProgramSpec]]]


EOK = 100_000_000  # 억
# seasonal shape of monthly results (public jobs start in spring, dip in August and at year end)
SEASON = [0.6, 0.8, 1.1, 1.1, 1.1, 1.0, 1.0, 0.8, 1.0, 1.1, 1.1, 1.3]

DATA = Path(__file__).resolve().parent / "data" / "demo_plans.toml"


def load_plans(path: Path = DATA) -> dict:
    """The seed figures (data/demo_plans.toml), checked against the articles' totals."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    bupyeong, gyeonggi = data["bupyeong_2019"], data["gyeonggi_2021"]
    checks = [
        (
            "부평구 2019",
            sum(p[1] for s in bupyeong["strategies"] for g in s["programs"] for p in g["projects"]),
            bupyeong["jobs"],
        ),
        ("경기 2021 일자리", sum(p[2] for f in gyeonggi["fields"] for p in f["projects"]), gyeonggi["jobs"]),
        ("경기 2021 교육", sum(p[3] for f in gyeonggi["fields"] for p in f["projects"]), gyeonggi["trained"]),
        ("경기 누적 일자리", sum(v[0] for v in gyeonggi["history"].values()), gyeonggi["history_jobs_total"]),
        (
            "경기 누적 교육",
            sum(v[1] for v in gyeonggi["history"].values()),
            gyeonggi["history_trained_total"],
        ),
        (
            "인천 패키지 일자리",
            sum(v[0] for v in data["incheon_package"]["years"].values()),
            data["incheon_package"]["jobs"],
        ),
        (
            "인천 패키지 예산",
            sum(v[2] for v in data["incheon_package"]["years"].values()),
            data["incheon_package"]["budget_eok"],
        ),
        (
            "일자리센터 4년",
            sum(v[1] for v in data["center_history"]["years"].values()),
            data["center_history"]["jobs_result_total"],
        ),
    ]
    for name, got, want in checks:
        if got != want:
            raise ValueError(f"{path.name}: {name} adds up to {got}, the article says {want}")
    return data


PLANS = load_plans()
BUPYEONG_2019: PlanSpec = {
    "vision": PLANS["bupyeong_2019"]["vision"],
    "strategies": [
        (
            s["name"],
            [
                (
                    g["name"],
                    ProgramType(g["type"]),
                    g["department"],
                    g["partners"],
                    [tuple(p) for p in g["projects"]],
                )
                for g in s["programs"]
            ],
        )
        for s in PLANS["bupyeong_2019"]["strategies"]
    ],
}
BUPYEONG_2018_TARGET = PLANS["bupyeong_2019"]["previous_target"]  # 10,562 / 9,717 − 1 = +8.7 %
GYEONGGI_2021 = [(f["name"], [tuple(p) for p in f["projects"]]) for f in PLANS["gyeonggi_2021"]["fields"]]
GYEONGGI_HISTORY = {int(y): tuple(v) for y, v in PLANS["gyeonggi_2021"]["history"].items()}  # jobs, trained
INCHEON_PACKAGE = {
    int(y): tuple(v) for y, v in PLANS["incheon_package"]["years"].items()
}  # target, result, 억
CENTER_HISTORY = {int(y): tuple(v) for y, v in PLANS["center_history"]["years"].items()}  # target, result
NAMDONG_2015 = PLANS["namdong_2015"]
TRAINED_NOTE = "교육 수료 인원(수행기관 보고, 시스템 밖 교육)"


def _split(total: int, weights: list[float], rng) -> list[int]:
    """Split a total into integer parts proportional to noisy weights; parts sum exactly."""
    noisy = [w * rng.uniform(0.85, 1.15) for w in weights]
    scale = total / sum(noisy)
    parts = [int(w * scale) for w in noisy]
    for i in sorted(range(len(parts)), key=lambda i: noisy[i] * scale - parts[i], reverse=True)[
        : total - sum(parts)
    ]:
        parts[i] += 1
    return parts


class Seeder:
    def __init__(self, ctx):
        self.ctx = ctx
        self.rng = ctx.rng
        self.manager = ctx.users.get("manager")
        self.approver = ctx.users.get("admin")
        self.targets: list[Target] = []
        self.manual: list[ManualResult] = []
        self.decided_at = timezone.now()

    def org(self, name, kind, parent=None):
        return Organisation.objects.get_or_create(name=name, defaults={"kind": kind, "parent": parent})[0]

    def plan(self, organisation, year, title, vision=""):
        return Plan.objects.create(
            organisation=organisation, year=year, title=title, vision=vision, status=PlanStatus.PUBLISHED
        )

    def target(self, project, year, value, metric=Metric.JOBS, month=0):
        self.targets.append(Target(project=project, year=year, month=month, metric=metric, value=value))

    def monthly_results(self, project, year, total, metric=Metric.JOBS, last_month=12, note=""):
        parts = _split(total, SEASON[:last_month], self.rng)
        for month, value in enumerate(parts, start=1):
            self.manual.append(
                ManualResult(
                    project=project,
                    year=year,
                    month=month,
                    metric=metric,
                    value=value,
                    note=note,
                    status=ManualResultStatus.APPROVED,
                    entered_by=self.manager,
                    decided_by=self.approver,
                    decided_at=self.decided_at,
                )
            )

    def flush(self):
        Target.objects.bulk_create(self.targets, batch_size=1000)
        ManualResult.objects.bulk_create(self.manual, batch_size=1000)
        self.targets, self.manual = [], []


def seed(ctx) -> None:
    s = Seeder(ctx)
    incheon = s.org("인천광역시", OrgKind.CITY)
    seed_bupyeong(s, incheon)
    seed_gyeonggi(s)
    seed_incheon_package(s, incheon)
    center = s.org("인천 뿌리산업 일자리센터", OrgKind.CENTER, incheon)
    seed_center_history(s, center)
    seed_namdong(s, incheon)
    s.flush()
    plan = seed_center_current(s, center)
    s.flush()
    seed_surveys(s, center, plan)


def seed_bupyeong(s: Seeder, incheon) -> None:
    bupyeong = s.org("인천광역시 부평구", OrgKind.DISTRICT, incheon)
    previous = s.plan(bupyeong, 2018, "2018년 일자리대책 세부계획", "일자리가 넘치는 부평")
    prev_strategy = Strategy.objects.create(plan=previous, name="일자리 창출 종합", order=1)
    prev_program = Program.objects.create(
        strategy=prev_strategy,
        name="2018년 일자리 사업 합계",
        program_type=ProgramType.OTHER,
        department="일자리경제과",
    )
    prev_project = Project.objects.create(program=prev_program, name="2018년 일자리 사업 합계")
    s.target(prev_project, 2018, BUPYEONG_2018_TARGET)
    s.monthly_results(prev_project, 2018, 9_902)

    plan = s.plan(bupyeong, 2019, "2019년 일자리대책 세부계획", BUPYEONG_2019["vision"])
    for si, (strategy_name, programs) in enumerate(BUPYEONG_2019["strategies"], start=1):
        strategy = Strategy.objects.create(plan=plan, name=strategy_name, order=si)
        for pi, (name, kind, dept, partners, projects) in enumerate(programs, start=1):
            total = sum(t for _n, t in projects)
            program = Program.objects.create(
                strategy=strategy,
                name=name,
                program_type=kind,
                department=dept,
                partners=partners,
                order=pi,
                national_budget=total * 4_000_000,
                city_budget=total * 1_500_000,
                district_budget=total * 1_000_000,
            )
            for ji, (project_name, target) in enumerate(projects, start=1):
                project = Project.objects.create(
                    program=program,
                    name=project_name,
                    order=ji,
                    job_definition="해당 사업으로 새로 생기거나 유지된 일자리 1개(참여자 1명)",
                )
                s.target(project, 2019, target)
                s.monthly_results(project, 2019, round(target * s.rng.uniform(0.96, 1.09)))


def seed_gyeonggi(s: Seeder) -> None:
    gyeonggi = s.org("경기도", OrgKind.CITY)
    series = ProgramSeries.objects.create(
        organisation=gyeonggi,
        name="경기지역 혁신프로젝트",
        start_year=2017,
        end_year=2021,
        total_jobs_target=sum(j for j, _t in GYEONGGI_HISTORY.values()) + PLANS["gyeonggi_2021"]["jobs"],
    )
    for year, (jobs, trained) in GYEONGGI_HISTORY.items():
        plan = s.plan(gyeonggi, year, f"{year}년 경기지역 혁신프로젝트", "지역이 주도하는 일자리 창출")
        strategy = Strategy.objects.create(plan=plan, name="지역·산업 맞춤형 일자리창출", order=1)
        program = Program.objects.create(
            strategy=strategy,
            series=series,
            name="경기지역 혁신프로젝트",
            program_type=ProgramType.TRAINING,
            department="일자리경제정책과",
            partners="경기도 지역인적자원개발위원회",
        )
        project = Project.objects.create(program=program, name=f"{year}년 혁신프로젝트 합계")
        s.target(project, year, jobs - s.rng.randint(0, 20))
        s.target(project, year, trained, Metric.TRAINED)
        s.monthly_results(project, year, jobs)
        s.monthly_results(project, year, trained, Metric.TRAINED, note=TRAINED_NOTE)
    plan = s.plan(
        gyeonggi, 2021, "2021년 경기지역 혁신프로젝트", "지역이 주도하는 지속 가능한 일자리창출 모델"
    )
    for si, (field, projects) in enumerate(GYEONGGI_2021, start=1):
        strategy = Strategy.objects.create(plan=plan, name=field, order=si)
        for pi, (name, partner, jobs, trained) in enumerate(projects, start=1):
            program = Program.objects.create(
                strategy=strategy,
                series=series,
                name=name,
                order=pi,
                partners=partner,
                program_type=ProgramType.TRAINING if trained else ProgramType.SERVICE,
                department="일자리경제정책과",
                national_budget=jobs * 3_000_000,
                city_budget=jobs * 1_200_000,
            )
            project = Project.objects.create(
                program=program, name=name, job_definition="사업 참여 기업에 채용되어 고용보험에 가입한 인원"
            )
            s.target(project, 2021, jobs)
            if trained:
                s.target(project, 2021, trained, Metric.TRAINED)
                s.monthly_results(project, 2021, trained, Metric.TRAINED, note=TRAINED_NOTE)
            s.monthly_results(project, 2021, round(jobs * s.rng.uniform(0.95, 1.12)))


def seed_namdong(s: Seeder, incheon) -> None:
    """남동구 2015: the mayor's company visits and the suggestions they brought (not a jobs target)."""
    spec = NAMDONG_2015
    namdong = s.org(spec["organisation"], OrgKind.DISTRICT, incheon)
    plan = s.plan(namdong, spec["year"], spec["title"], spec["vision"])
    strategy = Strategy.objects.create(plan=plan, name=spec["strategy"], order=1)
    program = Program.objects.create(
        strategy=strategy,
        name=spec["program"],
        program_type=ProgramType.SERVICE,
        department=spec["department"],
        partners="남동인더스파크 입주기업",
    )
    project = Project.objects.create(
        program=program,
        name=spec["project"],
        job_definition="기업 방문 1곳, 방문에서 받아 처리했거나 진행 중인 건의 1건",
    )
    s.target(project, spec["year"], spec["visits"], Metric.VISITS)
    s.target(project, spec["year"], spec["suggestions"], Metric.SUGGESTIONS)
    s.monthly_results(project, spec["year"], spec["visits"], Metric.VISITS, note="구청장 기업 현장방문")
    s.monthly_results(
        project, spec["year"], spec["suggestions"], Metric.SUGGESTIONS, note="처리 또는 진행 중인 건의사항"
    )


def seed_incheon_package(s: Seeder, incheon) -> None:
    series = ProgramSeries.objects.create(
        organisation=incheon,
        name="뿌리산업 고용안정 선제대응 패키지",
        start_year=2020,
        end_year=2024,
        total_jobs_target=PLANS["incheon_package"]["jobs"],
        total_budget=PLANS["incheon_package"]["budget_eok"] * EOK,
    )
    strategies = [
        ("취업 연계 및 고용 안정화", "뿌리기업 채용 연계·고용장려금", ProgramType.SUBSIDY, 0.55),
        ("근로 환경 개선", "뿌리기업 근로환경 개선 지원", ProgramType.SUBSIDY, 0.20),
        ("뿌리산업 인식개선", "뿌리산업 맞춤형 직업훈련", ProgramType.TRAINING, 0.15),
        ("뿌리산업 전략 수립을 위한 기초자료 확보", "뿌리기업 컨설팅·실태조사", ProgramType.SERVICE, 0.10),
    ]
    for year, (target, result, budget) in INCHEON_PACKAGE.items():
        plan = s.plan(
            incheon,
            year,
            f"{year}년 인천 뿌리산업 고용안정 선제대응 패키지",
            "뿌리산업 고용창출 선순환 구조 확립",
        )
        targets = _split(target, [w for *_x, w in strategies], s.rng)
        results = _split(result, [w for *_x, w in strategies], s.rng)
        budgets = _split(budget * 100, [w for *_x, w in strategies], s.rng)  # 백만원 units
        for si, ((strategy_name, name, kind, _w), t, r, b) in enumerate(
            zip(strategies, targets, results, budgets, strict=True), start=1
        ):
            strategy = Strategy.objects.create(plan=plan, name=strategy_name, order=si)
            program = Program.objects.create(
                strategy=strategy,
                series=series,
                name=name,
                program_type=kind,
                department="일자리정책과",
                partners="인천테크노파크, (사)인천경영자총협회",
                national_budget=b * 1_000_000 * 8 // 10,
                city_budget=b * 1_000_000 - b * 1_000_000 * 8 // 10,
            )
            project = Project.objects.create(
                program=program, name=name, job_definition="뿌리기업 신규 채용 후 고용보험 가입자 1명"
            )
            s.target(project, year, t)
            s.monthly_results(project, year, r)


def seed_center_history(s: Seeder, center) -> None:
    series = ProgramSeries.objects.create(
        organisation=center,
        name="뿌리산업 일자리센터 운영",
        start_year=2020,
        end_year=2023,
        total_jobs_target=sum(CENTER_HISTORY[y][0] for y in range(2020, 2024)),
    )
    for year, (target, result) in CENTER_HISTORY.items():
        plan = s.plan(
            center,
            year,
            f"{year}년 뿌리산업 일자리센터 운영계획",
            "뿌리산업 고부가가치화를 통한 지속 가능한 고용환경 조성",
        )
        strategy = Strategy.objects.create(plan=plan, name="취업 연계 및 고용 안정화", order=1)
        program = Program.objects.create(
            strategy=strategy,
            series=series if year <= 2023 else None,
            name="뿌리산업 일자리센터 운영",
            program_type=ProgramType.SERVICE,
            department="일자리정책과",
            city_budget=900_000_000,
            partners="채용박람회·동행면접·취업상담",
        )
        project = Project.objects.create(program=program, name="맞춤형 고용서비스·취업 연계")
        s.target(project, year, target)
        s.monthly_results(project, year, result)


def _make_placements(s: Seeder, year: int, today: dt.date) -> list[Placement]:
    """This year's hires in the demo world (a share of them through the job fair)."""
    ctx, rng = s.ctx, s.rng
    employers = [e for e in ctx.employers if e.status == EmployerStatus.APPROVED]
    seekers = list(ctx.seekers)
    if not employers or not seekers:
        return []
    count = {"small": 260, "medium": 1500, "large": 6000}.get(ctx.scale, 260)
    last = min(today, dt.date(year, 12, 31))
    days = (last - dt.date(year, 1, 1)).days + 1
    seen = set(Placement.objects.values_list("seeker_id", "employer_id", "hire_date"))
    rows: list[Placement] = []
    for _i in range(count * 2):
        if len(rows) >= count:
            break
        seeker = seekers[rng.randrange(len(seekers))]
        employer = employers[rng.randrange(len(employers))]
        hired = dt.date(year, 1, 1) + dt.timedelta(days=int(days * rng.random() ** 0.9))
        key = (seeker.pk, employer.pk, hired)
        if key in seen:
            continue
        seen.add(key)
        source = rng.choices(
            [
                PlacementSource.REFERRAL,
                PlacementSource.FAIR,
                PlacementSource.APPLICATION,
                PlacementSource.DIRECT,
            ],
            [55, 20, 20, 5],
        )[0]
        cancelled = rng.random() < 0.05
        rows.append(
            Placement(
                seeker=seeker,
                employer=employer,
                hire_date=hired,
                monthly_wage=rng.randrange(2_600_000, 3_600_000, 10_000),
                source=source,
                source_ref=f"FAIR-{year}-{rng.choice(['05', '10'])}"
                if source == PlacementSource.FAIR
                else "",
                status=PlacementStatus.CANCELLED if cancelled else PlacementStatus.ACTIVE,
                cancelled_at=(
                    timezone.make_aware(
                        dt.datetime.combine(
                            min(hired + dt.timedelta(days=rng.randint(5, 80)), today), dt.time(10)
                        )
                    )
                    if cancelled
                    else None
                ),
                recorded_by=ctx.users.get("counselor"),
            )
        )
    return Placement.objects.bulk_create(rows, batch_size=1000)


def seed_center_current(s: Seeder, center) -> Plan:
    ctx = s.ctx
    today = ctx.today
    year = today.year
    _make_placements(s, year, today)
    plan = s.plan(
        center,
        year,
        f"{year}년 뿌리산업 일자리센터 일자리 목표 공시",
        "뿌리산업 고부가가치화를 통한 지속 가능한 고용환경 조성",
    )
    plan.status = PlanStatus.PUBLISHED
    plan.save(update_fields=["status"])
    strategies = {
        name: Strategy.objects.create(plan=plan, name=name, order=i)
        for i, name in enumerate(
            [
                "취업 연계 및 고용 안정화",
                "근로 환경 개선",
                "뿌리산업 인식개선",
                "뿌리산업 전략 수립을 위한 기초자료 확보",
            ],
            start=1,
        )
    }
    first = strategies["취업 연계 및 고용 안정화"]
    matching = Program.objects.create(
        strategy=first,
        name="맞춤형 취업 연계",
        program_type=ProgramType.SERVICE,
        department="일자리정책과",
        partners="인천 뿌리산업 일자리센터",
        city_budget=620_000_000,
        national_budget=380_000_000,
        order=1,
    )
    referral = Project.objects.create(
        program=matching,
        name="인천권 상담사 알선 취업",
        order=1,
        job_definition="센터 알선으로 인천 기업에 입사해 채용이 유지된 1명",
    )
    accompanied = Project.objects.create(
        program=matching,
        name="경기권 동행면접 취업",
        order=2,
        job_definition="상담사가 동행면접한 경기 기업 알선 취업 1명",
    )
    fair_program = Program.objects.create(
        strategy=first,
        name="뿌리산업 채용박람회",
        program_type=ProgramType.SERVICE,
        department="일자리정책과",
        city_budget=150_000_000,
        order=2,
    )
    fair = Project.objects.create(
        program=fair_program,
        name="채용박람회 현장 채용",
        order=1,
        job_definition="박람회 면접으로 입사한 1명",
    )
    subsidy_program = Program.objects.create(
        strategy=first,
        name="뿌리기업 신규채용 고용장려금",
        program_type=ProgramType.SUBSIDY,
        department="일자리정책과",
        national_budget=1_200_000_000,
        city_budget=300_000_000,
        order=3,
    )
    subsidy = Project.objects.create(
        program=subsidy_program,
        name="신규채용 인건비 지원",
        order=1,
        job_definition="지원금 지급 결정된 신규 채용자 1명(고용보험 확인)",
    )
    laundry_program = Program.objects.create(
        strategy=strategies["근로 환경 개선"],
        name="작업복 세탁 원스톱 서비스",
        program_type=ProgramType.OTHER,
        department="노동정책과",
        city_budget=240_000_000,
        partners="수도권 작업복 공동세탁소",
    )
    laundry = Project.objects.create(
        program=laundry_program,
        name="작업복 세탁 지원",
        job_definition="일자리 목표 없음(근로환경 개선 참여 근로자 수로 관리)",
    )
    training_program = Program.objects.create(
        strategy=strategies["뿌리산업 인식개선"],
        name="청년 뿌리기술 현장훈련",
        program_type=ProgramType.TRAINING,
        department="일자리정책과",
        national_budget=210_000_000,
        city_budget=90_000_000,
        partners="인천테크노파크, 폴리텍대학 인천캠퍼스",
    )
    training_project = Project.objects.create(
        program=training_program,
        name="금형·용접 현장훈련 후 취업",
        job_definition="훈련 수료 후 금형·용접 기업 취업 1명",
    )
    survey_program = Program.objects.create(
        strategy=strategies["뿌리산업 전략 수립을 위한 기초자료 확보"],
        name="산업·고용 실태조사",
        program_type=ProgramType.OTHER,
        department="일자리정책과",
        city_budget=60_000_000,
    )
    survey_project = Project.objects.create(
        program=survey_program,
        name="뿌리기업·근로자 실태조사",
        job_definition="일자리 목표 없음(응답 기업 수로 관리)",
    )

    # attribution rules (a placement matched by two projects would count once above the projects)
    AttributionRule.objects.create(
        project=referral, source=PlacementSource.REFERRAL, region_prefix="28", note="인천 기업 알선 취업"
    )
    AttributionRule.objects.create(
        project=accompanied,
        source=PlacementSource.REFERRAL,
        region_prefix="41",
        note="경기 기업 알선 취업(동행면접)",
    )
    AttributionRule.objects.create(project=fair, source=PlacementSource.FAIR, note="채용박람회 경로")
    AttributionRule.objects.create(
        project=training_project,
        root_sector="mold",
        source=PlacementSource.APPLICATION,
        note="금형 분야 직접 지원 취업",
    )
    AttributionRule.objects.create(
        project=training_project,
        root_sector="welding",
        source=PlacementSource.APPLICATION,
        note="용접 분야 직접 지원 취업",
    )
    if s.manager is not None:
        actions.do_apply_rules(actor=s.manager, plan=plan)

    from .results import elapsed_fraction, plan_report

    report = plan_report(plan, today, use_cache=False)
    results = {n.pk: n.results[Metric.JOBS] for n in report.nodes("project")}
    elapsed = max(elapsed_fraction(year, today), 0.05)
    # targets: 알선 on track, 동행면접 slightly behind, 박람회 behind (alert), 훈련 ahead
    for project, factor in ((referral, 0.95), (accompanied, 1.12), (fair, 1.45), (training_project, 0.9)):
        s.target(project, year, max(5, round(results.get(project.pk, 0) / elapsed * factor)))
    # the fair plans its hires by month (two fairs: May and October)
    fair_total = max(5, round(results.get(fair.pk, 0) / elapsed * 1.45))
    for month, share in ((5, 0.45), (6, 0.1), (10, 0.35), (11, 0.1)):
        s.target(fair, year, round(fair_total * share), month=month)
    last_month = today.month - 1 if today.day < 20 else today.month
    subsidy_total = {"small": 120, "medium": 420, "large": 1500}.get(ctx.scale, 120)
    s.target(subsidy, year, subsidy_total)
    s.target(subsidy, year, 1_500_000_000, Metric.BUDGET)
    if last_month:
        s.monthly_results(
            subsidy,
            year,
            round(subsidy_total * last_month / 12 * 1.02),
            last_month=last_month,
            note="고용장려금 지급 결정(고용보험 확인)",
        )
        s.monthly_results(
            subsidy, year, round(1_500_000_000 * last_month / 12 * 0.97), Metric.BUDGET, last_month=last_month
        )
        s.target(laundry, year, 1_800, Metric.PARTICIPANTS)
        s.monthly_results(
            laundry,
            year,
            round(1_800 * last_month / 12 * 0.93),
            Metric.PARTICIPANTS,
            last_month=last_month,
            note="세탁 서비스 이용 근로자",
        )
        s.target(survey_project, year, 300, Metric.PARTICIPANTS)
    s.flush()
    # this month's subsidy entry waits for approval (the manager's queue)
    if s.manager is not None and today.day >= 5 and last_month < 12:
        ManualResult.objects.create(
            project=subsidy,
            year=year,
            month=last_month + 1,
            metric=Metric.JOBS,
            value=round(subsidy_total / 12),
            note="이번 달 고용장려금 지급 결정(가집계)",
            entered_by=s.manager,
        )
    # training courses and completions
    seekers = list(s.ctx.seekers)
    courses = [
        ("CO2·TIG 용접 기초과정", 2, 4),
        ("사출금형 CAD/CAM 과정", 3, 6),
        ("표면처리 실무과정", 6, 8),
        ("열처리 품질관리 과정", 8, 10),
    ]
    completions = []
    taken = set()
    for name, start_month, end_month in courses:
        starts = dt.date(year, start_month, 1)
        ends = dt.date(year, end_month, 28)
        course = Training.objects.create(
            project=training_project, name=name, starts_on=starts, ends_on=ends, capacity=20
        )
        if ends > today or not seekers:
            continue
        for _i in range(s.rng.randint(14, 20)):
            seeker = seekers[s.rng.randrange(len(seekers))]
            if (course.pk, seeker.pk) in taken:
                continue
            taken.add((course.pk, seeker.pk))
            completions.append(TrainingCompletion(training=course, seeker=seeker, completed_on=ends))
    TrainingCompletion.objects.bulk_create(completions)
    s.target(training_project, year, 80, Metric.TRAINED)
    s.flush()
    seed_center_recent(s, center, year)
    return plan


def seed_center_recent(s: Seeder, center, year: int) -> None:
    """The two years before this one, scaled so this year's target grows as plans usually do."""
    total = Target.objects.filter(
        project__program__strategy__plan__organisation=center, year=year, month=0, metric=Metric.JOBS
    ).values_list("value", flat=True)
    target = round(sum(total) / 1.065)
    for past in (year - 1, year - 2):
        if past <= 2023 or Plan.objects.filter(organisation=center, year=past).exists():
            break
        plan = s.plan(
            center,
            past,
            f"{past}년 뿌리산업 일자리센터 운영계획",
            "뿌리산업 고부가가치화를 통한 지속 가능한 고용환경 조성",
        )
        strategy = Strategy.objects.create(plan=plan, name="취업 연계 및 고용 안정화", order=1)
        program = Program.objects.create(
            strategy=strategy,
            name="뿌리산업 일자리센터 운영",
            program_type=ProgramType.SERVICE,
            department="일자리정책과",
            city_budget=900_000_000,
            partners="채용박람회·동행면접·취업상담",
        )
        project = Project.objects.create(program=program, name="맞춤형 고용서비스·취업 연계")
        s.target(project, past, target)
        s.monthly_results(project, past, round(target * s.rng.uniform(1.01, 1.06)))
        target = round(target / 1.05)
    s.flush()


SURVEY_COMPANY = [
    ("sector_size", "상시 근로자 수", QuestionKind.NUMBER, [], "명"),
    ("avg_wage", "생산직 평균 월 임금(세전)", QuestionKind.NUMBER, [], "원"),
    ("shift", "주된 근무 형태", QuestionKind.CHOICE, ["주간 고정", "주야 2교대", "3교대", "야간 고정"], ""),
    ("vacancies", "현재 채용하려는 인원(빈 일자리)", QuestionKind.NUMBER, [], "명"),
    ("difficulty", "생산직 채용 어려움", QuestionKind.CHOICE, ["매우 어렵다", "어렵다", "보통", "쉽다"], ""),
    (
        "reason",
        "가장 큰 채용 애로",
        QuestionKind.CHOICE,
        ["낮은 임금", "교대·야간 근무", "출퇴근 교통", "작업 환경(소음·분진)", "업종 인식"],
        "",
    ),
    ("request", "센터에 바라는 지원", QuestionKind.TEXT, [], ""),
]
SURVEY_WORKER = [
    ("tenure", "현 직장 근속 기간", QuestionKind.NUMBER, [], "개월"),
    ("wage", "월 임금(세전)", QuestionKind.NUMBER, [], "원"),
    ("shift", "근무 형태", QuestionKind.CHOICE, ["주간 고정", "주야 2교대", "3교대", "야간 고정"], ""),
    ("satisfaction", "일자리 만족도", QuestionKind.CHOICE, ["매우 만족", "만족", "보통", "불만족"], ""),
    (
        "leave_reason",
        "이직을 생각한다면 그 이유",
        QuestionKind.CHOICE,
        ["임금", "근무 시간", "작업 환경", "통근", "이직 생각 없음"],
        "",
    ),
]
REQUESTS = [
    "통근버스 노선 확대",
    "외국인 근로자 한국어 교육",
    "용접 자격 취득 지원",
    "작업복 세탁 서비스 확대",
    "청년 채용 장려금",
    "기숙사 지원",
    "야간 근무 수당 지원 안내",
]


def seed_surveys(s: Seeder, center, plan: Plan) -> None:
    rng = s.rng
    year = plan.year
    employers = [e for e in s.ctx.employers if e.status == EmployerStatus.APPROVED]
    for title, audience, spec, n in (
        (
            f"{year} 인천 뿌리기업 인력 실태조사",
            SurveyAudience.COMPANY,
            SURVEY_COMPANY,
            min(60, max(len(employers), 1)),
        ),
        (f"{year} 뿌리산업 근로자 근로조건 실태조사", SurveyAudience.WORKER, SURVEY_WORKER, 80),
    ):
        survey = Survey.objects.create(
            organisation=center,
            plan=plan,
            title=title,
            audience=audience,
            intro="응답 내용은 통계 목적으로만 쓰이며, 내년 지역 일자리 계획 수립에 반영됩니다. (약 3분)",
        )
        questions = SurveyQuestion.objects.bulk_create(
            [
                SurveyQuestion(
                    survey=survey,
                    order=i,
                    code=code,
                    text=text,
                    kind=kind,
                    choices=choices,
                    unit=unit,
                    required=kind != QuestionKind.TEXT,
                )
                for i, (code, text, kind, choices, unit) in enumerate(spec, start=1)
            ]
        )
        responses = []
        for i in range(n):
            employer = (
                employers[i % len(employers)] if audience == SurveyAudience.COMPANY and employers else None
            )
            responses.append(
                SurveyResponse(
                    survey=survey, employer=employer, root_sector=employer.root_sector if employer else ""
                )
            )
        responses = SurveyResponse.objects.bulk_create(responses)
        answers = []
        for response in responses:
            for q in questions:
                answer = SurveyAnswer(response=response, question=q)
                if q.kind == QuestionKind.NUMBER:
                    answer.number = {
                        "sector_size": lambda: rng.randint(5, 180),
                        "avg_wage": lambda: rng.randrange(2_700_000, 3_900_000, 50_000),
                        "vacancies": lambda: rng.choice([0, 1, 1, 2, 2, 3, 4, 6]),
                        "tenure": lambda: rng.randint(1, 120),
                        "wage": lambda: rng.randrange(2_500_000, 4_000_000, 50_000),
                    }[q.code]()
                elif q.kind == QuestionKind.CHOICE:
                    weights = [40, 30, 20, 10, 5][: len(q.choices)]
                    answer.text = rng.choices(q.choices, weights)[0]
                else:
                    if rng.random() < 0.5:
                        continue
                    answer.text = rng.choice(REQUESTS)
                answers.append(answer)
        SurveyAnswer.objects.bulk_create(answers, batch_size=2000)
