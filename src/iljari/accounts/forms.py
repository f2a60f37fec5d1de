from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("아이디"), widget=forms.TextInput(attrs={"class": "krds-input", "autofocus": True})
    )
    password = forms.CharField(
        label=_("비밀번호"), strip=False, widget=forms.PasswordInput(attrs={"class": "krds-input"})
    )
    error_messages = {
        "invalid_login": _("아이디 또는 비밀번호가 올바르지 않습니다."),
        "inactive": _("사용이 중지된 계정입니다."),
    }
