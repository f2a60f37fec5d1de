"""/api/privacy/: the access log for the privacy officer, and the data subject's own export."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Query, Router, Schema
from pydantic import Field

from iljari.accounts.permissions import has_capability
from iljari.accounts.privacy import export_personal_data
from iljari.core.validators import clean_text

from .actions import log_access
from .chain import check as check_chain
from .models import AccessAction
from .queries import search_access_log

router = Router(tags=["privacy"])


class AccessLogFilter(Schema):
    actor: str = Field("", max_length=150)
    subject: str = Field("", max_length=150)
    action: AccessAction | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=1_000_000)


class AccessLogRow(Schema):
    id: int
    at: dt.datetime
    actor: str
    action: str
    subject_type: str
    subject_id: str
    subject_label: str
    fields: str
    purpose: str
    ip_address: str | None
    count: int
    row_hash: str


class AccessLogPage(Schema):
    total: int
    items: list[AccessLogRow]


class ChainStatus(Schema):
    intact: bool
    broken_id: int | None
    # "" (intact), "sequence" (a row missing or inserted), "edited" (a row's content changed),
    # "truncated" (the newest rows are gone: the anchor outside the database names a later
    # head), "anchor" (the anchor file itself was altered)
    reason: str
    rows: int


def _officer(request):
    if not has_capability(request.user, "view_access_log"):
        raise PermissionDenied(_("개인정보 보호책임자만 접속기록을 볼 수 있습니다."))


def _clean(text: str) -> str:
    return clean_text(text).replace("\x00", "")


@router.get("/access-log", response=AccessLogPage, summary="개인정보 접속기록 검색")
def access_log(request, filters: Query[AccessLogFilter]):
    _officer(request)
    rows = search_access_log(
        actor=_clean(filters.actor),
        subject=_clean(filters.subject),
        action=filters.action or "",
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
    total = rows.count()
    items = [
        AccessLogRow(
            id=row.pk,
            at=row.at,
            actor=row.actor_label,
            action=row.action,
            subject_type=row.subject_type,
            subject_id=row.subject_id,
            subject_label=row.subject_label,
            fields=row.fields,
            purpose=row.get_purpose_display(),
            ip_address=row.ip_address,
            count=row.count,
            row_hash=row.row_hash,
        )
        for row in rows[filters.offset : filters.offset + filters.limit]
    ]
    return {"total": total, "items": items}


@router.get("/access-log/verify", response=ChainStatus, summary="접속기록 해시 체인 검증")
def access_log_verify(request):
    _officer(request)
    report = check_chain()
    return {
        "intact": report.intact,
        "broken_id": report.broken_id,
        "reason": report.reason,
        "rows": report.rows,
    }


@router.get("/me", response=dict, summary="내 정보 열람 (정보주체의 전체 개인정보)")
def my_data(request):
    data = export_personal_data(request.user)
    log_access(
        actor=request.user,
        action="export",
        subject=request.user,
        fields="전체 개인정보",
        purpose=gettext_noop("정보주체 열람 청구(API)"),
        request=request,
    )
    return data
