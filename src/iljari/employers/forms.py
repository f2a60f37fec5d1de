"""Forms of the employer portal; they validate input, the actions decide."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iljari.core.ui import add_action_errors, form_field
from iljari.core.validators import clean_text, normalize_business_number, normalize_phone
from iljari.taxonomy.choices import Education, EmploymentType, Shift
from iljari.taxonomy.models import Occupation, Qualification, Region, RegionLevel
from iljari.taxonomy.titles import candidates_for, fileable_occupations, occupation_for, suggest
from iljari.vacancies.models import WageType

from .models import MemberRole, RootSector

INPUT = {"class": "krds-input"}
SELECT = {"class": "krds-form-select"}

REFUSAL_REASONS = [
    ("", _("사유를 선택해 주세요")),
    ("경력 부족", _("경력 부족")),
    ("자격 요건 미충족", _("자격 요건 미충족")),
    ("근무 시간·교대 조건 불일치", _("근무 시간·교대 조건 불일치")),
    ("임금 조건 불일치", _("임금 조건 불일치")),
    ("통근 거리", _("통근 거리")),
    ("채용 인원 충원 완료", _("채용 인원 충원 완료")),
    ("면접 불참", _("면접 불참")),
    ("기타", _("기타")),
]

REQUIRED = {"required": _("필수 입력 항목입니다.")}


def posted(request):
    """The POST data of a POST (even an empty one, so it is validated), else None."""
    return request.POST if request.method == "POST" else None


def region_choices():
    """시군구 of Incheon and Gyeonggi first (the center's area), then the rest."""
    regions = (
        Region.objects.filter(level=RegionLevel.SIGUNGU).order_by("code").only("code", "sido", "sigungu")
    )
    return [("", _("선택해 주세요"))] + [(r.code, f"{r.sido} {r.sigungu}") for r in regions]


NUL_MESSAGE = _("입력할 수 없는 문자(NUL)가 들어 있습니다.")


def _korean_messages(form: forms.Form) -> None:
    for field in form.fields.values():
        field.validators = [
            ProhibitNullCharactersValidator(message=NUL_MESSAGE)
            if isinstance(v, ProhibitNullCharactersValidator)
            else v
            for v in field.validators
        ]
        field.error_messages.setdefault("required", _("필수 입력 항목입니다."))
        field.error_messages["required"] = _("필수 입력 항목입니다.")
        field.error_messages["invalid"] = _("형식이 올바르지 않습니다.")
        field.error_messages["invalid_choice"] = _("목록에 있는 값을 선택해 주세요.")
        if isinstance(field, forms.IntegerField):
            field.error_messages["invalid"] = _("숫자로 입력해 주세요.")
            field.error_messages["min_value"] = _("%(limit_value)s 이상으로 입력해 주세요.")
            field.error_messages["max_value"] = _("%(limit_value)s 이하로 입력해 주세요.")
        if isinstance(field, forms.DateField):
            field.error_messages["invalid"] = _("날짜를 YYYY-MM-DD 형식으로 입력해 주세요.")
        if isinstance(field, forms.ModelMultipleChoiceField):
            field.error_messages["invalid_choice"] = _("목록에 있는 값을 선택해 주세요.")
            field.error_messages["invalid_pk_value"] = _("목록에 있는 값을 선택해 주세요.")


class KoreanForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _korean_messages(self)

    def add_action_errors(self, exc: ValidationError) -> None:
        """Put an action's ValidationError on the matching fields (or the form)."""
        add_action_errors(self, exc)


class CompanyForm(KoreanForm):
    name = forms.CharField(label=_("기업명"), max_length=120, widget=forms.TextInput(INPUT))
    business_number = forms.CharField(
        label=_("사업자등록번호"),
        max_length=20,
        help_text=_("숫자 10자리, 예: 123-45-67890"),
        widget=forms.TextInput({**INPUT, "inputmode": "numeric", "autocomplete": "off"}),
    )
    representative = forms.CharField(
        label=_("대표자"), max_length=60, required=False, widget=forms.TextInput(INPUT)
    )
    root_sector = forms.ChoiceField(
        label=_("뿌리산업 분야"), choices=RootSector.choices, widget=forms.Select(SELECT)
    )
    region_code = forms.ChoiceField(label=_("소재지 (시·군·구)"), widget=forms.Select(SELECT))
    address = forms.CharField(label=_("상세 주소"), max_length=200, widget=forms.TextInput(INPUT))
    employees = forms.IntegerField(
        label=_("상시 근로자 수"), min_value=0, max_value=100000, initial=0, widget=forms.NumberInput(INPUT)
    )
    phone = forms.CharField(
        label=_("대표 전화"),
        max_length=20,
        required=False,
        widget=forms.TextInput({**INPUT, "inputmode": "tel"}),
    )
    description = forms.CharField(
        label=_("기업 소개"), required=False, widget=forms.Textarea({**INPUT, "rows": 3})
    )
    commuter_bus = forms.BooleanField(label=_("통근버스 운행"), required=False)
    dormitory = forms.BooleanField(label=_("기숙사 제공"), required=False)
    canteen = forms.BooleanField(label=_("구내식당"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        form_field(self, "region_code", forms.ChoiceField).choices = region_choices()

    def clean_business_number(self):
        return normalize_business_number(self.cleaned_data["business_number"])

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "")
        return normalize_phone(value) if value else ""

    def clean_name(self):
        value = clean_text(self.cleaned_data["name"])
        if not value:
            raise ValidationError(_("기업명을 입력해 주세요."))
        return value


class CompanyEditForm(CompanyForm):
    """Everything but the 사업자등록번호 and region, which staff verified."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["business_number"]
        del self.fields["region_code"]


class AccountFields(KoreanForm):
    username = forms.CharField(
        label=_("아이디"), max_length=150, widget=forms.TextInput({**INPUT, "autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("비밀번호"),
        strip=False,
        help_text=_("10자 이상, 다른 사이트와 다른 비밀번호"),
        widget=forms.PasswordInput({**INPUT, "autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("비밀번호 확인"),
        strip=False,
        widget=forms.PasswordInput({**INPUT, "autocomplete": "new-password"}),
    )
    full_name = forms.CharField(label=_("담당자 이름"), max_length=60, widget=forms.TextInput(INPUT))
    contact_phone = forms.CharField(
        label=_("담당자 연락처"),
        max_length=20,
        required=False,
        widget=forms.TextInput({**INPUT, "inputmode": "tel"}),
    )

    def clean_contact_phone(self):
        value = self.cleaned_data.get("contact_phone", "")
        return normalize_phone(value) if value else ""

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", _("비밀번호가 서로 다릅니다."))
        return data


class SignupCompanyForm(AccountFields, CompanyForm):
    email = forms.EmailField(
        label=_("담당자 이메일"), widget=forms.EmailInput({**INPUT, "autocomplete": "email"})
    )
    agree = forms.BooleanField(
        label=_("이용약관과 개인정보 수집·이용(담당자 이름·연락처·이메일)에 동의합니다."),
        error_messages={"required": _("동의해야 가입할 수 있습니다.")},
    )

    field_order = ["username", "password", "password2", "full_name", "contact_phone", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agree"].error_messages["required"] = _("동의해야 가입할 수 있습니다.")
        self.fields["email"].error_messages["invalid"] = _("이메일 형식이 올바르지 않습니다.")


class InvitationSignupForm(AccountFields):
    pass


class VacancyForm(KoreanForm):
    title = forms.CharField(
        label=_("공고 제목"),
        max_length=150,
        help_text=_("예: CO2 용접공 모집 (남동공단, 주간, 통근버스)"),
        widget=forms.TextInput(INPUT),
    )
    occupation = forms.ModelChoiceField(
        label=_("직종"),
        queryset=Occupation.objects.none(),
        required=False,
        widget=forms.Select(SELECT),
        help_text=_("비워 두면 공고 제목으로 직종을 찾습니다. 확실하지 않으면 후보 세 가지를 보여 드립니다."),
    )
    occupation_unknown = forms.BooleanField(label=_("직종을 모르겠음 (센터에서 확인)"), required=False)
    duties = forms.CharField(label=_("담당 업무"), widget=forms.Textarea({**INPUT, "rows": 4}))
    openings = forms.IntegerField(
        label=_("모집 인원"), min_value=1, max_value=999, initial=1, widget=forms.NumberInput(INPUT)
    )
    wage_type = forms.ChoiceField(label=_("임금 형태"), choices=WageType.choices, widget=forms.Select(SELECT))
    wage_amount = forms.IntegerField(
        label=_("임금(원)"),
        min_value=0,
        max_value=1_000_000_000,
        help_text=_("숫자만 입력 (예: 3000000)"),
        widget=forms.NumberInput({**INPUT, "inputmode": "numeric"}),
    )
    employment_type = forms.ChoiceField(
        label=_("고용 형태"), choices=EmploymentType.choices, widget=forms.Select(SELECT)
    )
    shift = forms.ChoiceField(label=_("근무 형태"), choices=Shift.choices, widget=forms.Select(SELECT))
    work_hours = forms.CharField(
        label=_("근무 시간"),
        max_length=60,
        required=False,
        help_text=_("예: 08:30~17:30"),
        widget=forms.TextInput(INPUT),
    )
    work_days_per_week = forms.IntegerField(
        label=_("주 근무일"), min_value=1, max_value=7, initial=5, widget=forms.NumberInput(INPUT)
    )
    experience_years_min = forms.IntegerField(
        label=_("최소 경력(년)"), min_value=0, max_value=40, initial=0, widget=forms.NumberInput(INPUT)
    )
    education_min = forms.ChoiceField(
        label=_("최소 학력"), choices=Education.choices, widget=forms.Select(SELECT)
    )
    required_qualifications = forms.ModelMultipleChoiceField(
        label=_("필수 자격"),
        queryset=Qualification.objects.none(),
        required=False,
        help_text=_("여러 개를 고르려면 Ctrl(맥은 Command)을 누른 채 선택하세요."),
        widget=forms.SelectMultiple({**SELECT, "size": 6}),
    )
    preferred_qualifications = forms.ModelMultipleChoiceField(
        label=_("우대 자격"),
        queryset=Qualification.objects.none(),
        required=False,
        widget=forms.SelectMultiple({**SELECT, "size": 6}),
    )
    closing_date = forms.DateField(label=_("마감일"), widget=forms.DateInput({**INPUT, "type": "date"}))
    commuter_bus = forms.BooleanField(label=_("통근버스"), required=False)
    dormitory = forms.BooleanField(label=_("기숙사"), required=False)
    meals = forms.BooleanField(label=_("식사 제공"), required=False)
    foreigners_welcome = forms.BooleanField(label=_("외국인 채용 가능"), required=False)

    MODEL_FIELDS = [
        "title", "occupation", "duties", "openings", "wage_type", "wage_amount", "employment_type", "shift",
        "work_hours", "work_days_per_week", "experience_years_min", "education_min", "closing_date",
        "commuter_bus", "dormitory", "meals", "foreigners_welcome",
    ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        occupation = form_field(self, "occupation", forms.ModelChoiceField)
        occupation.queryset = fileable_occupations(levels=(1, 2, 3, 4))
        occupation.empty_label = _("선택해 주세요")
        quals = Qualification.objects.exclude(root_industry="").order_by("name")
        form_field(self, "required_qualifications", forms.ModelMultipleChoiceField).queryset = quals
        form_field(self, "preferred_qualifications", forms.ModelMultipleChoiceField).queryset = quals

    def clean_closing_date(self):
        value = self.cleaned_data["closing_date"]
        if value < timezone.localdate():
            raise ValidationError(_("마감일은 오늘 이후여야 합니다."))
        return value

    def clean_title(self):
        value = clean_text(self.cleaned_data["title"])
        if not value:
            raise ValidationError(_("공고 제목을 입력해 주세요."))
        return value

    def clean(self):
        """No 직종 picked: the one title normaliser's code when it is sure; when it is not, the form
        asks the employer to pick from its three candidates (or to say 모르겠음)."""
        super().clean()
        data = self.cleaned_data
        title = data.get("title")
        if title and not data.get("occupation") and not data.get("occupation_unknown"):
            if suggest(title).sure:
                data["occupation"] = occupation_for(title)
            else:
                candidates = candidates_for(title)
                if candidates:
                    self.occupation_candidates = candidates
                    names = ", ".join(f"{o.name} ({o.code})" for o in candidates)
                    self.add_error(
                        "occupation",
                        _(
                            "공고 제목만으로는 직종을 확실히 알 수 없습니다. 후보: %(c)s — 이 중에서 고르거나 ‘직종을 모르겠음’을 선택해 주세요."
                        )
                        % {"c": names},
                    )
        return data

    def action_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.MODEL_FIELDS}
        return data


def vacancy_initial(vacancy) -> dict:
    initial = {name: getattr(vacancy, name) for name in VacancyForm.MODEL_FIELDS}
    initial["required_qualifications"] = list(vacancy.required_qualifications.all())
    initial["preferred_qualifications"] = list(vacancy.preferred_qualifications.all())
    return initial


class CloseVacancyForm(KoreanForm):
    reason = forms.ChoiceField(
        label=_("마감 사유"),
        choices=[
            ("채용 완료", _("채용 완료")),
            ("채용 계획 변경", _("채용 계획 변경")),
            ("기타", _("기타")),
        ],
        widget=forms.Select(SELECT),
    )


class MoveApplicationForm(KoreanForm):
    to_status = forms.ChoiceField(label=_("변경할 단계"), widget=forms.Select(SELECT))
    reason = forms.ChoiceField(
        label=_("불합격 사유"), choices=REFUSAL_REASONS, required=False, widget=forms.Select(SELECT)
    )

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        form_field(self, "to_status", forms.ChoiceField).choices = list(allowed)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("to_status") == "rejected" and not data.get("reason"):
            self.add_error("reason", _("불합격 사유를 선택해 주세요."))
        if data.get("to_status") == "not_hired" and not data.get("reason"):
            self.add_error("reason", _("불채용 사유를 선택해 주세요."))
        return data


class InviteForm(KoreanForm):
    email = forms.EmailField(label=_("이메일"), widget=forms.EmailInput(INPUT))
    full_name = forms.CharField(label=_("이름"), max_length=60, required=False, widget=forms.TextInput(INPUT))
    role = forms.ChoiceField(
        label=_("권한"), choices=MemberRole.choices, initial=MemberRole.MANAGER, widget=forms.Select(SELECT)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["invalid"] = _("이메일 형식이 올바르지 않습니다.")


class ReferralRequestForm(KoreanForm):
    wanted = forms.IntegerField(
        label=_("희망 알선 인원"), min_value=1, max_value=50, initial=3, widget=forms.NumberInput(INPUT)
    )
    message = forms.CharField(
        label=_("요청 내용"),
        required=False,
        max_length=2000,
        help_text=_("예: 야간 가능한 CO2 용접 경력자, 기숙사 제공 가능"),
        widget=forms.Textarea({**INPUT, "rows": 3}),
    )
