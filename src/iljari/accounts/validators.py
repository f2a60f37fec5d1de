"""Password rules beyond Django's own (개인정보의 안전성 확보조치 기준 제5조: 비밀번호 작성규칙)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

_CLASSES = (
    re.compile(r"[A-Za-z]"),
    re.compile(r"[0-9]"),
    re.compile(r"[^A-Za-z0-9\s]"),
)


class CharacterClassValidator:
    """At least ``min_classes`` of: letters, digits, symbols."""

    def __init__(self, min_classes: int = 2):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        present = sum(1 for pattern in _CLASSES if pattern.search(password or ""))
        if present < self.min_classes:
            raise ValidationError(
                ngettext(
                    "비밀번호에 영문자, 숫자, 특수문자 중 %(n)d가지 이상을 섞어 주세요.",
                    "비밀번호에 영문자, 숫자, 특수문자 중 %(n)d가지 이상을 섞어 주세요.",
                    self.min_classes,
                )
                % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("영문자, 숫자, 특수문자 중 %(n)d가지 이상을 섞어 주세요.") % {"n": self.min_classes}


class MaximumLengthValidator:
    """Refuse absurdly long passwords (hashing them costs CPU: a denial-of-service lever)."""

    def __init__(self, max_length: int = 128):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password or "") > self.max_length:
            raise ValidationError(
                _("비밀번호는 %(n)d자 이하로 입력해 주세요.") % {"n": self.max_length},
                code="password_too_long",
            )

    def get_help_text(self):
        return _("비밀번호는 %(n)d자 이하입니다.") % {"n": self.max_length}
