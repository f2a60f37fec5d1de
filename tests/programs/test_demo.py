"""The demo seeder tells the articles' story."""

import datetime as dt
import random

import pytest

from iljari.demo.world import DemoContext
from iljari.programs import demo
from iljari.programs.models import Metric, Plan, ProgramSeries
from iljari.programs.results.plan import plan_report
from iljari.programs.results.series import series_progress
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_demo_seeds_the_articles_figures(program_manager, admin_user, counselor):
    ctx = DemoContext(rng=random.Random(1), scale="small", today=dt.date(2026, 11, 23))
    ctx.users = {"manager": program_manager, "admin": admin_user, "counselor": counselor}
    ctx.employers = [f.EmployerFactory(root_sector=s) for s in ("welding", "mold", "casting")]
    ctx.seekers = [f.SeekerFactory(user__password=None) for _ in range(12)]
    demo.seed(ctx)

    bupyeong = Plan.objects.get(organisation__name="인천광역시 부평구", year=2019)
    report = plan_report(bupyeong, dt.date(2019, 12, 31), use_cache=False)
    assert report.root.targets[Metric.JOBS] == 10_562
    assert f"{report.yoy_change * 100:+.1f}%" == "+8.7%"
    assert len(report.root.children) == 5

    gyeonggi = plan_report(
        Plan.objects.get(organisation__name="경기도", year=2021), dt.date(2021, 12, 31), use_cache=False
    )
    assert gyeonggi.root.targets[Metric.JOBS] == 658
    assert [s.targets[Metric.JOBS] for s in gyeonggi.root.children] == [411, 247]
    assert gyeonggi.root.targets[Metric.TRAINED] == 285
    assert sum(len(s.children) for s in gyeonggi.root.children) == 9

    package = ProgramSeries.objects.get(name="뿌리산업 고용안정 선제대응 패키지")
    assert package.total_jobs_target == 7_750 and package.total_budget == 47_700_000_000
    assert series_progress(package)[-1]["cum_target"] == 7_750

    center = ProgramSeries.objects.get(name="뿌리산업 일자리센터 운영")
    assert series_progress(center)[-1]["cum_result"] == 2_263

    current = Plan.objects.get(organisation__name="인천 뿌리산업 일자리센터", year=2026)
    live = plan_report(current, ctx.today, use_cache=False)
    assert live.root.results[Metric.JOBS] > 0
    assert live.alerts  # the job fair project falls behind on purpose
