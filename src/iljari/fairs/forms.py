from django import forms
from django.utils.translation import gettext_lazy as _

from iljari.vacancies.models import Vacancy

from .models import Event, InterviewResult, Participation, ParticipationStatus

TIME = forms.TimeInput(attrs={"type": "time", "class": "krds-input"}, format="%H:%M")


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "mode",
            "date",
            "start_time",
            "end_time",
            "slot_minutes",
            "buffer_slots",
            "max_requests",
            "venue",
            "halls",
            "booth_columns",
            "video_url",
            "description",
        ]
        widgets = {
            "title": forms.TextInput(attrs={"class": "krds-input"}),
            "kind": forms.Select(attrs={"class": "krds-form-select"}),
            "mode": forms.Select(attrs={"class": "krds-form-select"}),
            "date": forms.DateInput(attrs={"type": "date", "class": "krds-input"}, format="%Y-%m-%d"),
            "start_time": TIME,
            "end_time": TIME,
            "slot_minutes": forms.NumberInput(attrs={"class": "krds-input"}),
            "buffer_slots": forms.NumberInput(attrs={"class": "krds-input"}),
            "max_requests": forms.NumberInput(attrs={"class": "krds-input"}),
            "venue": forms.TextInput(attrs={"class": "krds-input"}),
            "halls": forms.TextInput(attrs={"class": "krds-input"}),
            "booth_columns": forms.NumberInput(attrs={"class": "krds-input"}),
            "video_url": forms.URLInput(attrs={"class": "krds-input"}),
            "description": forms.Textarea(attrs={"class": "krds-input", "rows": 4}),
        }


class ParticipationApplyForm(forms.Form):
    interviewers = forms.IntegerField(
        label=_("면접관 수"),
        min_value=1,
        max_value=20,
        initial=2,
        widget=forms.NumberInput(attrs={"class": "krds-input"}),
    )
    vacancies: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("박람회에서 채용할 공고"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("메모"), required=False, widget=forms.TextInput(attrs={"class": "krds-input"})
    )

    def __init__(self, *args, employer=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["vacancies"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Vacancy.objects.filter(employer=employer) if employer else Vacancy.objects.none()


class BoothForm(forms.ModelForm):
    class Meta:
        model = Participation
        fields = [
            "booth_number",
            "hall",
            "interviewers",
            "available_from",
            "available_until",
            "break_start",
            "break_end",
            "online_room_url",
        ]
        widgets = {
            "booth_number": forms.NumberInput(attrs={"class": "krds-input"}),
            "hall": forms.TextInput(attrs={"class": "krds-input"}),
            "interviewers": forms.NumberInput(attrs={"class": "krds-input"}),
            "available_from": TIME,
            "available_until": TIME,
            "break_start": TIME,
            "break_end": TIME,
            "online_room_url": forms.URLInput(attrs={"class": "krds-input"}),
        }

    def clean(self):
        super().clean()
        data = self.cleaned_data
        a, b = data.get("break_start"), data.get("break_end")
        if bool(a) != bool(b):
            raise forms.ValidationError(_("휴식 시작과 종료를 모두 입력하세요."))
        if a and b and b <= a:
            raise forms.ValidationError(_("휴식 종료는 시작보다 늦어야 합니다."))
        return data


class RegistrationForm(forms.Form):
    """Ranked choices (1st, 2nd, 3rd …) plus availability and consent."""

    arrive_at = forms.TimeField(label=_("도착 예정 시각"), required=False, widget=TIME)
    leave_at = forms.TimeField(label=_("퇴장 예정 시각"), required=False, widget=TIME)
    consent_share_resume = forms.BooleanField(
        label=_("면접을 신청한 기업에 제 이력 정보(경력·자격·희망 조건)를 제공하는 데 동의합니다. (선택)"),
        required=False,
    )

    def __init__(self, *args, event=None, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        parts = event.participations.filter(status=ParticipationStatus.APPROVED).select_related("employer")
        suggested = [p.pk for p, _score in suggestions]
        # briefings and meetings have no booths to choose: registration alone is enough
        slots = event.max_requests if event.is_fair and parts.exists() else 0
        for i in range(slots):
            self.fields[f"choice_{i + 1}"] = forms.ModelChoiceField(
                label=_("%(n)d지망 기업") % {"n": i + 1},
                queryset=parts,
                required=(i == 0),
                initial=suggested[i] if i < len(suggested) else None,
                widget=forms.Select(attrs={"class": "krds-form-select"}),
            )
        self.order_fields(
            [f"choice_{i + 1}" for i in range(slots)] + ["arrive_at", "leave_at", "consent_share_resume"]
        )

    def choices(self):
        return [
            self.cleaned_data[f"choice_{i + 1}"]
            for i in range(self.event.max_requests)
            if self.cleaned_data.get(f"choice_{i + 1}")
        ]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        picked = [data.get(f"choice_{i + 1}") for i in range(self.event.max_requests)]
        picked = [p.pk for p in picked if p]
        if len(picked) != len(set(picked)):
            raise forms.ValidationError(_("같은 기업을 두 번 선택했습니다."))
        return data


class WalkInForm(forms.Form):
    username = forms.CharField(
        label=_("구직자 아이디"), widget=forms.TextInput(attrs={"class": "krds-input"})
    )

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        parts = event.participations.filter(status=ParticipationStatus.APPROVED).select_related("employer")
        for i in range(event.max_requests):
            self.fields[f"choice_{i + 1}"] = forms.ModelChoiceField(
                label=_("%(n)d지망 기업") % {"n": i + 1},
                queryset=parts,
                required=(i == 0),
                widget=forms.Select(attrs={"class": "krds-form-select"}),
            )
        self.fields["consent_share_resume"] = forms.BooleanField(
            label=_("이력 정보 제공 동의"), required=False
        )

    def choices(self):
        return [
            self.cleaned_data[f"choice_{i + 1}"]
            for i in range(self.event.max_requests)
            if self.cleaned_data.get(f"choice_{i + 1}")
        ]


class ResultForm(forms.Form):
    result = forms.ChoiceField(
        label=_("결과"),
        choices=[c for c in InterviewResult.choices if c[0]],
        widget=forms.Select(attrs={"class": "krds-form-select small"}),
    )
    monthly_wage = forms.IntegerField(
        label=_("월 임금(원)"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"class": "krds-input small"}),
    )
