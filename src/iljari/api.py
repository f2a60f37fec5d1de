"""The REST API at /api/: one NinjaAPI, a router per app, problem-style errors.

Errors follow RFC 9457 (application/problem+json): ``type``, ``title``, ``status``,
``detail`` and, for validation errors, ``errors`` keyed by field — Korean messages through
gettext (schema errors are mapped per pydantic error type in ``iljari.core.api_errors``).
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from iljari.accounts.api_auth import AUTH, OPTIONAL_AUTH
from iljari.accounts.tokens import ScopeMissing, TokenExpired
from iljari.audit import api as audit_api
from iljari.core.api_errors import http_error_message, schema_error_messages
from iljari.counseling import api as counseling_api
from iljari.employers import api as employers_api
from iljari.fairs import api as fairs_api
from iljari.matching import api as matching_api
from iljari.matching import employer_api as matching_employer_api
from iljari.notifications import api as notifications_api
from iljari.programs import api as programs_api
from iljari.referrals import api as referrals_api
from iljari.referrals import employer_api as referrals_employer_api
from iljari.seekers import api as seekers_api
from iljari.support import api as support_api
from iljari.taxonomy import api as taxonomy_api
from iljari.vacancies import api as vacancies_api
from iljari.vacancies import applications_api

# (URL prefix, app module, router attribute in that app's api.py)
log = logging.getLogger("iljari.api")

#: (URL prefix, router): every area's API, imported by name.
API_ROUTERS = [
    ("vacancies", vacancies_api.router),
    ("applications", applications_api.applications_router),
    ("employers", employers_api.router),
    ("employers", matching_employer_api.router),  # 추천 인재 of a company's vacancy
    ("employers", referrals_employer_api.router),  # the referrals to a company's vacancies
    ("seekers", seekers_api.router),
    ("recommendations", matching_api.router),
    ("referrals", referrals_api.router),
    ("cases", counseling_api.router),
    ("support", support_api.router),
    ("fairs", fairs_api.router),
    ("programs", programs_api.router),
    ("privacy", audit_api.router),
    ("taxonomy", taxonomy_api.router),
    ("notifications", notifications_api.router),
]


api = NinjaAPI(
    title="일자리 API",
    version="1.0.0",
    description="일자리센터 구인·구직·알선·채용박람회·일자리사업 API",
    urls_namespace="api",
    auth=AUTH,
)


def problem(request, status: int, title: str, detail: str = "", errors: dict | None = None, **extra):
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail or title, **extra}
    if errors:
        body["errors"] = errors
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = "application/problem+json"
    return response


def _validation_messages(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for e in errs for m in e.messages] for field, errs in exc.error_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


@api.exception_handler(ValidationError)
def on_django_validation_error(request, exc):
    errors = _validation_messages(exc)
    detail = " ".join(m for msgs in errors.values() for m in msgs)
    return problem(request, 422, _("입력값을 확인해 주세요."), detail, errors)


@api.exception_handler(NinjaValidationError)
def on_schema_validation_error(request, exc):
    errors = schema_error_messages(exc.errors)
    return problem(request, 422, _("입력값을 확인해 주세요."), _("요청 형식이 올바르지 않습니다."), errors)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return problem(request, 401, _("로그인이 필요합니다."))


@api.exception_handler(TokenExpired)
def on_token_expired(request, exc):
    return problem(
        request, 401, _("API 토큰이 만료되었습니다."), _("토큰 관리 화면에서 새 토큰을 발급해 주세요.")
    )


@api.exception_handler(ScopeMissing)
def on_scope_missing(request, exc):
    """A token without the operation's scope: 403 naming it (``missing_scope``)."""
    return problem(request, 403, _("토큰 권한이 부족합니다."), str(exc), missing_scope=exc.scope)


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return problem(request, 403, _("권한이 없습니다."), str(exc) or "")


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return problem(request, 404, _("찾을 수 없습니다."))


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    return problem(request, exc.status_code, http_error_message(exc.message))


@api.exception_handler(Exception)
def on_unexpected_error(request, exc):
    """Anything else: logged with its traceback, answered with a problem body — never the
    traceback (django-ninja's default shows it with DEBUG). A busy or unreachable database is a
    retry-able 503, as on the pages (iljari.core.middleware)."""
    from django.db import DataError, InterfaceError, OperationalError

    if isinstance(exc, DataError | OverflowError):  # a number, date or text the database cannot hold
        log.warning("refused input: %s %s: %s", request.method, request.path, exc)
        detail = (
            _("사용할 수 없는 문자(NUL)가 들어 있습니다.")
            if "NUL" in str(exc)
            else _("입력한 숫자나 날짜가 처리할 수 있는 범위를 벗어났습니다.")
        )
        return problem(request, 422, _("입력값을 확인해 주세요."), detail, {"__all__": [detail]})
    if isinstance(exc, OperationalError | InterfaceError):
        log.warning("database unavailable: %s %s: %s", request.method, request.path, exc)
        response = problem(
            request,
            503,
            _("잠시 후 다시 시도해 주세요."),
            _("데이터베이스에 일시적으로 연결할 수 없습니다. 요청은 처리되지 않았습니다."),
        )
        response["Retry-After"] = "5"
        return response
    log.error("API error: %s %s", request.method, request.path, exc_info=exc)
    return problem(request, 500, _("서버 오류가 발생했습니다."), _("잠시 후 다시 시도해 주세요."))


#: routers of public look-ups whose app sits below accounts (the token schemes' home): their
#: operations take the caller's token or session if there is one, and serve anyone otherwise
PUBLIC_ROUTERS = {"taxonomy"}

for _prefix, _router in API_ROUTERS:
    if _prefix in PUBLIC_ROUTERS:
        api.add_router(f"/{_prefix}", _router, auth=OPTIONAL_AUTH)
    else:
        api.add_router(f"/{_prefix}", _router)
