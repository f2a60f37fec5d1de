"""The in-memory search index gives exactly the SQL search's results, and follows every change."""

import datetime as dt
import random

import pytest
from django.db import transaction
from django.utils import timezone

from iljari.employers.actions import do_update_employer
from iljari.taxonomy.choices import EmploymentType, Shift
from iljari.taxonomy.models import IndustrialComplex, Industry, Occupation, Region, RegionLevel
from iljari.vacancies import search_index
from iljari.vacancies.models import Vacancy, VacancyStatus, WageType
from iljari.vacancies.search import SORTS, SearchParams, SearchResults, search_queryset
from tests import factories as f

pytestmark = pytest.mark.django_db

WORDS = [
    "CO2용접공",
    "TIG 용접원",
    "금형 사상원",
    "다이캐스팅 오퍼레이터",
    "열처리 기능공",
    "도금 작업자",
    "지게차 운전",
]
DUTIES = ["철판을 용접한다", "금형을 연마하고 사상한다", "알루미늄을 주조한다", "아연도금 공정을 관리한다"]
QUERIES = ["", "용접", "용접공", "금형 사상", "다이캐스팅", "도금", "열처리", "지게차", "TIG", "없는말"]


def ranked(params: SearchParams) -> list[int]:
    return search_index.search(params, 0, 10_000)[1]


def sql_ranked(params: SearchParams) -> list[int]:
    return list(search_queryset(params).values_list("pk", flat=True))


@pytest.fixture
def world():
    rng = random.Random(11)
    regions = list(Region.objects.filter(level=RegionLevel.EMD).exclude(lat=None)[:12])
    industries = list(Industry.objects.filter(level__gte=3).order_by("code")[:40])
    complexes = list(IndustrialComplex.objects.all()[:3]) or [None]
    occupations = list(Occupation.objects.filter(scheme="keco", level=4).order_by("code")[:20]) + [None]
    employers = [
        f.EmployerFactory(
            region=regions[i % len(regions)],
            commuter_bus=i % 2 == 0,
            dormitory=i % 3 == 0,
            industry=rng.choice(industries) if i % 5 else None,
            industrial_complex=rng.choice(complexes),
        )
        for i in range(6)
    ]
    now = timezone.now()
    today = timezone.localdate()
    vacancies = []
    for i in range(90):
        employer = employers[i % len(employers)]
        region = regions[rng.randrange(len(regions))]
        hourly = rng.random() < 0.3
        vacancies.append(
            f.VacancyFactory(
                employer=employer,
                title=f"{rng.choice(WORDS)} {i}",
                duties=rng.choice(DUTIES),
                occupation=rng.choice(occupations),
                work_region=region,
                lat=region.lat + rng.random() / 100,
                lon=region.lon + rng.random() / 100,
                shift=rng.choice(list(Shift.values)),
                employment_type=rng.choice(list(EmploymentType.values)),
                wage_type=WageType.HOURLY if hourly else WageType.MONTHLY,
                wage_amount=rng.randint(10_030, 14_000)
                if hourly
                else rng.randrange(2_100_000, 4_200_000, 10_000),
                commuter_bus=rng.random() < 0.5,
                dormitory=rng.random() < 0.3,
                experience_years_min=rng.choice([0, 0, 1, 3]),
                work_days_per_week=rng.choice([5, 5, 6, 3]),
                status=rng.choice(
                    [VacancyStatus.PUBLISHED] * 4 + [VacancyStatus.CLOSED, VacancyStatus.DRAFT]
                ),
                closing_date=today + dt.timedelta(days=rng.randint(-3, 40)),
                published_at=now - dt.timedelta(minutes=rng.randint(0, 50_000)),
            )
        )
    return {
        "regions": regions,
        "employers": employers,
        "vacancies": vacancies,
        "occupations": [o for o in occupations if o],
    }


def random_params(rng: random.Random, world) -> SearchParams:
    params = SearchParams(q=rng.choice(QUERIES), sort=rng.choice(list(SORTS)))
    region = rng.choice(world["regions"])
    if rng.random() < 0.3:
        params.region = region.code[: rng.choice([2, 5, len(region.code)])]
    if rng.random() < 0.3:
        params.shifts = rng.sample(list(Shift.values), rng.randint(1, 2))
    if rng.random() < 0.2:
        params.employment_types = [rng.choice(list(EmploymentType.values))]
    params.commuter_bus = rng.random() < 0.2
    params.dormitory = rng.random() < 0.2
    params.no_experience = rng.random() < 0.2
    params.five_days = rng.random() < 0.2
    params.closing_soon = rng.random() < 0.2
    if rng.random() < 0.3:
        params.wage_min = rng.choice([2_500_000, 3_000_000])
    if rng.random() < 0.2:
        params.employer_id = rng.choice(world["employers"]).pk
    if rng.random() < 0.25:
        params.occupation = rng.choice(world["occupations"]).code[: rng.choice([1, 2, 3, 4])]
    employer = rng.choice(world["employers"])
    if rng.random() < 0.25 and employer.industry is not None:
        code = employer.industry.code
        params.industry = rng.choice([code[:2], code, "C", "C" + code[:2]])
    if rng.random() < 0.15 and employer.industrial_complex_id:
        params.complex_id = employer.industrial_complex_id
    if rng.random() < 0.4:
        params.origin = (region.lat, region.lon)
        params.max_km = rng.choice([None, 5.0, 30.0])
    return params


def test_random_searches_match_the_sql_search_exactly(world):
    rng = random.Random(5)
    searched = 0
    for _ in range(150):
        params = random_params(rng, world)
        expected = sql_ranked(params)
        assert ranked(params) == expected, params
        searched += bool(expected)
    assert searched > 30  # the random searches did find something most of the time


def test_a_ksic_section_stands_for_its_divisions(world):
    with_industry = [e for e in world["employers"] if e.industry is not None]
    section = with_industry[0].industry
    while section.parent is not None:
        section = section.parent
    found = ranked(SearchParams(industry=section.code))
    assert found == sql_ranked(SearchParams(industry=section.code))
    expected = {
        v.pk
        for v in world["vacancies"]
        if v.pk in set(ranked(SearchParams()))
        and v.employer.industry is not None
        and v.employer.industry.code[:2] in {d.code for d in section.children.all()}
    }
    assert set(found) == expected and expected


def test_count_and_pages_agree(world):
    params = SearchParams(q="용접")
    everything = ranked(params)
    assert len(everything) > 5
    count, first = search_index.search(params, 0, 3)
    _, second = search_index.search(params, 3, 6)
    assert count == len(everything)
    assert first + second == everything[:6]
    assert search_index.search(params, count + 10, count + 20) == (count, [])


def test_search_results_give_the_page_rows(world, django_assert_max_num_queries):
    results = SearchResults(SearchParams(q="용접"), ("employer", "work_region", "occupation"))
    search_index.current()  # the index is loaded once per process, not per page
    with django_assert_max_num_queries(4):
        rows = results[0:5]
        count = results.count()
        names = [v.employer.name for v in rows]
    assert count == len(ranked(SearchParams(q="용접")))
    assert [v.pk for v in rows] == ranked(SearchParams(q="용접"))[:5]
    assert len(names) == len(rows)


def test_an_edited_vacancy_is_found_by_its_new_words(world):
    vacancy = next(
        v for v in world["vacancies"] if v.status == VacancyStatus.PUBLISHED and "지게차" not in v.title
    )
    vacancy.closing_date = timezone.localdate() + dt.timedelta(days=10)
    vacancy.save()
    assert vacancy.pk not in ranked(SearchParams(q="방전가공"))
    vacancy.title = "방전가공 기술자"
    vacancy.save()
    assert ranked(SearchParams(q="방전가공")) == [vacancy.pk]


def test_closing_publishing_and_new_vacancies_show_at_once(world, employer):
    search_index.current()
    published = next(v for v in world["vacancies"] if v.pk in ranked(SearchParams()))
    published.status = VacancyStatus.CLOSED
    published.save()
    assert published.pk not in ranked(SearchParams())
    new = f.VacancyFactory(employer=employer, title="쇼트블라스트 작업자")
    assert ranked(SearchParams(q="쇼트블라스트")) == [new.pk]
    assert ranked(SearchParams()) == sql_ranked(SearchParams())


def test_a_deleted_vacancy_disappears(world):
    """Deleting is an administrator's act: the admin tells the index (no signal does)."""
    from django.contrib import admin

    params = SearchParams(q="용접")
    before = ranked(params)
    admin.site._registry[Vacancy].delete_queryset(None, Vacancy.objects.filter(pk=before[0]))
    assert ranked(params) == before[1:]
    admin.site._registry[Vacancy].delete_model(None, Vacancy.objects.get(pk=before[1]))
    assert ranked(params) == before[2:]


def test_a_renamed_employer_is_found_by_its_new_name(world):
    employer = world["employers"][0]
    search_index.current()
    do_update_employer(employer=employer, actor=None, name="(주)새이름정밀")  # the action marks its vacancies
    assert set(ranked(SearchParams(q="새이름정밀"))) == set(sql_ranked(SearchParams(q="새이름정밀")))
    assert ranked(SearchParams(q="새이름정밀"))


def test_a_rolled_back_change_does_not_stay_in_the_index(world, employer):
    search_index.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        f.VacancyFactory(employer=employer, title="롤백될 공고 주물원")
        assert ranked(SearchParams(q="주물원"))  # seen inside the transaction
        raise RuntimeError
    assert ranked(SearchParams(q="주물원")) == []
    kept = f.VacancyFactory(employer=employer, title="남을 공고 단조원")
    assert ranked(SearchParams(q="주물원")) == []
    assert ranked(SearchParams(q="단조원")) == [kept.pk]


def test_a_fresh_process_builds_the_same_index(world):
    params = SearchParams(q="금형 사상", sort="wage")
    warm = ranked(params)
    search_index.forget()
    assert ranked(params) == warm == sql_ranked(params)
