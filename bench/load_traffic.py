# ruff: noqa: S603, S607
"""The load scenario's users: what visitors ask (``search_query``), a keep-alive HTTP client per
simulated user (loopback only), the statistics they report into, sign-in with CSRF, the pacer
that spreads paced requests, and the run of all of them together (``run_load``)."""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field

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


def run_load(port: int, plan: dict, args, stats: Stats, events: list, faults) -> dict:
    """Run the users for ``args.duration`` seconds; ``faults(started)`` runs in a thread of its own."""
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
    fault_thread = threading.Thread(target=lambda: faults(started), daemon=True)
    fault_thread.start()
    for thread in threads:
        thread.join(timeout=args.duration + 180)
    fault_thread.join(timeout=60)
    elapsed = time.monotonic() - started
    return {"elapsed": elapsed, "applied_ok": applied_ok, "referred_ok": referred_ok}
