"""Task backends and a one-pass task worker for the services tests (referrals, counseling,
support, notifications); their data come from tests/factories.py."""

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_db_worker(monkeypatch) -> None:
    """Run ``iljari db_worker --batch`` inside the test transaction.

    The worker closes "old" connections between tasks (right for a long-running process); on
    PostgreSQL that would close the test's own transaction, so only that hygiene step is disabled.
    """
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
