from django import forms
from django.utils.translation import gettext_lazy as _

from iljari.core.ui import DateInput, DateTimeInput, KrdsFormMixin
from iljari.taxonomy.choices import EmploymentType

from .models import FollowUpStatus, InterviewKind, InterviewResult, InterviewStatus


class ReferralCreateForm(KrdsFormMixin, forms.Form):
    vacancy = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("알선 메모"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MoveForm(KrdsFormMixin, forms.Form):
    to_status = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("사유"), required=False, max_length=500)


class InterviewForm(KrdsFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("면접 유형"),
        choices=InterviewKind.choices,
        widget=forms.RadioSelect,
        initial=InterviewKind.ACCOMPANIED,
    )
    starts_at = forms.DateTimeField(
        label=_("면접 일시"), widget=DateTimeInput, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    duration_minutes = forms.IntegerField(label=_("소요 시간(분)"), initial=60, min_value=10, max_value=480)
    place = forms.CharField(label=_("면접 장소"), max_length=200)
    meeting_point = forms.CharField(
        label=_("만나는 곳 (동행면접)"),
        max_length=200,
        required=False,
        help_text=_("예: 남동공단역 1번 출구, 면접 30분 전"),
    )
    transport_note = forms.CharField(
        label=_("교통 안내"),
        max_length=300,
        required=False,
        help_text=_("예: 인천지하철 1호선 → 남동공단 통근버스 B노선"),
    )
    company_contact = forms.CharField(label=_("기업 면접관"), max_length=100, required=False)


class OutcomeForm(KrdsFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("진행 결과"), choices=[c for c in InterviewStatus.choices if c[0] != "scheduled"]
    )
    result = forms.ChoiceField(label=_("면접 결과"), choices=InterviewResult.choices, required=False)
    note = forms.CharField(label=_("메모"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HireForm(KrdsFormMixin, forms.Form):
    hire_date = forms.DateField(label=_("입사일"), widget=DateInput)
    monthly_wage = forms.IntegerField(label=_("월 임금(원)"), min_value=0, max_value=100_000_000)
    employment_type = forms.ChoiceField(label=_("고용 형태"), choices=EmploymentType.choices)


class DirectPlacementForm(HireForm):
    employer = forms.IntegerField(label=_("기업 번호"), widget=forms.HiddenInput)
    source_ref = forms.CharField(label=_("참조(예: 박람회·사업 번호)"), max_length=40, required=False)


class FollowUpForm(KrdsFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("확인 결과"),
        choices=[c for c in FollowUpStatus.choices if c[0] not in ("pending", "cancelled")],
    )
    reason = forms.CharField(label=_("사유·메모"), max_length=300, required=False)
