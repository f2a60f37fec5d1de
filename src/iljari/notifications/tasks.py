"""Queue tasks of the notifications app (django-tasks, database backend)."""

from django_tasks import task


@task()
def send_delivery(delivery_id: int) -> str:
    from .actions import deliver

    return deliver(delivery_id)
