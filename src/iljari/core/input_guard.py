"""One layer in front of every answer that refuses input no view should ever see (issue 15 #14, #16).

``InputGuardMiddleware`` sits right after the request log, before the static files, the cached
search answer and everything else, so no answer skips it:

* **Host**: ``request.get_host()`` checks ``ALLOWED_HOSTS`` for every request — Django only does
  it when something asks for the host, and the cached API search answer never did.
* **NUL**: PostgreSQL cannot store or compare a NUL character (``\\x00``) in text, and a lookup
  with one raised a 500. On the API a NUL in the path, the query string, a form field or a JSON
  body (``\\u0000``) is refused before any handler runs: 422 ``application/problem+json`` naming
  the fields. Pages let their forms answer (every ``forms.CharField`` refuses NUL with a Korean
  field error); whatever still reaches the database with one becomes a Korean 400 page.
* **Out of range**: a number or date the database cannot hold (``DataError``, ``OverflowError``:
  a too large integer, year 0001 minus a day) that slipped past the bounded types of
  ``iljari.core.bounds`` becomes a 422 problem body / 400 page, never a 500.
"""

import contextlib
import json
import logging

from django.core.exceptions import DisallowedHost
from django.db import DataError
from django.http import HttpResponse, JsonResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

log = logging.getLogger("iljari.request")

NUL = "\x00"
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_MAX_GUARDED_JSON = 2 * 1024 * 1024  # bigger bodies are refused by DATA_UPLOAD_MAX_MEMORY_SIZE anyway


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def _nul_fields_in_json(value, path: str = "") -> list[str]:
    found: list[str] = []
    if isinstance(value, str):
        if NUL in value:
            found.append(path or "body")
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            if NUL in str(key):
                found.append(name)
            found.extend(_nul_fields_in_json(item, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_nul_fields_in_json(item, f"{path}[{index}]" if path else f"[{index}]"))
    return found


def nul_fields(request) -> list[str]:
    """Names of the inputs carrying a NUL character (empty when none)."""
    found: list[str] = []
    if NUL in request.path_info:
        found.append("path")
    for name, values in request.GET.lists():
        if NUL in name or any(NUL in v for v in values):
            found.append(name.replace(NUL, ""))
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        content_type = request.content_type or ""
        if content_type.startswith(_FORM_TYPES):
            for name, values in request.POST.lists():
                if NUL in name or any(NUL in v for v in values):
                    found.append(name.replace(NUL, ""))
        elif content_type in ("application/json", "") or content_type.endswith("+json"):
            body = request.body if int(request.META.get("CONTENT_LENGTH") or 0) <= _MAX_GUARDED_JSON else b""
            if b"\x00" in body:
                found.append("body")
            elif b"\\u0000" in body.lower():
                with contextlib.suppress(ValueError, UnicodeDecodeError):  # not JSON: the view answers
                    found.extend(_nul_fields_in_json(json.loads(body)))
    return found


def refusal(request, status: int, title: str, detail: str, errors: dict | None = None) -> HttpResponse:
    response: HttpResponse
    if _is_api(request) or "application/json" in request.headers.get("Accept", ""):
        body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
        if errors:
            body["errors"] = errors
        response = JsonResponse(body, status=status)
        response["Content-Type"] = "application/problem+json"
        return response
    html = (
        '<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body><main><h1>{escape(title)}</h1>"
        f'<p>{escape(detail)}</p><p><a href="/">{escape(_("처음으로"))}</a></p></main></body></html>'
    )
    return HttpResponse(html, status=status)


def out_of_range(request) -> HttpResponse:
    title = _("입력값을 확인해 주세요.")
    detail = _("입력한 숫자나 날짜가 처리할 수 있는 범위를 벗어났습니다.")
    return refusal(request, 422 if _is_api(request) else 400, title, detail, {"__all__": [detail]})


def nul_refusal(request, fields: list[str]) -> HttpResponse:
    message = _("사용할 수 없는 문자(NUL)가 들어 있습니다.")
    return refusal(
        request,
        422 if _is_api(request) else 400,
        _("입력값을 확인해 주세요."),
        message,
        {field: [message] for field in dict.fromkeys(fields)},
    )


class InputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.get_host()
        except DisallowedHost:
            log.warning("refused host %r for %s", request.META.get("HTTP_HOST", ""), request.path)
            return refusal(request, 400, _("잘못된 요청입니다."), _("이 주소(Host)로는 서비스하지 않습니다."))
        fields = nul_fields(request) if _is_api(request) else []
        if fields:
            return nul_refusal(request, fields)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DataError | OverflowError):
            log.warning("refused input: %s %s: %s", request.method, request.path, exception)
            if "NUL" in str(exception):
                return nul_refusal(request, ["__all__"])
            return out_of_range(request)
        return None


__all__ = ["InputGuardMiddleware", "nul_fields", "out_of_range", "refusal"]
