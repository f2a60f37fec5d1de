"""The search page and /api/vacancies read the words: on the demo world the words people type find
vacancies; the page says how it read them; an empty result says so kindly, with relaxations."""

import random

import pytest
from django.utils import timezone

from iljari.demo.world import DemoContext, build_core_world
from iljari.vacancies.query_reader import forget_vocabulary
from tests import factories as f

pytestmark = pytest.mark.django_db

SEARCH = "/jobs/"
API = "/api/vacancies/"
DEMO_QUERIES = ["남동구", "기숙사", "CNC", "사상", "안산", "용접 야간", "초보 가능", "주5일", "생산직 모집"]


@pytest.fixture
def demo_world():
    ctx = DemoContext(rng=random.Random(7), scale="small", today=timezone.localdate())
    build_core_world(ctx)
    forget_vocabulary()
    return ctx


@pytest.mark.parametrize("q", DEMO_QUERIES)
def test_the_words_people_type_find_vacancies_in_the_demo(client, demo_world, q):
    page = client.get(SEARCH, {"q": q})
    assert page.status_code == 200
    count = page.context["page_obj"].paginator.count
    assert count > 0, (q, page.context["reading"].summary())
    assert "조건에 맞는 공고가 없습니다" not in page.content.decode()
    answer = client.get(API, {"q": q}).json()
    assert answer["count"] == count  # the API reads the words the same way
    assert answer["reading"]["summary"] == page.context["reading"].summary()


def test_the_reading_is_said_on_the_page_with_removable_chips(client, demo_world):
    page = client.get(SEARCH, {"q": "남동구 기숙사 용접"})
    html = page.content.decode()
    assert "남동구 · 기숙사 제공 · 용접 관련 직종" in html
    chips = {(c.label, c.value): c.remove_query for c in page.context["active_filters"]}
    assert chips[("지역", "남동구")] == "q=%EA%B8%B0%EC%88%99%EC%82%AC+%EC%9A%A9%EC%A0%91"  # 기숙사 용접
    for vacancy in page.context["page_obj"].object_list:
        assert vacancy.dormitory and vacancy.work_region.code.startswith("28200")


def test_no_experience_and_five_days_filter_what_they_say(client, employer):
    forget_vocabulary()
    open_to_beginners = f.VacancyFactory(employer=employer, experience_years_min=0, work_days_per_week=5)
    f.VacancyFactory(employer=employer, experience_years_min=3, work_days_per_week=5)
    f.VacancyFactory(employer=employer, experience_years_min=0, work_days_per_week=6)
    page = client.get(SEARCH, {"q": "초보 가능 주5일"})
    assert page.context["reading"].summary() == "경력 무관 · 주 5일 이하 근무"
    assert [v.pk for v in page.context["page_obj"].object_list] == [open_to_beginners.pk]
    chips = {(c.label, str(c.value)): c.remove_query for c in page.context["active_filters"]}
    assert chips[("근무 조건", "경력 무관")] == "q=%EC%A3%BC5%EC%9D%BC"  # 주5일 stays


@pytest.fixture
def bupyeong_dormitory(employer):
    bupyeong = f.region("28237")
    return f.VacancyFactory(
        employer=employer,
        title="프레스 기능공",
        work_region=bupyeong,
        lat=bupyeong.lat,
        lon=bupyeong.lon,
        dormitory=True,
    )


def test_an_empty_result_says_so_kindly_and_offers_the_nearest_relaxations(client, bupyeong_dormitory):
    forget_vocabulary()
    page = client.get(SEARCH, {"q": "남동구 기숙사"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "조건에 맞는 공고가 없습니다" in html and "검색 조건을 확인해 주세요" not in html
    relaxations = page.context["relaxations"]
    assert relaxations[0].label == "인접 지역까지 넓혀 보기" and relaxations[0].count == 1
    assert any(r.label == "‘남동구’ 빼고 찾기" and r.count == 1 for r in relaxations)
    assert all(r.count > 0 for r in relaxations)
    assert '인접 지역까지 넓혀 보기 <span class="count">(1건)</span>' in html
    widened = client.get(SEARCH + "?" + relaxations[0].query)
    assert [v.pk for v in widened.context["page_obj"].object_list] == [bupyeong_dormitory.pk]


def test_the_api_offers_the_same_relaxations(client, bupyeong_dormitory):
    forget_vocabulary()
    answer = client.get(API, {"q": "남동구 기숙사"}).json()
    assert answer["count"] == 0
    assert answer["reading"]["parts"][0] == {
        "kind": "place",
        "label": "남동구",
        "words": ["남동구"],
        "q_without": "기숙사",
    }
    near = answer["relaxations"][0]
    assert (near["label"], near["near"], near["count"]) == ("인접 지역까지 넓혀 보기", True, 1)
    assert client.get(API, {"q": "남동구 기숙사", "near": "true"}).json()["count"] == 1


def test_meals_and_foreigners_are_filters(client, employer):
    f.VacancyFactory(employer=employer, title="가공원 A", meals=True, foreigners_welcome=False)
    f.VacancyFactory(employer=employer, title="가공원 B", meals=False, foreigners_welcome=True)
    assert [v.title for v in client.get(SEARCH, {"q": "식사"}).context["page_obj"].object_list] == [
        "가공원 A"
    ]
    assert [r["title"] for r in client.get(API, {"q": "외국인"}).json()["results"]] == ["가공원 B"]
