from django import forms
from django.utils.translation import gettext_lazy as _

from iljari.accounts.models import Role, User
from iljari.core.ui import DateInput, KrdsFormMixin, form_field
from iljari.employers.models import Employer

from .models import ConsultingChannel, Expert, SuggestionStatus, Topic

TOPIC_CHOICES = Topic.choices


class VisitForm(KrdsFormMixin, forms.Form):
    employer: "forms.ModelChoiceField[Employer]" = forms.ModelChoiceField(label=_("기업"), queryset=None)
    visited_on = forms.DateField(label=_("방문일"), widget=DateInput)
    staff: "forms.ModelMultipleChoiceField[User]" = forms.ModelMultipleChoiceField(
        label=_("방문 직원"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    topics = forms.MultipleChoiceField(
        label=_("상담 분야"), choices=TOPIC_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    company_attendees = forms.CharField(label=_("기업 측 참석자"), max_length=200, required=False)
    summary = forms.CharField(label=_("방문 결과"), widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        form_field(self, "employer", forms.ModelChoiceField).queryset = Employer.objects.filter(
            status="approved"
        ).order_by("name")
        form_field(self, "staff", forms.ModelMultipleChoiceField).queryset = User.objects.filter(
            role__in=[Role.COUNSELOR, Role.PROGRAM_MANAGER, Role.ADMIN], is_active=True
        ).order_by("full_name")


class SuggestionForm(KrdsFormMixin, forms.Form):
    employer: "forms.ModelChoiceField[Employer]" = forms.ModelChoiceField(label=_("기업"), queryset=None)
    category = forms.ChoiceField(label=_("분야"), choices=TOPIC_CHOICES)
    title = forms.CharField(label=_("제목"), max_length=150)
    body = forms.CharField(label=_("내용"), widget=forms.Textarea)
    department = forms.CharField(
        label=_("담당 부서"), max_length=80, help_text=_("예: 일자리정책과, 환경정책과, 산업진흥과")
    )
    due_on = forms.DateField(label=_("처리 기한"), widget=DateInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        form_field(self, "employer", forms.ModelChoiceField).queryset = Employer.objects.order_by("name")


class SuggestionMoveForm(KrdsFormMixin, forms.Form):
    to_status = forms.ChoiceField(choices=SuggestionStatus.choices, widget=forms.HiddenInput)
    resolution = forms.CharField(label=_("처리 결과 / 불가 사유"), widget=forms.Textarea, required=False)


class ConsultingForm(KrdsFormMixin, forms.Form):
    company_name = forms.CharField(label=_("기업명"), max_length=120)
    contact_name = forms.CharField(label=_("담당자 이름"), max_length=60)
    contact_email = forms.EmailField(
        label=_("담당자 이메일"), error_messages={"invalid": _("이메일 주소 형식이 올바르지 않습니다.")}
    )
    contact_phone = forms.CharField(label=_("담당자 전화"), max_length=20, required=False)
    field = forms.ChoiceField(label=_("자문 분야"), choices=TOPIC_CHOICES)
    subject = forms.CharField(label=_("제목"), max_length=150)
    body = forms.CharField(label=_("자문 요청 내용"), widget=forms.Textarea(attrs={"rows": 6}))


class StaffConsultingForm(ConsultingForm):
    channel = forms.ChoiceField(label=_("접수 경로"), choices=ConsultingChannel.choices, initial="email")


class AssignForm(KrdsFormMixin, forms.Form):
    expert: "forms.ModelChoiceField[Expert]" = forms.ModelChoiceField(label=_("담당 전문가"), queryset=None)

    def __init__(self, *args, experts=None, **kwargs):
        super().__init__(*args, **kwargs)
        form_field(self, "expert", forms.ModelChoiceField).queryset = (
            experts if experts is not None else Expert.objects.filter(active=True)
        )


class AnswerForm(KrdsFormMixin, forms.Form):
    result = forms.CharField(label=_("자문 결과"), widget=forms.Textarea(attrs={"rows": 6}))


class RejectForm(KrdsFormMixin, forms.Form):
    reason = forms.CharField(label=_("반려 사유"), max_length=500)


class ExpertForm(KrdsFormMixin, forms.Form):
    name = forms.CharField(label=_("이름"), max_length=60)
    affiliation = forms.CharField(label=_("소속"), max_length=120, required=False)
    fields_ = forms.MultipleChoiceField(
        label=_("전문 분야"), choices=TOPIC_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    email = forms.EmailField(label=_("이메일"), required=False)
    phone = forms.CharField(label=_("전화번호"), max_length=20, required=False)


class ApplyForm(KrdsFormMixin, forms.Form):
    note = forms.CharField(label=_("신청 내용"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class DecideForm(KrdsFormMixin, forms.Form):
    reason = forms.CharField(label=_("사유"), max_length=300, required=False)


class UsageForm(KrdsFormMixin, forms.Form):
    count = forms.IntegerField(label=_("이용 횟수"), min_value=1, max_value=1000, initial=1)
    complete = forms.BooleanField(label=_("이용 완료로 처리"), required=False)
