"""Starting, cancelling and expiring jobs (the running is in ``runner``)."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iljari.notifications.actions import do_notify
from iljari.notifications.models import Channel

from .models import ACTIVE_STATUSES, Job, JobStatus
from .registry import get_kind

logger = logging.getLogger(__name__)


def lease_seconds(kind_key: str) -> int:
    kind = get_kind(kind_key)
    default = int(getattr(settings, "ILJARI_JOB_LEASE_SECONDS", 120))
    return max(default, kind.lease_seconds or 0) if kind else default


def active_job(kind: str, target: str) -> Job | None:
    return Job.objects.filter(kind=kind, target=target, status__in=ACTIVE_STATUSES).first()


def do_start_job(
    *,
    kind: str,
    target: str,
    owner,
    target_label: str = "",
    params: dict | None = None,
    notify_email: bool = False,
) -> tuple[Job, bool]:
    """Queue a job of ``kind`` on ``target``; returns (job, created).

    When a job of that kind is already queued or running on the target, that one is
    returned (created = False) — the database's partial unique constraint decides a race."""
    if get_kind(kind) is None:
        raise ValidationError(_("알 수 없는 작업 종류입니다."), code="unknown_kind")
    expire_stale_jobs(kind=kind, target=target)
    running = active_job(kind, target)
    if running is not None:
        return running, False
    from .tasks import run_job

    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=kind,
                target=target,
                target_label=target_label[:200],
                owner=owner if getattr(owner, "is_authenticated", False) else None,
                params=params or {},
                notify_email=notify_email,
            )
            # queued in the same transaction as the row: both exist, or neither
            job.task_id = str(run_job.enqueue(job.pk).id)[:64]
            job.save(update_fields=["task_id"])
    except IntegrityError:
        running = active_job(kind, target)
        if running is None:  # pragma: no cover - the other one finished in between
            raise
        return running, False
    return Job.objects.get(pk=job.pk), True


@transaction.atomic
def do_cancel_job(*, job: Job, actor) -> Job:
    """A queued job is cancelled at once; a running one is asked to stop (it keeps what it did)."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status not in ACTIVE_STATUSES:
        raise ValidationError(_("이미 끝난 작업은 취소할 수 없습니다."), code="finished")
    now = timezone.now()
    if job.status == JobStatus.QUEUED:
        job.status = JobStatus.CANCELLED
        job.finished_at = now
        job.message = _("시작 전에 취소했습니다.")
        job.cancel_requested = True
        job.save(update_fields=["status", "finished_at", "message", "cancel_requested"])
    else:
        job.cancel_requested = True
        job.message = _("취소를 요청했습니다. 지금까지의 결과를 정리하는 중입니다.")
        job.save(update_fields=["cancel_requested", "message"])
    return job


def expire_stale_jobs(
    *, kind: str | None = None, target: str | None = None, now: dt.datetime | None = None
) -> int:
    """Mark running jobs whose worker stopped reporting (lease over) as failed; returns how many.

    A worker that is killed mid-job cannot say so: its lease, renewed by every progress
    report, runs out and the job is failed here — called before a job is started, when a job
    page or list is read, and whenever the worker starts a task."""
    now = now or timezone.now()
    qs = Job.objects.filter(status=JobStatus.RUNNING, lease_until__lt=now)
    if kind is not None:
        qs = qs.filter(kind=kind)
    if target is not None:
        qs = qs.filter(target=target)
    ids = list(qs.values_list("pk", flat=True)[:100])
    if not ids:
        return 0
    n = Job.objects.filter(pk__in=ids, status=JobStatus.RUNNING, lease_until__lt=now).update(
        status=JobStatus.FAILED,
        finished_at=now,
        error=_(
            "작업 처리기가 응답하지 않아 작업이 중단된 것으로 처리했습니다(처리기 종료 또는 재시작). 다시 실행해 주세요."
        ),
        message=_("중단됨"),
    )
    for job in Job.objects.filter(pk__in=ids, status=JobStatus.FAILED):
        notify_finished(job)
    return n


def expire_stale_jobs_on_task_start(sender=None, **kwargs) -> None:
    try:
        expire_stale_jobs()
    except Exception:  # noqa: BLE001 — never stop the worker's task for this housekeeping
        logger.exception("expiring stale jobs failed")


def notify_finished(job: Job) -> None:
    """Tell the owner that the job ended: in the site (do_notify puts every message in the
    owner's 알림함) and, if they chose, by e-mail."""
    if job.owner_id is None:
        return
    status = JobStatus(job.status).label
    outcome = job.result.get("summary", "") if isinstance(job.result, dict) else ""
    try:
        do_notify(
            template_key="job_finished",
            context={
                "name": job.owner.display_name if job.owner else "",
                "kind": job.kind_label,
                "target": job.target_label,
                "status": str(status),
                "summary": outcome or job.error,
                "url": site_url(f"/tasks/{job.pk}/"),
            },
            user=job.owner,
            channels=(Channel.EMAIL,) if job.notify_email else (),
            dedupe_key=f"job:{job.pk}:{job.status}",
            link=f"/tasks/{job.pk}/",
        )
    except Exception:  # noqa: BLE001 — a failed notice must not undo the job's result
        logger.exception("job %s: notification failed", job.pk)


def site_url(path: str) -> str:
    base = str(getattr(settings, "ILJARI_SITE_URL", "") or "").rstrip("/")
    return f"{base}{path}"


def can_view_job(user, job: Job) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if job.owner_id == user.pk or user.is_superuser:
        return True
    kind = get_kind(job.kind)
    return bool(kind and kind.can_view and kind.can_view(user, job))
