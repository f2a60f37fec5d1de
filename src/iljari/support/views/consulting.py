"""Consulting requests: the public form, its e-mail confirmation page, the staff list and detail."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from iljari.accounts.permissions import (
    employer_ids_of,
    has_capability,
    is_employer_user,
)
from iljari.core import ratelimit
from iljari.core.ui import labelled_history, paginate
from iljari.employers.models import Employer

from .. import actions
from ..access import require_support_staff
from ..forms import (
    AnswerForm,
    AssignForm,
    ConsultingForm,
    RejectForm,
    StaffConsultingForm,
)
from ..models import (
    ConsultingChannel,
    ConsultingRequest,
    ConsultingStatus,
)


def consulting_submit(request):
    """The public web form (a company's own request); staff entering an e-mail use the same page."""
    user = request.user
    is_staff = has_capability(user, "manage_support")
    employer = None
    if is_employer_user(user):
        employer = Employer.objects.filter(pk__in=employer_ids_of(user)).first()
    form_class = StaffConsultingForm if is_staff else ConsultingForm
    initial = {}
    if employer is not None:
        initial = {
            "company_name": employer.name,
            "contact_name": user.display_name,
            "contact_email": user.email,
            "contact_phone": user.phone,
        }
    form = form_class(request.POST or None, initial=initial)
    limited = False
    if request.method == "POST" and form.is_valid() and not is_staff:
        limited = not actions.consulting_within_limits(request, form.cleaned_data["contact_email"])
        if limited:
            form.add_error(None, ratelimit.message())
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        channel = data.pop("channel", ConsultingChannel.WEB)
        if employer is None and is_staff:
            employer = Employer.objects.filter(name=data["company_name"]).first()
        try:
            consulting = actions.do_submit_consulting_request(
                employer=employer, channel=channel, actor=user, **data
            )
        except ValidationError as exc:
            form.add_validation_error(exc)
        else:
            if is_staff:
                messages.success(request, _("자문 요청을 접수했습니다."))
                return redirect("support:consulting", consulting.pk)
            return render(
                request,
                "support/consulting_thanks.html",
                {"c": consulting, "confirm_hours": actions.consulting.CONFIRM_HOURS},
            )
    return render(
        request,
        "support/consulting_form.html",
        {"form": form, "is_staff": is_staff},
        status=429 if limited else 400 if form.errors else 200,
    )


def consulting_confirm(request, token):
    """The link of the confirmation e-mail. Opening it shows a button; the request is confirmed by
    pressing it (a POST), so a mail scanner that follows links cannot confirm on its own."""
    error, status = "", 200
    if request.method == "POST":
        if not ratelimit.hit(request, "consulting_confirm"):
            error, status = ratelimit.message(), 429
        else:
            try:
                consulting = actions.do_confirm_consulting_request(token=token)
            except ValidationError as exc:
                error, status = " ".join(exc.messages), 400
            else:
                return render(request, "support/consulting_thanks.html", {"c": consulting})
    return render(request, "support/consulting_confirm.html", {"error": error}, status=status)


@login_required
def consulting_list(request):
    require_support_staff(request.user)
    qs = ConsultingRequest.objects.select_related("expert", "employer")
    status = request.GET.get("status", "open")
    if status == "open":
        qs = qs.filter(
            status__in=[ConsultingStatus.RECEIVED, ConsultingStatus.ASSIGNED, ConsultingStatus.REVIEWING]
        )
    elif status in ConsultingStatus.values:
        qs = qs.filter(status=status)
    else:  # everything routed; requests still waiting for their e-mail confirmation only by name
        qs = qs.exclude(status=ConsultingStatus.UNCONFIRMED)
    if request.GET.get("overdue") == "1":
        qs = qs.filter(
            status__in=[ConsultingStatus.RECEIVED, ConsultingStatus.ASSIGNED, ConsultingStatus.REVIEWING],
            due_on__lt=timezone.localdate(),
        )
    page = paginate(request, qs.order_by("due_on", "id"))
    return render(
        request,
        "support/consulting_list.html",
        {
            "page": page,
            "status": status,
            "statuses": ConsultingStatus.choices,
            "sla": actions.sla_statistics(),
        },
    )


@login_required
def consulting_detail(request, pk):
    require_support_staff(request.user)
    c = get_object_or_404(ConsultingRequest.objects.select_related("expert", "employer"), pk=pk)
    experts = actions.suggest_experts(c)
    forms_ = {"assign": AssignForm(experts=experts), "answer": AnswerForm(), "reject": RejectForm()}
    error = None
    if request.method == "POST":
        step = request.POST.get("step")
        form: forms.Form | None
        try:
            if step == "assign":
                form = forms_["assign"] = AssignForm(request.POST, experts=experts)
                if form.is_valid():
                    actions.do_assign_expert(
                        consulting_request=c, expert=form.cleaned_data["expert"], actor=request.user
                    )
            elif step == "review":
                form = None
                actions.do_start_review(consulting_request=c, actor=request.user)
            elif step == "answer":
                form = forms_["answer"] = AnswerForm(request.POST)
                if form.is_valid():
                    actions.do_answer_consulting(
                        consulting_request=c, result=form.cleaned_data["result"], actor=request.user
                    )
            elif step == "reject":
                form = forms_["reject"] = RejectForm(request.POST)
                if form.is_valid():
                    actions.do_reject_consulting(
                        consulting_request=c, reason=form.cleaned_data["reason"], actor=request.user
                    )
            else:
                raise ValidationError(_("알 수 없는 처리입니다."))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            if form is None or form.is_valid():
                messages.success(request, _("처리했습니다."))
                return redirect("support:consulting", c.pk)
            error = _("입력값을 확인해 주세요.")
    return render(
        request,
        "support/consulting.html",
        {
            "c": c,
            "forms": forms_,
            "error": error,
            "experts": experts,
            "history": labelled_history(c, ConsultingStatus.choices),
            "can_assign": c.status
            in (ConsultingStatus.RECEIVED, ConsultingStatus.ASSIGNED, ConsultingStatus.REVIEWING),
        },
        status=400 if error else 200,
    )
