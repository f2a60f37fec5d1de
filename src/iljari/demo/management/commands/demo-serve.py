"""iljari demo-serve ADDR — the demo's web server (runserver) and task worker side by side, so the
messages the pages promise are sent; Ctrl-C (or SIGTERM) stops both."""

import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the development web server and the task worker together (make demo)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, **options):
        iljari = os.path.join(os.path.dirname(sys.executable), "iljari")
        web_cmd = [iljari, "runserver", "--noreload", options["addrport"]]
        worker_cmd = [iljari, "db_worker", "--no-reload", "--interval", "1"]
        web = subprocess.Popen(web_cmd)  # noqa: S603 - our own commands
        worker = subprocess.Popen(worker_cmd)  # noqa: S603
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"web server pid {web.pid}, task worker pid {worker.pid} (Ctrl-C stops both)")
        try:
            while not stopping and web.poll() is None:
                if worker.poll() is not None:
                    self.stderr.write(f"task worker exited with {worker.returncode}; restarting")
                    time.sleep(1)
                    worker = subprocess.Popen(worker_cmd)  # noqa: S603
                time.sleep(0.5)
        finally:
            for proc in (worker, web):
                if proc.poll() is None:
                    proc.terminate()
            for proc in (worker, web):
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
