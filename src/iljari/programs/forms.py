"""Forms of the programs pages; field-level Korean messages, KRDS widgets."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from iljari.core.bounds import AmountField, BoundedIntegerField
from iljari.employers.models import RootSector
from iljari.referrals.models import PlacementSource

from .models import Metric, Organisation, ProgramType

INPUT = {"class": "krds-input"}
SELECT = {"class": "krds-form-select"}
MONTHS: list[tuple[int, Any]] = [(m, _("%(m)d월") % {"m": m}) for m in range(1, 13)]
MANUAL_METRICS = [
    (m.value, m.label)
    for m in Metric
    if m.value in ("jobs", "participants", "budget", "visits", "suggestions")
]


class PlanForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("기관"),
        queryset=Organisation.objects.all(),
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": _("기관을 선택해 주세요.")},
    )
    year = forms.IntegerField(
        label=_("연도"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs=INPUT),
        error_messages={"required": _("연도를 입력해 주세요."), "invalid": _("숫자로 입력해 주세요.")},
    )
    title = forms.CharField(
        label=_("계획명"),
        max_length=150,
        widget=forms.TextInput(attrs=INPUT),
        error_messages={"required": _("계획명을 입력해 주세요.")},
    )
    vision = forms.CharField(
        label=_("비전"), max_length=200, required=False, widget=forms.TextInput(attrs=INPUT)
    )


class StrategyForm(forms.Form):
    name = forms.CharField(
        label=_("핵심전략"),
        max_length=150,
        widget=forms.TextInput(attrs=INPUT),
        error_messages={"required": _("핵심전략을 입력해 주세요.")},
    )


class ProgramForm(forms.Form):
    strategy = forms.TypedChoiceField(
        label=_("핵심전략"),
        coerce=int,
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": _("핵심전략을 선택해 주세요.")},
    )
    name = forms.CharField(
        label=_("사업명"),
        max_length=150,
        widget=forms.TextInput(attrs=INPUT),
        error_messages={"required": _("사업명을 입력해 주세요.")},
    )
    program_type = forms.ChoiceField(
        label=_("사업 유형"), choices=ProgramType.choices, widget=forms.Select(attrs=SELECT)
    )
    department = forms.CharField(
        label=_("담당 부서"), max_length=80, required=False, widget=forms.TextInput(attrs=INPUT)
    )
    partners = forms.CharField(
        label=_("협력·수행기관"), max_length=300, required=False, widget=forms.TextInput(attrs=INPUT)
    )
    national_budget = AmountField(
        label=_("국비(원)"),
        min_value=0,
        initial=0,
        widget=forms.NumberInput(attrs=INPUT),
        error_messages={"min_value": _("0 이상으로 입력해 주세요.")},
    )
    city_budget = AmountField(
        label=_("시비(원)"),
        min_value=0,
        initial=0,
        widget=forms.NumberInput(attrs=INPUT),
        error_messages={"min_value": _("0 이상으로 입력해 주세요.")},
    )
    district_budget = AmountField(
        label=_("구비(원)"),
        min_value=0,
        initial=0,
        widget=forms.NumberInput(attrs=INPUT),
        error_messages={"min_value": _("0 이상으로 입력해 주세요.")},
    )

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["strategy"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s.pk, s.name) for s in plan.strategies.all()] if plan else []


class ProjectForm(forms.Form):
    program = forms.TypedChoiceField(
        label=_("사업"),
        coerce=int,
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": _("사업을 선택해 주세요.")},
    )
    name = forms.CharField(
        label=_("세부사업명"),
        max_length=150,
        widget=forms.TextInput(attrs=INPUT),
        error_messages={"required": _("세부사업명을 입력해 주세요.")},
    )
    job_definition = forms.CharField(
        label=_("일자리 인정 기준"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("예: 고용보험에 가입한 취업자 1명을 일자리 1개로 셉니다."),
    )
    jobs_target = AmountField(
        label=_("연간 일자리 목표(개)"),
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs=INPUT),
        error_messages={"min_value": _("0 이상으로 입력해 주세요.")},
    )

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["program"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = (
            [(p.pk, f"{p.strategy.name} › {p.name}") for s in plan.strategies.all() for p in s.programs.all()]
            if plan
            else []
        )


class TargetForm(forms.Form):
    metric = forms.ChoiceField(label=_("지표"), choices=Metric.choices, widget=forms.Select(attrs=SELECT))
    month = forms.TypedChoiceField(
        label=_("기간"), coerce=int, choices=[(0, _("연간"))] + MONTHS, widget=forms.Select(attrs=SELECT)
    )
    value = AmountField(
        label=_("목표값"),
        min_value=0,
        widget=forms.NumberInput(attrs=INPUT),
        error_messages={
            "required": _("목표값을 입력해 주세요."),
            "min_value": _("0 이상으로 입력해 주세요."),
            "invalid": _("숫자로 입력해 주세요."),
        },
    )


class RuleForm(forms.Form):
    root_sector = forms.ChoiceField(
        label=_("뿌리산업 분야"),
        required=False,
        choices=[("", _("전체"))] + list(RootSector.choices),
        widget=forms.Select(attrs=SELECT),
    )
    region_prefix = forms.RegexField(
        label=_("지역 코드 앞자리"),
        regex=r"^\d{2,10}$",
        required=False,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("예: 28200 (남동구), 28 (인천 전체)"),
        error_messages={"invalid": _("법정동 코드 숫자 2~10자리로 입력해 주세요.")},
    )
    source = forms.ChoiceField(
        label=_("취업 경로"),
        required=False,
        choices=[("", _("전체"))] + list(PlacementSource.choices),
        widget=forms.Select(attrs=SELECT),
    )
    source_ref = forms.CharField(
        label=_("경로 참조(박람회 번호 등)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs=INPUT),
    )
    note = forms.CharField(
        label=_("메모"), max_length=200, required=False, widget=forms.TextInput(attrs=INPUT)
    )


class AttributeForm(forms.Form):
    placement = BoundedIntegerField(
        label=_("취업 번호"),
        min_value=1,
        widget=forms.NumberInput(attrs=INPUT),
        error_messages={"required": _("취업 번호를 입력해 주세요."), "invalid": _("숫자로 입력해 주세요.")},
    )


class ManualResultForm(forms.Form):
    month = forms.TypedChoiceField(
        label=_("월"), coerce=int, choices=MONTHS, widget=forms.Select(attrs=SELECT)
    )
    metric = forms.ChoiceField(
        label=_("지표"),
        choices=MANUAL_METRICS,
        widget=forms.Select(attrs=SELECT),
        help_text=_("취업자·교육 수료는 시스템 기록에서 자동으로 집계되므로 입력하지 않습니다."),
    )
    value = AmountField(
        label=_("실적값"),
        min_value=0,
        widget=forms.NumberInput(attrs=INPUT),
        error_messages={
            "required": _("실적값을 입력해 주세요."),
            "min_value": _("0 이상으로 입력해 주세요."),
            "invalid": _("숫자로 입력해 주세요."),
        },
    )
    note = forms.CharField(
        label=_("내용"), max_length=300, required=False, widget=forms.TextInput(attrs=INPUT)
    )
    evidence = forms.FileField(
        label=_("증빙 자료"),
        required=False,
        help_text=_("PDF·이미지·엑셀 파일, 10MB 이하. 증빙이 없으면 승인되지 않습니다."),
    )

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload:
            if upload.size > 10 * 1024 * 1024:
                raise forms.ValidationError(_("10MB 이하의 파일만 올릴 수 있습니다."))
            allowed = (".pdf", ".png", ".jpg", ".jpeg", ".xlsx", ".xls", ".hwp", ".hwpx", ".csv")
            if not upload.name.lower().endswith(allowed):
                raise forms.ValidationError(_("PDF, 이미지, 엑셀, 한글 파일만 올릴 수 있습니다."))
        return upload


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("승인")), ("reject", _("반려"))])
    reason = forms.CharField(
        label=_("사유"), max_length=300, required=False, widget=forms.TextInput(attrs=INPUT)
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV 파일"),
        help_text=_("머리글: project_id,year,month,metric,value,note (UTF-8)"),
        error_messages={"required": _("파일을 선택해 주세요.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("2MB 이하의 파일만 올릴 수 있습니다."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("UTF-8 CSV 파일이 아닙니다.")) from exc
