from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from iljari.core.ui import KrdsFormMixin, form_field
from iljari.core.validators import clean_text

from . import tokens


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


class TokenForm(forms.Form):
    """A 6-digit code from the authenticator app."""

    token = forms.CharField(
        label=_("인증 코드 6자리"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={
                "class": "krds-input",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9]{6}",
                "autofocus": True,
            }
        ),
        error_messages={
            "required": _("인증 코드를 입력해 주세요."),
            "min_length": _("인증 코드는 숫자 6자리입니다."),
            "max_length": _("인증 코드는 숫자 6자리입니다."),
        },
    )

    def clean_token(self):
        token = clean_text(self.cleaned_data["token"]).replace(" ", "")
        if not token.isascii() or not token.isdigit():
            raise forms.ValidationError(_("인증 코드는 숫자 6자리입니다."), code="format")
        return token


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("비밀번호 확인"),
        strip=False,
        widget=forms.PasswordInput(attrs={"class": "krds-input", "autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("탈퇴하면 내 정보가 익명 처리되며 되돌릴 수 없다는 것을 확인했습니다."),
        error_messages={"required": _("탈퇴 내용을 확인했다고 표시해 주세요.")},
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("비밀번호가 올바르지 않습니다."), code="invalid")
        return password


class EmailForm(forms.Form):
    """아이디 찾기: the e-mail address the account was registered with."""

    email = forms.EmailField(
        label=_("가입할 때 쓴 이메일"),
        max_length=254,
        widget=forms.EmailInput(attrs={"class": "krds-input", "autocomplete": "email", "autofocus": True}),
        error_messages={
            "required": _("이메일을 입력해 주세요."),
            "invalid": _("이메일 주소 형식이 올바르지 않습니다. 예: hong@example.com"),
        },
    )


class ResetRequestForm(PasswordResetForm):
    """비밀번호 재설정 메일 요청 (Django's own view and token)."""

    email = EmailForm.base_fields["email"]


class NewPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("새 비밀번호")
        self.fields["new_password2"].label = _("새 비밀번호 확인")
        for field in self.fields.values():
            field.widget.attrs["class"] = "krds-input"


class ApiTokenForm(KrdsFormMixin, forms.Form):
    """A new API token: a name, its scopes (area × read/write) and how long it works."""

    name = forms.CharField(
        label=_("토큰 이름"),
        max_length=80,
        help_text=_("어디에 쓰는 토큰인지 알아볼 수 있게 적어 주세요 (예: 인사 시스템 연동)."),
        error_messages={
            "required": _("토큰 이름을 입력해 주세요."),
            "max_length": _("80자 이내로 입력해 주세요."),
        },
    )
    scopes = forms.MultipleChoiceField(
        label=_("권한"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("필요한 영역만 고르세요. 쓰기 권한에는 같은 영역의 읽기가 포함됩니다."),
        error_messages={
            "required": _("권한을 하나 이상 골라 주세요."),
            "invalid_choice": _("알 수 없는 권한입니다."),
        },
    )
    expires_in_days = forms.IntegerField(
        label=_("유효 기간(일)"),
        initial=tokens.DEFAULT_DAYS,
        min_value=1,
        max_value=tokens.MAX_DAYS,
        error_messages={
            "required": _("유효 기간을 입력해 주세요."),
            "invalid": _("숫자로 입력해 주세요."),
            "min_value": _("유효 기간은 1일에서 365일 사이로 정해 주세요."),
            "max_value": _("유효 기간은 1일에서 365일 사이로 정해 주세요."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        form_field(self, "scopes", forms.MultipleChoiceField).choices = tokens.scope_choices()
