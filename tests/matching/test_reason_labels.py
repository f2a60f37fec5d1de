"""Reasons name shifts, employment types and education with the display labels, in each language."""

import pytest
from django.utils import translation

from iljari.matching import actions
from iljari.matching.reasons import render
from iljari.taxonomy.choices import Education, EmploymentType, Shift
from tests import factories as f

pytestmark = pytest.mark.django_db


def _reasons_for(seeker, vacancy, language: str) -> list[str]:
    recs = [r for r in actions.recommend_vacancies_for_seeker(seeker, k=10) if r.vacancy == vacancy]
    assert recs, "the vacancy should be recommended"
    with translation.override(language):
        return list(recs[0].reasons)


def test_engine_reasons_show_the_display_labels_in_korean_and_english():
    seeker = f.SeekerFactory(
        shift_preferences=[Shift.DAY], employment_type=EmploymentType.PERMANENT, education=Education.MIDDLE
    )
    f.ExperienceFactory(seeker=seeker)
    vacancy = f.VacancyFactory(
        shift=Shift.NIGHT, employment_type=EmploymentType.DISPATCH, education_min=Education.HIGH
    )

    korean = _reasons_for(seeker, vacancy, "ko")
    assert "야간 근무 — 희망: 주간" in korean
    assert "파견·도급 채용 — 희망: 정규직·계약직" in korean  # the engine's own word would be 일용직
    assert "학력 요건(고등학교 졸업) 미충족" in korean  # not the engine's 고졸

    english = _reasons_for(seeker, vacancy, "en")
    assert "Night shift — wished: Day shift" in english
    assert any(t.startswith("Agency / subcontract") and "wished" in t for t in english)
    assert "Education requirement (High school) not met" in english


def test_reasons_stored_without_codes_are_mapped_from_the_engine_words():
    stored = [
        {"code": "shift_ok", "params": {"shift": "주간"}, "text": "주간 근무 희망과 일치"},
        {"code": "emp_mismatch", "params": {"type": "일용직"}, "text": "일용직 채용"},
        {"code": "edu_short", "params": {"level": "고졸"}, "text": "학력 요건(고졸) 미충족"},
    ]
    with translation.override("en"):
        texts = [render(r) for r in stored]
    assert texts[0].count("Day shift") == 1 and "주간" not in texts[0]
    assert texts[1] == "Agency / subcontract position"
    assert texts[2] == "Education requirement (High school) not met"
    with translation.override("ko"):
        assert [render(r) for r in stored][1:] == ["파견·도급 채용", "학력 요건(고등학교 졸업) 미충족"]


def test_unknown_words_are_left_as_the_engine_wrote_them():
    reason = {"code": "shift_ok", "params": {"shift": "격일제"}, "text": "격일제 근무 희망과 일치"}
    with translation.override("ko"):
        assert render(reason) == "격일제 근무 희망과 일치"
