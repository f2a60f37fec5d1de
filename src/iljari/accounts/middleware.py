"""Session idle timeout and the two-factor gate for staff roles."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

_LAST_SEEN = "_iljari_last_seen"
_TOUCH_EVERY = 60  # seconds: do not rewrite the session on every request


class SessionIdleTimeoutMiddleware:
    """Sign the user out after ``SESSION_IDLE_TIMEOUT`` seconds without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last = request.session.get(_LAST_SEEN)
            idle_limit = settings.SESSION_IDLE_TIMEOUT
            if last is not None and idle_limit and now - int(last) > idle_limit:
                logout(request)
                messages.info(request, _("오랫동안 사용하지 않아 로그아웃되었습니다. 다시 로그인해 주세요."))
            elif last is None or now - int(last) >= _TOUCH_EVERY:
                request.session[_LAST_SEEN] = now
        return self.get_response(request)


def staff_needs_second_factor(user) -> bool:
    return (
        settings.ILJARI_REQUIRE_STAFF_2FA
        and user.is_authenticated
        and user.is_job_center_staff
        and not (hasattr(user, "is_verified") and user.is_verified())
    )


_EXEMPT_PREFIXES = ("/static/", "/i18n/", "/healthz", "/readyz")


class StaffTwoFactorMiddleware:
    """Staff must confirm a TOTP code before anything else (when ILJARI_REQUIRE_STAFF_2FA)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and staff_needs_second_factor(user):
            allowed = {
                reverse("accounts:otp_verify"),
                reverse("accounts:otp_setup"),
                reverse("accounts:logout"),
                reverse("accounts:login"),
            }
            path = request.path
            if path not in allowed and not path.startswith(_EXEMPT_PREFIXES):
                if path.startswith("/api/"):
                    response = JsonResponse(
                        {
                            "type": "about:blank",
                            "title": _("2단계 인증이 필요합니다."),
                            "status": 403,
                            "detail": _("직원 계정은 인증 앱의 6자리 코드를 먼저 확인해야 합니다."),
                        },
                        status=403,
                    )
                    response["Content-Type"] = "application/problem+json"
                    return response
                from django_otp.plugins.otp_totp.models import TOTPDevice

                has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
                target = "accounts:otp_verify" if has_device else "accounts:otp_setup"
                return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
