"""Hostile input: property tests for the Korean validators, and XSS / SQL-injection probes on
every search page and the signed-in forms — escaped output, 4xx or a form error, never a 500."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from hypothesis import example, given
from hypothesis import strategies as st

from iljari.audit.forms import AccessLogFilterForm
from iljari.core.validators import (
    clean_text,
    mask_email,
    mask_name,
    mask_phone,
    normalize_business_number,
    normalize_phone,
    validate_non_negative_won,
)

ODD = st.sampled_from(
    [
        "\u200b",  # zero-width space
        "\ufeff",
        "\u3131",  # compatibility jamo ㄱ
        "\u1100\u1161",  # conjoining jamo 가
        "１２３",  # full-width digits
        "－",
        "🙂",
        "\u202e",  # right-to-left override
        "\x00",
        "가" * 500,
    ]
)
HOSTILE_TEXT = st.one_of(st.text(max_size=60), st.lists(ODD, max_size=6).map("".join))


@given(HOSTILE_TEXT)
@example("１２３-４５-６７８９０")
@example("123\u200b-45-67890")
def test_business_number_is_normalised_or_refused_in_korean(value):
    try:
        result = normalize_business_number(value)
    except ValidationError as error:
        assert re.search("[가-힣]", " ".join(error.messages))
    else:
        assert re.fullmatch(r"\d{3}-\d{2}-\d{5}", result)
        assert normalize_business_number(result) == result


@given(st.integers(min_value=0, max_value=10**10 - 1))
def test_only_numbers_with_the_right_check_digit_are_business_numbers(n):
    digits = f"{n:010d}"
    weights = (1, 3, 7, 1, 3, 7, 1, 3, 5)
    total = sum(int(d) * w for d, w in zip(digits[:9], weights, strict=True)) + int(digits[8]) * 5 // 10
    valid = (10 - total % 10) % 10 == int(digits[9])
    try:
        normalize_business_number(digits)
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == valid


@given(HOSTILE_TEXT)
@example("０１０－１２３４－５６７８")
@example("+82 10 1234 5678")
def test_phone_numbers_are_normalised_or_refused(value):
    try:
        result = normalize_phone(value)
    except ValidationError as error:
        assert "전화번호" in " ".join(error.messages)
    else:
        assert re.fullmatch(r"0\d{1,2}-\d{3,4}-\d{4}", result)
        masked = mask_phone(result)
        assert masked.endswith(result[-4:]) and "*" in masked


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_wages_below_zero_are_refused(amount):
    if amount < 0:
        with pytest.raises(ValidationError):
            validate_non_negative_won(amount)
    else:
        validate_non_negative_won(amount)


@given(st.text(max_size=300))
def test_clean_text_is_idempotent_and_drops_zero_width(value):
    once = clean_text(value)
    assert clean_text(once) == once
    assert "\u200b" not in once and "\ufeff" not in once


@given(st.text(min_size=1, max_size=40))
def test_masks_never_show_the_whole_value(value):
    name = mask_name(value)
    assert len(name) >= 1
    if len(value) >= 2:  # only the first (and the last, from three characters on) stay
        hidden = range(1, len(value) - 1) if len(value) > 2 else [1]
        assert len(name) == len(value) and all(name[i] == "*" for i in hidden)
    email = mask_email(f"{value}@example.kr")
    assert email.endswith("@example.kr")


@given(
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(str) | HOSTILE_TEXT,
    HOSTILE_TEXT,
)
def test_the_access_log_filter_never_raises(date_value, text):
    form = AccessLogFilterForm({"date_from": date_value, "actor": text, "subject": text, "ip": text})
    form.is_valid()  # errors are fine, exceptions are not
    for messages in form.errors.values():
        assert all(re.search("[가-힣]", m) for m in messages)


PROBES = [
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1",
    "1; DROP TABLE vacancies_vacancy; --",
    "%' UNION SELECT password FROM accounts_user --",
    "ㄱ\u200b가\ufeff１２３🙂" + "가" * 3000,
    "\u202e\x00",
]

# every page with a search box or filter, probed as the persona who uses it
SEARCH_PAGES = [
    ("anonymous", "/jobs/", ["q", "region", "occupation", "wage_min", "sort", "page"]),
    ("anonymous", "/fairs/", ["q", "page"]),
    ("anonymous", "/support/services/", ["q"]),
    ("counselor", "/counselor/search/", ["q", "page"]),
    ("counselor", "/referrals/", ["q", "status"]),
    ("counselor", "/cases/", ["q", "stage", "page"]),
    ("admin", "/privacy/", ["actor", "subject", "purpose", "action", "ip", "date_from", "page"]),
    ("manager", "/programs/plans/", ["q", "year"]),
]


@pytest.mark.django_db
def test_probes_on_search_fields_are_escaped_and_never_break_a_page(counselor, admin_user, program_manager):
    users = {"counselor": counselor, "admin": admin_user, "manager": program_manager}
    for persona, path, fields in SEARCH_PAGES:
        client = Client(raise_request_exception=False)
        if persona != "anonymous":
            client.force_login(users[persona])
        for probe in PROBES:
            response = client.get(path, dict.fromkeys(fields, probe))
            assert response.status_code < 500, (path, probe, response.status_code)
            body = response.content.decode("utf-8", "replace")
            assert '<script>alert("x")</script>' not in body, (path, "unescaped script")
            assert "<img src=x onerror" not in body, (path, "unescaped attribute")


@pytest.mark.django_db
def test_probes_on_the_api_search_are_problems_not_errors(client):
    for probe in PROBES:
        response = client.get("/api/vacancies/", {"q": probe, "region": probe, "wage_min": probe})
        assert response.status_code in (200, 422), (probe, response.status_code)
        assert '<script>alert("x")</script>' not in response.content.decode()
