"""The API token page (/accounts/tokens/): list, create (the secret shown once) and revoke.

Everyone signed in manages their own tokens; the holders of ``manage_api_tokens`` (관리자) see
and revoke everyone's. Another user's token is a 404 to anyone else.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from iljari.core.confirm import confirmation

from . import actions
from .forms import ApiTokenForm
from .models import ApiToken
from .permissions import Capability, has_capability


def _visible_tokens(user):
    tokens = ApiToken.objects.select_related("user")
    if has_capability(user, Capability.MANAGE_API_TOKENS):
        return tokens
    return tokens.filter(user=user)


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            token, new_key = actions.do_issue_api_token(
                user=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_in_days=form.cleaned_data["expires_in_days"],
            )
        except ValidationError as exc:
            form.add_validation_error(exc)
        else:
            form = ApiTokenForm()
    rows = _visible_tokens(request.user).order_by("revoked_at", "-created_at", "-id")[:200]
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "tokens": rows,
            "new_key": new_key,
            "sees_all": has_capability(request.user, Capability.MANAGE_API_TOKENS),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(_visible_tokens(request.user), pk=pk)
    if token.revoked_at is not None:
        messages.info(request, _("이미 폐기된 토큰입니다."))
        return redirect("accounts:tokens")
    answer = confirmation(
        request,
        title=_("API 토큰 폐기"),
        question=_("'%(name)s' 토큰(%(prefix)s…)을 폐기할까요?")
        % {"name": token.name, "prefix": token.prefix},
        consequences=[
            _("이 토큰을 쓰는 연동 프로그램은 바로 API를 호출할 수 없게 됩니다."),
            _("폐기한 토큰은 되살릴 수 없습니다. 필요하면 새 토큰을 발급해 주세요."),
        ],
        confirm_label=_("토큰 폐기"),
        back_url=reverse("accounts:tokens"),
    )
    if answer is not None:
        return answer
    actions.do_revoke_api_token(token=token, actor=request.user)
    messages.success(request, _("토큰을 폐기했습니다."))
    return redirect("accounts:tokens")
