from django import forms
from django.utils.translation import gettext_lazy as _

from iljari.accounts.models import Role, User
from iljari.core.ui import DateInput, KrdsFormMixin, form_field

from .models import NoteKind


class CaseOpenForm(KrdsFormMixin, forms.Form):
    goal = forms.CharField(label=_("상담 목표"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("사례 요약"),
        required=False,
        widget=forms.Textarea,
        help_text=_("구직자 본인도 볼 수 있는 내용만 적어 주세요."),
    )


class CaseEditForm(CaseOpenForm):
    next_contact_on = forms.DateField(label=_("다음 연락 예정일"), required=False, widget=DateInput)


class MoveForm(KrdsFormMixin, forms.Form):
    to_stage = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("사유"), max_length=500, required=False)


class NoteForm(KrdsFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("상담 방식"), choices=NoteKind.choices)
    session_on = forms.DateField(label=_("상담일"), widget=DateInput, required=False)
    body = forms.CharField(label=_("상담 내용"), widget=forms.Textarea)
    internal = forms.BooleanField(label=_("내부 메모 (구직자에게 보이지 않음)"), required=False, initial=True)


class ActionItemForm(KrdsFormMixin, forms.Form):
    title = forms.CharField(label=_("할 일"), max_length=200)
    due_on = forms.DateField(label=_("기한"), widget=DateInput)
    owner = forms.ChoiceField(
        label=_("수행 주체"), choices=[("seeker", _("구직자")), ("counselor", _("상담사"))]
    )


class AttachmentForm(KrdsFormMixin, forms.Form):
    file = forms.FileField(label=_("파일"), help_text=_("PDF, JPG, PNG, HWP, DOCX, XLSX · 최대 10MB"))
    description = forms.CharField(label=_("설명"), max_length=200, required=False)


class CounselorChoiceField(forms.ModelChoiceField):
    """Counselors named with their team, so two of the same name can be told apart."""

    def label_from_instance(self, obj: User) -> str:
        return f"{obj.display_name} ({obj.team or '-'})"


class TransferForm(KrdsFormMixin, forms.Form):
    to_counselor = CounselorChoiceField(label=_("새 담당 상담사"), queryset=None)
    reason = forms.CharField(label=_("변경 사유"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        form_field(self, "to_counselor", CounselorChoiceField).queryset = (
            User.objects.filter(role=Role.COUNSELOR, is_active=True)
            .select_related("team")
            .order_by("team__name", "full_name")
        )
