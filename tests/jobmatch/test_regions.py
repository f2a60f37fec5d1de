"""The engine's gazetteer: places of the whole country as of 2026-07-01, named as people write them."""

import csv
import gzip
from pathlib import Path

import numpy as np
import pytest

from jobmatch.recommend import read_input
from jobmatch.regions import DATA, RENAMES, Gazetteer, default_gazetteer
from jobmatch.scoring import great_circle_km

SITE_REGIONS = Path(__file__).resolve().parents[2] / "src" / "iljari" / "taxonomy" / "data" / "regions.csv.gz"


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return default_gazetteer()


@pytest.fixture(scope="module")
def rec(encoder):
    from jobmatch.recommend import Recommender
    from jobmatch.resources import occupation_names, title_normaliser

    return Recommender(title_normaliser(None), encoder, occupation_names(None))


@pytest.mark.parametrize(
    ("name", "region"),
    [
        ("부산 강서구", ("부산광역시", "강서구")),
        ("부산광역시 강서구", ("부산광역시", "강서구")),
        ("경남 창원시 성산구", ("경상남도", "창원시 성산구")),
        ("경상남도 김해시", ("경상남도", "김해시")),
        ("전라북도 군산시", ("전북특별자치도", "군산시")),  # the 시도's name before 2024
        ("전북 군산", ("전북특별자치도", "군산시")),
        ("충남 아산", ("충청남도", "아산시")),
        ("광주 광산구", ("광주광역시", "광산구")),
        ("인천남동구", ("인천광역시", "남동구")),  # two parts written as one word
        ("경기도시흥시", ("경기도", "시흥시")),
        ("수원시장안구", ("경기도", "수원시 장안구")),
        ("인천광역시 서해구", ("인천광역시", "서해구")),  # 2026-07-01
    ],
)
def test_a_name_of_any_region_of_the_country_is_understood(g, name, region):
    assert g.parse(name) == region
    assert g.matches(name, region)


def test_a_part_is_a_whole_word_of_the_name(g):
    assert not g.matches("서구", ("서울특별시", "강서구"))
    assert not g.matches("남구", ("인천광역시", "남동구"))
    assert g.matches("강서구", ("서울특별시", "강서구")) and g.matches("강서구", ("부산광역시", "강서구"))
    assert not g.matches("부산 강서구", ("서울특별시", "강서구"))
    assert g.parse("무릉도원") is None


def test_a_former_name_covers_the_regions_that_took_its_place(g):
    covered = {
        r
        for r in [("인천광역시", s) for s in ("서해구", "검단구", "계양구", "미추홀구")]
        if g.matches("인천 서구", r)
    }
    assert covered == {("인천광역시", "서해구"), ("인천광역시", "검단구")}
    assert g.matches("인천 남구", ("인천광역시", "미추홀구"))
    assert g.matches("인천 중구", ("인천광역시", "영종구"))
    assert g.matches("경북 군위군", ("대구광역시", "군위군"))
    assert not g.matches("인천 서구", ("대구광역시", "서구"))


def test_a_whole_sido_and_a_dong(g):
    assert g.within(["시흥"], ("경기도", "시흥시"), 37.38, 126.80)
    assert not g.within(["화성"], ("경기도", "시흥시"), 37.38, 126.80)
    assert g.parse("인천광역시") == ("인천광역시", "")
    assert g.matches("인천", ("인천광역시", "부평구")) and g.matches("경기", ("경기도", "화성시"))
    # a 읍면동 covers no 시군구 whole: only places within the slack of it
    assert not g.matches("고잔동", ("인천광역시", "남동구"))
    assert g.within(["안산 고잔동"], ("경기도", "안산시 단원구"), 37.3175, 126.8230)
    assert not g.within(["안산 고잔동"], ("경기도", "화성시"), 37.20, 126.83)


def test_a_point_counts_in_a_neighbouring_region_only_on_the_border(g):
    gajwa = (37.482, 126.685)  # 서해구 가좌동, 2.7 km from the nearest place of 남동구
    assert g.region_of(*gajwa) == ("인천광역시", "서해구")
    assert not g.within(["인천 남동구"], ("인천광역시", "서해구"), *gajwa)
    # halfway between the places of two regions, either may be right
    a = np.array(g._matching("인천 남동구"))
    b = np.array(g._matching("인천 연수구"))
    d = great_circle_km(g.lat[a][:, None], g.lon[a][:, None], g.lat[b][None, :], g.lon[b][None, :])
    i, j = np.unravel_index(np.argmin(d), d.shape)
    mid = ((g.lat[a][i] + g.lat[b][j]) / 2, (g.lon[a][i] + g.lon[b][j]) / 2)
    assert g.within(["인천 남동구"], g.region_of(*mid), *mid) and g.within(
        ["인천 연수구"], g.region_of(*mid), *mid
    )
    # a workplace whose region is named is where it says, however close to the border
    assert not g.within(["인천 남동구"], ("인천광역시", "연수구"), *mid, named=True)


@pytest.mark.parametrize(
    ("lat", "lon", "region"),
    [
        (35.095, 128.860, ("부산광역시", "강서구")),
        (35.225, 128.680, ("경상남도", "창원시 성산구")),
        (36.010, 129.350, ("경상북도", "포항시 남구")),
        (33.500, 126.530, ("제주특별자치도", "제주시")),
        (37.546, 126.676, ("인천광역시", "서해구")),
        (37.380, 126.800, ("경기도", "시흥시")),
    ],
)
def test_a_point_anywhere_in_the_country_has_its_region(g, lat, lon, region):
    assert g.region_of(lat, lon) == region


def test_the_engine_has_the_sites_places_and_renames():
    """The gazetteer's file is written from the site's reference data (scripts/build_reference_data.py)."""
    with gzip.open(SITE_REGIONS, "rt", encoding="utf-8") as f:
        site = {
            (r["sido"], r["sigungu"], r["emd"], float(r["lat"]), float(r["lon"]))
            for r in csv.DictReader(f)
            if r["level"] in ("2", "3")
        }
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        engine = {
            (r["sido"], r["sigungu"], r["emd"], float(r["lat"]), float(r["lon"])) for r in csv.DictReader(f)
        }
    assert engine == site and len(engine) > 5000
    pairs = {(s, sg) for s, sg, emd, *_ in site if not emd}
    with open(RENAMES, encoding="utf-8") as f:
        renames = list(csv.DictReader(f))
    assert renames and all((r["sido"], r["sigungu"]) in pairs for r in renames)
    assert not any((r["former_sido"], r["former_sigungu"]) in pairs for r in renames)


def test_a_seeker_outside_the_capital_area_gets_exact_fits_in_the_region_named(rec):
    seekers, vacancies = read_input(
        {
            "seekers": [
                {
                    "id": "busan",
                    "desired_titles": ["CO2 용접"],
                    "lat": 35.10,
                    "lon": 128.98,
                    "max_commute_minutes": 60,
                    "desired_regions": ["부산 강서구"],
                },
                {
                    "id": "incheon",
                    "desired_titles": ["CO2 용접"],
                    "lat": 37.54,
                    "lon": 126.68,
                    "max_commute_minutes": 60,
                    "desired_regions": ["인천 서구"],
                },
            ],  # fmt: skip
            "vacancies": [
                {
                    "id": "busan-gangseo",
                    "title": "CO2 용접공",
                    "duties": "선박 블록 CO2 용접",
                    "lat": 35.095,
                    "lon": 128.86,
                },
                {
                    "id": "gimhae",
                    "title": "CO2 용접공",
                    "duties": "철구조물 CO2 용접",
                    "lat": 35.26,
                    "lon": 128.87,
                },
                {"id": "seohae", "title": "CO2 용접공", "duties": "CO2 용접", "lat": 37.546, "lon": 126.676},
                {"id": "gyeyang", "title": "CO2 용접공", "duties": "CO2 용접", "lat": 37.555, "lon": 126.765},
            ],  # fmt: skip
        }
    )
    busan, incheon = rec.rank_for_seekers(rec.pool_seekers(seekers), rec.pool_vacancies(vacancies), top=2)
    assert [(r.id, "region" in r.relaxed) for r in busan] == [("busan-gangseo", False), ("gimhae", True)]
    assert [(r.id, "region" in r.relaxed) for r in incheon] == [("seohae", False), ("gyeyang", True)]


def _co2_welder_ranked(rec, regions: list[str], vacancies: list[dict]):
    """A CO2 welder in 남동구 wanting ``regions``, ranked over CO2 welding jobs (id, lat, lon[, region])."""
    seeker = {
        "id": "s",
        "desired_titles": ["CO2 용접"],
        "lat": 37.45,
        "lon": 126.70,
        "max_commute_minutes": 60,
    }
    seekers, pool = read_input(
        {
            "seekers": [{**seeker, "desired_regions": regions}],
            "vacancies": [{"title": "CO2 용접공", "duties": "CO2 용접", **v} for v in vacancies],
        }
    )
    return rec.rank_for_seekers(rec.pool_seekers(seekers), rec.pool_vacancies(pool), top=len(vacancies))[0]


def test_a_named_workplace_region_is_exact_and_a_point_is_read_to_its_border(rec):
    got = _co2_welder_ranked(
        rec,
        ["인천 남동구"],
        [
            {"id": "gajwa-point", "lat": 37.482, "lon": 126.685},
            {"id": "gajwa-named", "lat": 37.482, "lon": 126.685, "region": "인천광역시 서해구"},
            {"id": "namdong", "lat": 37.447, "lon": 126.731},
        ],
    )
    assert {r.id: "region" in r.relaxed for r in got} == {
        "namdong": False,
        "gajwa-point": True,
        "gajwa-named": True,
    }


def test_a_region_name_no_place_answers_to_is_left_out(rec, g):
    assert not g.knows("무릉도원") and g.knows("연수구")
    seekers, vacancies = read_input(
        {
            "seekers": [
                {"id": "unknown", "desired_titles": ["CO2 용접"], "lat": 37.41, "lon": 126.70,
                 "desired_regions": ["무릉도원"]},
                {"id": "mixed", "desired_titles": ["CO2 용접"], "lat": 37.41, "lon": 126.70,
                 "desired_regions": ["무릉도원", "연수구"]},
            ],
            "vacancies": [{"id": "namdong", "title": "CO2 용접공", "duties": "용접", "lat": 37.447, "lon": 126.731}],
        }
    )  # fmt: skip
    unknown, mixed = rec.rank_for_seekers(rec.pool_seekers(seekers), rec.pool_vacancies(vacancies), top=1)
    assert unknown[0].relaxed == []  # not "outside the wishes" for a name nobody can place
    assert mixed[0].relaxed == ["region"]  # the known name still counts


@pytest.mark.parametrize(
    "name, regions",
    [
        ("남동공단", {("인천광역시", "남동구")}),
        ("인천 남동 산단", {("인천광역시", "남동구")}),
        ("남동국가산업단지", {("인천광역시", "남동구")}),
        ("서부산단", {("인천광역시", "서해구")}),
        ("반월공단", {("경기도", "안산시 단원구")}),
        ("시화 국가산단", {("경기도", "시흥시"), ("경기도", "안산시 단원구")}),
        ("구미 국가산업단지", {("경상북도", "구미시")}),  # no such complex known: the place it is named after
        ("여수산단", {("전라남도", "여수시")}),
    ],
)
def test_an_industrial_complex_names_the_regions_it_lies_in(g, name, regions):
    assert g.knows(name)
    assert {pair for pair in regions if g.matches(name, pair)} == regions
    assert not g.matches(name, ("인천광역시", "연수구"))


def test_a_complex_is_never_read_in_another_sido(g):
    from jobmatch.complexes import complex_named

    assert (
        complex_named("경기 남동공단") is None and complex_named("인천 남동공단").name == "남동국가산업단지"
    )
    assert not g.matches("경기 남동공단", ("인천광역시", "남동구"))
    # no complex word, or nothing before it
    assert complex_named("남동") is None and complex_named("공단") is None


def test_the_site_and_the_engine_share_the_industrial_complexes():
    from jobmatch.complexes import industrial_complexes

    site = Path(__file__).resolve().parents[2] / "src" / "iljari" / "taxonomy" / "data" / "regions.csv.gz"
    with gzip.open(site, "rt", encoding="utf-8") as f:
        rows = {r["code"]: (r["sido"], r["sigungu"]) for r in csv.DictReader(f)}
    for c in industrial_complexes():
        assert rows[c.region_code] in c.regions, c.name  # the site's 법정동 lies in the engine's 시군구


def test_a_seeker_naming_a_complex_gets_its_workplaces_as_exact_fits(rec):
    got = _co2_welder_ranked(
        rec,
        ["남동공단"],
        [
            {"id": "namdong", "lat": 37.401, "lon": 126.699},
            {"id": "yeonsu", "lat": 37.410, "lon": 126.678, "region": "인천광역시 연수구"},
        ],
    )
    assert [(r.id, "region" in r.relaxed) for r in got] == [("namdong", False), ("yeonsu", True)]
