"""Queue tasks of the counseling app (django-tasks, database backend)."""

from django_tasks import task

from .reminders import send_due_reminders as run_due_reminders


@task()
def send_due_reminders() -> dict:
    """Periodic: interview reminders for tomorrow and follow-up reminders due today (idempotent)."""
    return run_due_reminders()
