"""Programs dashboard benchmark (run by ``make bench``): server time with 100,000 placements,
on SQLite and on PostgreSQL (when reachable); target p95 ≤ 200 ms for the dashboard page.

Prints, from the same run on each database: the cached page, the page with the cache empty
(the first request after a change), the uncached report aggregate, and the peer (every
attribution row read and counted in Python) — median, p95 and SQL queries — and checks that
ours and the peer's totals agree.

Each run uses a scratch database of its own (kept between runs, so the second run skips the
data generation): SQLite ``$BENCH_DIR/dashboard-<N>.sqlite3`` (default /tmp/iljari-bench),
PostgreSQL database ``iljari_bench_dashboard`` on $BENCH_PG (default
postgres://postgres@127.0.0.1:5432), created when missing. ``BENCH_PLACEMENTS`` changes N.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ILJARI = str(Path(sys.executable).with_name("iljari"))
BENCH_DIR = Path(os.environ.get("BENCH_DIR", "/tmp/iljari-bench"))  # noqa: S108 - a scratch folder
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PG_DATABASE = "iljari_bench_dashboard"
PLACEMENTS = os.environ.get("BENCH_PLACEMENTS", "100000")


def run(database_url: str) -> int:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "ILJARI_VAR_DIR": str(BENCH_DIR),
        "LOG_FORMAT": "plain",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run([ILJARI, "migrate", "-v0"], env=env, check=True, cwd=ROOT)  # noqa: S603 - our own console script
    command = [ILJARI, "bench", "dashboard", "--placements", PLACEMENTS, *sys.argv[1:]]
    return subprocess.run(command, env=env, cwd=ROOT).returncode  # noqa: S603


def postgres_reachable() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG + "/postgres", autocommit=True, connect_timeout=3) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_DATABASE]).fetchone()
            if not exists:
                conn.execute(f"CREATE DATABASE {PG_DATABASE}")
        return True
    except Exception as exc:  # noqa: BLE001
        print(f"PostgreSQL not reachable ({exc}); SQLite only")
        return False


if __name__ == "__main__":
    (BENCH_DIR / "static").mkdir(parents=True, exist_ok=True)  # STATIC_ROOT under ILJARI_VAR_DIR: no warning
    status = run(f"sqlite:///{BENCH_DIR}/dashboard-{PLACEMENTS}.sqlite3")
    if postgres_reachable():
        status = run(f"{PG}/{PG_DATABASE}") or status
    sys.exit(status)
