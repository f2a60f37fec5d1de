"""Background work of the vacancies app (registered with iljari.jobs): importing a 고용24 XML
uploaded on the web page, with the created / updated / refused report as the result."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iljari.accounts.permissions import has_capability
from iljari.jobs.actions import do_start_job
from iljari.jobs.registry import JobOutcome, register

from .importer import MAX_BYTES, import_vacancies_xml

KIND_IMPORT = "vacancies.import"
IMPORT_DIR = "imports"


def _import_path(name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / IMPORT_DIR / name


def do_start_import(*, upload, actor, notify_email: bool = False):
    """Keep the uploaded XML (outside the web root) and queue its import; returns (job, created)."""
    if upload is None:
        raise ValidationError({"file": _("파일을 선택해 주세요.")}, code="required")
    if not (upload.name or "").lower().endswith(".xml"):
        raise ValidationError({"file": _("고용24 채용정보 XML 파일(.xml)만 올릴 수 있습니다.")}, code="type")
    if upload.size == 0 or upload.size > MAX_BYTES:
        raise ValidationError({"file": _("파일이 비어 있거나 너무 큽니다 (최대 20MB).")}, code="size")
    head = upload.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    upload.seek(0)
    if not head.startswith(b"<"):
        raise ValidationError({"file": _("XML 파일이 아닙니다.")}, code="type")
    name = f"{uuid.uuid4().hex}.xml"
    path = _import_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    job, created = do_start_job(
        kind=KIND_IMPORT,
        target=f"vacancies.import:user:{actor.pk}",  # one import per person at a time
        owner=actor,
        target_label=(upload.name or "")[:200],
        params={"file": name},
        notify_email=notify_email,
    )
    if not created:
        path.unlink(missing_ok=True)
    return job, created


def run_import(ctx) -> JobOutcome:
    path = _import_path(Path(ctx.params["file"]).name)
    if not path.is_file():
        raise ValidationError(_("올린 파일을 찾을 수 없습니다. 다시 올려 주세요."))
    try:
        data = path.read_bytes()

        def progress(done: int, total: int) -> bool:
            return ctx.progress(
                done=done, total=total, message=_("공고 %(d)s / %(t)s건 처리") % {"d": done, "t": total}
            )

        report = import_vacancies_xml(data, actor=ctx.owner, progress=progress)
    finally:
        path.unlink(missing_ok=True)
    summary = _("새로 등록 %(c)s건 · 갱신 %(u)s건 · 거부 %(r)s건") % {
        "c": len(report.created),
        "u": len(report.updated),
        "r": len(report.refused),
    }
    rows = (
        [[_("새로 등록"), label, ""] for label in report.created]
        + [[_("갱신"), label, ""] for label in report.updated]
        + [[_("거부"), key, reason] for key, reason in report.refused]
    )
    return JobOutcome(
        summary=summary,
        data={
            "lines": [_("%(n)s번째 공고에서 멈췄습니다.") % {"n": report.stopped_at}]
            if report.stopped_at
            else [],
            "rows": rows[:2000],
            "rows_caption": _("가져오기 결과"),
            "rows_header": [_("결과"), _("공고"), _("사유")],
        },
        cancelled=report.stopped_at is not None,
    )


def can_import(user) -> bool:
    return has_capability(user, "approve_vacancy")


register(
    KIND_IMPORT,
    label=gettext_lazy("고용24 공고 가져오기"),
    run=run_import,
    start_url="vacancies:import",
    can_start=can_import,
)  # an import's report is its owner's alone
