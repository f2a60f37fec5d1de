"""Background work of the accounts app (registered with iljari.jobs): the data-subject export
(정보주체 열람 청구) as a file — for a person with a long history a large document — that only
its owner can download."""

from __future__ import annotations

import json

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from iljari.audit.actions import log_access
from iljari.jobs.registry import JobOutcome, register

from .privacy import export_personal_data

KIND_EXPORT = "accounts.export"


def target_of(user) -> str:
    return f"accounts.export:user:{user.pk}"


def run_export(ctx) -> JobOutcome:
    user = ctx.owner
    if user is None:
        raise ValueError("an export needs its owner")
    ctx.progress(done=0, total=2, message=_("개인정보를 모으는 중입니다."), force=True)
    data = export_personal_data(user)
    ctx.progress(done=1, total=2, message=_("파일을 만드는 중입니다."), force=True)
    body = json.dumps(data, ensure_ascii=False, indent=2).encode()
    stamp = timezone.localdate().strftime("%Y%m%d")
    url = ctx.save_file(f"iljari-my-data-{stamp}.json", body, "application/json; charset=utf-8")
    log_access(
        actor=user,
        action="export",
        subject=user,
        fields="전체 개인정보",
        purpose=gettext_noop("정보주체 열람 청구(내려받기)"),
    )
    ctx.progress(done=2, total=2, force=True)
    return JobOutcome(
        summary=_("내 정보 파일을 만들었습니다(%(kb)s KB).") % {"kb": f"{len(body) / 1024:,.0f}"},
        url=url,
        label=_("내 정보 내려받기 (JSON)"),
    )


register(KIND_EXPORT, label=gettext_lazy("내 정보 내려받기 파일 만들기"), run=run_export)  # owner only
