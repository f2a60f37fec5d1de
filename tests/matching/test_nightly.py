"""The nightly batch at scale (iljari.matching.nightly): blocked = exhaustive, chunks, workers, no
empty-table window. Runs on SQLite and on PostgreSQL (the worker processes and the concurrent reader
need PostgreSQL and committed rows)."""

import math
import random

import pytest
from django.db import connection

from iljari.matching import actions, nightly
from iljari.matching.models import Direction, Recommendation
from tests import factories as f

JOBS = [
    ("CO2 용접공", "CO2 용접기로 철구조물을 용접한다.", "8241"),
    ("CNC 선반 가공원", "CNC 선반으로 부품을 가공한다.", None),
    ("지게차 운전원", "지게차로 자재를 상하차한다.", None),
    ("경리 사무원", "회계 장부를 정리한다.", None),
    ("요양보호사", "어르신을 돌본다.", None),
]
PLACES = [(37.40, 126.70), (37.56, 126.98), (35.18, 129.07), (36.35, 127.38)]


def _world(n_s: int, n_v: int, seed: int = 5):
    rng = random.Random(seed)
    employer = f.EmployerFactory()
    for _ in range(n_v):
        title, duties, code = rng.choice(JOBS)
        lat, lon = rng.choice(PLACES[:3])
        f.VacancyFactory(
            employer=employer,
            title=title,
            duties=duties,
            occupation=f.occupation(code) if code else None,
            lat=lat + rng.uniform(-0.1, 0.1),
            lon=lon + rng.uniform(-0.1, 0.1),
            wage_amount=rng.randrange(2_100_000, 3_600_000, 10_000),
            shift=rng.choice(["day", "two_shift", "night"]),
            dormitory=rng.random() < 0.3,
            openings=rng.randint(1, 3),
        )
    seekers = []
    for _ in range(n_s):
        title, duties, code = rng.choice(JOBS)
        lat, lon = rng.choice(PLACES)  # 대전 has no vacancy: those seekers get relaxed results
        s = f.SeekerFactory(
            lat=lat + rng.uniform(-0.1, 0.1),
            lon=lon + rng.uniform(-0.1, 0.1),
            max_commute_minutes=rng.choice([30, 45, 60, 90]),
            shift_preferences=rng.choice([["day"], []]),
            desired_monthly_wage=rng.choice([None, 2_500_000, 3_000_000]),
            needs_dormitory=rng.random() < 0.1,
        )
        f.ExperienceFactory(seeker=s, job_title=title, duties=duties, occupation=None)
        seekers.append(s)
    return seekers


def _stored(direction=Direction.FOR_SEEKER):
    return list(
        Recommendation.objects.filter(direction=direction)
        .order_by("seeker_id", "vacancy_id", "rank")
        .values_list("seeker_id", "vacancy_id", "rank", "score", "relaxed")
    )


@pytest.mark.django_db
def test_blocked_batch_stores_what_scoring_every_pair_stores(monkeypatch):
    seekers = _world(40, 60)
    monkeypatch.setattr(nightly, "EXHAUSTIVE_BELOW_PAIRS", 10**12)
    full = actions.do_run_batch_matching(k=4, chunk=7)
    every_pair = _stored()
    monkeypatch.setattr(nightly, "EXHAUSTIVE_BELOW_PAIRS", 0)
    blocked = actions.do_run_batch_matching(k=4, chunk=7)
    assert full.stats["blocking"]["exhaustive_mode"] and not blocked.stats["blocking"]["exhaustive_mode"]
    b = blocked.stats["blocking"]
    assert b["widened"] > 0 and b["pairs_tested"] > 0  # the short seekers widened
    assert _stored() == every_pair
    # chunked: ceil(40 / 7) chunks, every seeker a full list, the far-away ones labelled relaxed
    assert blocked.stats["chunks"] == math.ceil(40 / 7)
    assert Recommendation.objects.filter(direction=Direction.FOR_SEEKER).count() == 40 * 4
    far = [s for s in seekers if abs(s.lat - 36.35) < 0.2]
    assert far
    for s in far:
        stored = actions.stored_recommendations_for_seeker(s)
        assert len(stored) == 4 and all("commute" in r.relaxed for r in stored)


@pytest.mark.django_db
def test_a_seeker_and_a_vacancy_deleted_while_the_job_runs_leave_no_rows_and_the_run_commits():
    from django.db.models import Q

    from iljari.matching.models import MatchRun
    from iljari.matching.nightly.read import seeker_chunks
    from iljari.seekers.models import Seeker
    from iljari.vacancies.models import Vacancy

    _world(24, 30, seed=3)
    actions.do_run_batch_matching(k=3, chunk=6)  # the previous run's rows, to be replaced
    late_seeker = int(seeker_chunks(6)[-1][0])  # written in the last chunk
    vacancy = Recommendation.objects.filter(direction=Direction.FOR_SEEKER).values_list(
        "vacancy_id", flat=True
    )[0]
    deleted = []

    def delete_once(done, total):
        if done > 24 and not deleted:  # pass 2 has begun: the first chunk is written
            this_run = Recommendation.objects.filter(run=MatchRun.objects.latest("pk"))
            written = this_run.filter(Q(seeker_id=late_seeker) | Q(vacancy_id=vacancy)).count()
            Seeker.objects.get(pk=late_seeker).delete()
            Vacancy.objects.get(pk=vacancy).delete()
            deleted.append(written)  # the rows this run had already written, gone with them

    run = actions.do_run_batch_matching(k=3, chunk=6, progress=delete_once)
    assert deleted and run.status == "done"
    assert run.stats["rows_dropped_vanished"] > 0
    assert not Recommendation.objects.filter(seeker_id=late_seeker).exists()
    assert not Recommendation.objects.filter(vacancy_id=vacancy).exists()
    dropped = run.stats["rows_dropped_vanished"]
    assert Recommendation.objects.count() == run.n_recommendations - dropped - deleted[0]
    assert (
        Recommendation.objects.filter(direction=Direction.FOR_SEEKER).values("seeker").distinct().count()
        == 23
    )


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_write_the_same_rows_and_readers_never_see_an_empty_table(reference_data):
    if connection.vendor != "postgresql":
        pytest.skip("worker processes and a concurrent reader need PostgreSQL")
    import psycopg

    _world(30, 40, seed=9)
    serial = actions.do_run_batch_matching(k=3, chunk=8, workers=1)
    assert serial.stats["workers"] == 1
    before = _stored() + _stored(Direction.FOR_VACANCY)
    n_before = len(before)
    d = connection.settings_dict
    seen = []

    def reader_count(done, total):
        with psycopg.connect(
            dbname=d["NAME"], host=d["HOST"] or None, port=d["PORT"] or None, user=d["USER"], autocommit=True
        ) as other:
            seen.append((done, other.execute("SELECT count(*) FROM matching_recommendation").fetchone()[0]))

    parallel = actions.do_run_batch_matching(k=3, chunk=8, workers=2, progress=reader_count)
    assert parallel.stats["workers"] == 2 and parallel.stats["chunks"] == 4
    assert _stored() + _stored(Direction.FOR_VACANCY) == [
        (s, v, r, sc, rel) for (s, v, r, sc, rel) in before
    ]  # the same rows (the run id aside)
    # during the whole run, a second connection saw the previous run's rows, never an empty table
    assert len(seen) > 4 and all(n == n_before for _done, n in seen)


@pytest.mark.django_db
def test_chunk_reader_gives_the_profiles_the_pages_build_from_model_instances():
    from iljari.matching import bridge
    from iljari.matching.nightly.read import seeker_profiles
    from iljari.seekers.models import Seeker

    plain = f.SeekerFactory(shift_preferences=[], desired_monthly_wage=None, summary="")
    full = f.SeekerFactory(
        summary="성실합니다",
        visa_type="E-9",
        needs_dormitory=True,
        employment_type="part_time",
        shift_preferences=["day", "night", "unknown"],
        max_commute_minutes=45,
    )
    full.desired_occupations.add(f.occupation("8241"), f.occupation("6230"))
    full.desired_regions.add(f.region("28200111"), f.region("28200107"))
    f.ExperienceFactory(seeker=full, years=2, job_title="사상공", occupation=None, duties="사상 작업")
    f.ExperienceFactory(seeker=full, years=7)
    f.QualificationHeldFactory(seeker=full)
    f.QualificationHeldFactory(seeker=full, qualification=f.qualification("지게차운전기능사"))
    gone = f.SeekerFactory(status="inactive")
    pks = [full.pk, 10**9, plain.pk, gone.pk]
    expected = [bridge.seeker_profile(Seeker.objects.get(pk=pk)) for pk in (full.pk, plain.pk)]
    got = seeker_profiles(pks)
    assert got == expected  # the order of ``pks``; an unknown and an inactive seeker left out
    assert got[0].codes and got[0].experience_codes == ["8241", None] and len(got[0].licences) == 2


@pytest.mark.django_db
def test_vacancy_reader_gives_the_profiles_the_pages_build_from_model_instances():
    from iljari.matching import bridge
    from iljari.matching.nightly.read import vacancy_profiles
    from iljari.taxonomy.models import Industry

    employer = f.EmployerFactory()
    f.VacancyFactory(employer=employer)
    hourly = f.VacancyFactory(
        employer=employer, wage_type="hourly", wage_amount=11_000, work_hours="09:00~13:00",
        work_days_per_week=5, foreigners_welcome=True, occupation=None, experience_years_min=2,
    )  # fmt: skip
    hourly.required_qualifications.add(f.qualification(), f.qualification("지게차운전기능사"))
    hourly.preferred_qualifications.add(f.qualification("지게차운전기능사"))
    other = f.EmployerFactory(industry=Industry.objects.filter(code__startswith="C").first())
    f.VacancyFactory(employer=other, foreigners_welcome=True, dormitory=True, wage_type="annual",
                     wage_amount=36_000_000)  # fmt: skip
    f.VacancyFactory(employer=employer, status="draft")
    expected = [bridge.vacancy_profile(v) for v in bridge.profile_vacancies()]
    got = vacancy_profiles()
    assert len(got) == 3 and got == expected
    assert any(v.accepts_visas for v in got) and any(v.required_licences for v in got)


def test_copy_lines_write_the_json_the_encoder_writes():
    import json

    rng = random.Random(4)
    for _ in range(2000):
        d = {
            k: round(rng.uniform(-60, 60) * rng.choice([1, 1e-3, 1e4]), 2)
            for k in ("occupation", "text", "wage%")
        }
        assert nightly._floats_json(d) == json.dumps(d, separators=(",", ":"))
    # anything but finite floats goes through the encoder (an int, a NaN, Korean)
    assert nightly._floats_json({"a": 1, "b": 2.5}) == '{"a":1,"b":2.5}'
    assert nightly._floats_json({"점수": float("nan")}) == '{"점수":NaN}'


def test_a_copy_line_keeps_hostile_text_whole():
    import json
    import re

    reasons = [{"code": "region", "params": {"region": 'a\tb\nc\\d\r"e" 남동구\x00\x1f'}, "positive": True}]
    line = nightly._copy_line((7, "S", 1, 2, 61.25, 1, {"text": 1.5}, reasons, ["commute"]), "now")
    fields = line.rstrip("\n").split("\t")
    assert len(fields) == 10 and line.count("\n") == 1 and "\r" not in line

    def copy_text(field):  # PostgreSQL's COPY text format, read back
        return re.sub(
            r"\\(.)", lambda m: {"t": "\t", "n": "\n", "r": "\r"}.get(m.group(1), m.group(1)), field
        )

    assert json.loads(copy_text(fields[7])) == reasons
    assert json.loads(copy_text(fields[6])) == {"text": 1.5} and json.loads(copy_text(fields[8])) == [
        "commute"
    ]
