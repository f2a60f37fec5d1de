"""Vacancy search benchmark (run by ``make bench``): token index vs. the database's own LIKE/ILIKE,
pg_trgm and full-text search, 100,000 vacancies, on SQLite and on PostgreSQL (when reachable).

Each run uses a scratch database of its own (kept between runs, so the second run skips the
data generation): SQLite under $BENCH_DIR (default /tmp/iljari-bench), PostgreSQL database
``iljari_bench_search`` on $BENCH_PG (default postgres://postgres@127.0.0.1:5432).
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ILJARI = str(Path(sys.executable).with_name("iljari"))
BENCH_DIR = Path(os.environ.get("BENCH_DIR", "/tmp/iljari-bench"))  # noqa: S108 - a scratch folder
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
ARGS = ["--vacancies", os.environ.get("BENCH_VACANCIES", "100000"), "--queries", "200"]


def run(database_url: str) -> int:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "ILJARI_VAR_DIR": str(BENCH_DIR),
        "LOG_FORMAT": "plain",
    }
    subprocess.run([ILJARI, "migrate", "-v0"], env=env, check=True, cwd=ROOT)  # noqa: S603 - our own console script
    return subprocess.run([ILJARI, "bench", "search", *ARGS], env=env, cwd=ROOT).returncode  # noqa: S603


def postgres_reachable() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG + "/postgres", autocommit=True, connect_timeout=3) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = 'iljari_bench_search'"
            ).fetchone()
            if not exists:
                conn.execute("CREATE DATABASE iljari_bench_search")
        return True
    except Exception as exc:  # noqa: BLE001
        print(f"PostgreSQL not reachable ({exc}); SQLite only")
        return False


if __name__ == "__main__":
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    status = run(f"sqlite:///{BENCH_DIR}/search.sqlite3")
    if postgres_reachable():
        status = run(f"{PG}/iljari_bench_search") or status
    sys.exit(status)
