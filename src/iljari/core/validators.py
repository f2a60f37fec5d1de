"""Validators for Korean identifiers and amounts, shared by forms, models and the API.

Each validator raises ``ValidationError`` with a Korean message; the ``normalize_*``
helpers return the canonical form or raise the same error.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


def clean_text(value: str) -> str:
    """NFKC-normalise (full-width digits → ASCII), drop zero-width characters, trim."""
    return unicodedata.normalize("NFKC", value or "").translate(_ZERO_WIDTH).strip()


def normalize_business_number(value: str) -> str:
    """Return a 사업자등록번호 as ``123-45-67890`` after checking its check digit."""
    digits = re.sub(r"[\s-]", "", clean_text(str(value)))
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError(_("사업자등록번호는 숫자 10자리입니다 (예: 123-45-67890)."), code="format")
    numbers = [int(ch) for ch in digits]
    total = sum(n * w for n, w in zip(numbers[:9], _BRN_WEIGHTS, strict=True))
    total += numbers[8] * 5 // 10
    if (10 - total % 10) % 10 != numbers[9]:
        raise ValidationError(
            _("사업자등록번호가 올바르지 않습니다. 번호를 다시 확인해 주세요."), code="checksum"
        )
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def validate_business_number(value: str) -> None:
    normalize_business_number(value)


def normalize_phone(value: str) -> str:
    """Return a Korean phone number as ``010-1234-5678`` / ``032-123-4567`` / ``02-123-4567``."""
    digits = re.sub(r"[\s().-]", "", clean_text(str(value)))
    if digits.startswith("+82"):
        digits = "0" + digits[3:]
    if not re.fullmatch(r"0\d{8,10}", digits):
        raise ValidationError(_("전화번호 형식이 올바르지 않습니다 (예: 010-1234-5678)."), code="format")
    if digits.startswith("02"):
        return f"02-{digits[2:-4]}-{digits[-4:]}"
    return f"{digits[:3]}-{digits[3:-4]}-{digits[-4:]}"


def validate_phone(value: str) -> None:
    normalize_phone(value)


def validate_non_negative_won(value: int | None) -> None:
    if value is not None and value < 0:
        raise ValidationError(_("금액은 0원 이상이어야 합니다."), code="negative")


def mask_phone(value: str) -> str:
    """010-1234-5678 → 010-****-5678."""
    if not value:
        return ""
    parts = value.split("-")
    if len(parts) == 3:
        return f"{parts[0]}-{'*' * len(parts[1])}-{parts[2]}"
    return value[:3] + "*" * max(len(value) - 7, 0) + value[-4:]


def mask_email(value: str) -> str:
    """hong.gildong@example.com → ho*********@example.com."""
    if not value or "@" not in value:
        return value or ""
    local, domain = value.split("@", 1)
    return local[:2] + "*" * max(len(local) - 2, 1) + "@" + domain


def mask_name(value: str) -> str:
    """홍길동 → 홍*동; 남궁민수 → 남**수."""
    if not value:
        return ""
    if len(value) <= 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]
