"""Applying to a vacancy: an optional short message."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ApplyForm(forms.Form):
    message = forms.CharField(
        label=_("지원 메시지(선택)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "krds-input"}),
        help_text=_("경력이나 근무 가능 시기를 짧게 적어 주세요."),
        error_messages={"max_length": _("지원 메시지는 2,000자까지 쓸 수 있습니다.")},
    )
