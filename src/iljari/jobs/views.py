"""A job's page (updates itself with htmx; a plain refresh link without JavaScript), the
cancel button, and "내 작업" — the jobs a person started."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import actions
from .models import Job
from .registry import KINDS

#: Seconds between two polls of a running job's page.
POLL_SECONDS = 2


def _job_for(request, pk: int) -> Job:
    job = get_object_or_404(Job.objects.select_related("owner"), pk=pk)
    if not actions.can_view_job(request.user, job):
        raise Http404  # never tell an outsider that the job exists
    return job


@login_required
def job_detail(request, pk: int):
    actions.expire_stale_jobs()
    job = _job_for(request, pk)
    context = {"job": job, "poll_seconds": POLL_SECONDS}
    if request.headers.get("HX-Request"):
        return render(request, "jobs/_progress.html", context)
    return render(request, "jobs/detail.html", context)


@login_required
@require_POST
def job_cancel(request, pk: int):
    job = _job_for(request, pk)
    if job.owner_id != request.user.pk and not actions.can_view_job(request.user, job):
        raise PermissionDenied
    try:
        actions.do_cancel_job(job=job, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("작업 취소를 요청했습니다."))
    return redirect("jobs:detail", pk=job.pk)


@login_required
def job_file(request, pk: int):
    """The job's result file, as an attachment, to whoever may see the job."""
    from urllib.parse import quote

    from .files import result_file

    job = _job_for(request, pk)
    found = result_file(job)
    if found is None:
        raise Http404
    path, info = found
    response = FileResponse(
        path.open("rb"), content_type=str(info.get("content_type") or "application/octet-stream")
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(path.name)}"
    return response


@login_required
def job_list(request):
    actions.expire_stale_jobs()
    qs = Job.objects.filter(owner=request.user).order_by("-created_at", "-id")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    starts = [
        {"label": kind.label, "url": reverse(kind.start_url)}
        for kind in KINDS.values()
        if kind.start_url and kind.can_start is not None and kind.can_start(request.user)
    ]
    return render(request, "jobs/list.html", {"page": page, "starts": starts})
