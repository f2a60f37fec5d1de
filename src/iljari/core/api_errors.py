"""Korean (gettext) messages for the API's schema validation errors.

django-ninja hands over pydantic's errors — ``{"type": "string_too_long", "loc": ("body",
"payload", "title"), "ctx": {"max_length": 200}, "msg": "String should have ..."}`` — whose
``msg`` is English. ``schema_error_messages`` turns them into ``{field: [message, ...]}`` with a
message per error type, the constraint filled in ("최대 200자까지 입력할 수 있습니다."); an
unknown type gets a generic Korean message, never pydantic's English.
"""

import re

from django.utils.translation import gettext_lazy as _

# Parts of ``loc`` before the field: the parameter source and the handlers' schema parameter
# names (``payload: SomeIn``, ``filters: Query[SomeFilter]``).
_WRAPPERS = {"body", "query", "path", "form", "file", "header", "cookie", "payload", "filters"}

_DATE = _("날짜 형식(YYYY-MM-DD)이 올바르지 않습니다.")
_DATETIME = _("날짜·시간 형식(YYYY-MM-DDTHH:MM)이 올바르지 않습니다.")
_TIME = _("시간 형식(HH:MM)이 올바르지 않습니다.")
_INTEGER = _("정수를 입력해 주세요.")
_NUMBER = _("숫자를 입력해 주세요.")
_BOOLEAN = _("참(true) 또는 거짓(false)으로 입력해 주세요.")
_LIST = _("목록(배열)을 입력해 주세요.")
_OBJECT = _("항목과 값의 묶음(JSON 객체)을 입력해 주세요.")
_CHOICE = _("다음 중 하나를 입력해 주세요: %(expected)s")
_JSON = _("JSON 형식이 올바르지 않습니다.")
GENERIC = _("입력값이 올바르지 않습니다.")

MESSAGES = {
    "missing": _("필수 항목입니다."),
    "string_type": _("문자열을 입력해 주세요."),
    "string_too_short": _("최소 %(min_length)s자 이상 입력해 주세요."),
    "string_too_long": _("최대 %(max_length)s자까지 입력할 수 있습니다."),
    "string_pattern_mismatch": _("형식이 올바르지 않습니다."),
    "string_unicode": _("올바른 문자열이 아닙니다."),
    "int_type": _INTEGER,
    "int_parsing": _INTEGER,
    "int_from_float": _("소수점 없는 정수를 입력해 주세요."),
    "int_parsing_size": _("숫자가 너무 큽니다."),
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "decimal_type": _NUMBER,
    "decimal_parsing": _NUMBER,
    "finite_number": _("유한한 숫자를 입력해 주세요."),
    "greater_than": _("%(gt)s보다 커야 합니다."),
    "greater_than_equal": _("%(ge)s 이상이어야 합니다."),
    "less_than": _("%(lt)s보다 작아야 합니다."),
    "less_than_equal": _("%(le)s 이하여야 합니다."),
    "multiple_of": _("%(multiple_of)s의 배수여야 합니다."),
    "bool_type": _BOOLEAN,
    "bool_parsing": _BOOLEAN,
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "date_past": _("오늘 이전 날짜를 입력해 주세요."),
    "date_future": _("오늘 이후 날짜를 입력해 주세요."),
    "datetime_type": _DATETIME,
    "datetime_parsing": _DATETIME,
    "datetime_from_date_parsing": _DATETIME,
    "datetime_object_invalid": _DATETIME,
    "datetime_past": _("지금 이전 시각을 입력해 주세요."),
    "datetime_future": _("지금 이후 시각을 입력해 주세요."),
    "timezone_naive": _("시간대 없이 입력해 주세요."),
    "timezone_aware": _("시간대(예: +09:00)를 포함해 입력해 주세요."),
    "time_type": _TIME,
    "time_parsing": _TIME,
    "time_delta_type": _("기간 형식이 올바르지 않습니다."),
    "time_delta_parsing": _("기간 형식이 올바르지 않습니다."),
    "enum": _CHOICE,
    "literal_error": _CHOICE,
    "list_type": _LIST,
    "tuple_type": _LIST,
    "set_type": _LIST,
    "frozen_set_type": _LIST,
    "iterable_type": _LIST,
    "too_short": _("최소 %(min_length)s개 이상 입력해 주세요."),
    "too_long": _("최대 %(max_length)s개까지 입력할 수 있습니다."),
    "dict_type": _OBJECT,
    "model_type": _OBJECT,
    "model_attributes_type": _OBJECT,
    "dataclass_type": _OBJECT,
    "json_invalid": _JSON,
    "json_type": _JSON,
    "uuid_type": _("UUID 형식이 올바르지 않습니다."),
    "uuid_parsing": _("UUID 형식이 올바르지 않습니다."),
    "url_type": _("URL 형식이 올바르지 않습니다."),
    "url_parsing": _("URL 형식이 올바르지 않습니다."),
    "url_scheme": _("http 또는 https 주소를 입력해 주세요."),
    "url_too_long": _("URL이 너무 깁니다."),
    "bytes_type": _("올바른 값이 아닙니다."),
    "bytes_too_long": _("최대 %(max_length)s바이트까지 입력할 수 있습니다."),
    "bytes_too_short": _("최소 %(min_length)s바이트 이상 입력해 주세요."),
    "none_required": _("값을 비워 두어야 합니다."),
    "extra_forbidden": _("알 수 없는 항목입니다."),
    "value_error": GENERIC,
    "assertion_error": GENERIC,
}

ITEM = _("%(position)s번째 항목: %(message)s")

# django-ninja's own (English) HttpError messages
HTTP_MESSAGES = {
    "Cannot parse request body": _("요청 본문을 읽을 수 없습니다. JSON 형식을 확인해 주세요."),
    "CSRF check Failed": _(
        "보안 토큰(CSRF)이 없거나 올바르지 않습니다. 페이지를 새로 고친 뒤 다시 시도해 주세요."
    ),
}

_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _number(value) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else str(value)


def _choices(expected) -> str:
    """pydantic's "'day', 'night' or 'two_shift'" as "day, night, two_shift"."""
    text = str(expected)
    quoted = re.findall(r"'([^']*)'", text)
    if quoted:
        return ", ".join(quoted)
    return re.sub(r",? or ", ", ", text)


def message_for(error: dict) -> str:
    """The Korean message of one pydantic error (the active language's, through gettext)."""
    kind = error.get("type", "")
    ctx = dict(error.get("ctx") or {})
    if kind in ("value_error", "assertion_error"):
        own = str(ctx.get("error", ""))
        return own if _HANGUL.search(own) else str(GENERIC)
    template = MESSAGES.get(kind)
    if template is None:
        return str(GENERIC)
    params = {key: _number(value) for key, value in ctx.items()}
    if "expected" in ctx:
        params["expected"] = _choices(ctx["expected"])
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(GENERIC)


def field_of(loc) -> tuple[str, int | None]:
    """``("body", "payload", "shift", 0)`` → ``("shift", 0)``: the field's dotted name and, for a
    list item, its index."""
    parts = list(loc or ())
    while parts and isinstance(parts[0], str) and parts[0] in _WRAPPERS:
        parts.pop(0)
    index = None
    if parts and isinstance(parts[-1], int):
        index = parts.pop()
    return ".".join(str(p) for p in parts) or "__all__", index


def schema_error_messages(errors: list[dict]) -> dict[str, list[str]]:
    """``{field: [Korean message, ...]}`` for django-ninja's validation errors."""
    out: dict[str, list[str]] = {}
    for error in errors:
        field, index = field_of(error.get("loc"))
        message = message_for(error)
        if index is not None:
            message = str(ITEM) % {"position": index + 1, "message": message}
        messages = out.setdefault(field, [])
        if message not in messages:
            messages.append(message)
    return out


def http_error_message(message: str) -> str:
    """A Korean message for django-ninja's own HttpError texts; ours pass through."""
    text = str(message)
    known = HTTP_MESSAGES.get(text.split(" (", 1)[0])
    return str(known) if known is not None else text
