# ruff: noqa: S603, S607 - runs our own commands (iljari, pg_ctlcluster, ps) with fixed arguments
"""bench/run.py load — the load-and-faults scenario against a production-style server.

It creates, marks and seeds its own PostgreSQL database (``ilj_load`` by default; an existing
database of that name that holds rows without the benchmarks' mark is refused, see
``bench/scratch.py``) or a SQLite file under ``var/bench/``, each a copy of the migrated scratch
template with the reference data (``bench/template.py``), and drops it afterwards; it starts
``iljari serve`` (gunicorn, 4 workers, WhiteNoise, the task worker) on 127.0.0.1 only, and runs
three kinds of users at once for a bounded time:

* visitors searching (``GET /api/vacancies/?q=…`` and the HTML page ``/jobs/?q=…``), each asking
  its next question as soon as the last is answered; the questions mix terms drawn by a Zipf law
  with regions, sort orders and pages (a few hundred different ones, popular ones often),
* seekers applying (``POST /api/applications/`` in a signed-in session, each to a planned vacancy),
  paced together to ``--apply-rate`` a second,
* counselors referring (``POST /referrals/new/`` through the signed-in page, with CSRF), paced to
  ``--refer-rate``.

Mid-run it kills the task worker (``iljari serve`` restarts it) and, unless ``--no-pg-restart``,
restarts PostgreSQL. Requests that meet the outage must fail cleanly (503 with Retry-After or a
refused connection); clients retry them. Afterwards it counts applications and referrals in the
database: every planned one the clients saw succeed must exist exactly once, none twice, each
with its transition-log row, and the tasks queued while the worker was down must have run.
Figures are printed as JSON, with the CPU seconds the web workers, the task worker, PostgreSQL
and the generator itself used (all share the machine's cores), and how many searches were
answered from the server's answer cache (``--no-answer-cache`` turns it off for comparison).
The generator is threads + http.client; loopback only. Its parts: ``load_traffic`` (the users and
what they ask), ``load_inside`` (the steps run in the seeded environment: plan, queued tasks,
count), ``load_cpu`` (where the CPU went); this module starts the server, runs the faults and
reports.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.load_cpu import CpuMeter
from bench.load_inside import count_outcome, enqueue_heartbeats, prepare_plan
from bench.load_traffic import HOST, Stats, run_load

# --- faults ----------------------------------------------------------------------------------------

_serve_proc: subprocess.Popen | None = None
_env: dict = {}


def _worker_pids(parent: int) -> list[int]:
    # -ww: without a terminal ps cuts lines at 80 columns, which can hide "db_worker" in a long path
    out = subprocess.run(
        ["ps", "-ww", "-o", "pid=,ppid=,args=", "-e"], capture_output=True, text=True, check=False
    )
    pids = []
    for line in out.stdout.splitlines():
        parts = line.split(None, 2)
        if len(parts) == 3 and int(parts[1]) == parent and "db_worker" in parts[2]:
            pids.append(int(parts[0]))
    return pids


def _faults(args, started: float, events: list) -> None:
    if args.no_faults or _serve_proc is None:
        return
    time.sleep(max(args.duration * 0.25, 1))
    deadline = time.monotonic() + 30  # on a busy machine the worker may still be starting
    while not _worker_pids(_serve_proc.pid) and time.monotonic() < deadline:
        time.sleep(0.5)
    for pid in _worker_pids(_serve_proc.pid):
        os.kill(pid, signal.SIGKILL)
        events.append({"at_s": round(time.monotonic() - started, 1), "event": f"killed task worker {pid}"})
    # tasks queued while the worker is down must run once it is back
    out = _subprocess_json(["--enqueue", str(args.tasks)])
    events.append({"at_s": round(time.monotonic() - started, 1), "event": f"queued {len(out)} tasks"})
    events.append({"task_ids": out})
    if args.pg_restart and not args.sqlite:
        time.sleep(max(args.duration * 0.25, 1))
        cluster = sorted(os.listdir("/etc/postgresql"))[-1]
        t0 = time.monotonic()
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"],
            check=False,
            capture_output=True,
        )
        events.append(
            {
                "at_s": round(time.monotonic() - started, 1),
                "event": f"restarted PostgreSQL {cluster} ({time.monotonic() - t0:.1f} s)",
            }
        )


# --- orchestration -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def _subprocess_json(extra: list[str]):
    out = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("run.py")), "load", *extra],
        env=_env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _wait_ready(port: int, timeout: float, in_a_row: int = 12) -> None:
    """Until /readyz answers 200 ``in_a_row`` times running: each gunicorn worker answers for
    itself (ready once its warm-up is done), so a run of successes means all are warm."""
    deadline = time.monotonic() + timeout
    ready = 0
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/readyz")
            ready = ready + 1 if conn.getresponse().status == 200 else 0
            conn.close()
            if ready >= in_a_row:
                return
        except OSError:
            ready = 0
        time.sleep(0.05 if ready else 0.3)
    raise RuntimeError("the server did not become ready")


def parse_args(argv: list[str]):
    parser = argparse.ArgumentParser(prog="bench/run.py load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (default 60)")
    parser.add_argument(
        "--visitors", type=int, default=12, help="visitors searching, each as fast as answered"
    )
    parser.add_argument(
        "--seekers", type=int, default=8, help="seekers applying, paced together by --apply-rate"
    )
    parser.add_argument(
        "--apply-rate", type=float, default=35.0, help="applications a second for all seekers (0: unpaced)"
    )
    parser.add_argument("--counselors", type=int, default=1)
    parser.add_argument(
        "--refer-rate", type=float, default=1.0, help="referrals a second for all counselors (0: unpaced)"
    )
    parser.add_argument("--applications", type=int, default=6000, help="planned applications (upper bound)")
    parser.add_argument("--referrals", type=int, default=2000)
    parser.add_argument("--page-share", type=float, default=0.2, help="share of searches on the HTML page")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--tasks", type=int, default=20, help="tasks queued while the worker is down")
    parser.add_argument("--database", default="ilj_load")
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file instead of PostgreSQL (CI size)")
    parser.add_argument(
        "--from-sqlite", help="start from a copy of this seeded SQLite file (implies --sqlite)"
    )
    parser.add_argument("--scale", default="small")
    parser.add_argument("--password", default="iljari-demo-2026")
    parser.add_argument("--no-pg-restart", dest="pg_restart", action="store_false")
    parser.add_argument("--no-faults", action="store_true")
    parser.add_argument(
        "--no-answer-cache",
        dest="answer_cache",
        action="store_false",
        help="serve every search freshly rendered (the server's per-process answer cache off)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    # internal sub-commands run inside the seeded environment
    parser.add_argument("--prepare", nargs=4, type=int, help=argparse.SUPPRESS)
    parser.add_argument("--enqueue", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--count", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    global _serve_proc, _env
    args = parse_args(argv)
    if args.from_sqlite:
        args.sqlite = True
    if args.prepare:
        print(json.dumps(prepare_plan(*args.prepare)))
        return 0
    if args.enqueue is not None:
        print(json.dumps(enqueue_heartbeats(args.enqueue)))
        return 0
    if args.count:
        spec = json.loads(Path(args.count).read_text())
        print(json.dumps(count_outcome(spec["apply"], spec["refer"], spec["tasks"], spec["wait"])))
        return 0
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,40}", args.database):
        print("--database must be a plain lower-case name", file=sys.stderr)
        return 2

    from bench import scratch, template

    conf = scratch.configured()
    pg_server = os.environ.get("BENCH_PG", f"postgres://postgres@{HOST}:5432").rstrip("/")
    (conf.var_dir / "bench").mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="load-", dir=conf.var_dir / "bench"))
    port = _free_port()
    _env = {
        **os.environ,
        "DATABASE_URL": (
            f"sqlite:///{workdir / 'load.sqlite3'}" if args.sqlite else f"{pg_server}/{args.database}"
        ),
        "DEBUG": "0",
        "ILJARI_PRODUCTION": "0",
        "ILJARI_REQUIRE_STAFF_2FA": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ILJARI_VAR_DIR": str(workdir),
        # the text models depend only on the job dictionary: reuse this checkout's built ones
        "ILJARI_MATCHING_CACHE_DIR": str(conf.matching_cache_dir),
        "ILJARI_DATA_DIR": str(conf.data_dir),
        "STATIC_ROOT": str(workdir / "static"),
        "LOG_LEVEL": "WARNING",
        "LOG_FORMAT": "json",
        "DB_CONN_MAX_AGE": "60",
        "AXES_ENABLED": "1",
        "ILJARI_SEARCH_ANSWER_CACHE": "1" if args.answer_cache else "0",
        "PYTHONUNBUFFERED": "1",
    }
    _env.pop("DJANGO_SETTINGS_MODULE", None)
    log_file = open(workdir / "serve.log", "w")  # noqa: SIM115
    stats = Stats()
    events: list = []
    try:
        t0 = time.monotonic()
        # a copy of the migrated template with the reference data (bench/template.py)
        if not args.sqlite:
            pg_template = template.postgres_template(pg_server, conf)
            scratch.prepare_postgres(
                pg_server, args.database, conf.database_url, fresh=True, template=pg_template
            )
        elif not args.from_sqlite:
            sqlite_template = template.sqlite_template(conf)
            scratch.prepare_sqlite(workdir / "load.sqlite3", conf.database_url, template=sqlite_template)
        iljari = _bin("iljari")
        setup = [
            [iljari, "migrate", "--noinput", "-v0"],  # nothing to do unless the template is older
            [iljari, "seed-demo", "--scale", args.scale, "--seed", "7"],
        ]
        if args.from_sqlite:
            shutil.copyfile(args.from_sqlite, workdir / "load.sqlite3")
            scratch.prepare_sqlite(workdir / "load.sqlite3", conf.database_url)
            setup = [[iljari, "migrate", "--noinput", "-v0"]]
        for cmd in setup:
            done = subprocess.run(cmd, env=_env, capture_output=True, text=True, check=False)  # noqa: S603
            if done.returncode != 0:
                raise RuntimeError(f"{' '.join(cmd[1:])} failed:\n{done.stderr[-3000:]}")
        n_seekers = max(args.seekers * 40, 200)
        plan = _subprocess_json(
            ["--prepare", str(n_seekers), str(args.applications), str(args.referrals), "7"]
        )
        setup_s = time.monotonic() - t0
        _serve_proc = subprocess.Popen(  # noqa: S603
            [iljari, "serve", "--bind", f"{HOST}:{port}", "--workers", str(args.workers), "--skip-setup"],
            env=_env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _wait_ready(port, 180)
        meter = CpuMeter(_serve_proc.pid)
        meter.start()
        outcome = run_load(port, plan, args, stats, events, lambda started: _faults(args, started, events))
        cpu_seconds = meter.seconds()
        task_ids: list[str] = next((e["task_ids"] for e in events if "task_ids" in e), [])
        spec = workdir / "count.json"
        spec.write_text(
            json.dumps(
                {
                    "apply": outcome["applied_ok"],
                    "refer": outcome["referred_ok"],
                    "tasks": task_ids,
                    "wait": 30,
                }
            )
        )
        counted = _subprocess_json(["--count", str(spec)])
    finally:
        if _serve_proc is not None and _serve_proc.poll() is None:
            _serve_proc.send_signal(signal.SIGTERM)
            try:
                _serve_proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(_serve_proc.pid, signal.SIGKILL)
        log_file.close()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        if not args.keep and not args.sqlite:
            try:
                scratch.drop_postgres(pg_server, args.database)
            except Exception as exc:  # noqa: BLE001 - cleanup must not hide the run's result
                print(f"could not drop {args.database}: {exc}", file=sys.stderr)

    elapsed = outcome["elapsed"]
    endpoints = {}
    for name, values in sorted(stats.latencies.items()):
        endpoints[name] = {
            "requests": len(values),
            "per_s": round(len(values) / elapsed, 1),
            "p50_ms": round(_percentile(values, 0.50) * 1000, 1),
            "p95_ms": round(_percentile(values, 0.95) * 1000, 1),
            "errors": stats.errors.get(name, 0),
            "retries": stats.retries.get(name, 0),
        }
    search = [v for k, vals in stats.latencies.items() if k.startswith("search") for v in vals]
    applied = len(outcome["applied_ok"])
    missing_apps = counted["planned_applications_present"].count(False)
    missing_refs = counted["planned_referrals_present"].count(False)
    figures = {
        "server": (
            f"iljari serve: gunicorn {args.workers} workers + task worker, "
            f"{'SQLite' if args.sqlite else 'PostgreSQL'}, 127.0.0.1"
        ),
        "setup_s": round(setup_s, 1),
        "duration_s": round(elapsed, 1),
        "concurrency": {"visitors": args.visitors, "seekers": args.seekers, "counselors": args.counselors},
        "paced_per_s": {"applications": args.apply_rate, "referrals": args.refer_rate},
        "endpoints": endpoints,
        "search_per_s": round(len(search) / elapsed, 1),
        "search_p95_ms": round(_percentile(search, 0.95) * 1000, 1),
        "applications_per_s": round(applied / elapsed, 1),
        "applications_acknowledged": applied,
        "applications_missing_in_db": missing_apps,
        "application_duplicates": counted["application_duplicates"],
        "applications_without_transition_log": counted["applications_without_log"],
        "applications_in_db_new": counted["applications_total"] - plan["applications_before"],
        "referrals_acknowledged": len(outcome["referred_ok"]),
        "referrals_missing_in_db": missing_refs,
        "referrals_in_db_new": counted["referrals_total"] - plan["referrals_before"],
        "cpu_seconds": cpu_seconds,
        "cpu_cores_busy": round(sum(cpu_seconds.values()) / elapsed, 2),
        "web_cpu_ms_per_request": round(
            1000 * cpu_seconds["web"] / max(1, sum(len(v) for v in stats.latencies.values())), 2
        ),
        "errors": sum(stats.errors.values()),
        "error_samples": stats.error_samples,
        "search_answers": {
            "cached": stats.cache_states.get("hit", 0),
            "rendered": stats.cache_states.get("miss", 0),
            "cache": "on" if args.answer_cache else "off",
        },
        "outage_retries": dict(stats.outage_statuses),
        "faults": [e for e in events if "event" in e],
        "queued_tasks_during_outage": counted["tasks"],
        "stale_running_tasks": counted["stale_running_tasks"],
    }
    exact = (
        missing_apps == 0
        and counted["application_duplicates"] == 0
        and figures["applications_in_db_new"] == applied
        and counted["applications_without_log"] == 0
        and missing_refs == 0
        and figures["referrals_in_db_new"] == len(outcome["referred_ok"])
    )
    tasks_ok = not task_ids or counted["tasks"].get("SUCCESSFUL", 0) == len(task_ids)
    figures["exact_counts"] = exact
    figures["queue_resumed"] = tasks_ok
    figures["ok"] = exact and tasks_ok and figures["errors"] == 0
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    return 0 if figures["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
