"""Printable and downloadable outputs: QR codes, schedule PDFs (WeasyPrint), report Excel."""

from __future__ import annotations

import base64
import io

import qrcode
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from iljari.core.spreadsheet import append


def qr_png(data: str, box_size: int = 6) -> bytes:
    qr = qrcode.QRCode(border=2, box_size=box_size, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(data)
    qr.make(fit=True)
    img = qr.make_image(fill_color="black", back_color="white")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def qr_data_uri(data: str) -> str:
    return "data:image/png;base64," + base64.b64encode(qr_png(data)).decode("ascii")


def pdf_from_template(template: str, context: dict, base_url: str = "") -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html, base_url=base_url or None).write_pdf()


def report_xlsx(report: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    event = report["event"]
    fig = report["figures"]
    wb = Workbook()
    ws = wb.active
    ws.title = _("요약")
    append(ws, [event.title])
    ws["A1"].font = Font(bold=True, size=14)
    append(ws, [_("행사일"), event.date.isoformat()])
    append(ws, [_("장소"), event.venue or event.video_url])
    append(ws, [])
    rows = [
        (_("참여기업"), fig["companies"]),
        (_("사전 등록 구직자"), fig["registered"]),
        (_("현장 접수"), fig["walk_ins"]),
        (_("입장 확인"), fig["checked_in"]),
        (_("배정 면접"), fig["scheduled"]),
        (_("불참"), fig["no_shows"]),
        (_("1차 면접"), fig["first_interviews"]),
        (_("2차 면접"), fig["second_interviews"]),
        (_("현장 채용"), fig["hires"]),
    ]
    for row in rows:
        append(ws, list(row))
    append(ws, [])
    append(ws, [report["summary"]])
    ws.column_dimensions["A"].width = 24
    ws2 = wb.create_sheet(_("기업별"))
    append(ws2, [_("부스"), _("기업"), _("면접관"), _("배정"), _("1차 면접"), _("2차 면접"), _("채용")])
    for c in ws2[1]:
        c.font = Font(bold=True)
    for r in report["per_company"]:
        append(
            ws2,
            [
                r["booth"],
                r["company"],
                r["interviewers"],
                r["scheduled"],
                r["first"],
                r["second"],
                r["hired"],
            ],
        )
    ws2.column_dimensions["B"].width = 28
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
