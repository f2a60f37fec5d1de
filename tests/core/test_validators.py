import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from iljari.core.validators import (
    clean_text,
    mask_email,
    mask_name,
    mask_phone,
    normalize_business_number,
    normalize_phone,
)
from tests.factories import valid_business_number


def test_business_number_with_correct_check_digit_is_normalised():
    assert normalize_business_number("2208162517") == "220-81-62517"
    assert normalize_business_number(" 220-81-62517 ") == "220-81-62517"


def test_business_number_with_full_width_digits_is_accepted():
    assert normalize_business_number("２２０-８１-６２５１７") == "220-81-62517"


def test_business_number_with_wrong_check_digit_is_refused_in_korean():
    with pytest.raises(ValidationError) as info:
        normalize_business_number("220-81-62518")
    assert "사업자등록번호가 올바르지 않습니다" in info.value.messages[0]


@pytest.mark.parametrize("value", ["", "12345", "abc-de-fghij", "220-81-625177", "220\u200b8162517x"])
def test_business_number_in_wrong_format_is_refused(value):
    with pytest.raises(ValidationError):
        normalize_business_number(value)


@given(st.integers(min_value=0, max_value=10**6))
def test_every_generated_business_number_validates_and_one_digit_change_breaks_it(n):
    number = valid_business_number(n)
    assert normalize_business_number(number) == number
    last = int(number[-1])
    broken = number[:-1] + str((last + 1) % 10)
    with pytest.raises(ValidationError):
        normalize_business_number(broken)


@given(st.text(max_size=40))
def test_business_number_parser_never_crashes_on_odd_unicode(text):
    try:
        result = normalize_business_number(text)
    except ValidationError:
        return
    assert len(result) == 12


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("01012345678", "010-1234-5678"),
        ("010 1234 5678", "010-1234-5678"),
        ("+82 10-1234-5678", "010-1234-5678"),
        ("02-123-4567", "02-123-4567"),
        ("032-811-2345", "032-811-2345"),
    ],
)
def test_phone_numbers_are_normalised(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["123", "010-12", "phone", "1012345678"])
def test_bad_phone_numbers_are_refused(raw):
    with pytest.raises(ValidationError):
        normalize_phone(raw)


def test_masks_hide_the_middle():
    assert mask_phone("010-1234-5678") == "010-****-5678"
    assert mask_email("hong.gildong@example.com") == "ho**********@example.com"
    assert mask_name("홍길동") == "홍*동"
    assert mask_name("남궁민수") == "남**수"
    assert mask_name("김") == "김*"


def test_clean_text_removes_zero_width_and_folds_full_width():
    assert clean_text("\u200b용접\u200d ＣＯ２ ") == "용접 CO2"
