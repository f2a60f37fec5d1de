import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from iljari.taxonomy.choices import EmploymentType, Shift
from iljari.vacancies import search_index
from iljari.vacancies.models import Vacancy, VacancyStatus, VacancyToken, WageType
from iljari.vacancies.search import (
    SearchParams,
    index_tokens,
    peer_queryset,
    query_terms,
    query_tokens,
    refresh_search_index,
    search_queryset,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


def titles(params: SearchParams) -> set[str]:
    return set(search_queryset(params).values_list("title", flat=True))


@pytest.fixture
def jobs(employer, other_employer):
    other_employer.region = f.region("28237")  # 부평구
    other_employer.save()
    return {
        "co2": f.VacancyFactory(employer=employer, title="CO2용접공 모집", duties="철구조물 제작"),
        "mold": f.VacancyFactory(
            employer=other_employer,
            title="금형 사상 기능공",
            duties="프레스 금형 연마와 사상",
            occupation=None,
            work_region=f.region("28237"),
            lat=37.4946,
            lon=126.7236,
            shift=Shift.TWO_SHIFT,
            employment_type=EmploymentType.CONTRACT,
            wage_type=WageType.HOURLY,
            wage_amount=12_000,
            commuter_bus=False,
            dormitory=True,
            closing_date=timezone.localdate() + dt.timedelta(days=3),
        ),
        "heat": f.VacancyFactory(
            employer=f.EmployerFactory(name="(주)한빛열처리"),
            title="열처리 오퍼레이터",
            duties="진공 열처리로 운전",
            occupation=None,
            wage_amount=2_400_000,
        ),
        "closed": f.VacancyFactory(employer=employer, title="용접 보조(마감)", status=VacancyStatus.CLOSED),
        "draft": f.VacancyFactory(employer=employer, title="용접 작성중", status=VacancyStatus.DRAFT),
    }


def test_index_tokens_are_word_bigrams():
    assert index_tokens("CO2용접공 모집") == {"co", "o2", "2용", "용접", "접공", "모집"}


def test_query_drops_particles_and_glues_split_syllables():
    assert query_terms("용접을") == ["용접"]
    assert query_terms("용접 공") == ["용접공"]
    assert query_tokens("금형 사상") == ["금형", "사상"]
    assert query_terms("  ") == []


def test_short_word_finds_the_compound(jobs):
    assert titles(SearchParams(q="용접")) == {"CO2용접공 모집"}


@pytest.mark.parametrize("q", ["용접을", "용접공", "용접 공", "CO2", "co2 용접"])
def test_particles_spacing_and_latin_are_tolerated(jobs, q):
    assert "CO2용접공 모집" in titles(SearchParams(q=q))


def test_closed_and_unpublished_vacancies_are_not_found(jobs):
    found = titles(SearchParams(q="용접"))
    assert "용접 보조(마감)" not in found and "용접 작성중" not in found


def test_several_words_must_all_match(jobs):
    assert titles(SearchParams(q="금형 사상")) == {"금형 사상 기능공"}
    assert titles(SearchParams(q="금형 용접")) == set()


def test_duties_and_company_name_are_searched(jobs):
    assert titles(SearchParams(q="진공")) == {"열처리 오퍼레이터"}
    assert "금형 사상 기능공" in titles(SearchParams(q="부평금형"))


def test_editing_a_title_updates_the_index(jobs):
    vacancy = jobs["heat"]
    vacancy.title = "도금 기능공"
    vacancy.save()
    assert Vacancy.objects.get(pk=vacancy.pk).search_indexed is False
    assert titles(SearchParams(q="도금")) == {"도금 기능공"}
    assert titles(SearchParams(q="오퍼레이터")) == set()


def test_bulk_created_vacancies_are_indexed_on_the_next_search(employer):
    template = f.VacancyFactory.build(employer=employer, title="주조원 모집", work_region=employer.region)
    Vacancy.objects.bulk_create([template])
    assert not VacancyToken.objects.filter(token="주조").exists()
    assert titles(SearchParams(q="주조")) == {"주조원 모집"}
    assert refresh_search_index() == 0


def test_filters(jobs):
    assert titles(SearchParams(region="28237")) == {"금형 사상 기능공"}
    assert titles(SearchParams(shifts=[Shift.TWO_SHIFT])) == {"금형 사상 기능공"}
    assert titles(SearchParams(employment_types=[EmploymentType.CONTRACT])) == {"금형 사상 기능공"}
    assert titles(SearchParams(dormitory=True)) == {"금형 사상 기능공"}
    assert titles(SearchParams(closing_soon=True)) == {"금형 사상 기능공"}
    assert "금형 사상 기능공" not in titles(SearchParams(commuter_bus=True))
    # hourly 12,000 × 209 = 2,508,000 a month; 2,400,000 monthly is below 2,500,000
    assert titles(SearchParams(wage_min=2_500_000)) == {"CO2용접공 모집", "금형 사상 기능공"}


def test_sort_by_wage_uses_the_monthly_equivalent(jobs):
    ordered = list(search_queryset(SearchParams(sort="wage")).values_list("title", flat=True))
    assert ordered == ["CO2용접공 모집", "금형 사상 기능공", "열처리 오퍼레이터"]


def test_distance_sort_and_radius_from_a_dong(jobs):
    gojan = f.region("28200111")
    ordered = list(
        search_queryset(SearchParams(origin=(gojan.lat, gojan.lon), sort="distance")).values_list(
            "title", flat=True
        )
    )
    assert ordered[-1] == "금형 사상 기능공"
    near = titles(SearchParams(origin=(jobs["co2"].lat, jobs["co2"].lon), max_km=5))
    assert "CO2용접공 모집" in near and "금형 사상 기능공" not in near


def test_token_search_gives_the_same_results_as_the_ilike_peer(jobs):
    for q in ["용접", "금형 사상", "진공", "오퍼레이터"]:
        params = SearchParams(q=q)
        assert set(search_queryset(params).values_list("id", flat=True)) == set(
            peer_queryset(params).values_list("id", flat=True)
        )


# --- the page ------------------------------------------------------------------------------


def test_search_page_shows_count_and_results(client, jobs):
    response = client.get(reverse("vacancies:search"), {"q": "용접"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "검색 결과 1건" in html
    assert "CO2용접공 모집" in html
    assert reverse("vacancies:detail", args=[jobs["co2"].pk]) in html


def test_search_page_paginates_without_n_plus_one(client, employer, django_assert_max_num_queries):
    f.VacancyFactory.create_batch(45, employer=employer)
    search_index.current()  # the process's index catches up once, not per page
    # the per-process lexicons and filter lists load on the first search (as `iljari serve`'s
    # warm-up does), whichever test ran before in this worker
    client.get(reverse("vacancies:search"), {"q": "용접", "page": 1})
    with django_assert_max_num_queries(8):
        response = client.get(reverse("vacancies:search"), {"q": "용접", "page": 3})
    html = response.content.decode()
    assert "검색 결과 45건" in html
    assert html.count('class="card vacancy-card"') == 5
    assert 'aria-current="page"' in html


def test_bad_filter_gives_a_korean_field_message(client, jobs):
    response = client.get(reverse("vacancies:search"), {"occupation": "abc", "page": "x"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "직종 코드는 숫자로 입력해 주세요." in html
    assert "쪽 번호는 숫자여야 합니다." in html


def test_choosing_a_dong_shows_distances(client, jobs):
    response = client.get(reverse("vacancies:search"), {"region": "28200", "dong": "28200111"})
    assert response.status_code == 200
    assert "km</strong>" in response.content.decode()


def test_dong_options_follow_the_chosen_sigungu(client):
    response = client.get(reverse("vacancies:dongs"), {"region": "28200"})
    assert "고잔동" in response.content.decode()


def test_csv_export_has_a_bom_and_korean_header(client, jobs):
    response = client.get(reverse("vacancies:export_csv"), {"q": "용접"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff공고번호")
    assert "CO2용접공 모집" in body and "금형 사상 기능공" not in body


def test_export_command_writes_csv(jobs, tmp_path):
    from django.core.management import call_command

    out = tmp_path / "v.csv"
    call_command("export-vacancies", str(out))
    text = out.read_text(encoding="utf-8")
    assert text.count("\n") == 4  # header + 3 open vacancies
