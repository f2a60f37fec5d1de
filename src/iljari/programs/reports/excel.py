"""The report as an Excel workbook (openpyxl): live formulas (budget totals, achievement rates,
sums) with number formats, a frozen header and a print set-up an official expects."""

import io

from django.utils.translation import gettext as _

from iljari.core.spreadsheet import put

from .. import koformat
from ..models import Metric
from ..results.tree import STATUS_LABELS, PlanReport
from .content import metric_rows, month_headers, plan_rows, plan_series


def to_xlsx(report: PlanReport, kind: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.page import PageMargins

    wb = Workbook()
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="DCE6F5")
    total_fill = PatternFill("solid", fgColor="F2F2F2")
    bold = Font(name="맑은 고딕", bold=True)
    normal = Font(name="맑은 고딕")
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    plan = report.plan

    def sheet(ws, title: str, headers: list[str], widths: list[int]):
        put(ws, 1, 1, title).font = Font(name="맑은 고딕", bold=True, size=14)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        put(ws, 2, 1, f"{plan.organisation.name} · {_('기준일')} {report.as_of:%Y-%m-%d}").font = normal
        for col, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
            cell = put(ws, 4, col, header)
            cell.font, cell.fill, cell.alignment, cell.border = bold, head_fill, center, border
            ws.column_dimensions[get_column_letter(col)].width = width
        ws.freeze_panes = "A5"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.print_title_rows = "4:4"

    def style_row(ws, row: int, ncols: int, number_from: int, fill=None, font=normal):
        for col in range(1, ncols + 1):
            cell = ws.cell(row=row, column=col)
            cell.border, cell.font = border, font
            if fill:
                cell.fill = fill
            if col >= number_from and cell.number_format == "General":
                cell.number_format = "#,##0"

    rows = list(plan_rows(report))
    if kind == "plan":
        ws = wb.active
        ws.title = _("연간 계획")
        headers = [
            _("핵심전략"),
            _("사업"),
            _("세부사업"),
            _("사업 유형"),
            _("담당 부서"),
            _("협력·수행기관"),
            _("국비(원)"),
            _("시비(원)"),
            _("구비(원)"),
            _("사업비 계(원)"),
            _("일자리 목표(개)"),
            _("교육 목표(명)"),
            _("일자리 인정 기준"),
        ]
        sheet(
            ws,
            _("%(year)s년 %(title)s") % {"year": plan.year, "title": plan.title},
            headers,
            [24, 28, 30, 12, 14, 24, 14, 14, 14, 16, 12, 12, 30],
        )
        r = 5
        seen_programs = set()
        for s, _pg, program, pj, project in rows:
            first = program.pk not in seen_programs
            seen_programs.add(program.pk)
            values = [
                s.name,
                program.name,
                project.name,
                program.get_program_type_display(),
                program.department,
                program.partners,
                program.national_budget if first else 0,
                program.city_budget if first else 0,
                program.district_budget if first else 0,
                None,
                pj.targets[Metric.JOBS],
                pj.targets[Metric.TRAINED],
                project.job_definition,
            ]
            for col, value in enumerate(values, start=1):
                put(ws, r, col, value)
            ws.cell(row=r, column=10, value=f"=SUM(G{r}:I{r})")
            style_row(ws, r, len(headers), 7)
            ws.cell(row=r, column=13).number_format = "@"
            r += 1
        last = r - 1
        ws.cell(row=r, column=1, value=_("합계"))
        for col in range(7, 13):
            letter = get_column_letter(col)
            ws.cell(row=r, column=col, value=f"=SUM({letter}5:{letter}{last})" if last >= 5 else 0)
        style_row(ws, r, len(headers), 7, total_fill, bold)
        r += 2
        if report.previous_target:
            ws.cell(row=r, column=1, value=_("전년도 일자리 목표"))
            ws.cell(row=r, column=2, value=report.previous_target).number_format = "#,##0"
            ws.cell(row=r + 1, column=1, value=_("전년 대비 증감률"))
            cell = ws.cell(row=r + 1, column=2, value=f"=K{last + 1}/B{r}-1")
            cell.number_format = "+0.0%;-0.0%;0.0%"
        _monthly_sheet(wb, report, rows, "targets", sheet, style_row, bold, total_fill)
    else:
        ws = wb.active
        ws.title = _("추진 실적")
        headers = [
            _("핵심전략"),
            _("사업"),
            _("세부사업"),
            _("사업 유형"),
            _("일자리 목표(개)"),
            _("일자리 실적(개)"),
            _("달성률"),
            _("연말 전망(개)"),
            _("상태"),
            _("취업자(명)"),
            _("교육 수료(명)"),
            _("참여자(명)"),
            _("예산 집행(원)"),
        ]
        sheet(
            ws,
            _("%(year)s년 %(org)s 일자리 사업 추진 실적")
            % {"year": plan.year, "org": plan.organisation.name},
            headers,
            [24, 28, 30, 12, 13, 13, 10, 13, 8, 11, 11, 11, 16],
        )
        r = 5
        for s, _pg, program, pj, project in rows:
            values = [
                s.name,
                program.name,
                project.name,
                program.get_program_type_display(),
                pj.targets[Metric.JOBS],
                pj.results[Metric.JOBS],
                None,
                pj.forecast,
                str(STATUS_LABELS[pj.status]),
                pj.results[Metric.HIRES],
                pj.results[Metric.TRAINED],
                pj.results[Metric.PARTICIPANTS],
                pj.results[Metric.BUDGET],
            ]
            for col, value in enumerate(values, start=1):
                put(ws, r, col, value)
            ws.cell(row=r, column=7, value=f'=IF(E{r}=0,"-",F{r}/E{r})')
            style_row(ws, r, len(headers), 5)
            ws.cell(row=r, column=7).number_format = "0.0%"
            r += 1
        last = r - 1
        ws.cell(row=r, column=1, value=_("세부사업 합계(단순 합)"))
        for col in (5, 6, 8, 10, 11, 12, 13):
            letter = get_column_letter(col)
            ws.cell(row=r, column=col, value=f"=SUM({letter}5:{letter}{last})" if last >= 5 else 0)
        ws.cell(row=r, column=7, value=f'=IF(E{r}=0,"-",F{r}/E{r})').number_format = "0.0%"
        style_row(ws, r, len(headers), 5, total_fill, bold)
        ws.cell(row=r, column=7).number_format = "0.0%"
        root = report.root
        r += 1
        ws.cell(row=r, column=1, value=_("계획 전체(중복 제외)"))
        ws.cell(row=r, column=3, value=_("두 세부사업에 연계된 취업은 한 번만 셉니다."))
        for col, value in (
            (5, root.targets[Metric.JOBS]),
            (6, root.results[Metric.JOBS]),
            (8, root.forecast),
            (10, root.results[Metric.HIRES]),
            (11, root.results[Metric.TRAINED]),
            (12, root.results[Metric.PARTICIPANTS]),
            (13, root.results[Metric.BUDGET]),
        ):
            put(ws, r, col, value)
        ws.cell(row=r, column=7, value=f'=IF(E{r}=0,"-",F{r}/E{r})')
        put(ws, r, 9, str(STATUS_LABELS[root.status]))
        style_row(ws, r, len(headers), 5, total_fill, bold)
        ws.cell(row=r, column=7).number_format = "0.0%"
        _monthly_sheet(wb, report, rows, "results", sheet, style_row, bold, total_fill)
    _metrics_sheet(wb, report, kind, sheet, style_row, bold)
    _series_sheet(wb, report, sheet, style_row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _metrics_sheet(wb, report, kind, sheet, style_row, bold):
    """Every metric the plan has targets for, as figures (not formulas) an official can quote."""
    ws = wb.create_sheet(_("지표별 요약"))
    headers = [_("지표"), _("단위"), _("목표")]
    if kind == "results":
        headers += [_("실적"), _("달성률")]
    sheet(
        ws,
        _("%(year)s년 지표별 목표와 실적") % {"year": report.plan.year},
        headers,
        [22, 8, 14, 14, 10][: len(headers)],
    )
    r = 5
    for row in metric_rows(report.root):
        values = [row["label"], row["unit"], row["target"]]
        if kind == "results":
            values += [row["result"], row["achievement"]]
        for col, value in enumerate(values, start=1):
            ws.cell(row=r, column=col, value=value)
        style_row(ws, r, len(headers), 3)
        if kind == "results":
            ws.cell(row=r, column=5).number_format = "0.0%"
        r += 1
    strategies = report.nodes("strategy")
    if strategies:
        r += 1
        ws.cell(row=r, column=1, value=_("핵심전략별")).font = bold
        r += 1
        for node in strategies:
            for row in metric_rows(node):
                ws.cell(row=r, column=1, value=f"{node.name} · {row['label']}")
                ws.cell(row=r, column=2, value=row["unit"])
                ws.cell(row=r, column=3, value=row["target"])
                if kind == "results":
                    ws.cell(row=r, column=4, value=row["result"])
                    ws.cell(row=r, column=5, value=row["achievement"]).number_format = "0.0%"
                style_row(ws, r, len(headers), 3)
                r += 1


def _series_sheet(wb, report, sheet, style_row):
    """The multi-year view: year by year and running totals, jobs and people trained."""
    for index, entry in enumerate(plan_series(report.plan)):
        series = entry["series"]
        ws = wb.create_sheet(_("다년도 누적") + (f" {index + 1}" if index else ""))
        headers = [
            _("연도"),
            _("일자리 목표(개)"),
            _("일자리 실적(개)"),
            _("누적 목표(개)"),
            _("누적 실적(개)"),
            _("교육 목표(명)"),
            _("교육 수료(명)"),
            _("누적 수료(명)"),
        ]
        title = _("%(name)s %(start)s–%(end)s년 (%(n)s년간)") % {
            "name": series.name,
            "start": series.start_year,
            "end": series.end_year,
            "n": entry["years"],
        }
        sheet(ws, title, headers, [8, 14, 14, 14, 14, 14, 14, 14])
        ws.cell(
            row=3,
            column=1,
            value=_("총 목표 %(jobs)s개 · 총사업비 %(budget)s")
            % {"jobs": koformat.comma(series.total_jobs_target), "budget": koformat.won(series.total_budget)},
        )
        for r, row in enumerate(entry["rows"], start=5):
            values = [
                row["year"],
                row["target"],
                row["result"],
                row["cum_target"],
                row["cum_result"],
                row["trained_target"],
                row["trained"],
                row["cum_trained"],
            ]
            for col, value in enumerate(values, start=1):
                ws.cell(row=r, column=col, value=value)
            style_row(ws, r, len(headers), 2)


def _monthly_sheet(wb, report, rows, which, sheet, style_row, bold, total_fill):
    ws = wb.create_sheet(_("월별 목표") if which == "targets" else _("월별 실적"))
    headers = [_("핵심전략"), _("세부사업"), *month_headers(), _("합계")]
    title = _("월별 일자리 목표") if which == "targets" else _("월별 일자리 실적")
    sheet(
        ws,
        _("%(year)s년 %(title)s") % {"year": report.plan.year, "title": title},
        headers,
        [24, 30] + [8] * 12 + [11],
    )
    r = 5
    for s, _pg, _program, pj, project in rows:
        if which == "targets":
            months = pj.monthly_targets.get(Metric.JOBS) or [None] * 12
        else:
            months = pj.monthly_results[Metric.JOBS]
        put(ws, r, 1, s.name)
        put(ws, r, 2, project.name)
        for m, value in enumerate(months, start=3):
            ws.cell(row=r, column=m, value=value)
        ws.cell(row=r, column=15, value=f"=SUM(C{r}:N{r})")
        style_row(ws, r, 15, 3)
        r += 1
    if which == "results":
        ws.cell(row=r, column=1, value=_("계획 전체(중복 제외)"))
        for m, value in enumerate(report.root.monthly_results[Metric.JOBS], start=3):
            ws.cell(row=r, column=m, value=value)
        ws.cell(row=r, column=15, value=f"=SUM(C{r}:N{r})")
        style_row(ws, r, 15, 3, total_fill, bold)


# --- PDF -------------------------------------------------------------------------------------
