"""Operational middleware: request ids and structured request logs, health/readiness probes,
security headers with a strict Content-Security-Policy, and clean 503s when the database is away.
"""

import base64
import hashlib
import logging
import re
import time
import uuid

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext as _

from .logformat import request_id_var
from .readiness import is_warm

log = logging.getLogger("iljari.request")

# htmx 2 injects this <style> for its request indicators; allowing exactly its hash keeps
# 'unsafe-inline' out of style-src (or set htmx.config.includeIndicatorStyles=false).
HTMX_INDICATOR_STYLE = (
    "      .htmx-indicator{opacity:0}"
    "      .htmx-request .htmx-indicator{opacity:1; transition: opacity 200ms ease-in;}"
    "      .htmx-request.htmx-indicator{opacity:1; transition: opacity 200ms ease-in;}      "
)


def _sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def content_security_policy(path: str = "/") -> str:
    img = " ".join(["'self'", "data:", *settings.ILJARI_CSP_EXTRA_IMG_SRC])
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": f"'self' {_sha256_source(HTMX_INDICATOR_STYLE)}",
        "img-src": img,
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    if path.startswith("/admin/"):
        # Django's admin templates still carry a few style="" attributes.
        directives["style-src"] = "'self' 'unsafe-inline'"
    elif path.startswith("/api/docs"):
        # django-ninja's Swagger page loads swagger-ui from its CDN and starts it inline.
        directives["script-src"] = "'self' 'unsafe-inline' https://cdn.jsdelivr.net"
        directives["style-src"] = "'self' https://cdn.jsdelivr.net"
        directives["img-src"] = img + " https://django-ninja.dev"
    return "; ".join(f"{name} {value}" for name, value in directives.items())


PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class SecurityHeadersMiddleware:
    """Content-Security-Policy, Permissions-Policy and cross-origin isolation headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        header = (
            "Content-Security-Policy-Report-Only"
            if settings.ILJARI_CSP_REPORT_ONLY
            else "Content-Security-Policy"
        )
        response.headers.setdefault(header, content_security_policy(request.path))
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if request.user.is_authenticated if hasattr(request, "user") else False:
            # pages with personal data must not be kept by shared computers' caches
            response.headers.setdefault("Cache-Control", "no-store, private")
        return response


_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_migrations_checked = False


def readiness() -> tuple[bool, dict]:
    """Database reachable, migrations applied, task queue readable."""
    global _migrations_checked
    checks: dict[str, str] = {}
    ok = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError as exc:
        return False, {"database": f"error: {exc.__class__.__name__}"}
    if not _migrations_checked:
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            ok = False
            checks["migrations"] = f"{len(pending)} pending"
        else:
            _migrations_checked = True
    checks.setdefault("migrations", "ok")
    try:
        from django_tasks_db.models import DBTaskResult

        checks["queue_ready"] = str(DBTaskResult.objects.filter(status="READY").count())
    except DatabaseError as exc:
        ok = False
        checks["queue"] = f"error: {exc.__class__.__name__}"
    if is_warm():
        checks["warm_up"] = "ok"
    else:
        ok = False
        checks["warm_up"] = "in progress"
    return ok, checks


def _database_unavailable(request) -> HttpResponse:
    response: HttpResponse
    title = _("잠시 후 다시 시도해 주세요.")
    detail = _("데이터베이스에 일시적으로 연결할 수 없습니다. 요청은 처리되지 않았습니다.")
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse(
            {"type": "about:blank", "title": title, "status": 503, "detail": detail}, status=503
        )
        response["Content-Type"] = "application/problem+json"
    else:
        body = (
            '<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">'
            f"<title>{title}</title></head><body><main><h1>{title}</h1><p>{detail}</p></main></body></html>"
        )
        response = HttpResponse(body, status=503)
    response["Retry-After"] = "5"
    return response


def _user_id_for_log(request) -> int | None:
    """The signed-in user's id if the request already looked it up; never a database query here
    (during an outage that query would fail after the response was decided, turning a 201 or a
    503 into a 500)."""
    user = getattr(request, "user", None)
    if isinstance(user, LazyObject) and user._wrapped is empty:
        return None
    try:
        return getattr(user, "pk", None)
    except DatabaseError:
        return None


def _note_database_error(sender, request=None, **kwargs):
    """Django turns exceptions in any layer into a 500 before we see them: remember DB outages."""
    import sys

    exc = sys.exc_info()[1]
    if request is not None and isinstance(exc, OperationalError | InterfaceError):
        request._iljari_db_unavailable = True


got_request_exception.connect(_note_database_error, dispatch_uid="iljari-db-unavailable")


class RequestLogMiddleware:
    """First in the chain: request id, /healthz and /readyz, one structured log line per request,
    and a retry-able 503 (never a 500) when the database is unreachable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        response: HttpResponse
        try:
            if request.path == "/readyz":
                ok, checks = readiness()
                response = JsonResponse({"status": "ready" if ok else "unavailable", "checks": checks})
                if not ok:
                    response.status_code = 503
                    response["Retry-After"] = "5"
            else:
                try:
                    response = self.get_response(request)
                except (OperationalError, InterfaceError):
                    response = _database_unavailable(request)
                if response.status_code == 500 and getattr(request, "_iljari_db_unavailable", False):
                    response = _database_unavailable(request)
            response["X-Request-ID"] = request_id
            log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": _user_id_for_log(request),
                },
            )
            return response
        finally:
            request_id_var.reset(token)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            return _database_unavailable(request)
        return None
