"""실태조사: answered by link without login, aggregated into tables."""

import pytest

from iljari.programs.models import Survey, SurveyQuestion, SurveyResponse

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(demo_plan):
    survey = Survey.objects.create(
        organisation=demo_plan.organisation,
        plan=demo_plan,
        title="뿌리기업 인력 실태조사",
        audience="company",
    )
    SurveyQuestion.objects.create(
        survey=survey, order=1, code="wage", text="평균 월 임금", kind="number", unit="원"
    )
    SurveyQuestion.objects.create(
        survey=survey,
        order=2,
        code="shift",
        text="근무 형태",
        kind="choice",
        choices=["주간 고정", "주야 2교대"],
    )
    SurveyQuestion.objects.create(
        survey=survey, order=3, code="note", text="건의", kind="text", required=False
    )
    return survey


def test_anyone_with_the_link_answers_and_results_aggregate(client, client_for, official, survey):
    url = f"/programs/s/{survey.token}/"
    assert client.get(url).status_code == 200
    for wage, shift in ((3_000_000, "주간 고정"), (3_400_000, "주야 2교대"), (3_200_000, "주간 고정")):
        response = client.post(url, {"wage": f"{wage:,}", "shift": shift, "root_sector": "welding"})
        assert "응답해 주셔서 감사합니다" in response.content.decode()
    body = client_for(official).get(f"/programs/surveys/{survey.pk}/").content.decode()
    assert 'id="survey-count">3<' in body
    assert "3,200,000" in body  # mean and median
    assert "66.7%" in body  # 주간 고정 2 of 3


def test_bad_answers_get_korean_messages_and_nothing_is_saved(client, survey):
    response = client.post(f"/programs/s/{survey.token}/", {"wage": "많이", "shift": "야간"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "숫자로 입력해 주세요." in body and "보기 중에서 골라 주세요." in body
    assert not SurveyResponse.objects.exists()


def test_closed_survey_takes_no_answers(client, client_for, program_manager, survey):
    client_for(program_manager).post(f"/programs/surveys/{survey.pk}/close/")
    client.logout()
    response = client.post(f"/programs/s/{survey.token}/", {"wage": "1", "shift": "주간 고정"})
    assert "마감된 조사" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_official_cannot_close_a_survey(client_for, official, survey):
    assert client_for(official).post(f"/programs/surveys/{survey.pk}/close/").status_code == 403


def test_unknown_token_is_404(client):
    assert client.get("/programs/s/nope/").status_code == 404
