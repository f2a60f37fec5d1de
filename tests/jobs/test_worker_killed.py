"""A real worker process killed (SIGKILL) mid-job, then restarted: the job ends up failed by
its lease, never left "running" — on a SQLite file shared by separate processes."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.db_template import migrated_sqlite_file

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = str(Path(__file__).with_name("worker_script.py"))


def wait_for(check, seconds=120.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_a_killed_and_restarted_worker_never_leaves_a_job_running(tmp_path):
    db = tmp_path / "jobs.sqlite3"
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{db}",
        PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        ILJARI_JOB_LEASE_SECONDS="3",
        ILJARI_VAR_DIR=str(tmp_path / "var"),
        LOG_LEVEL="WARNING",
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    python = sys.executable
    migrated_sqlite_file(db)  # what `iljari migrate` leaves, without running every migration again

    def run(*args) -> str:
        return subprocess.run(
            [python, SCRIPT, *args], env=env, check=True, cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()

    def row(job_id):
        with sqlite3.connect(db) as conn:
            return conn.execute(
                "select status, done, error, finished_at from jobs_job where id = ?", (job_id,)
            ).fetchone()

    slow = int(run("start", "test.slow", "thing:1"))
    worker = subprocess.Popen([python, SCRIPT, "worker"], env=env, cwd=ROOT)
    try:
        wait_for(lambda: row(slow)[0] == "running" and row(slow)[1] >= 3)
    finally:
        worker.send_signal(signal.SIGKILL)  # killed mid-job: no chance to say so
        worker.wait(timeout=30)
    status, done, _, finished = row(slow)
    assert status == "running" and finished is None  # as the dead worker left it
    time.sleep(4)  # the lease (3 s) runs out

    restarted = subprocess.Popen([python, SCRIPT, "worker"], env=env, cwd=ROOT)
    try:
        quick = int(run("start", "test.quick", "thing:2"))
        wait_for(lambda: row(quick)[0] == "succeeded")
    finally:
        restarted.send_signal(signal.SIGTERM)
        restarted.wait(timeout=30)
    status, done_after, error, finished = row(slow)
    assert status == "failed" and finished is not None and "응답하지 않아" in error
    assert done_after == done  # nothing ran it further
    # and the object is free again: a new job of the kind starts
    again = int(run("start", "test.slow", "thing:1"))
    assert again != slow and row(again)[0] == "queued"
