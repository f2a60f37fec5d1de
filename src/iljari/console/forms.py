from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from iljari.core.validators import clean_text
from iljari.employers.forms import INPUT, SELECT, KoreanForm


class DecisionForm(KoreanForm):
    decision = forms.ChoiceField(
        label=_("결정"),
        choices=[("approve", pgettext_lazy("action", "승인")), ("reject", pgettext_lazy("action", "반려"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("사유 (반려할 때 필수)"),
        required=False,
        max_length=500,
        widget=forms.Textarea({**INPUT, "rows": 2}),
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("decision") == "reject" and not clean_text(data.get("reason", "")):
            self.add_error("reason", _("반려 사유를 입력해 주세요."))
        return data


class VacancyReviewForm(KoreanForm):
    decision = forms.ChoiceField(
        label=_("결정"),
        choices=[("publish", _("승인·게시")), ("return", _("보완 요청"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("보완 요청 사유"), required=False, max_length=500, widget=forms.Textarea({**INPUT, "rows": 2})
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("decision") == "return" and not clean_text(data.get("reason", "")):
            self.add_error("reason", _("보완 요청 사유를 입력해 주세요."))
        return data


class ReferForm(KoreanForm):
    vacancy = forms.IntegerField(
        label=_("알선할 공고 번호"),
        min_value=1,
        help_text=_("추천 공고의 '알선' 버튼을 누르거나 공고 번호를 입력하세요."),
        widget=forms.NumberInput({**INPUT, "inputmode": "numeric"}),
    )
    note = forms.CharField(
        label=_("알선 메모 (기업에 보입니다)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea({**INPUT, "rows": 2}),
    )


class SearchForm(KoreanForm):
    q = forms.CharField(
        label=_("이름 또는 전화번호"),
        max_length=40,
        widget=forms.TextInput({**INPUT, "type": "search", "autocomplete": "off"}),
    )

    def clean_q(self):
        value = clean_text(self.cleaned_data["q"])
        if len(value.replace("-", "")) < 2:
            raise ValidationError(_("두 글자 이상 입력해 주세요."))
        return value


class BulkForm(KoreanForm):
    action = forms.ChoiceField(
        label=_("일괄 처리"),
        choices=[
            ("publish_vacancies", _("선택한 공고 승인·게시")),
            ("approve_employers", _("선택한 기업 승인")),
            ("mark_contacted", _("선택한 구직자 연락 완료")),
        ],
        widget=forms.Select(SELECT),
    )
    ids = forms.CharField(widget=forms.MultipleHiddenInput, required=False)

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self._ids = data.getlist("ids") if data is not None and hasattr(data, "getlist") else []

    def clean_ids(self):
        try:
            ids = sorted({int(v) for v in self._ids})
        except (TypeError, ValueError):
            raise ValidationError(_("선택한 항목이 올바르지 않습니다.")) from None
        if not ids:
            raise ValidationError(_("처리할 항목을 하나 이상 선택해 주세요."))
        if len(ids) > 200:
            raise ValidationError(_("한 번에 200건까지 처리할 수 있습니다."))
        return ids
