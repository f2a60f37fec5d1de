"""iljari serve — production-style: migrate, collect static files, then run gunicorn
(WhiteNoise serves /static/) and the task-queue worker (`iljari db_worker`), restarting the
worker if it dies, until SIGTERM/SIGINT."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run gunicorn and the task worker (production-style)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=f"127.0.0.1:{settings.PORT}")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "4")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("THREADS", "1")))
        parser.add_argument("--no-worker", action="store_true", help="do not start the task worker")
        parser.add_argument("--skip-setup", action="store_true", help="no migrate/collectstatic")

    def handle(self, *args, **options):
        if not options["skip_setup"]:
            call_command("migrate", interactive=False, verbosity=0)
            call_command("collectstatic", interactive=False, verbosity=0)
        bindir = os.path.dirname(sys.executable)
        gunicorn = [
            os.path.join(bindir, "gunicorn"),
            "iljari.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--timeout",
            "30",
            "--graceful-timeout",
            "20",
            # a recycled worker loads the search index and text models again (seconds of CPU)
            "--max-requests",
            "50000",
            "--max-requests-jitter",
            "5000",
            "--forwarded-allow-ips",
            os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]
        worker_cmd = [os.path.join(bindir, "iljari"), "db_worker", "--no-reload", "--interval", "0.5"]
        web = subprocess.Popen(gunicorn, env={**os.environ, "ILJARI_WARM_UP": "1"})  # noqa: S603
        worker = None if options["no_worker"] else subprocess.Popen(worker_cmd)  # noqa: S603
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"serving on http://{options['bind']} (gunicorn pid {web.pid})")
        try:
            while not stopping:
                if web.poll() is not None:
                    self.stderr.write(f"gunicorn exited with {web.returncode}")
                    break
                if worker is not None and worker.poll() is not None:
                    self.stderr.write(f"task worker exited with {worker.returncode}; restarting")
                    time.sleep(1)
                    worker = subprocess.Popen(worker_cmd)  # noqa: S603
                time.sleep(0.5)
        finally:
            for proc in (worker, web):
                if proc is not None and proc.poll() is None:
                    proc.terminate()
            for proc in (worker, web):
                if proc is not None:
                    try:
                        proc.wait(timeout=25)
                    except subprocess.TimeoutExpired:
                        proc.kill()
        return None
