"""The real nightly job at scale: rows in a scratch database, ``do_run_batch_matching``, rows stored.

    bench/run.py nightly --seekers 50000 --vacancies 5000 --scratch-db postgres [--json]

Builds (or tops up — the scratch database is reused with ``--scratch-keep``) a synthetic world of users,
seekers (experience, desired occupations, licences, desired regions), employers and published
vacancies with PostgreSQL ``COPY`` (bulk_create on SQLite), then runs the nightly job exactly as the
scheduler does — database in, ``Recommendation`` rows out — and prints wall time, CPU seconds (this
process and its workers, and the PostgreSQL backends that served it), the peak of the **summed** RSS
of the process tree (sampled every 0.5 s; the database backends' RSS beside it), rows written and the
blocking figures. Titles are occupation names and their listed variants; a third of the experiences and
most vacancies carry no occupation code, so the batched title normaliser runs as it does on real data.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import resource
import threading
import time

import numpy as np

CHUNK_ROWS = 50_000


class Sampler:
    """Peak summed RSS of this process and its descendants (+ the database backends), sampled."""

    def __init__(self, db_pids=lambda: [], every: float = 0.5):
        import psutil

        self.psutil, self.every, self.db_pids = psutil, every, db_pids
        self.peak = self.peak_db = self.peak_procs = 0
        self.db_cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._loop, daemon=True)

    def _loop(self):
        me = self.psutil.Process()
        while not self._stop.is_set():
            try:
                procs = [me, *me.children(recursive=True)]
                total = 0
                for p in procs:
                    with contextlib.suppress(self.psutil.Error):
                        total += p.memory_info().rss
                self.peak = max(self.peak, total)
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
            except Exception:  # noqa: BLE001, S110 - sampling must never break the run
                pass
            self._stop.wait(self.every)

    def __enter__(self):
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()


def _cpu() -> float:
    a = resource.getrusage(resource.RUSAGE_SELF)
    b = resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime


def _val(v) -> str:
    if v is None:
        return "\\N"
    if isinstance(v, bool):
        return "t" if v else "f"
    if isinstance(v, list | dict):
        v = json.dumps(v, ensure_ascii=False)
    elif isinstance(v, dt.datetime | dt.date):
        return v.isoformat()
    s = str(v)
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_rows(model, columns: dict[str, list], n: int) -> None:
    """Insert ``n`` rows: the given columns, every other concrete field from its default."""
    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    given = dict(columns)
    for f in model._meta.concrete_fields:
        if f.primary_key or f.column in given or f.attname in given:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            given[f.column] = [now] * n
        elif f.null:
            given[f.column] = [None] * n
        else:
            given[f.column] = [f.get_default()] * n
    names = list(given)
    if connection.vendor != "postgresql":
        fields = {f.column: f.attname for f in model._meta.concrete_fields}
        objs = [model(**{fields[c]: given[c][i] for c in names}) for i in range(n)]
        model.objects.bulk_create(objs, batch_size=2000)
        return
    table = model._meta.db_table
    cols = [given[c] for c in names]
    with connection.cursor() as cur:
        for a in range(0, n, CHUNK_ROWS):
            buf = io.StringIO()
            for i in range(a, min(n, a + CHUNK_ROWS)):
                buf.write("\t".join(_val(col[i]) for col in cols))
                buf.write("\n")
            sql = f"COPY {table} ({', '.join(names)}) FROM STDIN"  # noqa: S608 - model names
            with cur.cursor.copy(sql) as cp:
                cp.write(buf.getvalue())


def build_world(n_s: int, n_v: int, seed: int, say) -> dict:
    from django.db import connection, transaction
    from django.utils import timezone

    from iljari.accounts.models import User
    from iljari.employers.models import Employer, EmployerStatus
    from iljari.seekers.models import Experience, QualificationHeld, Seeker
    from iljari.taxonomy.models import JobTitle, Occupation, Qualification, Region, RegionLevel
    from iljari.vacancies.models import Vacancy

    if not Occupation.objects.exists():
        from iljari.taxonomy.loader import load_reference_data

        load_reference_data()
    have_s, have_v = Seeker.objects.count(), Vacancy.objects.count()
    if have_s >= n_s and have_v >= n_v:
        return {"seconds": 0.0, "reused": True}
    t0 = time.perf_counter()
    rng = np.random.default_rng(seed)
    regions = list(Region.objects.filter(level=RegionLevel.EMD).values_list("id", "lat", "lon"))
    if not regions:
        regions = list(Region.objects.values_list("id", "lat", "lon"))
    rid = np.array([r[0] for r in regions])
    rlat = np.array([r[1] for r in regions])
    rlon = np.array([r[2] for r in regions])
    occs = list(Occupation.objects.filter(scheme="keco", level=4).values_list("id", "code", "name"))
    variants: dict[str, list[str]] = {}
    for code, title in JobTitle.objects.values_list("keco_code", "title"):
        variants.setdefault(code, []).append(title)
    # a labour market: production and driving jobs weigh more than the rest
    weight = np.array([4.0 if c[1][:1] in "78" else 2.0 if c[1][:1] in "569" else 1.0 for c in occs])
    weight /= weight.sum()
    quals = list(Qualification.objects.values_list("id", "name"))
    now = timezone.now()
    today = timezone.localdate()

    def title(k: int) -> str:
        _id, code, name = occs[k]
        names = variants.get(code) or [name]
        return str(names[rng.integers(len(names))])

    with transaction.atomic():
        # vacancies (and their employers)
        n_new_v = max(0, n_v - have_v)
        if n_new_v:
            n_e = max(20, n_new_v // 10)
            e0 = Employer.objects.count()
            e_reg = rng.integers(len(rid), size=n_e)
            Employer.objects.bulk_create(
                [
                    Employer(
                        name=f"(주)벤치{e0 + i}",
                        business_number=f"9{e0 + i:09d}"[:10],
                        root_sector="other",
                        address="-",
                        region_id=int(rid[e_reg[i]]),
                        lat=float(rlat[e_reg[i]]),
                        lon=float(rlon[e_reg[i]]),
                        commuter_bus=bool(rng.random() < 0.3),
                        dormitory=bool(rng.random() < 0.2),
                        status=EmployerStatus.APPROVED,
                    )
                    for i in range(n_e)
                ],
                batch_size=2000,
            )
            emps = list(
                Employer.objects.values_list("id", "region_id", "lat", "lon", "commuter_bus", "dormitory")
            )
            e = rng.integers(len(emps), size=n_new_v)
            k = rng.choice(len(occs), size=n_new_v, p=weight)
            coded = rng.random(n_new_v) < 0.3
            hourly = rng.random(n_new_v) < 0.15
            copy_rows(
                Vacancy,
                {
                    "employer_id": [emps[x][0] for x in e],
                    "title": [title(x) for x in k],
                    "duties": [occs[x][2] for x in k],
                    "occupation_id": [occs[x][0] if c else None for x, c in zip(k, coded, strict=True)],
                    "openings": rng.integers(1, 4, n_new_v).tolist(),
                    "wage_type": ["hourly" if h else "monthly" for h in hourly],
                    "wage_amount": [
                        int(rng.integers(10_030, 14_000)) if h else int(rng.integers(210, 420)) * 10_000
                        for h in hourly
                    ],
                    "shift": rng.choice(
                        ["day", "day", "two_shift", "three_shift", "night"], n_new_v
                    ).tolist(),
                    "employment_type": rng.choice(
                        ["permanent", "permanent", "contract", "part_time"], n_new_v
                    ).tolist(),
                    "work_region_id": [emps[x][1] for x in e],
                    "lat": [emps[x][2] for x in e],
                    "lon": [emps[x][3] for x in e],
                    "commuter_bus": [emps[x][4] for x in e],
                    "dormitory": [emps[x][5] for x in e],
                    "foreigners_welcome": (rng.random(n_new_v) < 0.2).tolist(),
                    "status": ["published"] * n_new_v,
                    "closing_date": [today + dt.timedelta(days=30)] * n_new_v,
                    "published_at": [now] * n_new_v,
                },
                n_new_v,
            )
            if quals:
                vids = list(Vacancy.objects.order_by("-id").values_list("id", flat=True)[:n_new_v])
                pick = rng.random(len(vids)) < 0.15
                through = Vacancy.required_qualifications.through
                sel = [v for v, p in zip(vids, pick, strict=True) if p]
                copy_rows(
                    through,
                    {
                        "vacancy_id": sel,
                        "qualification_id": [quals[rng.integers(len(quals))][0] for _ in sel],
                    },
                    len(sel),
                )
        # seekers: users, profiles, experience, licences, desired occupations and regions
        n_new = max(0, n_s - have_s)
        if n_new:
            base = User.objects.count()
            copy_rows(
                User,
                {
                    "username": [f"bench-seeker-{base + i}" for i in range(n_new)],
                    "password": ["!"] * n_new,
                    "role": ["seeker"] * n_new,
                    "is_active": [True] * n_new,
                    "date_joined": [now] * n_new,
                },
                n_new,
            )
            uids = list(
                User.objects.filter(username__startswith="bench-seeker-")
                .order_by("-id")
                .values_list("id", flat=True)[:n_new]
            )
            home = rng.integers(len(rid), size=n_new)
            copy_rows(
                Seeker,
                {
                    "user_id": uids,
                    "birth_year": rng.integers(1960, 2004, n_new).tolist(),
                    "home_region_id": rid[home].tolist(),
                    "lat": np.clip(rlat[home] + rng.normal(0, 0.01, n_new), 33.1, 38.9).tolist(),
                    "lon": np.clip(rlon[home] + rng.normal(0, 0.01, n_new), 124.1, 131.9).tolist(),
                    "max_commute_minutes": rng.choice([30, 45, 60, 60, 90], n_new).tolist(),
                    "desired_monthly_wage": [
                        int(x) * 10_000 if x > 0 else None
                        for x in np.where(rng.random(n_new) < 0.5, rng.integers(210, 330, n_new), 0)
                    ],
                    "shift_preferences": [["day"] if r < 0.4 else [] for r in rng.random(n_new)],
                    "employment_type": rng.choice(
                        ["permanent", "permanent", "contract", "part_time"], n_new
                    ).tolist(),
                    "visa_type": ["E-9" if r < 0.05 else "" for r in rng.random(n_new)],
                    "needs_dormitory": (rng.random(n_new) < 0.05).tolist(),
                    "status": ["active"] * n_new,
                    "last_active_at": [now] * n_new,
                },
                n_new,
            )
            sids = np.array(Seeker.objects.order_by("-id").values_list("id", flat=True)[:n_new])
            n_exp = rng.integers(0, 3, n_new)
            owner = np.repeat(sids, n_exp)
            ek = rng.choice(len(occs), size=len(owner), p=weight)
            coded = rng.random(len(owner)) < 0.67
            copy_rows(
                Experience,
                {
                    "seeker_id": owner.tolist(),
                    "job_title": [title(x) for x in ek],
                    "occupation_id": [occs[x][0] if c else None for x, c in zip(ek, coded, strict=True)],
                    "years": rng.integers(1, 15, len(owner)).tolist(),
                    "duties": [occs[x][2] for x in ek],
                },
                len(owner),
            )
            want = rng.random(n_new) < 0.6
            dk = rng.choice(len(occs), size=int(want.sum()), p=weight)
            through = Seeker.desired_occupations.through
            copy_rows(
                through,
                {"seeker_id": sids[want].tolist(), "occupation_id": [occs[x][0] for x in dk]},
                int(want.sum()),
            )
            if quals:
                held = rng.random(n_new) < 0.2
                copy_rows(
                    QualificationHeld,
                    {
                        "seeker_id": sids[held].tolist(),
                        "qualification_id": [
                            quals[rng.integers(len(quals))][0] for _ in range(int(held.sum()))
                        ],
                    },
                    int(held.sum()),
                )
            region_wish = rng.random(n_new) < 0.1
            through = Seeker.desired_regions.through
            copy_rows(
                through,
                {"seeker_id": sids[region_wish].tolist(), "region_id": rid[home[region_wish]].tolist()},
                int(region_wish.sum()),
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    say(f"world: {n_s:,} seekers, {n_v:,} vacancies in {time.perf_counter() - t0:.0f} s")
    return {"seconds": round(time.perf_counter() - t0, 1), "reused": False}


def run(args) -> dict:
    from django.db import connection

    from iljari.matching import actions
    from iljari.matching.models import Recommendation

    def say(msg: str) -> None:
        if not args.json:
            print(msg, flush=True)

    world = build_world(args.seekers, args.vacancies, args.seed, say)
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
        if not args.json and time.perf_counter() - last[0] > 30:
            last[0] = time.perf_counter()
            say(f"  {done:,}/{total:,}")

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
        "rows_written": r.n_recommendations,
        "rows_in_table": Recommendation.objects.count(),
        "status": r.status,
        "loadavg_before": [round(x, 2) for x in load0],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
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
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    out = run(args)
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        b = out["stats"].get("blocking", {})
        print(
            f"nightly {out['seekers']:,} seekers × {out['vacancies']:,} vacancies on {out['database']}: "
            f"wall {out['wall_seconds']} s, CPU {out['cpu_seconds']} s (+ database {out['db_backend_cpu_seconds']} s), "
            f"peak summed RSS {out['peak_rss_sum_mb']} MB ({out['peak_rss_sum_with_db_backends_mb']} MB with the "
            f"database backends, {out['processes']} processes), rows {out['rows_written']:,}; "
            f"pairs scored {b.get('pairs_scored', 0):,}, widened {b.get('widened', 0):,}, "
            f"exhaustive {b.get('exhaustive', 0):,}; load {out['loadavg_before']} → {out['loadavg_after']}"
        )
    return 0 if out["status"] == "done" else 1
