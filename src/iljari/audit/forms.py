from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from iljari.core.validators import clean_text

from .models import AccessAction


class AccessLogFilterForm(forms.Form):
    actor = forms.CharField(
        label=_("처리자 계정"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"class": "krds-input"}),
    )
    subject = forms.CharField(
        label=_("정보주체(이름 또는 ID)"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"class": "krds-input"}),
    )
    action = forms.ChoiceField(
        label=_("행위"),
        required=False,
        choices=[("", _("전체"))] + list(AccessAction.choices),
        widget=forms.Select(attrs={"class": "krds-form-select"}),
    )
    purpose = forms.CharField(
        label=_("목적"), required=False, max_length=200, widget=forms.TextInput(attrs={"class": "krds-input"})
    )
    ip = forms.GenericIPAddressField(
        label=_("접속지 IP"),
        required=False,
        widget=forms.TextInput(attrs={"class": "krds-input"}),
        error_messages={"invalid": _("IP 주소 형식이 올바르지 않습니다.")},
    )
    date_from = forms.DateField(
        label=_("시작일"),
        required=False,
        widget=forms.DateInput(attrs={"class": "krds-input", "type": "date"}),
        error_messages={"invalid": _("날짜 형식이 올바르지 않습니다 (예: 2026-01-31).")},
    )
    date_to = forms.DateField(
        label=_("종료일"),
        required=False,
        widget=forms.DateInput(attrs={"class": "krds-input", "type": "date"}),
        error_messages={"invalid": _("날짜 형식이 올바르지 않습니다 (예: 2026-01-31).")},
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for key in ("actor", "subject", "purpose"):
            if data.get(key):
                data[key] = clean_text(data[key]).replace("\x00", "")
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("종료일은 시작일과 같거나 그 이후여야 합니다."))
        return data
