"""Background work of the programs app (registered with iljari.jobs): building a plan's report
(Excel, PDF, CSV) — for large plans a matter of tens of seconds — as a file to download."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iljari.jobs.registry import JobOutcome, register

from . import reports
from .models import Plan
from .permissions import can_view_programs
from .results.plan import plan_report

KIND_REPORT = "programs.report"


def target_of(plan: Plan, kind: str, fmt: str) -> str:
    return f"programs.plan:{plan.pk}:{kind}.{fmt}"


def run_report(ctx) -> JobOutcome:
    plan = Plan.objects.select_related("organisation").get(pk=ctx.params["plan"])
    kind, fmt = ctx.params["kind"], ctx.params["fmt"]
    ctx.progress(done=0, total=3, message=_("실적을 집계하는 중입니다."), force=True)
    report = plan_report(plan)
    ctx.check_cancelled()
    ctx.progress(done=1, total=3, message=_("보고서 파일을 만드는 중입니다."), force=True)
    body, content_type = reports.render(report, kind, fmt)
    ctx.check_cancelled()
    ctx.progress(done=2, total=3, message=_("파일을 저장하는 중입니다."), force=True)
    name = reports.filename(plan, kind, fmt)
    url = ctx.save_file(name, body, content_type)
    ctx.progress(done=3, total=3, force=True)
    return JobOutcome(
        summary=_("%(name)s을(를) 만들었습니다(%(kb)s KB).")
        % {"name": name, "kb": f"{len(body) / 1024:,.0f}"},
        url=url,
        label=_("보고서 내려받기"),
    )


def can_view(user, job) -> bool:
    return can_view_programs(user)


register(KIND_REPORT, label=gettext_lazy("일자리 사업 보고서 만들기"), run=run_report, can_view=can_view)
