"""Reports opened and checked: Excel with openpyxl, PDF text with pdftotext, CSV."""

import csv
import io
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import load_workbook

from iljari.programs import koformat

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_korean_number_formatting():
    assert koformat.man(10562) == "1만562"
    assert koformat.man(7750) == "7,750"
    assert koformat.man(12345) == "1만2,345"
    assert koformat.won(47_700_000_000) == "477억원"
    assert koformat.comma(10562) == "10,562"
    assert koformat.percent_change(0.087) == "+8.7%"
    assert koformat.man(None) == "-"


def test_myriad_grouping_is_korean_only():
    with translation.override("en"):
        assert koformat.man(10562) == "10,562"
        assert koformat.man(47_700_000_000) == "47,700,000,000"
    assert koformat.man(10562) == "1만562"


def test_results_excel_has_formulas_formats_and_the_deduplicated_total(client_for, official, demo_plan):
    response = client_for(official).get(f"/programs/plans/{demo_plan.pk}/report/results.xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["추진 실적"]
    assert ws["A4"].value == "핵심전략" and ws.freeze_panes == "A5"
    rows = {ws.cell(row=r, column=3).value: r for r in range(5, ws.max_row + 1)}
    r = rows["상담사 알선 취업"]
    assert ws.cell(row=r, column=5).value == 10 and ws.cell(row=r, column=6).value == 3
    assert ws.cell(row=r, column=7).value == f'=IF(E{r}=0,"-",F{r}/E{r})'
    assert ws.cell(row=r, column=7).number_format == "0.0%"
    assert ws.cell(row=r, column=5).number_format == "#,##0"
    sum_row = next(
        r for r in range(5, ws.max_row + 1) if ws.cell(row=r, column=1).value == "세부사업 합계(단순 합)"
    )
    assert ws.cell(row=sum_row, column=6).value.startswith("=SUM(F5:F")
    total_row = sum_row + 1
    assert ws.cell(row=total_row, column=1).value == "계획 전체(중복 제외)"
    assert ws.cell(row=total_row, column=6).value == 3  # the shared hire counts once
    monthly = wb["월별 실적"]
    assert monthly.cell(row=5, column=15).value == "=SUM(C5:N5)"


def test_plan_excel_sums_budgets_with_formulas(client_for, program_manager, demo_plan):
    wb = load_workbook(
        io.BytesIO(
            client_for(program_manager).get(f"/programs/plans/{demo_plan.pk}/report/plan.xlsx").content
        )
    )
    ws = wb["연간 계획"]
    assert ws["J5"].value == "=SUM(G5:I5)"
    total = next(r for r in range(5, ws.max_row + 1) if ws.cell(row=r, column=1).value == "합계")
    assert ws.cell(row=total, column=11).value == f"=SUM(K5:K{total - 1})"
    assert sum(ws.cell(row=r, column=11).value for r in range(5, total)) == 20


def test_results_pdf_text_has_the_figures(client_for, official, demo_plan, tmp_path):
    response = client_for(official).get(f"/programs/plans/{demo_plan.pk}/report/results.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "일자리 사업 추진 실적" in text
    assert "상담사 알선 취업" in text
    assert "계획 전체(중복 제외)" in text
    assert "20개" in text


def test_plan_pdf_lists_strategies(client_for, official, demo_plan, tmp_path):
    text = pdf_text(
        client_for(official).get(f"/programs/plans/{demo_plan.pk}/report/plan.pdf").content, tmp_path
    )
    assert "취업 연계 및 고용 안정화" in text and "뿌리산업 인식개선" in text


def test_csv_report_reconciles(client_for, official, demo_plan):
    body = (
        client_for(official)
        .get(f"/programs/plans/{demo_plan.pk}/report/results.csv")
        .content.decode("utf-8-sig")
    )
    rows = list(csv.DictReader(io.StringIO(body)))
    by_project = {r["세부사업"]: r for r in rows}
    assert by_project["상담사 알선 취업"]["일자리실적"] == "3"
    assert by_project["동행면접 취업"]["일자리실적"] == "1"
    assert by_project["현장훈련 후 취업"]["일자리실적"] == "0"
    assert rows[-1]["핵심전략"] == "계획 전체(중복 제외)" and rows[-1]["일자리실적"] == "3"


def test_unknown_report_format_is_404(client_for, official, demo_plan):
    assert client_for(official).get(f"/programs/plans/{demo_plan.pk}/report/results.docx").status_code == 404
    assert client_for(official).get(f"/programs/plans/{demo_plan.pk}/report/secret.xlsx").status_code == 404


def test_seeker_cannot_download_reports(client_for, seeker, demo_plan):
    assert (
        client_for(seeker.user).get(f"/programs/plans/{demo_plan.pk}/report/results.xlsx").status_code == 403
    )


@pytest.mark.parametrize("fmt", ["xlsx", "pdf", "csv"])
def test_report_command_writes_each_format(demo_plan, tmp_path, fmt):
    out = tmp_path / f"r.{fmt}"
    call_command(
        "report", "programs", "--year", "2026", "--format", fmt, "--out", str(out), "--as-of", "2026-12-31"
    )
    data = out.read_bytes()
    if fmt == "xlsx":
        assert load_workbook(io.BytesIO(data))["추진 실적"]["A4"].value == "핵심전략"
    elif fmt == "pdf":
        assert "상담사 알선 취업" in pdf_text(data, tmp_path)
    else:
        assert "상담사 알선 취업" in data.decode("utf-8-sig")


def test_report_command_needs_org_when_a_year_has_several_plans(demo_plan, organisation, tmp_path):
    from tests.factories import PlanFactory

    PlanFactory(year=2026, organisation=organisation)
    with pytest.raises(CommandError, match="--org"):
        call_command(
            "report", "programs", "--year", "2026", "--format", "csv", "--out", str(tmp_path / "x.csv")
        )
    call_command(
        "report",
        "programs",
        "--year",
        "2026",
        "--org",
        organisation.name,
        "--kind",
        "plan",
        "--format",
        "csv",
        "--out",
        str(tmp_path / "x.csv"),
    )
    assert (tmp_path / "x.csv").exists()
    with pytest.raises(CommandError):
        call_command(
            "report", "programs", "--year", "1999", "--format", "csv", "--out", str(tmp_path / "y.csv")
        )
