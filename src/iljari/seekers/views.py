"""The seeker portal: sign-up, withdrawing an application, notifications, deletion.

The profile and résumé pages are in ``profile_views``; 추천 일자리 is matching's page and 내 지원
현황 referrals' (both at /me/…).
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from iljari.accounts.actions import current_consent_texts
from iljari.accounts.permissions import has_capability
from iljari.core import ratelimit
from iljari.core.client_ip import client_ip
from iljari.core.confirm import confirmation
from iljari.core.ui import add_action_errors
from iljari.vacancies.models import Application

from . import actions
from .forms import (
    DeleteAccountForm,
    NotificationForm,
    SignupForm,
)
from .models import Seeker


def seeker_required(view):
    """Signed-in seekers only; everyone else is sent to log in (or refused)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        seeker = (
            Seeker.objects.filter(user=request.user, anonymised_at__isnull=True)
            .select_related("user", "home_region")
            .first()
        )
        if seeker is None or not has_capability(request.user, "view_own_profile"):
            raise PermissionDenied(_("구직자 회원만 이용할 수 있습니다."))
        request.seeker = seeker
        return view(request, *args, **kwargs)

    return wrapper


def _client_ip(request):
    return client_ip(request)


# --- sign-up -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("seekers:profile" if hasattr(request.user, "seeker") else "site:home")
    texts = sorted(current_consent_texts(), key=lambda t: (not t.required, t.purpose != "terms", t.purpose))
    form = SignupForm(request.POST or None, consent_texts=texts)
    if request.method == "POST" and form.is_valid() and not ratelimit.hit(request, "signup"):
        form.add_error(None, ratelimit.message())
        return render(request, "seekers/signup.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            seeker = actions.do_signup_seeker(
                username=data["username"],
                password=data["password"],
                full_name=data["full_name"],
                birth_year=data["birth_year"],
                region_code=form.region_code(),
                consents=form.consents(),
                phone=data.get("phone") or "",
                email=data.get("email") or "",
                gender=data.get("gender") or "",
                education=data["education"],
                ip_address=_client_ip(request),
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "home_region" in exc.error_dict:
                form.add_error("sigungu", exc.error_dict.pop("home_region")[0].messages[0])
            if hasattr(exc, "error_dict") and "consents" in exc.error_dict:
                form.add_error(None, exc.error_dict.pop("consents")[0].messages[0])
            if not hasattr(exc, "error_dict") or exc.error_dict:
                add_action_errors(form, exc)
        else:
            login(request, seeker.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("가입을 환영합니다. 경력과 자격을 등록하면 맞는 일자리를 추천해 드립니다.")
            )
            return redirect("seekers:profile")
    status = 400 if request.method == "POST" else 200
    return render(request, "seekers/signup.html", {"form": form}, status=status)


# --- applications (the page itself, with the referral proposals, is referrals') -------------


@require_POST
@seeker_required
def application_withdraw(request, pk: int):
    application = get_object_or_404(
        Application.objects.select_related("vacancy__employer"), pk=pk, seeker=request.seeker
    )
    step = confirmation(
        request,
        title=_("지원 취소"),
        question=_("'%(title)s' (%(company)s) 지원을 취소할까요?")
        % {"title": application.vacancy.title, "company": application.vacancy.employer.name},
        consequences=[
            _("현재 단계: %(status)s. 취소하면 기업이 이 지원을 더 이상 검토하지 않습니다.")
            % {"status": application.get_status_display()},
            _("같은 공고에는 다시 지원할 수 없습니다. 망설여지면 상담사와 먼저 이야기해 보세요."),
        ],
        confirm_label=_("지원 취소"),
        back_url=reverse("referrals:seeker_applications"),
        back_label=_("취소하지 않고 돌아가기"),
    )
    if step is not None:
        return step
    try:
        actions.do_withdraw_application(seeker=request.seeker, application=application, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("지원을 취소했습니다."))
    return redirect("referrals:seeker_applications")


# --- notifications and account deletion ----------------------------------------------------


@require_http_methods(["GET", "POST"])
@seeker_required
def notifications(request):
    form = NotificationForm(request.POST or None, initial=actions.notification_preference(request.seeker))
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_notifications(seeker=request.seeker, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("알림 설정을 저장했습니다."))
            return redirect("seekers:notifications")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "seekers/notifications.html", {"form": form, "seeker": request.seeker}, status=status
    )


@require_http_methods(["GET", "POST"])
@seeker_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        try:
            actions.do_delete_seeker_account(user=user, actor=user)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            logout(request)
            messages.success(request, _("탈퇴 처리되었습니다. 그동안 이용해 주셔서 감사합니다."))
            return redirect("site:home")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "seekers/delete_account.html", {"form": form, "seeker": request.seeker}, status=status
    )
