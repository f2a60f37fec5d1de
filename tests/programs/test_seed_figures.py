"""Each seed article's figures, where a person would look: the rendered reports (PDF, Excel) and the
programs page. The demo's plans come from data/demo_plans.toml."""

import datetime as dt
import io
import random
import re
import subprocess

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from iljari.demo.world import DemoContext
from iljari.programs import demo
from iljari.programs.models import Plan
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(program_manager, admin_user, counselor):
    ctx = DemoContext(rng=random.Random(1), scale="small", today=dt.date(2026, 11, 23))
    ctx.users = {"manager": program_manager, "admin": admin_user, "counselor": counselor}
    ctx.employers = [f.EmployerFactory(root_sector=s) for s in ("welding", "mold", "casting")]
    ctx.seekers = [f.SeekerFactory(user__password=None) for _ in range(6)]
    demo.seed(ctx)


def report(tmp_path, year: int, org: str, kind: str, fmt: str):
    out = tmp_path / f"{year}-{kind}.{fmt}"
    call_command(
        "report",
        "programs",
        "--year",
        str(year),
        "--org",
        org,
        "--kind",
        kind,
        "--format",
        fmt,
        "--out",
        str(out),
        "--as-of",
        f"{year}-12-31",
    )
    data = out.read_bytes()
    if fmt == "pdf":
        text = subprocess.run(
            ["pdftotext", "-layout", str(out), "-"], capture_output=True, check=True, text=True
        ).stdout
        return re.sub(r"[ \t]+", " ", text)
    return load_workbook(io.BytesIO(data))


def values(wb, sheet: str) -> list[list]:
    return [[c for c in row] for row in wb[sheet].iter_rows(values_only=True)]


def row_of(rows: list[list], first) -> list:
    return next(r for r in rows if r and r[0] == first)


def test_bupyeong_2019_10562_jobs_up_8_7_percent_in_5_strategies(seeded, tmp_path, client_for, official):
    text = report(tmp_path, 2019, "인천광역시 부평구", "plan", "pdf")
    assert "1만562개" in text and "(10,562개)" in text
    assert "+8.7%" in text and "핵심전략 5개" in text
    for strategy in (
        "부평 제조업 르네상스 일자리 확대",
        "도시재생 및 창업 지원",
        "일자리 질 개선 및 돌봄 산업 일자리 확대",
        "인력양성 미스매치 해소로 고용서비스 강화",
        "지역수요 맞춤형 공공일자리 및 취약계층 일자리 제공",
    ):
        assert strategy in text
    wb = report(tmp_path, 2019, "인천광역시 부평구", "plan", "xlsx")
    assert row_of(values(wb, "지표별 요약"), "일자리 창출")[2] == 10_562
    plan = Plan.objects.get(organisation__name="인천광역시 부평구", year=2019)
    page = client_for(official).get("/programs/", {"plan": plan.pk}).content.decode()
    assert "1만562개" in page and "+8.7%" in page and "일자리 질 개선 및 돌봄 산업 일자리 확대" in page


def test_gyeonggi_2021_two_fields_nine_projects_285_trained_658_jobs(seeded, tmp_path, client_for, official):
    for kind in ("plan", "results"):
        text = report(tmp_path, 2021, "경기도", kind, "pdf")
        assert "658개" in text and "285명" in text, kind
        assert "핵심전략 2개 · 세부사업 9개" in text
        assert re.search(r"지역의 산업발전을 통한 일자리 창출 일자리 창출 411개", text)
        assert re.search(r"경기지역 주력산업 신 성장 미래일자리창출 일자리 창출 247개", text)
        # the multi-year view: 2017–2020 cumulative 1,640 jobs and 1,162 people trained
        assert re.search(r"2020 [\d,]+ 510 [\d,]+ 1,640 [\d,]+ 362 1,162", text), text[-1500:]
    for kind in ("plan", "results"):
        wb = report(tmp_path, 2021, "경기도", kind, "xlsx")
        summary = values(wb, "지표별 요약")
        assert row_of(summary, "일자리 창출")[2] == 658
        assert row_of(summary, "교육 수료")[2] == 285
        series = values(wb, "다년도 누적")
        assert row_of(series, 2020)[4] == 1_640 and row_of(series, 2020)[7] == 1_162
    plan = Plan.objects.get(organisation__name="경기도", year=2021)
    page = client_for(official).get("/programs/", {"plan": plan.pk}).content.decode()
    assert "교육 수료" in page and "285명" in page and "658개" in page
    assert "1,640" in page and "1,162" in page


def test_incheon_package_5_years_477_eok_7750_jobs(seeded, tmp_path):
    text = report(tmp_path, 2020, "인천광역시", "plan", "pdf")
    assert "뿌리산업 고용안정 선제대응 패키지" in text
    assert "2020–2024년(5년간)" in text and "총 7,750명 고용창출 목표" in text and "총사업비 477억원" in text
    wb = report(tmp_path, 2024, "인천광역시", "results", "xlsx")
    series = values(wb, "다년도 누적")
    assert row_of(series, 2024)[3] == 7_750
    assert "477억원" in series[2][0] and "7,750" in series[2][0]


def test_root_industry_center_2263_jobs_in_4_years(seeded, tmp_path):
    text = report(tmp_path, 2023, "인천 뿌리산업 일자리센터", "results", "pdf")
    assert "뿌리산업 일자리센터 운영" in text and "2020–2023년(4년간)" in text
    assert re.search(r"2023 [\d,]+ 633 [\d,]+ 2,263", text)
    wb = report(tmp_path, 2023, "인천 뿌리산업 일자리센터", "results", "xlsx")
    assert row_of(values(wb, "다년도 누적"), 2023)[4] == 2_263


def test_namdong_24_company_visits_73_suggestions(seeded, tmp_path, client_for, official):
    text = report(tmp_path, 2015, "인천광역시 남동구", "results", "pdf")
    assert re.search(r"기업 방문 24곳 24곳 100.0%", text)
    assert re.search(r"기업 건의 처리 73건 73건 100.0%", text)
    summary = values(report(tmp_path, 2015, "인천광역시 남동구", "results", "xlsx"), "지표별 요약")
    assert row_of(summary, "기업 방문")[2:4] == (24, 24) or list(row_of(summary, "기업 방문")[2:4]) == [
        24,
        24,
    ]
    assert list(row_of(summary, "기업 건의 처리")[2:4]) == [73, 73]
    plan = Plan.objects.get(organisation__name="인천광역시 남동구", year=2015)
    page = client_for(official).get("/programs/", {"plan": plan.pk}).content.decode()
    assert "24곳" in page and "73건" in page
