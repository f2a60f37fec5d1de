"""Running every benchmark at tiny sizes leaves the configured database unchanged (issue 17).

The configured database is a SQLite file holding a real-looking row; each benchmark runs through
``bench/run.py`` with that file as DATABASE_URL. Its full dump must be the same afterwards, and
the Django benchmarks must have worked on their own scratch databases under var/bench/ (and on
PostgreSQL, when reachable, on scratch databases that are gone afterwards).
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bench import scratch

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
RUN = str(ROOT / "bench" / "run.py")
PG = os.environ.get("BENCH_PG", scratch.DEFAULT_PG)

TINY = {
    "matching": ["--seekers", "300", "--vacancies", "300", "--eval-seekers", "40", "--online-queries", "5"]
    + ["--executor", "serial"],
    "quality": ["--seekers", "120", "--vacancies", "240", "--seeds", "1", "--peers", "bm25,rule,random"],
    "fair": ["--booths", "4", "--seekers", "30", "--slots", "6", "--time-limit", "5"],
    "search": ["--vacancies", "60", "--queries", "4", "--scratch-db", "both"],
    "dashboard": ["--placements", "60", "--repeats", "1", "--naive-repeats", "1", "--scratch-db", "both"],
    "pages": ["--scale", "small", "--requests", "2"],
    "outcomes": ["--world", "demo", "--scale", "small"],
    "nightly": ["--seekers", "300", "--vacancies", "120", "--scratch-db", "both"],
    "load": ["--sqlite", "--duration", "3", "--visitors", "1", "--seekers", "1", "--counselors", "1"]
    + ["--workers", "1", "--applications", "40", "--referrals", "10", "--tasks", "2", "--no-pg-restart"],
}


def _dump(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def test_every_benchmark_is_run_by_this_test():
    from bench.run import BENCHMARKS

    assert set(TINY) == set(BENCHMARKS) - {"titles"}  # titles reads CSV files only (tests/jobmatch)


#: the scratch databases a benchmark must have used instead of the configured one
SCRATCH = {
    "search": "search",
    "dashboard": "dashboard",
    "nightly": "nightly",
    "pages": "demo",
    "outcomes": "demo",
}


#: one test per group, so xdist spreads them over the workers; pages and outcomes share the
#: demo world the first of them seeds
GROUPS = [[name] for name in sorted(TINY) if name not in ("pages", "outcomes")] + [["pages", "outcomes"]]


def test_every_benchmark_is_in_one_group():
    assert sorted(name for group in GROUPS for name in group) == sorted(TINY)


@pytest.mark.parametrize("names", GROUPS, ids="+".join)
def test_benchmark_leaves_the_configured_database_unchanged(names, tmp_path):
    var = tmp_path / "var"
    configured = var / "iljari.sqlite3"
    var.mkdir()
    con = sqlite3.connect(configured)
    con.execute("CREATE TABLE accounts_user (id INTEGER PRIMARY KEY, username TEXT)")
    con.execute("INSERT INTO accounts_user (username) VALUES ('counselor')")
    con.commit()
    con.close()
    before = _dump(configured)
    env = {**os.environ, "ILJARI_VAR_DIR": str(var), "DATABASE_URL": f"sqlite:///{configured}"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    # the built text models depend only on the reference data: reuse the checkout's (same data
    # folder, so the same cache keys)
    checkout = scratch.configured()
    env.setdefault("ILJARI_MATCHING_CACHE_DIR", str(checkout.matching_cache_dir))
    env.setdefault("ILJARI_DATA_DIR", str(checkout.data_dir))
    # a new scratch database is a copy of the migrated template with the reference data
    # (bench/template.py): built once for the checkout, not once per test
    env.setdefault("ILJARI_BENCH_TEMPLATE_DIR", str(checkout.var_dir / "bench"))
    env.pop("DJANGO_SETTINGS_MODULE", None)

    for name in names:
        done = subprocess.run(  # noqa: S603 - our runner
            [sys.executable, RUN, name, *TINY[name]],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert done.returncode == 0, f"{name}: {done.stderr[-3000:]}"
        assert _dump(configured) == before, f"{name} changed the configured database"
        if name in SCRATCH:
            assert scratch.sqlite_marked(var / "bench" / f"{SCRATCH[name]}.sqlite3")
            assert scratch.sqlite_rows(var / "bench" / f"{SCRATCH[name]}.sqlite3") > 0
        if name in ("search", "dashboard", "nightly") and scratch.postgres_reachable(PG):
            assert not scratch.pg_exists(PG, f"iljari_bench_{name}")
