"""The search page's occupation and industry pickers: chosen by name, codes in the query string."""

from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse

from iljari.taxonomy.models import Industry, Occupation
from iljari.vacancies.query_reader import vocabulary
from iljari.vacancies.search import refresh_search_index
from tests import factories as f

pytestmark = pytest.mark.django_db

SEARCH = reverse("vacancies:search")


def industry(code: str) -> Industry:
    return Industry.objects.get(code=code)


@pytest.fixture
def jobs(employer, other_employer):
    employer.industry = industry("25111")  # 구조용 금속제품 (section C, division 25)
    employer.save()
    other_employer.industry = industry("24321")  # 알루미늄 주물 주조업 (division 24)
    other_employer.save()
    return {
        "welder": f.VacancyFactory(
            employer=employer, title="CO2용접공 모집", occupation=f.occupation("8241")
        ),
        "welding_operator": f.VacancyFactory(
            employer=employer, title="로봇용접 오퍼레이터", occupation=f.occupation("8242")
        ),
        "mold": f.VacancyFactory(
            employer=other_employer, title="금형 사상원", occupation=f.occupation("8131")
        ),
        "caster": f.VacancyFactory(
            employer=other_employer, title="다이캐스팅 주조원", occupation=f.occupation("8233")
        ),
    }


def titles(response) -> set[str]:
    page = response.context["page_obj"]
    return {v.title for v in page.object_list}


def query_of(location: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(location).query)


def test_quick_choices_for_root_industries_come_before_the_full_picker(client, jobs):
    html = client.get(SEARCH).content.decode()
    quick = html.index('id="quick-occupation-title"')
    assert quick < html.index('id="occupation-list"')
    assert 'id="id_occupation_group"' not in html  # the long lists load on demand
    for code, word in [("824", "용접"), ("8131", "금형"), ("823", "주조·단조"), ("825", "도금·도장")]:
        assert f'name="occupation_pick" value="{code}" aria-pressed="false">{word}</button>' in html


def test_a_quick_choice_filters_by_name_and_pressing_it_again_clears_it(client, jobs):
    response = client.get(
        SEARCH, {"q": "", "occupation_pick": "824", "occupation_group": "", "occupation": ""}
    )
    assert response.status_code == 302 and query_of(response["Location"]) == [("occupation", "824")]
    response = client.get(response["Location"])
    assert titles(response) == {"CO2용접공 모집", "로봇용접 오퍼레이터"}
    html = response.content.decode()
    assert 'name="occupation_pick" value="" aria-pressed="true">용접</button>' in html
    # pressing the pressed choice again sends an empty pick: the filter goes
    response = client.get(SEARCH, {"occupation": "824", "occupation_pick": ""})
    assert response.status_code == 302 and response["Location"] == SEARCH


def test_occupation_found_by_name_then_chosen_filters_results(client, jobs):
    # a job title ("티그용접원") leads to its occupation: the visitor never sees a code
    html = client.get(SEARCH, {"occupation_q": "티그"}).content.decode()
    assert 'name="occupation_pick" value="8241"' in html and "용접원" in html
    response = client.get(SEARCH, {"occupation_q": "티그", "occupation_pick": "8241"}, follow=True)
    assert response.redirect_chain[-1][0] == f"{SEARCH}?occupation=8241"
    assert titles(response) == {"CO2용접공 모집"}
    chips = response.context["active_filters"]
    assert [(c.label, c.value, c.remove_query) for c in chips] == [("직종", "용접원", "")]


def test_two_level_choice_group_then_detail(client, jobs):
    response = client.get(SEARCH, {"occupation_group": "82", "occupation": "8241"})
    assert query_of(response["Location"]) == [("occupation", "8241")]
    # the group alone: the whole 중분류
    response = client.get(SEARCH, {"occupation_group": "82", "occupation": ""}, follow=True)
    assert query_of(response.redirect_chain[-1][0]) == [("occupation", "82")]
    assert titles(response) == {"CO2용접공 모집", "로봇용접 오퍼레이터", "다이캐스팅 주조원"}
    # the group changed without JavaScript: the old detail no longer belongs, the new group wins
    response = client.get(SEARCH, {"occupation_group": "81", "occupation": "8241"})
    assert query_of(response["Location"]) == [("occupation", "81")]


def test_a_code_link_shows_the_choice_by_name_in_both_selects(client, jobs):
    response = client.get(SEARCH, {"occupation": "8241"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<input type="hidden" name="occupation" value="8241">' in html
    assert "<strong>용접원</strong>" in html  # the choice by name, while the list is closed
    assert "상세 조건 <span" in html  # the summary counts the applied conditions
    link = reverse("vacancies:filter_list", args=["occupation"]) + "?occupation=8241"
    assert f'href="{link}" hx-get="{link}"' in html
    # the list, opened: htmx swaps its fields in, with the choice selected in both selects
    fragment = client.get(link, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('<div class="picker-levels" id="occupation-list">')
    assert '<option value="82" selected>' in fragment
    assert '<option value="8241" selected>용접원</option>' in fragment
    assert '<optgroup label="용접원 및 용접기 조작원"><option value="824">' in fragment
    assert "autofocus" in fragment and "<html" not in fragment


def test_without_javascript_a_list_is_a_page_that_keeps_the_other_conditions(client, jobs):
    link = reverse("vacancies:filter_list", args=["occupation"])
    html = client.get(link, {"q": "용접", "occupation": "8241", "dormitory": "on", "page": "2"}).content
    html = html.decode()
    assert "<html" in html and '<form method="get" action="/jobs/"' in html
    assert '<input type="hidden" name="q" value="용접">' in html
    assert '<input type="hidden" name="dormitory" value="on">' in html
    assert 'name="page"' not in html and 'type="hidden" name="occupation"' not in html
    assert '<option value="8241" selected>용접원</option>' in html
    place = client.get(reverse("vacancies:filter_list", args=["place"]), {"region": "28200"})
    assert '<option value="28200" selected>인천광역시 남동구</option>' in place.content.decode()
    assert client.get(reverse("vacancies:filter_list", args=["nothing"])).status_code == 404


def test_detail_options_follow_the_group_for_htmx(client):
    url = reverse("vacancies:picker_options")
    html = client.get(url, {"occupation_group": "82"}).content.decode()
    assert '<option value="8233">주조원</option>' in html and "8131" not in html
    html = client.get(url, {"industry_group": "C"}).content.decode()
    assert '<option value="24">' in html and '<option value="243">금속 주조업</option>' in html
    # an unknown group: only the prompt, never an error page
    assert "먼저 분야를 고르세요" in client.get(url, {"occupation_group": "99"}).content.decode()
    assert client.get(url, {"nope_group": "82"}).content == b""


def test_name_search_for_htmx_lists_pick_buttons(client):
    url = reverse("vacancies:picker_matches")
    html = client.get(url, {"occupation_q": "용접"}).content.decode()
    assert 'value="8241"' in html and 'value="8242"' in html and "누르면 바로 적용됩니다" in html
    assert "맞는 직종이 없습니다" in client.get(url, {"occupation_q": "우주비행"}).content.decode()
    assert client.get(url, {"occupation_q": ""}).content.decode().strip() == ""
    html = client.get(url, {"industry_q": "도금"}).content.decode()
    assert 'name="industry_pick" value="25922"' in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"occupation": "9999"}, "없는 직종입니다. 목록에서 직종을 골라 주세요."),
        ({"occupation_pick": "9999"}, "없는 직종입니다. 목록에서 직종을 골라 주세요."),
        ({"occupation_pick": "용접"}, "직종 코드는 숫자로 입력해 주세요."),
        ({"occupation_group": "99"}, "없는 직종 분야입니다. 목록에서 골라 주세요."),
        ({"occupation_group": "ab"}, "직종 분야를 목록에서 골라 주세요."),
        ({"industry": "Z99"}, "없는 업종입니다. 목록에서 업종을 골라 주세요."),
        ({"industry": "A24"}, "없는 업종입니다. 목록에서 업종을 골라 주세요."),  # 24 is in C, not A
        ({"industry": "C24-"}, "업종 코드 형식이 올바르지 않습니다 (예: C24)."),
        ({"industry_group": "V"}, "없는 산업 분류입니다. 목록에서 골라 주세요."),  # KSIC ends at U
    ],
)
def test_unknown_codes_give_a_korean_field_message(client, jobs, params, message):
    response = client.get(SEARCH, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html


def test_a_ksco_code_is_not_a_keco_occupation(client, jobs):
    Occupation.objects.create(scheme="ksco", code="7777", name="KSCO 전용 직업", level=4)
    assert client.get(SEARCH, {"occupation": "7777"}).status_code == 400


def test_industry_codes_with_or_without_the_section_letter(client, jobs):
    response = client.get(SEARCH, {"industry": "c24"})
    assert response.status_code == 302 and query_of(response["Location"]) == [("industry", "24")]
    response = client.get(response["Location"])
    assert titles(response) == {"금형 사상원", "다이캐스팅 주조원"}
    assert [c.value for c in response.context["active_filters"]] == ["1차 금속 제조업"]
    response = client.get(SEARCH, {"industry_pick": "25111"}, follow=True)
    assert titles(response) == {"CO2용접공 모집", "로봇용접 오퍼레이터"}


def test_a_section_finds_the_employers_of_all_its_divisions(client, jobs):
    # the full KSIC has other sections; a wholesale company must not come up under 제조업
    division = Industry.objects.get(code="46")  # 도매 및 상품 중개업, in section G
    assert division.parent.code == "G"
    trader = f.EmployerFactory(name="(주)철강상사", industry=division)
    f.VacancyFactory(employer=trader, title="철강 영업 보조", occupation=None)
    response = client.get(SEARCH, {"industry_group": "C", "industry": ""}, follow=True)
    assert query_of(response.redirect_chain[-1][0]) == [("industry", "C")]
    assert "철강 영업 보조" not in titles(response) and len(titles(response)) == 4
    assert [c.value for c in response.context["active_filters"]] == ["제조업"]
    assert titles(client.get(SEARCH, {"industry": "G"})) == {"철강 영업 보조"}
    csv = b"".join(client.get(reverse("vacancies:export_csv"), {"industry": "G"}).streaming_content)
    assert "철강 영업 보조" in csv.decode("utf-8") and "CO2용접공" not in csv.decode("utf-8")


def test_chips_name_every_condition_and_remove_one_at_a_time(client, jobs):
    params = [
        ("q", "용접"),
        ("region", "28200"),
        ("dong", "28200111"),
        ("max_km", "10"),
        ("occupation", "824"),
        ("shift", "day"),
        ("shift", "two_shift"),
        ("dormitory", "on"),
    ]
    response = client.get(SEARCH + "?" + "&".join(f"{k}={v}" for k, v in params))
    assert response.status_code == 200
    chips = {(c.label, c.value): dict(parse_qsl(c.remove_query)) for c in response.context["active_filters"]}
    assert set(chips) == {
        ("직종", "용접 관련 직종"),  # the search word, read as an occupation (query_reader)
        ("지역", "인천광역시 남동구"),
        ("동네", "고잔동"),
        ("거리", "10km 이내"),
        ("직종", "용접원 및 용접기 조작원"),
        ("근무 형태", "주간"),
        ("근무 형태", "2교대"),
        ("근무 조건", "기숙사"),
    }
    assert "region" not in chips[("지역", "인천광역시 남동구")]
    assert "dong" not in chips[("지역", "인천광역시 남동구")]  # the 동 goes with its 시군구
    assert "occupation" not in chips[("직종", "용접원 및 용접기 조작원")]
    assert "q" not in chips[("직종", "용접 관련 직종")]
    without_day = [kv for kv in parse_qsl(response.context["active_filters"][5].remove_query)]
    assert ("shift", "two_shift") in without_day and ("shift", "day") not in without_day
    html = response.content.decode()
    assert "직종 ‘용접원 및 용접기 조작원’ 조건 지우기" in html  # the remove link's name for screen readers


def test_the_plain_address_does_not_redirect_again(client, jobs):
    response = client.get(
        SEARCH,
        {
            "q": "",
            "occupation_group": "82",
            "occupation": "8241",
            "industry_group": "C",
            "industry": "25",
            "page": "1",
        },
    )
    assert response.status_code == 302
    assert query_of(response["Location"]) == [("occupation", "8241"), ("industry", "25"), ("page", "1")]
    assert client.get(response["Location"]).status_code == 200


def test_pickers_keep_the_query_count_bounded(client, employer, django_assert_max_num_queries):
    employer.industry = industry("25111")
    employer.save()
    f.VacancyFactory.create_batch(30, employer=employer)
    refresh_search_index()
    params = {"q": "용접", "region": "28200", "occupation": "8241", "industry": "25", "page": "2"}
    vocabulary()  # the query reader's names, read once per process (then checked every few seconds)
    with django_assert_max_num_queries(13):
        response = client.get(SEARCH, params)
    assert response.status_code == 200
    assert "검색 결과 30건" in response.content.decode()
    with django_assert_max_num_queries(14):  # + the two name searches
        client.get(SEARCH, {"occupation_q": "용접", "industry_q": "도금", "industry": "C"})


def test_the_api_takes_the_same_codes(client, jobs):
    api = client.get("/api/vacancies/", {"occupation": "824"}).json()
    page = client.get(SEARCH, {"occupation": "824"})
    assert {r["title"] for r in api["results"]} == titles(page) == {"CO2용접공 모집", "로봇용접 오퍼레이터"}


PROBES = [
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1",
    "8241\x00",
    "\x00\x00\x00\x00\x00",
    "１２３",
    "가" * 300,
]


@pytest.mark.parametrize("probe", PROBES)
def test_hostile_picker_values_are_refused_or_escaped_never_a_500(client, jobs, probe):
    client.raise_request_exception = False
    fields = [
        "occupation",
        "occupation_group",
        "occupation_pick",
        "occupation_q",
        "industry",
        "industry_group",
    ]
    fields += ["industry_pick", "industry_q", "region"]
    for field in fields:
        response = client.get(SEARCH, {field: probe})
        assert response.status_code in (200, 302, 400), (field, response.status_code)
        assert "<img src=x" not in response.content.decode()
    for url, field in [
        ("vacancies:picker_options", "occupation_group"),
        ("vacancies:picker_matches", "industry_q"),
    ]:
        response = client.get(reverse(url), {field: probe})
        assert response.status_code == 200 and "<img src=x" not in response.content.decode()
    assert client.get(reverse("vacancies:dongs"), {"region": probe}).status_code == 200
