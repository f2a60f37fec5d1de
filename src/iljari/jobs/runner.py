"""Running one job inside the task queue's worker, with progress reports and a lease.

Nothing here wraps the whole job in a transaction: each progress report is its own small
update, committed at once, so the job's page sees it while the work goes on. The kind's
runner keeps its own writes atomic.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .actions import lease_seconds, notify_finished
from .models import Job, JobStatus
from .registry import JobOutcome, get_kind

logger = logging.getLogger(__name__)

#: Progress rows are written at most this often (seconds); the last report is never lost.
MIN_REPORT_INTERVAL = 0.5


class JobCancelled(Exception):
    """Raised by :meth:`JobContext.check_cancelled` when the owner asked to stop."""


class JobContext:
    """What a runner gets: the job's parameters and a way to report progress."""

    def __init__(self, job: Job):
        self.job = job
        self.params = job.params
        self.owner = job.owner
        self.cancelled = False
        self._lease = lease_seconds(job.kind)
        self._last_write = 0.0

    def extend_lease(self, seconds: float) -> None:
        """Before a step that reports rarely (a long solve): keep the job alive that long."""
        until = timezone.now() + dt.timedelta(seconds=seconds + self._lease)
        Job.objects.filter(pk=self.job.pk).update(lease_until=until, heartbeat_at=timezone.now())

    def progress(
        self,
        done: int | None = None,
        total: int | None = None,
        message: str | None = None,
        figure: str | None = None,
        force: bool = False,
    ) -> bool:
        """Report progress; returns ``False`` once the owner asked to cancel (then stop soon)."""
        now = time.monotonic()
        fields: dict = {}
        if done is not None:
            self.job.done = max(0, int(done))
            fields["done"] = self.job.done
        if total is not None:
            self.job.total = max(0, int(total))
            fields["total"] = self.job.total
        if message is not None:
            self.job.message = str(message)[:300]
            fields["message"] = self.job.message
        if figure is not None:
            self.job.figure = str(figure)[:300]
            fields["figure"] = self.job.figure
        if not force and now - self._last_write < MIN_REPORT_INTERVAL:
            return not self.cancelled
        self._last_write = now
        stamp = timezone.now()
        fields |= {
            "done": self.job.done,
            "total": self.job.total,
            "message": self.job.message,
            "figure": self.job.figure,
            "heartbeat_at": stamp,
        }
        # renew the lease, never shorten one that extend_lease() set for a long step
        Job.objects.filter(pk=self.job.pk).update(**fields)
        Job.objects.filter(pk=self.job.pk, lease_until__lt=stamp + dt.timedelta(seconds=self._lease)).update(
            lease_until=stamp + dt.timedelta(seconds=self._lease)
        )
        if Job.objects.filter(pk=self.job.pk, cancel_requested=True).exists():
            self.cancelled = True
        return not self.cancelled

    def save_file(self, name: str, body: bytes, content_type: str) -> str:
        """Keep a result file (outside the web root) for the job's owner; returns its download
        URL (``/tasks/<id>/file/``, which checks who asks)."""
        from .files import save_result_file

        return save_result_file(self.job, name, body, content_type)

    def check_cancelled(self) -> None:
        if self.cancelled or Job.objects.filter(pk=self.job.pk, cancel_requested=True).exists():
            self.cancelled = True
            raise JobCancelled


def _claim(job_id: int) -> Job | None:
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != JobStatus.QUEUED:
            return None  # cancelled before it started, or a duplicate delivery of the task
        now = timezone.now()
        job.status = JobStatus.RUNNING
        job.started_at = now
        job.heartbeat_at = now
        job.lease_until = now + dt.timedelta(seconds=lease_seconds(job.kind))
        job.attempts += 1
        job.message = _("시작했습니다.")
        job.save(update_fields=["status", "started_at", "heartbeat_at", "lease_until", "attempts", "message"])
        return job


def _finish(job: Job, status: str, *, outcome: JobOutcome | None = None, error: str = "") -> Job:
    now = timezone.now()
    fields: dict = {"status": status, "finished_at": now, "heartbeat_at": now, "error": error[:4000]}
    if outcome is not None:
        kept = {
            k: v
            for k, v in (Job.objects.filter(pk=job.pk).values_list("result", flat=True).first() or {}).items()
            if k == "file"
        }
        fields |= {
            "result": {**kept, "summary": outcome.summary, **outcome.data},
            "result_url": outcome.url[:300],
            "result_label": str(outcome.label)[:200],
        }
        if outcome.summary:
            fields["message"] = str(outcome.summary)[:300]
    elif status == JobStatus.CANCELLED:
        fields["message"] = _("취소했습니다.")
    elif status == JobStatus.FAILED:
        fields["message"] = _("실패했습니다.")
    # the last progress report may have been held back (MIN_REPORT_INTERVAL): write what is known
    fields["total"] = job.total
    fields["done"] = job.total if (status == JobStatus.SUCCEEDED and job.total) else job.done
    # A job its lease had already failed (a slow, not a dead, worker) still gets its real end.
    Job.objects.filter(pk=job.pk, status__in=[JobStatus.RUNNING, JobStatus.FAILED]).update(**fields)
    job.refresh_from_db()
    notify_finished(job)
    return job


def run(job_id: int) -> str:
    """Run the job (called by ``tasks.run_job`` in the worker); returns its final status."""
    job = _claim(job_id)
    if job is None:
        existing = Job.objects.filter(pk=job_id).values_list("status", flat=True).first()
        return existing or "missing"
    kind = get_kind(job.kind)
    if kind is None:
        return _finish(job, JobStatus.FAILED, error=_("알 수 없는 작업 종류입니다.")).status
    ctx = JobContext(job)
    try:
        outcome = kind.run(ctx)
    except JobCancelled:
        return _finish(job, JobStatus.CANCELLED).status
    except ValidationError as exc:
        return _finish(job, JobStatus.FAILED, error=" ".join(exc.messages)).status
    except Exception as exc:  # noqa: BLE001 — any error ends the job as failed, with its name
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        message = _("예기치 않은 오류로 작업이 실패했습니다: %(error)s") % {"error": type(exc).__name__}
        return _finish(job, JobStatus.FAILED, error=message).status
    status = JobStatus.CANCELLED if (outcome.cancelled or ctx.cancelled) else JobStatus.SUCCEEDED
    return _finish(job, status, outcome=outcome).status
