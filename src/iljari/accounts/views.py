"""Account pages: two-factor setup and sign-in step, password change, consents,
the data subject's export (내 정보 열람) and account deletion (회원 탈퇴)."""

import base64
import io
import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from iljari.audit.actions import log_access
from iljari.jobs.actions import do_start_job

from . import actions
from .forms import DeleteAccountForm, EmailForm, TokenForm
from .models import ConsentRecord
from .privacy import do_delete_account, export_personal_data, labelled_fields


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def _qr_data_uri(text: str) -> str:
    import qrcode

    image = qrcode.make(text, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """Register an authenticator app: scan the QR code, confirm one code."""
    if (
        TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
        and not request.user.is_verified()
    ):
        return redirect(f"{reverse('accounts:otp_verify')}?next={_safe_next(request, '')}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=_("인증 앱"), confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            TOTPDevice.objects.filter(user=request.user, confirmed=True).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("2단계 인증을 등록했습니다."))
            return redirect(_safe_next(request, reverse("site:dashboard")))
        form.add_error("token", _("인증 코드가 맞지 않습니다. 앱에 표시된 현재 코드를 입력해 주세요."))
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    context = {
        "form": form,
        "qr": _qr_data_uri(device.config_url),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "next": _safe_next(request, ""),
    }
    return render(request, "accounts/otp_setup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """The second step of a staff sign-in."""
    devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
    if not devices:
        return redirect(f"{reverse('accounts:otp_setup')}?next={_safe_next(request, '')}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices:
            allowed, _detail = device.verify_is_allowed()
            if not allowed:
                form.add_error(
                    "token", _("잘못된 코드가 여러 번 입력되었습니다. 잠시 후 다시 시도해 주세요.")
                )
                break
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                return redirect(_safe_next(request, reverse("site:dashboard")))
        else:
            form.add_error("token", _("인증 코드가 맞지 않습니다."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _safe_next(request, "")})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:my_data")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("비밀번호를 변경했습니다."))
        return response


password_change = login_required(PasswordChangeView.as_view(form_class=PasswordChangeForm))


@login_required
def my_data(request):
    """내 정보 열람: everything the job center holds about me, and who looked at it."""
    data = export_personal_data(request.user)
    log_access(
        actor=request.user,
        action="view",
        subject=request.user,
        fields="전체 개인정보",
        purpose=gettext_noop("정보주체 열람 청구"),
        request=request,
    )
    consents = (
        ConsentRecord.objects.filter(user=request.user).select_related("text").order_by("-answered_at")[:50]
    )
    seeker = getattr(request.user, "seeker", None) if hasattr(request.user, "seeker") else None
    context = {
        "data": data,
        "consents": consents,
        "seeker_fields": labelled_fields(seeker) if seeker is not None else [],
    }
    return render(request, "accounts/my_data.html", context)


@login_required
def my_data_download(request):
    data = export_personal_data(request.user)
    log_access(
        actor=request.user,
        action="export",
        subject=request.user,
        fields="전체 개인정보",
        purpose=gettext_noop("정보주체 열람 청구(내려받기)"),
        request=request,
    )
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="iljari-my-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def my_data_export_job(request):
    """Build the export in the background (the job page offers the file when it is ready)."""
    from .jobkinds import KIND_EXPORT, target_of

    job, _created = do_start_job(
        kind=KIND_EXPORT, target=target_of(request.user), owner=request.user, target_label=_("내 정보")
    )
    return redirect("jobs:detail", pk=job.pk)


@login_required
@require_POST
def withdraw_consent(request):
    purpose = request.POST.get("purpose", "")
    try:
        count = actions.do_withdraw_consent(user=request.user, purpose=purpose)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if count:
            messages.success(request, _("동의를 철회했습니다."))
        else:
            messages.info(request, _("철회할 동의가 없습니다."))
    return redirect("accounts:my_data")


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        do_delete_account(user, user)
        logout(request)
        messages.success(request, _("회원 탈퇴가 완료되었습니다. 개인정보는 익명 처리되었습니다."))
        return redirect("site:home")
    return render(request, "accounts/delete_account.html", {"form": form})


@require_http_methods(["GET", "POST"])
def find_username(request):
    """아이디 찾기: the username(s) go by e-mail to the registered address."""
    from django.conf import settings

    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.do_send_username_reminder(
            email=form.cleaned_data["email"],
            site_name=str(settings.ILJARI["CENTER_NAME"]),
            login_url=request.build_absolute_uri(reverse("accounts:login")),
        )
        return render(request, "accounts/find_username_done.html", {"email": form.cleaned_data["email"]})
    return render(request, "accounts/find_username.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's 비밀번호 재설정 request, with the center's name (not the host) in the mail."""

    def form_valid(self, form):
        from django.conf import settings

        self.extra_email_context = {"site_name": settings.ILJARI["CENTER_NAME"]}
        return super().form_valid(form)
