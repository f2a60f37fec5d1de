"""The load-and-faults scenario at CI size: a real `iljari serve` (gunicorn + task worker) on
127.0.0.1, a few seconds of searching, applying and referring, the task worker killed mid-run.
PostgreSQL when the suite runs on it (no PostgreSQL restart here), else a SQLite file."""

import io
import json
import os
from contextlib import redirect_stdout

import pytest

from bench.load import main

pytestmark = pytest.mark.slow


def test_small_load_run_has_no_errors_and_exact_counts():
    args = ["--duration", "6", "--visitors", "2", "--seekers", "1", "--counselors", "1", "--workers", "2"]
    args += ["--applications", "300", "--referrals", "60", "--tasks", "5", "--no-pg-restart"]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        args += ["--database", f"ilj_load_ci_{os.getpid()}"]
    else:
        args += ["--sqlite"]
    out = io.StringIO()
    with redirect_stdout(out):
        status = main(args)
    figures = json.loads(out.getvalue()[out.getvalue().index("{") :])
    assert figures["errors"] == 0, figures["error_samples"]
    assert figures["applications_acknowledged"] > 0
    assert figures["applications_missing_in_db"] == 0
    assert figures["application_duplicates"] == 0
    assert figures["applications_in_db_new"] == figures["applications_acknowledged"]
    assert figures["referrals_missing_in_db"] == 0
    assert figures["queue_resumed"], figures["queued_tasks_during_outage"]
    assert any("killed task worker" in f["event"] for f in figures["faults"])
    assert status == 0
