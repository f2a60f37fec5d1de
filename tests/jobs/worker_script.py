"""Run as a separate process by test_worker_killed: ``python worker_script.py setup|start|worker``
against the SQLite file in DATABASE_URL, with the test job kinds registered."""

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iljari.settings")
django.setup()

from django.core.management import call_command  # noqa: E402

from iljari.jobs.registry import JobOutcome, register  # noqa: E402


def slow(ctx):
    for i in range(1, 600):
        ctx.progress(done=i, total=600, message=f"{i}번째", force=True)
        time.sleep(0.1)
    return JobOutcome(summary="끝")


def quick(ctx):
    return JobOutcome(summary="바로 끝")


register("test.slow", label="test.slow", run=slow)
register("test.quick", label="test.quick", run=quick)

if __name__ == "__main__":
    what = sys.argv[1]
    if what == "start":  # start a job of the given kind, print its id
        from iljari.accounts.models import User
        from iljari.jobs.actions import do_start_job

        user, _ = User.objects.get_or_create(username="killer", defaults={"role": "counselor"})
        job, _ = do_start_job(kind=sys.argv[2], target=sys.argv[3], owner=user)
        print(job.pk)
    elif what == "worker":
        call_command("db_worker", "--no-startup-delay", "--interval", "0.2", "--no-reload", verbosity=0)
