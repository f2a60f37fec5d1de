"""The one queue task of the jobs app: run a job row (django-tasks, database backend)."""

from django_tasks import task


@task()
def run_job(job_id: int) -> str:
    from .runner import run

    return run(job_id)
