"""The real nightly job at scale: rows in a scratch database, ``do_run_batch_matching``, rows stored.

    bench/run.py nightly --seekers 50000 --vacancies 5000 --scratch-db postgres [--json]

Builds (or tops up — the scratch database is kept with ``--scratch-keep`` or ``--keep-world NAME``, and
``--reuse-world NAME`` times the job on a kept world without generating anything) a synthetic world
(``bench/nightly_world.py``) with PostgreSQL ``COPY``, then runs the nightly job exactly as the
scheduler does — database in, ``Recommendation`` rows out — and prints wall time, CPU seconds (this
process and its workers, and the PostgreSQL backends that served it), the peak of the **summed** RSS
of the process tree (sampled every 0.5 s; the database backends' RSS beside it), rows written and the
blocking figures, the load average before, during and after. The world's generation is timed apart
(``world.seconds``) from the job's.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import sys
import threading
import time

from bench.nightly_world import build_world


class Sampler:
    """Peak summed RSS of this process and its descendants (+ the database backends), sampled."""

    def __init__(self, db_pids=lambda: [], every: float = 0.5):
        import psutil

        self.psutil, self.every, self.db_pids = psutil, every, db_pids
        self.peak = self.peak_db = self.peak_procs = 0
        self.peak_each: list[int] = []
        self.t0 = time.perf_counter()
        self.peak_at = 0.0
        self.load: list[float] = []  # the 1-minute load average, sampled (the machine may be shared)
        self.db_cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._loop, daemon=True)

    def _loop(self):
        me = self.psutil.Process()
        while not self._stop.is_set():
            try:
                procs = [me, *me.children(recursive=True)]
                total, each = 0, []
                for p in procs:
                    with contextlib.suppress(self.psutil.Error):
                        rss = p.memory_info().rss
                        total += rss
                        each.append(round(rss / 2**20))
                if total > self.peak:  # where the peak was: this process first, then its workers (MB)
                    self.peak, self.peak_each = total, each
                    self.peak_at = time.perf_counter() - self.t0
                self.peak_procs = max(self.peak_procs, len(procs))
                db = 0
                for pid in self.db_pids():
                    try:
                        q = self.psutil.Process(pid)
                        db += q.memory_info().rss
                        c = q.cpu_times()
                        self.db_cpu[pid] = c.user + c.system
                    except self.psutil.Error:
                        pass
                self.peak_db = max(self.peak_db, total + db)
                self.load.append(os.getloadavg()[0])
            except Exception:  # noqa: BLE001, S110 - sampling must never break the run
                pass
            self._stop.wait(self.every)

    def __enter__(self):
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()


def _tree_cpu() -> float:
    """CPU seconds of this process and its live descendants so far."""
    import psutil

    total = 0.0
    me = psutil.Process()
    for p in [me, *me.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            c = p.cpu_times()
            total += c.user + c.system
    return total


def _cpu() -> float:
    a = resource.getrusage(resource.RUSAGE_SELF)
    b = resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime


def run(args) -> dict:
    from django.db import connection

    from iljari.matching import actions
    from iljari.matching.models import Recommendation

    def say(msg: str) -> None:
        if not args.json:
            print(msg, flush=True)

    world = build_world(args.seekers, args.vacancies, args.seed, say)
    if args.world_only:
        return {"world": world, "database": connection.vendor, "status": "done"}
    dbname = connection.settings_dict["NAME"]

    def db_pids():
        if connection.vendor != "postgresql":
            return []
        import psycopg

        with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True) as c:
            rows = c.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (dbname,)).fetchall()
        return [r[0] for r in rows]

    load0 = os.getloadavg()
    last = [time.perf_counter()]

    def progress(done, total):
        if time.perf_counter() - last[0] > 30:  # on stderr with --json: a long run shows where it is
            last[0] = time.perf_counter()
            print(
                f"  {done:,}/{total:,} after {time.perf_counter() - t0:.0f} s wall, "
                f"{_tree_cpu():.0f} CPU-s (this process and its workers), load {os.getloadavg()[0]:.1f}",
                file=sys.stderr if args.json else sys.stdout,
                flush=True,
            )

    cpu0, t0 = _cpu(), time.perf_counter()
    with Sampler(db_pids) as sampler:
        r = actions.do_run_batch_matching(k=args.k, workers=args.workers, chunk=args.chunk, progress=progress)
    wall, cpu = time.perf_counter() - t0, _cpu() - cpu0
    out = {
        "seekers": r.n_seekers,
        "vacancies": r.n_vacancies,
        "database": connection.vendor,
        "world": world,
        "wall_seconds": round(wall, 1),
        "cpu_seconds": round(cpu, 1),
        "db_backend_cpu_seconds": round(sum(sampler.db_cpu.values()), 1),
        "peak_rss_sum_mb": round(sampler.peak / 2**20),
        "peak_rss_sum_with_db_backends_mb": round(sampler.peak_db / 2**20),
        "processes": sampler.peak_procs,
        "peak_rss_each_mb": sampler.peak_each,
        "peak_rss_at_seconds": round(sampler.peak_at, 1),
        "rows_written": r.n_recommendations,
        "rows_in_table": Recommendation.objects.count(),
        "status": r.status,
        "loadavg_before": [round(x, 2) for x in load0],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "loadavg_1min_during": {
            "mean": round(sum(sampler.load) / max(1, len(sampler.load)), 2),
            "max": round(max(sampler.load, default=0.0), 2),
        },
        "stats": r.stats,
    }
    return out


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="bench/run.py nightly", description=__doc__.split("\n\n")[0])
    p.add_argument("--seekers", type=int, default=50_000)
    p.add_argument("--vacancies", type=int, default=5_000)
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--chunk", type=int, default=2048)
    p.add_argument("--seed", type=int, default=14)
    p.add_argument("--json", action="store_true")
    p.add_argument("--world-only", action="store_true", help="generate (or top up) the world, run nothing")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    out = run(args)
    if args.json or args.world_only:
        print(json.dumps(out, ensure_ascii=False))
    else:
        b = out["stats"].get("blocking", {})
        print(
            f"nightly {out['seekers']:,} seekers × {out['vacancies']:,} vacancies on {out['database']}: "
            f"wall {out['wall_seconds']} s, CPU {out['cpu_seconds']} s (+ database {out['db_backend_cpu_seconds']} s), "
            f"peak summed RSS {out['peak_rss_sum_mb']} MB ({out['peak_rss_sum_with_db_backends_mb']} MB with the "
            f"database backends, {out['processes']} processes; at {out['peak_rss_at_seconds']} s: "
            f"{out['peak_rss_each_mb']} MB), rows {out['rows_written']:,}; "
            f"pairs scored {b.get('pairs_scored', 0):,}, widened {b.get('widened', 0):,}, "
            f"exhaustive {b.get('exhaustive', 0):,}; load {out['loadavg_before']} → {out['loadavg_after']} "
            f"(1-min mean {out['loadavg_1min_during']['mean']} during); world generated in "
            f"{out['world']['seconds']} s{' (reused)' if out['world']['reused'] else ''}"
        )
    return 0 if out["status"] == "done" else 1
