"""Job kinds used only by the tests, and a one-pass worker run."""

import datetime as dt

from django.utils import timezone

from iljari.jobs.models import Job
from iljari.jobs.registry import KINDS, JobOutcome, register


def run_worker(monkeypatch) -> None:
    """One pass of the real ``iljari db_worker --batch`` inside the test transaction (see
    tests/referrals/helpers.py for why the connection hygiene step is disabled)."""
    from tests.referrals.helpers import run_db_worker

    run_db_worker(monkeypatch)


def end_lease(job: Job, seconds_ago: int = 1) -> None:
    """As if the job's worker had stopped reporting long enough for the lease to run out."""
    Job.objects.filter(pk=job.pk).update(lease_until=timezone.now() - dt.timedelta(seconds=seconds_ago))


class Killed(BaseException):
    """Stands for SIGKILL: it passes every ``except Exception`` of the runner, as a killed
    process would — the job row is left as the dead worker left it."""


def registered(key, run, **kw):
    kind = register(key, label=key, run=run, **kw)
    return kind


def unregister(*keys):
    for key in keys:
        KINDS.pop(key, None)


def counting_run(steps=5, peek=None):
    def run(ctx):
        for i in range(1, steps + 1):
            keep = ctx.progress(
                done=i, total=steps, message=f"{i}번째 처리 중", figure=f"최선 {i * 10}", force=True
            )
            if peek is not None:
                peek(ctx, i)
            if not keep:
                return JobOutcome(summary=f"{i}건에서 멈춤", cancelled=True)
        return JobOutcome(summary=f"{steps}건 처리", url="/", label="결과", data={"lines": ["줄 하나"]})

    return run
