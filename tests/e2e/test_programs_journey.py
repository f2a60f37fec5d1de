"""Browser journey: a manager defines a plan with targets and records results; an official
sees the dashboard and downloads both reports (checked with openpyxl and pdftotext)."""

import datetime as dt
import io
import subprocess

import pytest
from openpyxl import load_workbook

from iljari.accounts.models import Role
from iljari.programs.models import Organisation, Plan
from tests import factories as f
from tests.conftest import login_in_browser, screenshot
from tests.factories import PlacementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_plans_and_official_reads_the_dashboard_and_reports(page, tmp_path):
    Organisation.objects.create(name="인천 뿌리산업 일자리센터", kind="center")
    f.UserFactory(username="manager_e2e", role=Role.PROGRAM_MANAGER, full_name="박사업")
    f.UserFactory(username="official_e2e", role=Role.OFFICIAL, full_name="최주무관")
    welding = f.EmployerFactory(root_sector="welding")
    for day in (dt.date(2026, 2, 10), dt.date(2026, 3, 5), dt.date(2026, 4, 20)):
        PlacementFactory(employer=welding, hire_date=day)
    PlacementFactory(employer=welding, hire_date=dt.date(2026, 5, 2), status="cancelled")

    login_in_browser(page, "manager_e2e")
    page.goto(page.base_url + "/programs/plans/")
    page.select_option("#id_organisation", label="인천 뿌리산업 일자리센터")
    page.fill("#id_year", "2026")
    page.fill("#id_title", "2026년 일자리 목표 공시")
    page.click("text=계획 만들기 >> nth=-1")
    page.wait_for_load_state("networkidle")
    plan = Plan.objects.get(title="2026년 일자리 목표 공시")
    page.fill("#id_s-name", "취업 연계 및 고용 안정화")
    page.click("#form-strategy button[type=submit]")
    page.fill("#id_p-name", "맞춤형 취업 연계")
    page.select_option("#id_p-program_type", "service")
    page.fill("#id_p-national_budget", "100000000")
    page.click("#form-program button[type=submit]")
    page.fill("#id_j-name", "용접 분야 알선 취업")
    page.fill("#id_j-jobs_target", "12")
    page.click("#form-project button[type=submit]")
    page.wait_for_load_state("networkidle")
    screenshot(page, "programs-plan")
    page.click("text=용접 분야 알선 취업")
    page.select_option("#id_r-root_sector", "welding")
    page.click("#form-rule button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(page.base_url + f"/programs/plans/{plan.pk}/")
    page.click("text=연계 규칙 적용")
    page.wait_for_load_state("networkidle")
    assert "연계된 취업 4건" in page.content() or "규칙으로 연계된 취업 4건" in page.content()
    page.click("text=로그아웃")

    login_in_browser(page, "official_e2e")
    page.goto(page.base_url + f"/programs/?plan={plan.pk}")
    page.wait_for_selector("canvas[data-ready='1']")
    assert page.inner_text("#fig-target").startswith("12")
    assert page.inner_text("#tree-total-result") == "3"  # the cancelled hire drops out
    screenshot(page, "programs-dashboard-official")
    assert page.locator("#form-strategy").count() == 0

    with page.expect_download() as download:
        page.click("#download-results-xlsx")
    xlsx = tmp_path / "results.xlsx"
    download.value.save_as(xlsx)
    ws = load_workbook(io.BytesIO(xlsx.read_bytes()))["추진 실적"]
    assert ws["C5"].value == "용접 분야 알선 취업"
    assert ws["E5"].value == 12 and ws["F5"].value == 3

    with page.expect_download() as download:
        page.click("#download-results-pdf")
    pdf = tmp_path / "results.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    assert "일자리 사업 추진 실적" in text and "용접 분야 알선 취업" in text

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "programs-dashboard-phone")
