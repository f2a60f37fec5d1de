import datetime as dt

import pytest

from iljari.programs.models import Attribution, Organisation, ProgramSeries
from tests.factories import (
    PlacementFactory,
    PlanFactory,
    ProgramFactory,
    ProjectFactory,
    StrategyFactory,
    TargetFactory,
)


@pytest.fixture
def demo_plan(db):
    """A 2026 plan: two strategies, three projects, a shared placement, a cancelled and a late hire."""
    plan = PlanFactory(year=2026, title="2026년 일자리 목표 공시", vision="지속 가능한 고용환경")
    s1 = StrategyFactory(plan=plan, name="취업 연계 및 고용 안정화", order=1)
    s2 = StrategyFactory(plan=plan, name="뿌리산업 인식개선", order=2)
    series = ProgramSeries.objects.create(
        organisation=plan.organisation,
        name="뿌리산업 패키지",
        start_year=2026,
        end_year=2027,
        total_jobs_target=50,
    )
    p1 = ProgramFactory(strategy=s1, name="맞춤형 취업 연계", series=series)
    p2 = ProgramFactory(strategy=s2, name="청년 현장훈련", program_type="training")
    a = ProjectFactory(program=p1, name="상담사 알선 취업")
    b = ProjectFactory(program=p1, name="동행면접 취업")
    c = ProjectFactory(program=p2, name="현장훈련 후 취업")
    for project, value in ((a, 10), (b, 6), (c, 4)):
        TargetFactory(project=project, value=value)
    shared = PlacementFactory(hire_date=dt.date(2026, 2, 3))
    Attribution.objects.create(project=a, placement=shared, method="manual")
    Attribution.objects.create(project=b, placement=shared, method="manual")
    for month in (3, 4):
        Attribution.objects.create(
            project=a, placement=PlacementFactory(hire_date=dt.date(2026, month, 9)), method="manual"
        )
    Attribution.objects.create(
        project=c,
        placement=PlacementFactory(hire_date=dt.date(2026, 5, 1), status="cancelled"),
        method="manual",
    )
    Attribution.objects.create(
        project=c, placement=PlacementFactory(hire_date=dt.date(2027, 1, 4)), method="manual"
    )
    plan.projects = {"a": a, "b": b, "c": c}
    return plan


@pytest.fixture
def organisation(db):
    return Organisation.objects.get_or_create(name="인천광역시 부평구", defaults={"kind": "district"})[0]
