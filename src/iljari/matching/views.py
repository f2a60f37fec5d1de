"""'지금 매칭 실행': a manager starts the batch matching as a background job."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from iljari.jobs.actions import active_job, do_start_job

from .jobkinds import KIND_BATCH, TARGET, can_run_matching
from .models import MatchRun


@login_required
def run_now(request):
    if not can_run_matching(request.user):
        raise PermissionDenied(_("매칭을 실행할 권한이 없습니다."))
    if request.method == "POST":
        job, created = do_start_job(
            kind=KIND_BATCH,
            target=TARGET,
            owner=request.user,
            target_label=_("전체 구직자·공고"),
            notify_email=request.POST.get("notify_email") == "1",
        )
        if not created:
            messages.info(request, _("매칭이 이미 실행 중입니다. 진행 중인 작업을 보여 드립니다."))
        return redirect("jobs:detail", pk=job.pk)
    context = {"last": MatchRun.objects.order_by("-pk").first(), "running": active_job(KIND_BATCH, TARGET)}
    return render(request, "matching/run.html", context)
