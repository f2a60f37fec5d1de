"""Seeker forms: sign-up with consents, basic profile, experience, qualification, preferences."""

from django import forms
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from iljari.core.ui import form_field
from iljari.taxonomy.choices import Education, EmploymentType, Shift
from iljari.taxonomy.models import Occupation, Region, RegionLevel
from iljari.taxonomy.titles import fileable_occupations
from iljari.vacancies.forms import FastSelect, dong_choices, sigungu_choices

from .models import Gender, VisaType

INPUT = {"class": "krds-input"}
SELECT = {"class": "krds-form-select"}


class FastSelectMultiple(forms.SelectMultiple):
    """A multiple select rendered in Python: hundreds of options without a template per option."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        selected = {str(v) for v in (value or [])}
        options = "".join(
            format_html(
                '<option value="{}"{}>{}</option>', str(v), " selected" if str(v) in selected else "", label
            )
            for v, label in self.choices
        )
        return format_html(
            '<select name="{}" multiple{}>{}</select>', name, flatatt(final), mark_safe(options)
        )  # noqa: S308


def _style(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
            continue
        css = "krds-form-select" if isinstance(widget, forms.Select) else "krds-input"
        widget.attrs.setdefault("class", css)


class RegionFieldsMixin(forms.Form):
    """시군구 then 동 (htmx fills the 동 list); the 시군구 alone is enough without JavaScript."""

    def _setup_region(self, initial_code: str = ""):
        self.fields["sigungu"].choices = sigungu_choices(_("시군구를 고르세요"))  # type: ignore[attr-defined]
        sigungu = (self.data.get("sigungu") if self.is_bound else initial_code[:5]) or ""
        self.fields["dong"].choices = dong_choices(str(sigungu))  # type: ignore[attr-defined]
        self.fields["sigungu"].widget.attrs.update(
            {"hx-get": reverse("vacancies:dongs"), "hx-target": "#id_dong", "hx-trigger": "change"}
        )
        if not self.is_bound and initial_code:
            self.initial.setdefault("sigungu", initial_code[:5])
            if len(initial_code) >= 8:
                self.initial.setdefault("dong", initial_code)

    def region_code(self) -> str:
        return self.cleaned_data.get("dong") or self.cleaned_data.get("sigungu") or ""


class SignupForm(RegionFieldsMixin, forms.Form):
    username = forms.RegexField(
        label=_("아이디"),
        regex=r"^[A-Za-z0-9_.-]{4,30}$",
        help_text=_("영문·숫자 4~30자"),
        error_messages={
            "invalid": _("아이디는 영문, 숫자, 밑줄(_)로 4~30자입니다."),
            "required": _("아이디를 입력해 주세요."),
        },
    )
    password = forms.CharField(
        label=_("비밀번호"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("8자 이상, 숫자만으로는 안 됩니다."),
        error_messages={"required": _("비밀번호를 입력해 주세요.")},
    )
    password2 = forms.CharField(
        label=_("비밀번호 확인"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("비밀번호를 한 번 더 입력해 주세요.")},
    )
    full_name = forms.CharField(
        label=_("이름"), max_length=60, error_messages={"required": _("이름을 입력해 주세요.")}
    )
    birth_year = forms.IntegerField(
        label=_("출생연도"),
        min_value=1930,
        max_value=timezone.localdate().year - 15,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "1972"}),
        error_messages={
            "required": _("출생연도를 입력해 주세요."),
            "invalid": _("출생연도는 숫자 네 자리로 입력해 주세요."),
            "min_value": _("출생연도를 확인해 주세요."),
            "max_value": _("만 15세 이상만 가입할 수 있습니다."),
        },
    )
    gender = forms.ChoiceField(
        label=_("성별(선택)"), choices=[("", _("선택 안 함")), *Gender.choices], required=False
    )
    phone = forms.CharField(
        label=_("휴대전화(선택)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "placeholder": "010-1234-5678"}),
    )
    email = forms.EmailField(
        label=_("이메일(선택)"),
        required=False,
        error_messages={"invalid": _("이메일 주소 형식이 올바르지 않습니다.")},
    )
    education = forms.ChoiceField(label=_("최종 학력"), choices=Education.choices, initial=Education.HIGH)
    sigungu = forms.ChoiceField(
        label=_("사는 곳(시군구)"),
        widget=FastSelect,
        error_messages={"required": _("사는 시군구를 골라 주세요.")},
    )
    dong = forms.ChoiceField(
        widget=FastSelect,
        label=_("동(선택)"),
        required=False,
        help_text=_("동까지 고르면 가까운 일자리를 더 정확히 찾습니다."),
    )

    def __init__(self, *args, consent_texts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.consent_texts = list(consent_texts)
        for text in self.consent_texts:
            self.fields[f"consent_{text.purpose}"] = forms.BooleanField(
                label=text.title,
                required=False,
                help_text=text.body,
            )
        self._setup_region()
        _style(self)

    def consent_fields(self):
        return [(text, self[f"consent_{text.purpose}"]) for text in self.consent_texts]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", _("비밀번호가 서로 다릅니다."))
        missing = [t for t in self.consent_texts if t.required and not data.get(f"consent_{t.purpose}")]
        for text in missing:
            self.add_error(f"consent_{text.purpose}", _("필수 동의 항목입니다. 동의해야 가입할 수 있습니다."))
        return data

    def consents(self) -> dict[str, bool]:
        return {t.purpose: bool(self.cleaned_data.get(f"consent_{t.purpose}")) for t in self.consent_texts}


class BasicProfileForm(RegionFieldsMixin, forms.Form):
    full_name = forms.CharField(
        label=_("이름"), max_length=60, error_messages={"required": _("이름을 입력해 주세요.")}
    )
    birth_year = forms.IntegerField(
        label=_("출생연도"),
        min_value=1930,
        max_value=timezone.localdate().year - 15,
        error_messages={
            "required": _("출생연도를 입력해 주세요."),
            "invalid": _("출생연도는 숫자로 입력해 주세요."),
        },
    )
    phone = forms.CharField(label=_("휴대전화"), required=False, max_length=20)
    email = forms.EmailField(
        label=_("이메일"),
        required=False,
        error_messages={"invalid": _("이메일 주소 형식이 올바르지 않습니다.")},
    )
    education = forms.ChoiceField(label=_("최종 학력"), choices=Education.choices)
    visa_type = forms.ChoiceField(
        label=_("체류자격(외국인)"), choices=[("", _("해당 없음")), *VisaType.choices], required=False
    )
    sigungu = forms.ChoiceField(
        label=_("사는 곳(시군구)"),
        widget=FastSelect,
        error_messages={"required": _("사는 시군구를 골라 주세요.")},
    )
    dong = forms.ChoiceField(label=_("동(선택)"), required=False, widget=FastSelect)
    needs_dormitory = forms.BooleanField(label=_("기숙사가 필요합니다"), required=False)
    summary = forms.CharField(
        label=_("자기소개"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("자기소개는 2,000자까지 쓸 수 있습니다.")},
    )

    def __init__(self, *args, region_code: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_region(region_code)
        _style(self)


class ExperienceForm(forms.Form):
    job_title = forms.CharField(
        label=_("직무명"),
        max_length=120,
        help_text=_("하던 일을 편하게 적으세요 (예: CO2 용접공, 금형 사상). 직업 분류는 자동으로 찾습니다."),
        error_messages={"required": _("직무명을 입력해 주세요.")},
    )
    employer_name = forms.CharField(label=_("회사명(선택)"), max_length=120, required=False)
    years = forms.DecimalField(
        label=_("경력(년)"),
        min_value=0,
        max_value=60,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
        error_messages={
            "required": _("경력 기간을 입력해 주세요."),
            "invalid": _("경력 기간은 숫자로 입력해 주세요 (예: 3.5)."),
            "min_value": _("경력 기간은 0년 이상이어야 합니다."),
            "max_value": _("경력 기간은 60년 이하로 입력해 주세요."),
            "max_decimal_places": _("경력 기간은 소수점 한 자리까지 입력해 주세요."),
        },
    )
    duties = forms.CharField(
        label=_("담당 업무(선택)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class QualificationForm(forms.Form):
    name = forms.CharField(
        label=_("자격명"),
        max_length=100,
        help_text=_("Q-Net 자격 목록에서 고르세요 (예: 용접기능사)."),
        widget=forms.TextInput(attrs={"list": "qualification-list", "autocomplete": "off"}),
        error_messages={"required": _("자격명을 입력해 주세요.")},
    )
    acquired_on = forms.DateField(
        label=_("취득일(선택)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("날짜 형식이 올바르지 않습니다 (예: 2020-05-31).")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class OccupationsField(forms.ModelMultipleChoiceField):
    """Occupations by name alone (their codes mean nothing to a seeker)."""

    def label_from_instance(self, obj: Occupation) -> str:
        return obj.name


class RegionsField(forms.ModelMultipleChoiceField):
    """시·군·구 with their 시·도, so two of the same name can be told apart."""

    def label_from_instance(self, obj: Region) -> str:
        return f"{obj.sido} {obj.sigungu}"


class PreferencesForm(forms.Form):
    desired_occupations = OccupationsField(
        label=_("희망 직종"),
        queryset=Occupation.objects.none(),
        required=False,
        widget=FastSelectMultiple(attrs={"size": 8}),
        help_text=_("여러 개를 고를 수 있습니다."),
        error_messages={
            "invalid_choice": _("목록에 있는 직종을 골라 주세요."),
            "invalid_pk_value": _("목록에 있는 직종을 골라 주세요."),
        },
    )
    desired_regions = RegionsField(
        label=_("희망 근무 지역"),
        queryset=Region.objects.none(),
        required=False,
        widget=FastSelectMultiple(attrs={"size": 8}),
        error_messages={
            "invalid_choice": _("목록에 있는 지역을 골라 주세요."),
            "invalid_pk_value": _("목록에 있는 지역을 골라 주세요."),
        },
    )
    desired_monthly_wage = forms.IntegerField(
        label=_("희망 월급(원)"),
        required=False,
        min_value=0,
        max_value=50_000_000,
        widget=forms.NumberInput(attrs={"step": "10000", "inputmode": "numeric", "placeholder": "2800000"}),
        error_messages={
            "invalid": _("희망 월급은 숫자로 입력해 주세요."),
            "min_value": _("희망 월급은 0원 이상이어야 합니다."),
            "max_value": _("희망 월급을 확인해 주세요."),
        },
    )
    shift_preferences = forms.MultipleChoiceField(
        label=_("희망 근무형태"), choices=Shift.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    employment_type = forms.ChoiceField(label=_("희망 고용형태"), choices=EmploymentType.choices)
    max_commute_minutes = forms.IntegerField(
        label=_("최대 통근 시간(분)"),
        min_value=10,
        max_value=180,
        error_messages={
            "required": _("최대 통근 시간을 입력해 주세요."),
            "invalid": _("통근 시간은 분 단위 숫자로 입력해 주세요."),
            "min_value": _("통근 시간은 10분 이상으로 입력해 주세요."),
            "max_value": _("통근 시간은 180분 이하로 입력해 주세요."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        form_field(self, "desired_occupations", OccupationsField).queryset = fileable_occupations()
        form_field(self, "desired_regions", RegionsField).queryset = Region.objects.filter(
            level=RegionLevel.SIGUNGU
        ).order_by("sido", "sigungu")
        _style(self)


class NotificationForm(forms.Form):
    by_sms = forms.BooleanField(label=_("문자·알림톡으로 받기"), required=False)
    by_email = forms.BooleanField(label=_("이메일로 받기"), required=False)
    new_recommendations = forms.BooleanField(label=_("새 추천 일자리 알림"), required=False)
    application_updates = forms.BooleanField(label=_("지원 진행 상황 알림"), required=False)
    events = forms.BooleanField(label=_("채용박람회·행사 소식"), required=False)


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(
        label=_("확인 문구"),
        help_text=_("탈퇴하려면 '탈퇴합니다'라고 입력해 주세요."),
        error_messages={"required": _("확인 문구를 입력해 주세요.")},
    )
    password = forms.CharField(
        label=_("비밀번호"),
        widget=forms.PasswordInput,
        error_messages={"required": _("비밀번호를 입력해 주세요.")},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        _style(self)

    def clean_confirm(self):
        value = (self.cleaned_data.get("confirm") or "").strip()
        if value != "탈퇴합니다":
            raise forms.ValidationError(_("'탈퇴합니다'를 정확히 입력해 주세요."))
        return value

    def clean_password(self):
        value = self.cleaned_data.get("password") or ""
        if self.user is None or not self.user.check_password(value):
            raise forms.ValidationError(_("비밀번호가 맞지 않습니다."))
        return value
