"""Schema validation errors through HTTP: Korean per-field messages with the constraint filled in,
in the problem+json shape ``errors: {field: [messages]}`` — never pydantic's English; and the
English UI language still reaches them through gettext."""

import re
import typing

import pytest
from django.test import Client
from django.utils.functional import Promise
from pydantic_core.core_schema import ErrorType

from iljari.core import api_errors

pytestmark = pytest.mark.django_db

ENGLISH = re.compile(r"\b(Input|Field|should|String|required|valid)\b")


def problem(response, status=422, korean=True) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    if korean:
        assert not ENGLISH.search(response.content.decode("unicode_escape")), body
    return body


@pytest.fixture
def counselor_client(client_for, counselor):
    return client_for(counselor)


def test_a_missing_field_is_required_in_korean(counselor_client, seeker):
    body = problem(
        counselor_client.post("/api/referrals", {"seeker_id": seeker.pk}, content_type="application/json")
    )
    assert body["title"] == "입력값을 확인해 주세요."
    assert body["errors"] == {"vacancy_id": ["필수 항목입니다."]}


def test_a_wrong_type_asks_for_a_whole_number(counselor_client):
    response = counselor_client.post(
        "/api/referrals", {"seeker_id": "abc", "vacancy_id": 1.5}, content_type="application/json"
    )
    assert problem(response)["errors"] == {
        "seeker_id": ["정수를 입력해 주세요."],
        "vacancy_id": ["소수점 없는 정수를 입력해 주세요."],
    }


def test_a_too_long_string_gives_the_limit_with_thousands_separators(client_for, seeker, vacancy):
    response = client_for(seeker.user).post(
        "/api/applications/",
        {"vacancy_id": vacancy.pk, "message": "가" * 2001},
        content_type="application/json",
    )
    assert problem(response)["errors"] == {"message": ["최대 2,000자까지 입력할 수 있습니다."]}
    assert not seeker.applications.exists()


def test_negative_numbers_and_bad_dates_in_a_body(counselor_client):
    response = counselor_client.post(
        "/api/referrals/1/hire",
        {"hire_date": "2024-02-30", "monthly_wage": -1},
        content_type="application/json",
    )
    assert problem(response)["errors"] == {
        "hire_date": ["날짜 형식(YYYY-MM-DD)이 올바르지 않습니다."],
        "monthly_wage": ["0 이상이어야 합니다."],
    }


def test_query_parameters_of_the_public_search(client):
    response = client.get(
        "/api/vacancies/",
        {
            "wage_min": "-5",
            "page_size": "1000",
            "sort": "cheapest",
            "shift": "moon",
            "commuter_bus": "maybe",
            "q": "용" * 101,
        },
    )
    assert problem(response)["errors"] == {
        "wage_min": ["0 이상이어야 합니다."],
        "page_size": ["100 이하여야 합니다."],
        "sort": ["다음 중 하나를 입력해 주세요: recent, closing, wage, distance"],
        "shift": ["1번째 항목: 다음 중 하나를 입력해 주세요: day, two_shift, three_shift, night"],
        "commuter_bus": ["참(true) 또는 거짓(false)으로 입력해 주세요."],
        "q": ["최대 100자까지 입력할 수 있습니다."],
    }


def test_lists_datetimes_and_short_strings(counselor_client):
    visit = counselor_client.post(
        "/api/support/visits",
        {"employer_id": 1, "visited_on": "어제", "topics": "workforce"},
        content_type="application/json",
    )
    assert problem(visit)["errors"] == {
        "visited_on": ["날짜 형식(YYYY-MM-DD)이 올바르지 않습니다."],
        "topics": ["목록(배열)을 입력해 주세요."],
    }
    interview = counselor_client.post(
        "/api/referrals/1/interviews",
        {"starts_at": "내일 10시", "place": "회의실", "duration_minutes": 5},
        content_type="application/json",
    )
    assert problem(interview)["errors"] == {
        "starts_at": ["날짜·시간 형식(YYYY-MM-DDTHH:MM)이 올바르지 않습니다."],
        "duration_minutes": ["10 이상이어야 합니다."],
    }
    employer = counselor_client.post(
        "/api/employers/",
        {"name": "", "business_number": "1", "region_code": "28200", "address": "인천"},
        content_type="application/json",
    )
    assert problem(employer)["errors"] == {"name": ["최소 1자 이상 입력해 주세요."]}


def test_a_body_that_is_not_json_is_a_korean_400(counselor_client):
    body = problem(
        counselor_client.post("/api/referrals", "{seeker_id: 1", content_type="application/json"), 400
    )
    assert body["title"] == "요청 본문을 읽을 수 없습니다. JSON 형식을 확인해 주세요."


def test_every_pydantic_error_type_gets_a_korean_message():
    hangul = re.compile(r"[\uac00-\ud7a3]")
    for kind in typing.get_args(ErrorType):
        message = api_errors.message_for(
            {"type": kind, "loc": ("body", "payload", "x"), "msg": "Input should be"}
        )
        assert hangul.search(message) and not ENGLISH.search(message), (kind, message)
    assert (
        api_errors.message_for({"type": "some_future_type", "msg": "Something new"})
        == "입력값이 올바르지 않습니다."
    )


def test_the_messages_go_through_gettext():
    assert all(isinstance(message, Promise) for message in api_errors.MESSAGES.values())


@pytest.mark.parametrize("how", ["accept-language", "cookie"])
def test_the_english_ui_gets_english_problem_texts(how):
    client = Client(HTTP_ACCEPT_LANGUAGE="en") if how == "accept-language" else Client()
    if how == "cookie":
        client.cookies["django_language"] = "en"
    body = problem(client.get("/api/taxonomy/regions", {"limit": "many"}), korean=False)
    assert body["title"] == "Please check your input."
    assert body["detail"] == "The request format is invalid."


def test_a_translated_field_message_is_shown_in_english():
    """Through the committed English catalogue."""
    body = problem(
        Client(HTTP_ACCEPT_LANGUAGE="en").get("/api/taxonomy/regions", {"limit": "many"}), korean=False
    )
    assert body["errors"] == {"limit": ["Enter a whole number."]}
    korean = problem(Client(HTTP_ACCEPT_LANGUAGE="ko").get("/api/taxonomy/regions", {"limit": "many"}))
    assert korean["errors"] == {"limit": ["정수를 입력해 주세요."]}
