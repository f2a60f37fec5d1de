"""jobmatch.recommend without Django: input validation, skills, constraints and relaxation (regions: test_regions)."""

import numpy as np
import pytest

from jobmatch.recommend import InputError, Recommender, read_input, seeker_from_json, vacancy_from_json
from jobmatch.skills import skill_credit, skill_labels, skill_mask


@pytest.fixture(scope="module")
def rec(encoder):
    from jobmatch.resources import occupation_names, title_normaliser

    return Recommender(title_normaliser(None), encoder, occupation_names(None))


def _v(i, **kw):
    base = {"id": i, "title": "CO2 용접공", "duties": "CO2 용접", "lat": 37.40, "lon": 126.70,
            "wage": {"monthly": 3_000_000}, "shift": "day", "employment": "permanent"}  # fmt: skip
    return {**base, **kw}


def _s(i, **kw):
    base = {"id": i, "desired_titles": ["CO2 용접"], "lat": 37.41, "lon": 126.70, "max_commute_minutes": 60}
    return {**base, **kw}


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("시아게 작업자", ["사상"]),
        ("빠우 연마", ["버핑·연마"]),
        ("후라이스", ["밀링"]),
        ("뺑끼 도장", ["도장"]),
        ("TIG 알곤 용접", ["용접", "TIG 용접"]),
        ("CATIA 금형설계", ["금형", "금형 설계"]),
        ("지게차운전기능사", ["지게차"]),
        ("사무 보조", []),
    ],
)
def test_skills_are_read_from_jargon_and_standard_words(text, labels):
    assert skill_labels(skill_mask(text)) == labels


def test_skill_credit_counts_a_family_skill_half():
    s = np.array([skill_mask("사상")], dtype=np.uint64)
    v = np.array([skill_mask("사상"), skill_mask("버핑"), skill_mask("CO2 용접"), 0], dtype=np.uint64)
    assert skill_credit(s, v).tolist() == [[1.0, 0.5, 0.0, 0.5]]


def test_bad_input_names_the_field():
    with pytest.raises(InputError, match=r"seeker\.shifts"):
        seeker_from_json({"id": 1, "shifts": ["weekend"]})
    with pytest.raises(InputError, match=r"vacancy\.wage"):
        vacancy_from_json({"id": 1, "wage": 3000000})
    with pytest.raises(InputError, match=r"vacancy\.lat"):
        vacancy_from_json({"id": 1, "lat": 99})
    with pytest.raises(InputError, match="id"):
        read_input({"seekers": [{"id": 1}, {"id": 1}], "vacancies": []})
    assert (
        vacancy_from_json({"id": 1, "wage": {"hourly": 10000}, "hours_per_week": 20}).wage_monthly == 869000
    )


def test_exact_fits_first_then_the_fewest_relaxed_labelled(rec):
    seekers, vacancies = read_input(
        {
            "seekers": [_s("day-only", shifts=["day"], min_wage_monthly=2_900_000, needs_dormitory=True)],
            "vacancies": [
                _v("night", shift="night", dormitory=True),
                _v("fits", dormitory=True),
                _v("night-low-pay", shift="night", wage={"monthly": 2_000_000}, dormitory=True),
                _v("no-dorm"),
            ],
        }
    )
    sp, vp = rec.pool_seekers(seekers), rec.pool_vacancies(vacancies)
    got = rec.rank_for_seekers(sp, vp, top=4)[0]
    assert [r.id for r in got][:1] == ["fits"] and got[0].relaxed == []
    assert [r.relaxed for r in got[1:3]] in ([["shift"], ["dormitory"]], [["dormitory"], ["shift"]])
    assert got[3].id == "night-low-pay" and got[3].relaxed == ["shift", "wage"]
    assert all(set(r) == {"code", "params", "positive"} for x in got for r in x.reasons)


def test_visa_needs_an_employer_hiring_that_status(rec):
    seekers, vacancies = read_input(
        {
            "seekers": [_s("e9", visa="E-9"), _s("f4", visa="F-4"), _s("f5", visa="F-5")],
            "vacancies": [_v("e9-ok", accepts_visas=["E-9"]), _v("nationals")],
        }
    )
    sp, vp = rec.pool_seekers(seekers), rec.pool_vacancies(vacancies)
    e9, f4, f5 = rec.rank_for_seekers(sp, vp, top=2)
    assert [(r.id, r.relaxed) for r in e9] == [("e9-ok", []), ("nationals", ["visa"])]
    assert all(r.relaxed == [] for r in f4 + f5)  # F-series need no employer permit (welding is not 단순노무)


def test_a_licence_of_another_specialty_is_relaxed_and_labelled(rec):
    seekers, vacancies = read_input(
        {
            "seekers": [_s("co2", licences=["용접기능사(CO2)"])],
            "vacancies": [
                _v("special", required_licences=["용접기능사(특수)"]),
                _v("co2", required_licences=["용접기능사 (CO2)"]),
            ],
        }
    )
    got = rec.rank_for_seekers(rec.pool_seekers(seekers), rec.pool_vacancies(vacancies), top=2)[0]
    assert [(r.id, r.relaxed) for r in got] == [("co2", []), ("special", ["licence"])]


@pytest.mark.parametrize(
    ("held", "required", "met"),
    [
        (["요양보호사 1급"], "요양보호사", True),  # an ungraded requirement: any grade
        (["전산회계 1급"], "전산회계 2급", True),  # a higher grade meets a lower one
        (["전산회계 2급"], "전산회계 1급", False),
        (["전산회계"], "전산회계 1급", False),  # the grade is not shown
        (["1종 대형 운전면허"], "2종 보통 운전면허", True),
        (["자동차운전면허 1종 보통"], "운전면허 1종보통", True),
        (["2종 보통"], "1종 보통 운전면허", False),
        (["용접기능사(특수)"], "용접기능사(CO2)", False),
    ],
)
def test_a_licence_meets_the_requirements_its_grade_and_class_include(rec, held, required, met):
    seekers, vacancies = read_input(
        {"seekers": [_s("s", licences=held)], "vacancies": [_v("v", required_licences=[required])]}
    )
    got = rec.rank_for_seekers(rec.pool_seekers(seekers), rec.pool_vacancies(vacancies), top=1)[0]
    assert got[0].relaxed == ([] if met else ["licence"])


def test_a_relaxed_occupation_is_said_once_even_when_the_vacancys_code_is_unsure(rec):
    titles = ["봉제 보조", "청소원", "미싱 시다"]
    seekers, vacancies = read_input(
        {"seekers": [_s("welder")], "vacancies": [_v(t, title=t, duties=t) for t in titles]}
    )
    vp = rec.pool_vacancies(vacancies)
    assert (vp.table.code < 0).any()  # the case: no sure code for the vacancy's title
    for r in rec.rank_for_seekers(rec.pool_seekers(seekers), vp, top=3)[0]:
        codes = [x["code"] for x in r.reasons]
        assert r.relaxed == ["occupation"] and codes[0] == "relaxed_occupation"
        assert "occupation_unknown" not in codes  # not also "공고 직종 정보 없음"


def test_the_seekers_own_title_ranks_a_vacancy_above_the_same_code_alone(rec):
    seekers, vacancies = read_input(
        {
            "seekers": [_s("s", desired_titles=[], experience=[{"title": "배관 용접공", "years": 5}])],
            "vacancies": [
                _v("tig", title="[급구] TIG 용접원 모집", duties="용접"),
                _v("pipe", title="배관용접원 모집(4대보험)", duties="용접"),
            ],
        }
    )
    got = rec.rank_for_seekers(rec.pool_seekers(seekers), rec.pool_vacancies(vacancies), top=2)[0]
    assert got[0].id == "pipe"
    assert got[0].contributions["title"] > got[1].contributions["title"]
