# ruff: noqa: S603, S607 - runs our own commands (iljari, pg_ctlcluster, ps) with fixed arguments
"""bench/run.py load — the load-and-faults scenario against a production-style server.

It creates, marks and seeds its own PostgreSQL database (``ilj_load`` by default; an existing
database of that name that holds rows without the benchmarks' mark is refused, see
``bench/scratch.py``) or a SQLite file under ``var/bench/``, and drops it afterwards; it starts
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
The generator is threads + http.client; loopback only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"
# What visitors ask, most popular first: a term is drawn with weight 1/rank (a Zipf law, as search
# logs go), then a region, a sort order and a page, so that visitors ask a few hundred different
# questions, popular ones often.
SEARCH_TERMS = [
    "용접",
    "생산직",
    "금형",
    "",
    "CNC",
    "사출",
    "기숙사",
    "주조",
    "도장",
    "열처리",
    "남동구",
    "프레스",
]
SEARCH_REGIONS = [("", 0.55), ("28200", 0.2), ("28237", 0.15), ("41390", 0.1)]  # 남동구, 부평구, 시흥시
SEARCH_SORTS = [("recent", 0.7), ("closing", 0.15), ("wage", 0.15)]
SEARCH_PAGES = [(1, 0.6), (2, 0.25), (3, 0.15)]


def search_query(rng: random.Random) -> str:
    """One visitor's question as a query string (empty values left out, as the page's links do)."""

    def pick(weighted):
        return rng.choices([value for value, _w in weighted], [w for _value, w in weighted])[0]

    term = rng.choices(SEARCH_TERMS, [1 / rank for rank in range(1, len(SEARCH_TERMS) + 1)])[0]
    pairs = {
        "q": term,
        "region": pick(SEARCH_REGIONS),
        "sort": pick(SEARCH_SORTS),
        "page": pick(SEARCH_PAGES),
    }
    if pairs["sort"] == "recent":
        del pairs["sort"]
    return urllib.parse.urlencode({k: v for k, v in pairs.items() if v not in ("", None)})


# --- the parts that run inside the seeded database's environment (subprocesses) -----------------


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iljari.settings")
    import django

    django.setup()


def prepare_plan(n_seekers: int, n_applications: int, n_referrals: int, seed: int) -> dict:
    """API tokens for seekers, (seeker, vacancy) pairs to apply to and to refer, counselor logins."""
    _django()
    from iljari.accounts.models import Role, User
    from iljari.referrals.models import Referral
    from iljari.seekers.models import Seeker
    from iljari.site.views import open_vacancies
    from iljari.vacancies.models import Application

    rng = random.Random(seed)
    seekers = list(
        Seeker.objects.filter(user__is_active=True, anonymised_at__isnull=True).order_by("id")[:n_seekers]
    )
    # Signed-in browser sessions with CSRF, as the seeker portal's pages call the API, created
    # directly instead of n password logins.
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    tokens = {}
    for seeker in seekers:
        session = SessionStore()
        session[SESSION_KEY] = str(seeker.user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = seeker.user.get_session_auth_hash()
        session.create()
        tokens[seeker.pk] = session.session_key
    cookie_name = settings.SESSION_COOKIE_NAME
    vacancies = list(open_vacancies().order_by("id").values_list("id", flat=True))
    applied = set(Application.objects.values_list("seeker_id", "vacancy_id"))
    referred = set(Referral.objects.values_list("seeker_id", "vacancy_id"))
    pairs = [(s.pk, v) for s in seekers for v in vacancies]
    rng.shuffle(pairs)
    apply_pairs = [p for p in pairs if p not in applied][:n_applications]
    taken = set(apply_pairs)
    refer_pairs = [p for p in pairs if p not in referred and p not in taken][:n_referrals]
    counselors = list(
        User.objects.filter(role=Role.COUNSELOR, is_active=True)
        .order_by("id")
        .values_list("username", flat=True)
    )
    return {
        "session_cookie": cookie_name,
        "csrf_secret": secrets.token_hex(16),
        "tokens": {str(k): v for k, v in tokens.items()},
        "apply": apply_pairs,
        "refer": refer_pairs,
        "counselors": counselors,
        "vacancies": vacancies[:200],
        "applications_before": Application.objects.count(),
        "referrals_before": Referral.objects.count(),
    }


def enqueue_heartbeats(n: int) -> list[str]:
    _django()
    from iljari.core.opstasks import heartbeat

    return [str(heartbeat.enqueue(i).id) for i in range(n)]


def count_outcome(apply_pairs: list, refer_pairs: list, task_ids: list[str], wait_s: float) -> dict:
    _django()
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from iljari.core.models import TransitionLog
    from iljari.referrals.models import Referral
    from iljari.vacancies.models import Application

    deadline = time.monotonic() + wait_s
    while task_ids and time.monotonic() < deadline:
        pending = DBTaskResult.objects.filter(id__in=task_ids, status__in=["READY", "RUNNING"]).count()
        if pending == 0:
            break
        time.sleep(0.5)
    statuses = dict(
        DBTaskResult.objects.filter(id__in=task_ids).values_list("status").annotate(n=Count("id")).order_by()
    )
    apps = set(Application.objects.values_list("seeker_id", "vacancy_id"))
    duplicates = (
        Application.objects.values("seeker_id", "vacancy_id").annotate(n=Count("id")).filter(n__gt=1).count()
    )
    app_type = ContentType.objects.get_for_model(Application)
    logged = set(TransitionLog.objects.filter(content_type=app_type).values_list("object_id", flat=True))
    planned_ids = [
        pk
        for pk, s, v in Application.objects.values_list("id", "seeker_id", "vacancy_id")
        if (s, v) in {tuple(p) for p in apply_pairs}
    ]
    refs = set(Referral.objects.values_list("seeker_id", "vacancy_id"))
    return {
        "applications_total": Application.objects.count(),
        "planned_applications_present": [tuple(p) in apps for p in apply_pairs],
        "application_duplicates": duplicates,
        "applications_without_log": sum(1 for pk in planned_ids if pk not in logged),
        "planned_referrals_present": [tuple(p) in refs for p in refer_pairs],
        "referrals_total": Referral.objects.count(),
        "tasks": statuses,
        "stale_running_tasks": DBTaskResult.objects.filter(status="RUNNING").count(),
    }


# --- the load generator --------------------------------------------------------------------------


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    retries: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    outage_statuses: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    cache_states: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ok(self, name: str, seconds: float) -> None:
        with self.lock:
            self.latencies[name].append(seconds)

    def error(self, name: str, detail: str) -> None:
        with self.lock:
            self.errors[name] += 1
            if len(self.error_samples) < 20:
                self.error_samples.append(f"{name}: {detail}"[:300])

    def cache(self, state: str) -> None:
        with self.lock:
            self.cache_states[state or "none"] += 1

    def retry(self, name: str, status: str) -> None:
        with self.lock:
            self.retries[name] += 1
            self.outage_statuses[status] += 1


class Client:
    """One simulated user: a cookie jar and plain HTTP/1.1 to 127.0.0.1."""

    def __init__(self, port: int, stats: Stats):
        self.port = port
        self.stats = stats
        self.cookies: dict[str, str] = {}

    def raw(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection(HOST, self.port, timeout=15)
        try:
            hdrs = {"Host": f"{HOST}:{self.port}", "Accept-Language": "ko", **(headers or {})}
            if self.cookies:
                hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            conn.request(method, path, body=body, headers=hdrs)
            response = conn.getresponse()
            data = response.read()
            for key, value in response.getheaders():
                if key.lower() == "set-cookie":
                    name, _sep, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, dict(response.getheaders()), data
        finally:
            conn.close()

    def call(self, name: str, method: str, path: str, body=None, headers=None, ok=(200,), deadline=None):
        """Send, retrying 503 / refused connections (the outage) until ``deadline``."""
        attempts = 0
        retried = False
        while True:
            attempts += 1
            started = time.perf_counter()
            try:
                status, hdrs, data = self.raw(method, path, body, headers)
            except (OSError, http.client.HTTPException) as exc:
                status, hdrs, data = None, {}, str(exc).encode()
            elapsed = time.perf_counter() - started
            if status in ok:
                self.stats.ok(name, elapsed)
                return status, hdrs, data, retried
            if status == 503 or status is None:
                self.stats.retry(name, str(status))
                retried = True
                if deadline is not None and time.monotonic() > deadline + 60:
                    self.stats.error(name, f"gave up after {attempts} attempts: {status}")
                    return status, hdrs, data, retried
                time.sleep(min(float(hdrs.get("Retry-After", "1") or 1), 1.0) * 0.5)
                continue
            return status, hdrs, data, retried


def _problem_detail(data: bytes) -> str:
    try:
        return str(json.loads(data).get("detail", ""))
    except (ValueError, AttributeError):
        return data.decode("utf-8", "replace")


def _csrf(client: Client) -> str:
    return client.cookies.get("csrftoken", "")


def login(client: Client, username: str, password: str) -> bool:
    status, _h, _d, _r = client.call("login_page", "GET", "/accounts/login/")
    body = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": _csrf(client)}
    ).encode()
    status, hdrs, _d, _r = client.call(
        "login",
        "POST",
        "/accounts/login/",
        body,
        {"Content-Type": "application/x-www-form-urlencoded"},
        ok=(302,),
    )
    return status == 302


class Pacer:
    """Spaces the calls of all threads sharing it to ``rate`` a second (0: as fast as answered).
    Slots missed while every thread waited (an outage, a slow answer) are made up for, but at
    most ``CATCH_UP_S`` seconds' worth: users held up come back, they do not multiply."""

    CATCH_UP_S = 2.0

    def __init__(self, rate: float, clock=time.monotonic, sleep=time.sleep):
        self.rate = rate
        self.clock, self.sleep = clock, sleep
        self.next_slot = clock()
        self.lock = threading.Lock()

    def wait(self) -> None:
        if not self.rate:
            return
        with self.lock:
            slot = max(self.next_slot, self.clock() - self.CATCH_UP_S)
            self.next_slot = slot + 1 / self.rate
        self.sleep(max(0.0, slot - self.clock()))


def run_load(port: int, plan: dict, args, stats: Stats, events: list) -> dict:
    stop_at = time.monotonic() + args.duration
    apply_queue = list(plan["apply"])
    refer_queue = list(plan["refer"])
    queue_lock = threading.Lock()
    applied_ok: list[tuple] = []
    referred_ok: list[tuple] = []

    def take(queue):
        with queue_lock:
            return queue.pop() if queue else None

    def visitor(seed: int):
        rng = random.Random(seed)
        client = Client(port, stats)
        while time.monotonic() < stop_at:
            query = search_query(rng)
            if rng.random() < args.page_share:
                name, path = "search_page GET /jobs/", f"/jobs/?{query}"
            else:
                name, path = "search_api GET /api/vacancies/", f"/api/vacancies/?{query}"
            status, hdrs, data, _retried = client.call(name, "GET", path, deadline=stop_at)
            if status == 200:
                stats.cache(hdrs.get("X-Search-Cache", ""))
            elif status not in (None, 503):  # an outage that outlasted the run is counted by call()
                stats.error(name, f"{status} {data[:120]!r}")

    apply_pace = Pacer(args.apply_rate)
    refer_pace = Pacer(args.refer_rate)

    def seeker_worker():
        client = Client(port, stats)
        while time.monotonic() < stop_at:
            apply_pace.wait()
            pair = take(apply_queue)
            if pair is None:
                return
            seeker_id, vacancy_id = pair
            body = json.dumps({"vacancy_id": vacancy_id, "message": "부하 시험 지원"}).encode()
            client.cookies = {
                plan["session_cookie"]: plan["tokens"][str(seeker_id)],
                "csrftoken": plan["csrf_secret"],
            }
            headers = {"Content-Type": "application/json", "X-CSRFToken": plan["csrf_secret"]}
            status, _h, data, retried = client.call(
                "apply POST /api/applications/",
                "POST",
                "/api/applications/",
                body,
                headers,
                ok=(201,),
                deadline=stop_at,
            )
            if status == 201:
                applied_ok.append(pair)
            elif status == 422 and retried and "이미 지원" in _problem_detail(data):
                # the first attempt committed but its answer was lost in the outage: idempotent
                stats.ok("apply POST /api/applications/", 0.0)
                applied_ok.append(pair)
            else:
                stats.error("apply POST /api/applications/", f"{status} {data[:200]!r}")

    def counselor_worker(username: str):
        client = Client(port, stats)
        if not login(client, username, args.password):
            stats.error("login", f"{username} could not sign in")
            return
        while time.monotonic() < stop_at:
            refer_pace.wait()
            pair = take(refer_queue)
            if pair is None:
                return
            seeker_id, vacancy_id = pair
            client.call(
                "refer_form GET /referrals/new/",
                "GET",
                f"/referrals/new/?seeker={seeker_id}",
                deadline=stop_at,
            )
            body = urllib.parse.urlencode(
                {
                    "seeker": seeker_id,
                    "vacancy": vacancy_id,
                    "note": "부하 시험 알선",
                    "csrfmiddlewaretoken": _csrf(client),
                }
            ).encode()
            status, _h, data, retried = client.call(
                "refer POST /referrals/new/",
                "POST",
                f"/referrals/new/?seeker={seeker_id}",
                body,
                {"Content-Type": "application/x-www-form-urlencoded"},
                ok=(302,),
                deadline=stop_at,
            )
            if status == 302:
                referred_ok.append(pair)
            elif status == 200 and retried:
                referred_ok.append(pair)  # the form re-rendered with "already referred" after a lost answer
                stats.ok("refer POST /referrals/new/", 0.0)
            else:
                stats.error("refer POST /referrals/new/", f"{status} {data[:120]!r}")

    threads = [threading.Thread(target=visitor, args=(i,), daemon=True) for i in range(args.visitors)]
    threads += [threading.Thread(target=seeker_worker, daemon=True) for _ in range(args.seekers)]
    counselors = plan["counselors"] or []
    threads += [
        threading.Thread(target=counselor_worker, args=(counselors[i % len(counselors)],), daemon=True)
        for i in range(args.counselors if counselors else 0)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    fault_thread = threading.Thread(target=lambda: _faults(args, started, events), daemon=True)
    fault_thread.start()
    for thread in threads:
        thread.join(timeout=args.duration + 180)
    fault_thread.join(timeout=60)
    elapsed = time.monotonic() - started
    return {"elapsed": elapsed, "applied_ok": applied_ok, "referred_ok": referred_ok}


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


# --- where the CPU went ----------------------------------------------------------------------------


def _proc_stat(pid: int) -> tuple[str, int, float] | None:
    """(command name, session id, CPU seconds) of a process, from /proc; None once it has gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name = raw[raw.index("(") + 1 : raw.rindex(")")]
    fields = raw[raw.rindex(")") + 2 :].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return name, int(fields[3]), (int(fields[11]) + int(fields[12])) / ticks


class CpuMeter(threading.Thread):
    """Samples the CPU time of the server's processes (its session), PostgreSQL's and this load
    generator's twice a second; a process that ends (the killed worker, PostgreSQL's backends at
    its restart) keeps the time it was last seen with."""

    def __init__(self, server_session: int):
        super().__init__(daemon=True)
        self.server_session = server_session
        self.seen: dict[int, tuple[str, float]] = {}
        self.start_cpu: dict[int, float] = {}
        self.stopping = threading.Event()

    def _group(self, pid: int, name: str, session: int) -> str | None:
        if pid == os.getpid():
            return "load_generator"
        if session == self.server_session:  # gunicorn's processes, and `iljari serve` with its task worker
            return "web" if name.startswith("gunicorn") else "task_worker"
        if name.startswith("postgres"):
            return "postgresql"
        return None

    def sample(self) -> None:
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            stat = _proc_stat(int(entry))
            if stat is None:
                continue
            group = self._group(int(entry), *stat[:2])
            if group:
                self.seen[int(entry)] = (group, stat[2])

    def run(self) -> None:
        self.sample()
        self.start_cpu = {pid: cpu for pid, (_g, cpu) in self.seen.items()}
        while not self.stopping.wait(0.5):
            self.sample()

    def seconds(self) -> dict[str, float]:
        self.stopping.set()
        self.join(timeout=5)
        self.sample()
        totals: dict[str, float] = defaultdict(float)
        for pid, (group, cpu) in self.seen.items():
            totals[group] += cpu - self.start_cpu.get(pid, 0.0)
        return {
            group: round(totals[group], 1) for group in ("web", "task_worker", "postgresql", "load_generator")
        }


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

    from bench import scratch

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
        if not args.sqlite:
            scratch.prepare_postgres(pg_server, args.database, conf.database_url, fresh=True)
        else:
            scratch.prepare_sqlite(workdir / "load.sqlite3", conf.database_url)
        iljari = _bin("iljari")
        setup = [
            [iljari, "migrate", "--noinput", "-v0"],
            [iljari, "load-reference-data"],
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
        outcome = run_load(port, plan, args, stats, events)
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
