"""Queue tasks of the notifications app (django-tasks, database backend)."""

from django_tasks import task


@task()
def send_delivery(delivery_id: int) -> str:
    from .actions import deliver

    return deliver(delivery_id)


@task()
def send_due_reminders() -> dict:
    """Periodic: interview reminders for tomorrow and follow-up reminders due today (idempotent)."""
    from iljari.referrals.reminders import send_due_reminders as run

    return run()
