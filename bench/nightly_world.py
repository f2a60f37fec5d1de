"""The nightly benchmark's synthetic world, written by COPY (bulk_create on SQLite).

Users, seekers (0–2 experiences, a third without a code; 60 % with a desired occupation, 20 % a
licence, 10 % a desired region), employers and published vacancies on 법정동 places all over the
country (70 % without a code), so the batched title normaliser runs as it does on real data.
``build_world`` tops up what a kept scratch database already holds.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import time

import numpy as np

from bench.template import ensure_reference_data

CHUNK_ROWS = 50_000


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

    ensure_reference_data()  # a copy of the scratch template has them (bench/template.py)
    have_s, have_v = Seeker.objects.count(), Vacancy.objects.count()
    if os.environ.get("ILJARI_BENCH_WORLD") == "reuse":  # --reuse-world: time the job on the kept world
        if not have_s or not have_v:
            raise SystemExit("--reuse-world: the kept world is empty (make it with --keep-world)")
        return {"seconds": 0.0, "reused": True, "seekers": have_s, "vacancies": have_v}
    if have_s >= n_s and have_v >= n_v:
        return {"seconds": 0.0, "reused": True, "seekers": have_s, "vacancies": have_v}
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
    return {"seconds": round(time.perf_counter() - t0, 1), "reused": False, "seekers": max(have_s, n_s),
            "vacancies": max(have_v, n_v)}  # fmt: skip
