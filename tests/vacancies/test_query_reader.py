"""The query reader: a seeker's words → places, complexes, conditions, occupations and free text.

Places and complexes come from the taxonomy tables (the built-in subset: 인천, 안산, 시흥 …)."""

import pytest

from iljari.taxonomy.models import IndustrialComplex, Region, RegionLevel
from iljari.vacancies.query_reader import forget_vocabulary, nearby_codes, read_query
from iljari.vacancies.search import SearchParams

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_vocabulary():
    """For tests that add names to the taxonomy (the reader caches them per process)."""
    forget_vocabulary()
    yield
    forget_vocabulary()


def kinds(q: str) -> list[tuple[str, str]]:
    return [(p.kind, p.label) for p in read_query(q).parts]


def applied(q: str, **base) -> SearchParams:
    return read_query(q).apply(SearchParams(**base))


@pytest.mark.parametrize(
    ("q", "codes"),
    [
        ("남동구", ("28200",)),
        ("남동", ("28200",)),  # without its suffix
        ("남동구에서", ("28200",)),  # with a particle
        ("부평구", ("28237",)),
        ("부평", ("28237",)),
        ("안산", ("41271", "41273")),  # a 시 with two 구
        ("안산시", ("41271", "41273")),
        ("안산시 단원구", ("41273",)),  # written apart
        ("단원구", ("41273",)),
        ("단원", ("41273",)),
        ("인천", ("28",)),
    ],
)
def test_places_are_read_with_or_without_their_suffix(q, codes):
    reading = read_query(q)
    assert [p.kind for p in reading.parts] == ["place"], reading.parts
    assert set(applied(q).regions) == set(codes)
    assert reading.text == ""


def test_a_name_several_places_share_reads_as_any_of_them(fresh_vocabulary):
    Region.objects.get_or_create(  # in the shipped regions already; made sure of here
        code="41273101",
        defaults={
            "level": RegionLevel.EMD,
            "sido": "경기도",
            "sigungu": "안산시 단원구",
            "emd": "고잔동",
            "lat": 37.31,
            "lon": 126.83,
        },
    )
    forget_vocabulary()
    assert set(applied("고잔동").regions) == {"28200111", "41273101"}
    assert applied("안산 고잔동").regions == ("41273101",)


@pytest.mark.parametrize(
    ("q", "codes"),
    [
        ("인천 서구", {"28275", "28290"}),  # 서해구 and 검단구 since 2026-07-01
        ("인천 남구", {"28177"}),  # 미추홀구 since 2018
        ("인천 중구", {"28125", "28155"}),  # 제물포구 and 영종구
        ("서해구", {"28275"}),
    ],
)
def test_a_former_name_reads_as_the_regions_that_took_its_place(q, codes):
    assert set(applied(q).regions) == codes


def test_a_region_added_to_the_table_is_read_without_a_code_change(fresh_vocabulary):
    Region.objects.create(
        code="28299", level=RegionLevel.SIGUNGU, sido="인천광역시", sigungu="새빛구", lat=37.6, lon=126.66
    )
    forget_vocabulary()
    assert applied("새빛구").regions == ("28299",)
    assert applied("새빛").regions == ("28299",)
    assert kinds("새빛구 야간") == [("place", "새빛구"), ("condition", "야간 근무(교대 포함)")]


@pytest.mark.parametrize(
    "q",
    ["시화공단", "시화 공단", "시화산단", "시화국가산업단지", "시화", "시화공단에서"],
)
def test_industrial_complexes_by_their_everyday_names(q):
    sihwa = IndustrialComplex.objects.get(name="시화국가산업단지")
    assert applied(q).complex_ids == (sihwa.pk,)
    assert kinds(q) == [("complex", "시화국가산업단지")]


def test_a_complex_named_like_its_district_needs_the_word_complex():
    namdong = IndustrialComplex.objects.get(name="남동국가산업단지")
    assert applied("남동공단").complex_ids == (namdong.pk,)
    assert applied("남동공단").regions == ()
    assert applied("남동").complex_ids == () and applied("남동").regions == ("28200",)


@pytest.mark.parametrize(
    ("q", "place"),
    [
        ("구미산단", "구미시"),
        ("울산공단", "울산광역시"),
        ("창원 국가산업단지", "창원시"),
        ("여수산단에서", "여수시"),
    ],
)
def test_a_complex_word_after_a_place_no_complex_is_known_for_reads_as_the_place(q, place):
    assert kinds(q) == [("place", place)]
    assert applied(q).q == "" and applied(q).complex_ids == ()  # no leftover word to match in the text


def test_the_complex_word_alone_means_any_complex_and_a_dong_keeps_its_name():
    every = tuple(sorted(IndustrialComplex.objects.values_list("pk", flat=True)))
    assert len(every) >= 7
    assert applied("공단").complex_ids == every and applied("공단").regions == ()  # not 구미's 공단동
    assert kinds("산업단지 용접") == [("complex", "모든 산업단지"), ("occupation", "용접 관련 직종")]
    assert kinds("공단동") == [("place", "구미시 공단동")]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("초보 가능 포장", [("condition", "경력 무관"), ("occupation", "포장 관련 직종")]),  # not 가능동
        ("경력무관 용접공 모집", [("condition", "경력 무관"), ("occupation", "용접공 관련 직종")]),
        ("주부 가능", [("text", "주부")]),
        ("가능동", [("place", "의정부시 가능동")]),  # the 동 by its whole name still
        ("초보가능한 일자리", [("condition", "경력 무관")]),
    ],
)
def test_words_of_manner_name_nothing_on_their_own(q, expected):
    assert [(kind, str(label)) for kind, label in kinds(q)] == expected


@pytest.mark.parametrize(
    ("q", "field", "value", "label"),
    [
        ("기숙사", "dormitory", True, "기숙사 제공"),
        ("기숙사있는", "dormitory", True, "기숙사 제공"),
        ("숙식제공", "dormitory", True, "기숙사 제공"),
        ("통근버스", "commuter_bus", True, "통근버스"),
        ("셔틀", "commuter_bus", True, "통근버스"),
        ("식사", "meals", True, "식사 제공"),
        ("외국인", "foreigners", True, "외국인 채용 가능"),
        ("주간", "shifts", ["day"], "주간 근무"),
        ("야간", "shifts", ["night", "two_shift", "three_shift"], "야간 근무(교대 포함)"),
        ("야간근무", "shifts", ["night", "two_shift", "three_shift"], "야간 근무(교대 포함)"),
        ("야간전담", "shifts", ["night"], "야간 전담"),
        ("2교대", "shifts", ["two_shift"], "2교대"),
        ("주야 2교대", "shifts", ["two_shift"], "2교대"),
        ("교대", "shifts", ["two_shift", "three_shift"], "교대 근무"),
        ("시간제", "employment_types", ["part_time"], "시간제"),
        ("알바", "employment_types", ["part_time"], "시간제"),
        ("정규직", "employment_types", ["permanent"], "정규직"),
    ],
)
def test_conditions_and_benefits(q, field, value, label):
    assert getattr(applied(q), field) == value
    assert kinds(q) == [("condition", label)]


@pytest.mark.parametrize(
    ("q", "word"),
    [
        ("CNC", "CNC"),
        ("cnc", "CNC"),
        ("MCT", "MCT"),
        ("시아게", "시아게"),
        ("빠우", "빠우"),
        ("용접", "용접"),
        ("용접공", "용접공"),
        ("사상", "사상"),
    ],
)
def test_occupations_and_shop_floor_words(q, word):
    reading = read_query(q)
    (part,) = reading.parts
    assert (part.kind, part.label) == ("occupation", f"{word} 관련 직종")
    ((alternatives, codes),) = applied(q).occupation_terms
    assert q.lower() in alternatives  # its own text always counts
    assert all(len(c) == 4 and c.isdigit() for c in codes)


def test_an_occupation_word_brings_the_codes_of_the_occupations_named_with_it():
    ((_alternatives, codes),) = applied("용접").occupation_terms
    assert "8241" in codes  # 용접원


def test_jargon_also_matches_its_standard_terms():
    ((alternatives, _codes),) = applied("시아게").occupation_terms
    assert {"시아게", "마무리", "사상"} <= set(alternatives)


def test_sasang_is_grinding_not_the_busan_district_even_when_busan_is_known(fresh_vocabulary):
    Region.objects.get_or_create(  # in the shipped regions already; made sure of here
        code="26530",
        defaults={
            "level": RegionLevel.SIGUNGU,
            "sido": "부산광역시",
            "sigungu": "사상구",
            "lat": 35.15,
            "lon": 128.99,
        },
    )
    forget_vocabulary()
    assert kinds("사상") == [("occupation", "사상 관련 직종")]
    assert kinds("사상구") == [("place", "사상구")]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        (
            "남동구 기숙사 용접",
            [("place", "남동구"), ("condition", "기숙사 제공"), ("occupation", "용접 관련 직종")],
        ),
        ("용접 야간", [("occupation", "용접 관련 직종"), ("condition", "야간 근무(교대 포함)")]),
        ("남동구용접", [("place", "남동구"), ("occupation", "용접 관련 직종")]),  # glued together
        ("안산 CNC 2교대", [("place", "안산시"), ("occupation", "CNC 관련 직종"), ("condition", "2교대")]),
        (
            "시화공단 외국인 통근버스",
            [("complex", "시화국가산업단지"), ("condition", "외국인 채용 가능"), ("condition", "통근버스")],
        ),
        ("한빛정밀 남동", [("text", "한빛정밀"), ("place", "남동구")]),  # a company name stays free text
        ("야간 야간근무", [("condition", "야간 근무(교대 포함)")]),  # said twice, read once
    ],
)
def test_whole_queries(q, expected):
    assert kinds(q) == expected


def test_summary_and_removing_a_part_keeps_the_other_words():
    reading = read_query("남동구 기숙사 용접")
    assert reading.summary() == "남동구 · 기숙사 제공 · 용접 관련 직종"
    place, dorm, weld = reading.parts
    assert reading.without(place) == "기숙사 용접"
    assert reading.without(dorm) == "남동구 용접"
    assert reading.without(weld) == "남동구 기숙사"
    assert read_query("주야 2교대 용접").without(read_query("주야 2교대 용접").parts[0]) == "용접"


def test_free_text_is_left_for_the_word_search():
    reading = read_query("한빛정밀 기숙사")
    assert reading.text == "한빛정밀"
    assert applied("한빛정밀 기숙사").q == "한빛정밀"


def test_words_and_form_filters_combine():
    # the form's region and a typed 구 inside it: the 구; a typed shift the boxes exclude: nothing
    assert applied("남동", region="28").region == "28" and applied("남동", region="28").regions == ("28200",)
    assert applied("야간전담", shifts=["day"]).shifts == ["-"]
    assert applied("야간", shifts=["night", "day"]).shifts == ["night"]
    assert applied("기숙사", commuter_bus=True).commuter_bus is True


def test_near_widens_a_place_to_its_neighbouring_districts():
    widened = read_query("남동구").apply(SearchParams(), near=True).regions
    assert "28200" in widened and len(widened) > 1
    assert set(widened) == set(nearby_codes(["28200"]))
    assert "28200" in nearby_codes(["28185"])  # 연수구 and 남동구 are neighbours
    assert "28720" not in nearby_codes(["28200"])  # 옹진군 (islands) is not


@pytest.mark.parametrize("q", ["", "   ", "!!!", "ㅋㅋ", "a", "가" * 100, "남동구 " * 30, "\u200b남동구"])
def test_odd_input_never_fails(q):
    reading = read_query(q)
    reading.apply(SearchParams())
    assert isinstance(reading.summary(), str)
