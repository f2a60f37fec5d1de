"""Operational tasks: a no-op heartbeat used to prove the task queue runs (readiness, load test)."""

from django_tasks import task


@task()
def heartbeat(n: int = 0) -> int:
    return n
