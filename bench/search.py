"""Search benchmark: ``bench/run.py search [--vacancies N] [--queries Q] [--json]``.

Fills a scratch database (the runner's, see ``bench/scratch.py``; never the configured one) with N synthetic
root-industry vacancies, builds the token index, then runs free-text + filter queries the way the
search page does (count + first page of 20) and prints p50/p95. The peers run the same filters
with the text as ``ILIKE '%term%'`` (PostgreSQL; ``LIKE`` on SQLite), as ILIKE with a pg_trgm GIN
index when the extension is available, and as ``to_tsvector('simple') @@ plainto_tsquery``;
each peer's result sets are compared with ours (agreement = identical id sets).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import time

from django.db import connection
from django.utils import timezone

from bench.template import ensure_reference_data

SECTORS = {
    "welding": [
        "CO2용접공",
        "TIG 용접원",
        "특수용접사",
        "배관용접공",
        "로봇용접 오퍼레이터",
        "용접 보조",
        "제관 용접원",
    ],
    "mold": ["금형 사상원", "프레스금형 조립원", "사출금형 가공원", "금형 설계 보조", "CNC 금형가공"],
    "casting": ["주조원", "다이캐스팅 오퍼레이터", "정밀주조 작업자", "주물 후처리원"],
    "plastic_working": ["프레스 오퍼레이터", "단조원", "판금원", "절곡기 조작원"],
    "surface": ["도금 기능공", "아노다이징 작업자", "분체도장원", "연마 버핑공"],
    "heat": ["열처리 오퍼레이터", "고주파 열처리원", "침탄로 운전원", "진공 열처리 기능공"],
    "other": ["지게차 운전원", "CNC 선반 가공원", "머시닝센터 오퍼레이터", "품질검사원", "생산 포장원"],
}
DUTIES = {
    "welding": "CO2 용접기와 TIG 용접기로 철구조물과 배관을 용접하고 비드 상태를 검사한다.",
    "mold": "프레스 금형과 사출 금형 부품을 연마하고 사상하여 조립한다.",
    "casting": "용해로에서 알루미늄을 녹여 다이캐스팅 설비로 주조하고 탕도를 제거한다.",
    "plastic_working": "프레스와 단조 설비를 조작하여 금속 판재를 성형한다.",
    "surface": "도금조를 관리하고 탈지, 산세, 아연도금 공정을 수행한다.",
    "heat": "열처리로에 제품을 장입하여 담금질과 뜨임을 하고 경도를 측정한다.",
    "other": "생산 설비를 운전하고 제품을 검사·포장한다.",
}
PREFIXES = ["", "[남동공단] ", "[시화공단] ", "[반월공단] ", "[부평공단] ", "(급구) "]
SUFFIXES = [" 모집", " 정규직 채용", " 경력/신입 모집", " (주야2교대)", " 채용 - 기숙사 제공", ""]
COMPANY_WORDS = [
    "한빛",
    "대성",
    "세진",
    "삼화",
    "태광",
    "부광",
    "동양",
    "신흥",
    "금강",
    "영진",
    "제일",
    "우성",
]
COMPANY_KINDS = ["정밀", "금속", "산업", "테크", "기공", "스틸", "금형", "열처리", "도금"]

QUERIES = [
    "용접",
    "용접공",
    "금형 사상",
    "CNC",
    "열처리",
    "도금",
    "프레스",
    "다이캐스팅",
    "TIG 용접",
    "지게차",
    "연마",
    "주조",
]


ILIKE_WHERE = (
    "(vacancies_vacancy.title ILIKE %s OR vacancies_vacancy.duties ILIKE %s OR EXISTS (SELECT 1 FROM "
    "employers_employer e WHERE e.id = vacancies_vacancy.employer_id AND e.name ILIKE %s) OR EXISTS ("
    "SELECT 1 FROM taxonomy_occupation o WHERE o.id = vacancies_vacancy.occupation_id AND o.name ILIKE %s))"
)


def _percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def build_world(n: int, rng: random.Random, say) -> None:
    """Top the database up to ``n`` published vacancies (deterministic)."""
    from iljari.core.validators import normalize_business_number
    from iljari.employers.models import Employer, EmployerStatus
    from iljari.taxonomy.choices import EmploymentType, Shift
    from iljari.taxonomy.models import Occupation, Region, RegionLevel
    from iljari.vacancies.models import Vacancy, VacancyStatus, WageType

    have = Vacancy.objects.count()
    if have >= n:
        return
    regions = list(Region.objects.filter(level=RegionLevel.EMD, sido__in=["인천광역시", "경기도"])) or list(
        Region.objects.filter(level=RegionLevel.EMD)
    )
    occupations: list = list(Occupation.objects.filter(scheme="keco", level=4, code__startswith="8")) or [
        None
    ]
    employers = list(Employer.objects.filter(status=EmployerStatus.APPROVED))
    want_employers = max(n // 50, 20)
    if len(employers) < want_employers:
        new = []
        start = Employer.objects.count()
        for i in range(start, start + want_employers - len(employers)):
            region = rng.choice(regions)
            digits = f"{(i * 7919 + 1_000_003) % 10**9:09d}"
            number = None
            for last in range(10):
                try:
                    number = normalize_business_number(digits + str(last))
                    break
                except Exception:  # noqa: BLE001, S112 - try the next check digit
                    continue
            sector = rng.choice(list(SECTORS))
            new.append(
                Employer(
                    name=f"(주){rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_KINDS)}{i}",
                    business_number=number or "",
                    root_sector=sector,
                    address=region.full_name,
                    region=region,
                    lat=region.lat,
                    lon=region.lon,
                    employees=rng.randint(5, 300),
                    commuter_bus=rng.random() < 0.4,
                    dormitory=rng.random() < 0.3,
                    status=EmployerStatus.APPROVED,
                )
            )
        Employer.objects.bulk_create(new, batch_size=2000)
        employers = list(Employer.objects.filter(status=EmployerStatus.APPROVED))
    today = timezone.localdate()
    now = timezone.now()
    shifts, types = list(Shift.values), list(EmploymentType.values)
    batch: list = []
    t0 = time.perf_counter()
    for i in range(have, n):
        employer = employers[i % len(employers)]
        sector = employer.root_sector if employer.root_sector in SECTORS else "other"
        job = rng.choice(SECTORS[sector])
        hourly = rng.random() < 0.25
        batch.append(
            Vacancy(
                employer=employer,
                title=f"{rng.choice(PREFIXES)}{job}{rng.choice(SUFFIXES)}",
                duties=DUTIES[sector],
                occupation=rng.choice(occupations),
                wage_type=WageType.HOURLY if hourly else WageType.MONTHLY,
                wage_amount=rng.randint(10_030, 14_000)
                if hourly
                else rng.randrange(2_100_000, 4_200_000, 10_000),
                shift=rng.choice(shifts),
                employment_type=rng.choice(types),
                work_region=employer.region,
                lat=employer.lat,
                lon=employer.lon,
                commuter_bus=employer.commuter_bus,
                dormitory=employer.dormitory,
                status=VacancyStatus.PUBLISHED,
                closing_date=today + dt.timedelta(days=rng.randint(1, 60)),
                published_at=now - dt.timedelta(minutes=rng.randint(0, 60 * 24 * 30)),
            )
        )
        if len(batch) >= 5000:
            Vacancy.objects.bulk_create(batch)
            batch = []
    if batch:
        Vacancy.objects.bulk_create(batch)
    say(f"created {n - have:,} vacancies in {time.perf_counter() - t0:.1f} s")


def make_queries(count: int, rng: random.Random) -> list:
    from iljari.taxonomy.choices import Shift
    from iljari.taxonomy.models import Region, RegionLevel
    from iljari.vacancies.search import SearchParams

    sigungu = list(
        Region.objects.filter(level=RegionLevel.SIGUNGU, sido__in=["인천광역시", "경기도"]).values_list(
            "code", flat=True
        )
    )
    out = []
    for i in range(count):
        q = QUERIES[i % len(QUERIES)]
        kind = i % 5
        params = SearchParams(q=q)
        if kind == 0 and sigungu:
            params.region = rng.choice(sigungu)
        elif kind == 1:
            params.shifts = [rng.choice(list(Shift.values))]
        elif kind == 2:
            params.commuter_bus = True
            params.sort = "closing"
        elif kind == 3:
            params.wage_min = 3_000_000
            params.sort = "wage"
        else:
            params.dormitory = True
            params.closing_soon = True
        out.append(params)
    return out


def run_page(qs) -> tuple[int, list[int]]:
    """What the search page does: the count and the first 20 rows (with their joins)."""
    from iljari.vacancies.search import LazyPage, SearchParams, SearchResults

    related = ("employer", "work_region", "occupation")
    page = SearchResults(qs, related) if isinstance(qs, SearchParams) else LazyPage(qs, related)
    count = page.count()
    return count, [v.pk for v in page[0:20]]


def _ilike_peer(params):
    from iljari.vacancies.search import SearchParams, query_terms, search_queryset

    qs = search_queryset(SearchParams(**{**params.__dict__, "q": ""}))
    where = ILIKE_WHERE if connection.vendor == "postgresql" else ILIKE_WHERE.replace("ILIKE", "LIKE")
    for term in query_terms(params.q):
        like = f"%{term}%"
        qs = qs.extra(where=[where], params=[like, like, like, like])  # noqa: S610 - fixed SQL
    return qs


def _fts_peer(params):
    from iljari.vacancies.search import SearchParams, search_queryset

    qs = search_queryset(SearchParams(**{**params.__dict__, "q": ""}))
    return qs.extra(
        where=[
            "to_tsvector('simple', vacancies_vacancy.title || ' ' || vacancies_vacancy.duties) @@ plainto_tsquery('simple', %s)"
        ],
        params=[params.q],
    )


def _ids(qs) -> set[int]:
    return set(qs.values_list("id", flat=True))


def measure(name: str, make_qs, queries, warm: int = 5) -> dict:
    for params in queries[:warm]:
        run_page(make_qs(params))
    times = []
    for params in queries:
        t = time.perf_counter()
        run_page(make_qs(params))
        times.append((time.perf_counter() - t) * 1000)
    return {
        "name": name,
        "queries": len(times),
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(_percentile(times, 0.95), 2),
        "max_ms": round(max(times), 2),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench/run.py search")
    parser.add_argument("--vacancies", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--page-requests", type=int, default=100, help="uncached search page (and API) requests"
    )
    parser.add_argument(
        "--page-only", action="store_true", help="only the search page's and API's CPU (no peers)"
    )
    parser.add_argument("--profile", action="store_true", help="print where the page's CPU goes")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from iljari.vacancies.search import refresh_search_index, search_queryset

    def say(message: str) -> None:
        if not args.json:
            print(message, flush=True)

    from bench.scratch import assert_scratch_connection

    assert_scratch_connection()
    rng = random.Random(args.seed)
    ensure_reference_data()
    build_world(args.vacancies, rng, say)
    t0 = time.perf_counter()
    indexed = refresh_search_index(batch=5000)
    index_seconds = time.perf_counter() - t0
    say(f"indexed {indexed:,} vacancies in {index_seconds:.1f} s")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE vacancies_vacancy; ANALYZE vacancies_vacancytoken")

    queries = make_queries(args.queries, rng)
    results = {
        "database": connection.vendor,
        "vacancies": args.vacancies,
        "index_seconds": round(index_seconds, 1),
    }
    from iljari.vacancies import search_index

    search_index.forget()
    t0 = time.perf_counter()
    search_index.current()
    results["index_load_seconds"] = round(time.perf_counter() - t0, 2)
    say(f"loaded the in-memory index of this process in {results['index_load_seconds']:.1f} s")
    results["ours"] = measure("in-memory index (ours)", lambda params: params, queries)
    if args.page_requests:
        from bench.search_page import measure_page

        results["page"] = measure_page(args.page_requests, rng, profile=args.profile, say=say)
        say(
            f"search page, uncached: server CPU per request mean {results['page']['cpu_mean_ms']} ms, "
            f"p50 {results['page']['cpu_p50_ms']} ms, p95 {results['page']['cpu_p95_ms']} ms "
            f"({results['page']['ok']}/{results['page']['requests']} answered 200)"
        )
        api_rng = random.Random(args.seed + 1)
        results["api"] = measure_page(
            args.page_requests, api_rng, profile=args.profile, say=say, path="/api/vacancies/"
        )
        say(
            f"search API, uncached: server CPU per request mean {results['api']['cpu_mean_ms']} ms, "
            f"p50 {results['api']['cpu_p50_ms']} ms, p95 {results['api']['cpu_p95_ms']} ms "
            f"({results['api']['ok']}/{results['api']['requests']} answered 200)"
        )
    if args.page_only:
        if args.json:
            print(json.dumps(results, ensure_ascii=False))
        return 0

    def ours(params) -> set[int]:
        return set(search_index.search(params, 0, 10**9)[1])

    peers = [
        ("token index in SQL (ours, SQL only)", search_queryset),
        ("ILIKE (no index)" if connection.vendor == "postgresql" else "LIKE (no index)", _ilike_peer),
    ]
    if connection.vendor == "postgresql":
        try:
            with connection.cursor() as cursor:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                cursor.execute(
                    "CREATE INDEX IF NOT EXISTS bench_vacancy_title_trgm ON vacancies_vacancy USING gin (title gin_trgm_ops)"
                )
                cursor.execute(
                    "CREATE INDEX IF NOT EXISTS bench_vacancy_duties_trgm ON vacancies_vacancy USING gin (duties gin_trgm_ops)"
                )
            peers.append(("ILIKE + pg_trgm GIN", _ilike_peer))
        except Exception as exc:  # noqa: BLE001 - the extension may be missing
            say(f"pg_trgm unavailable: {exc}")
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS bench_vacancy_fts ON vacancies_vacancy USING gin "
                "(to_tsvector('simple', title || ' ' || duties))"
            )
        peers.append(("to_tsvector('simple') GIN", _fts_peer))
    results["peers"] = []
    for name, make_qs in peers:
        if name.startswith("ILIKE (no index)") and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET enable_bitmapscan = off")
            row = measure(name, make_qs, queries)
            with connection.cursor() as cursor:
                cursor.execute("SET enable_bitmapscan = on")
        else:
            row = measure(name, make_qs, queries)
        sample = queries[: min(len(queries), 60)]
        same = sum(1 for p in sample if ours(p) == _ids(make_qs(p)))
        row["agreement"] = f"{same}/{len(sample)}"
        results["peers"].append(row)
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
    else:
        print(
            f"search over {args.vacancies:,} vacancies on {connection.vendor}: {args.queries} free-text + filter queries"
        )
        for row in [results["ours"], *results["peers"]]:
            agreement = f"  same results as ours: {row['agreement']}" if "agreement" in row else ""
            print(
                f"  {row['name']:<28} p50 {row['p50_ms']:7.2f} ms  p95 {row['p95_ms']:7.2f} ms  max {row['max_ms']:7.2f} ms{agreement}"
            )
    return 0
