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
        client.cookies.clear()  # three companies, each its own visitor
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


# --- issue 15 #15: one anonymous answer per visitor and survey, and a rate limit ---------------

ANSWER = {"wage": "3,000,000", "shift": "주간 고정"}


def test_one_visitor_answers_a_survey_once(client, survey):
    url = f"/programs/s/{survey.token}/"
    client.get(url)  # the visitor cookie is set with the form
    assert "응답해 주셔서 감사합니다" in client.post(url, ANSWER).content.decode()
    for _ in range(9):
        again = client.post(url, ANSWER)
        assert again.status_code == 409
        assert "이미 이 조사에 응답하셨습니다" in again.content.decode()
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    page = client.get(url).content.decode()
    assert 'id="survey-answered"' in page and 'id="survey-form"' not in page


def test_the_visitor_cookie_cannot_be_forged(client, survey):
    url = f"/programs/s/{survey.token}/"
    client.post(url, ANSWER)
    client.cookies["iljari_visitor"] = "made-up-value"  # unsigned: treated as a new visitor ...
    client.post(url, ANSWER)
    assert SurveyResponse.objects.filter(survey=survey).count() == 2  # ... who still counts once


def test_a_visitor_may_answer_another_survey(client, survey):
    other = Survey.objects.create(
        organisation=survey.organisation, plan=survey.plan, title="다른 조사", audience="company"
    )
    SurveyQuestion.objects.create(survey=other, order=1, code="q", text="질문", kind="text")
    client.post(f"/programs/s/{survey.token}/", ANSWER)
    assert "감사합니다" in client.post(f"/programs/s/{other.token}/", {"q": "네"}).content.decode()
    assert SurveyResponse.objects.count() == 2


def test_a_visitor_without_cookies_is_rate_limited_per_address(client, survey, settings):
    settings.ILJARI_RATE_LIMITS = {**settings.ILJARI_RATE_LIMITS, "survey": (3, 3600)}
    url = f"/programs/s/{survey.token}/"
    statuses = []
    for _ in range(10):
        client.cookies.clear()  # a script that drops the cookie every time
        statuses.append(client.post(url, ANSWER, REMOTE_ADDR="198.51.100.20").status_code)
    assert statuses[:3] == [200, 200, 200] and set(statuses[3:]) == {429}
    assert SurveyResponse.objects.filter(survey=survey).count() == 3
    client.cookies.clear()
    assert client.post(url, ANSWER, REMOTE_ADDR="203.0.113.40").status_code == 200


def test_a_signed_in_account_answers_once_whatever_its_cookies(client_for, employer_member, survey):
    client = client_for(employer_member)
    url = f"/programs/s/{survey.token}/"
    client.post(url, ANSWER)
    client.cookies.pop("iljari_visitor", None)
    assert client.post(url, ANSWER).status_code == 409
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_huge_number_answers_get_a_korean_message(client, survey):
    response = client.post(f"/programs/s/{survey.token}/", {"wage": str(10**30), "shift": "주간 고정"})
    assert response.status_code == 400
    assert "이하의 숫자로 입력해 주세요." in response.content.decode()
    assert not SurveyResponse.objects.exists()
