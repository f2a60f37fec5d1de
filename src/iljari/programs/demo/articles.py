"""The plans of the seed articles: 부평구 2018–2019, 경기지역 혁신프로젝트 2017–2021, 남동구 2015,
인천 뿌리산업 패키지 2020–2024 and the 뿌리산업 일자리센터's years 2020–2023."""

from ..models import Metric, OrgKind, Program, ProgramSeries, ProgramType, Project, Strategy
from .seeder import EOK, PLANS, TRAINED_NOTE, Seeder, split


def seed_bupyeong(s: Seeder, incheon) -> None:
    spec = PLANS["bupyeong_2019"]
    bupyeong = s.org(spec["organisation"], OrgKind.DISTRICT, incheon)
    previous = s.plan(bupyeong, 2018, "2018년 일자리대책 세부계획", "일자리가 넘치는 부평")
    prev_strategy = Strategy.objects.create(plan=previous, name="일자리 창출 종합", order=1)
    prev_program = Program.objects.create(
        strategy=prev_strategy,
        name="2018년 일자리 사업 합계",
        program_type=ProgramType.OTHER,
        department="일자리경제과",
    )
    prev_project = Project.objects.create(program=prev_program, name="2018년 일자리 사업 합계")
    s.target(prev_project, 2018, spec["previous_target"])  # 10,562 / 9,717 − 1 = +8.7 %
    s.monthly_results(prev_project, 2018, spec["previous_result"])

    plan = s.plan(bupyeong, 2019, spec["title"], spec["vision"])
    for si, strategy_spec in enumerate(spec["strategies"], start=1):
        strategy = Strategy.objects.create(plan=plan, name=strategy_spec["name"], order=si)
        for pi, program_spec in enumerate(strategy_spec["programs"], start=1):
            projects = program_spec["projects"]  # [name, jobs target]
            total = sum(t for _n, t in projects)
            program = Program.objects.create(
                strategy=strategy,
                name=program_spec["name"],
                program_type=ProgramType(program_spec["type"]),
                department=program_spec["department"],
                partners=program_spec["partners"],
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
    spec = PLANS["gyeonggi_2021"]
    history = {int(y): tuple(v) for y, v in spec["history"].items()}  # jobs, trained
    gyeonggi = s.org(spec["organisation"], OrgKind.CITY)
    series = ProgramSeries.objects.create(
        organisation=gyeonggi,
        name=spec["series"],
        start_year=spec["start_year"],
        end_year=2021,
        total_jobs_target=sum(j for j, _t in history.values()) + spec["jobs"],
    )
    for year, (jobs, trained) in history.items():
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
    for si, field in enumerate(spec["fields"], start=1):
        strategy = Strategy.objects.create(plan=plan, name=field["name"], order=si)
        for pi, (name, partner, jobs, trained) in enumerate(field["projects"], start=1):
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
    spec = PLANS["namdong_2015"]
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
    spec = PLANS["incheon_package"]
    series = ProgramSeries.objects.create(
        organisation=incheon,
        name=spec["series"],
        start_year=2020,
        end_year=2024,
        total_jobs_target=spec["jobs"],
        total_budget=spec["budget_eok"] * EOK,
    )
    strategies = spec["strategies"]  # [strategy, program, type, share]
    weights = [w for *_x, w in strategies]
    for year, (target, result, budget) in ((int(y), v) for y, v in spec["years"].items()):
        plan = s.plan(
            incheon,
            year,
            f"{year}년 인천 뿌리산업 고용안정 선제대응 패키지",
            "뿌리산업 고용창출 선순환 구조 확립",
        )
        targets = split(target, weights, s.rng)
        results = split(result, weights, s.rng)
        budgets = split(budget * 100, weights, s.rng)  # 백만원 units
        for si, ((strategy_name, name, kind, _w), t, r, b) in enumerate(
            zip(strategies, targets, results, budgets, strict=True), start=1
        ):
            strategy = Strategy.objects.create(plan=plan, name=strategy_name, order=si)
            program = Program.objects.create(
                strategy=strategy,
                series=series,
                name=name,
                program_type=ProgramType(kind),
                department=spec["department"],
                partners=spec["partners"],
                national_budget=b * 1_000_000 * 8 // 10,
                city_budget=b * 1_000_000 - b * 1_000_000 * 8 // 10,
            )
            project = Project.objects.create(
                program=program, name=name, job_definition=spec["job_definition"]
            )
            s.target(project, year, t)
            s.monthly_results(project, year, r)


def seed_center_year(s: Seeder, center, year: int, series: ProgramSeries | None = None) -> Project:
    """One year's plan of the 뿌리산업 일자리센터 before this one (a single project)."""
    spec = PLANS["center_history"]
    plan = s.plan(center, year, f"{year}년 뿌리산업 일자리센터 운영계획", spec["vision"])
    strategy = Strategy.objects.create(plan=plan, name=spec["strategy"], order=1)
    program = Program.objects.create(
        strategy=strategy,
        series=series,
        name=spec["program"],
        program_type=ProgramType.SERVICE,
        department=spec["department"],
        city_budget=spec["city_budget"],
        partners=spec["partners"],
    )
    return Project.objects.create(program=program, name=spec["project"])


def seed_center_history(s: Seeder, center) -> None:
    spec = PLANS["center_history"]
    years = {int(y): tuple(v) for y, v in spec["years"].items()}  # target, result
    series = ProgramSeries.objects.create(
        organisation=center,
        name=spec["series"],
        start_year=2020,
        end_year=2023,
        total_jobs_target=sum(years[y][0] for y in range(2020, 2024)),
    )
    for year, (target, result) in years.items():
        project = seed_center_year(s, center, year, series if year <= 2023 else None)
        s.target(project, year, target)
        s.monthly_results(project, year, result)
