"""Seeker page benchmark (run by ``make bench``): server time of 추천 일자리 (target p95 ≤ 150 ms),
내 지원 현황 and 내 이력서 at the medium demo scale, on a scratch SQLite database under $BENCH_DIR
(default /tmp/iljari-bench; seeded on the first run, reused afterwards)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ILJARI = str(Path(sys.executable).with_name("iljari"))
BENCH_DIR = Path(os.environ.get("BENCH_DIR", "/tmp/iljari-bench"))  # noqa: S108 - a scratch folder

if __name__ == "__main__":
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("BENCH_PAGES_DATABASE_URL", f"sqlite:///{BENCH_DIR}/pages.sqlite3"),
        "ILJARI_VAR_DIR": str(BENCH_DIR),
        "LOG_FORMAT": "plain",
    }
    subprocess.run([ILJARI, "migrate", "-v0"], env=env, check=True, cwd=ROOT)  # noqa: S603 - our own console script
    sys.exit(
        subprocess.run(  # noqa: S603 - our own console script
            [ILJARI, "bench", "pages", "--scale", "medium", *sys.argv[1:]], env=env, cwd=ROOT
        ).returncode
    )
