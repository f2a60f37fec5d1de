"""The employer portal's vacancies: the form with its live preview, a vacancy's page with the
applicants' pipeline, submitting and closing, moving an applicant, asking the center for referrals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iljari.accounts.permissions import is_member_of
from iljari.audit.actions import log_access_many
from iljari.taxonomy.choices import Education, EmploymentType, Shift
from iljari.vacancies import actions as vacancy_actions
from iljari.vacancies.models import Application, ApplicationStatus, VacancyStatus, WageType

from . import actions
from .access import (
    employer_for,
    employer_user,
    memberships,
    own_application,
    own_vacancy,
    require_posting_member,
)
from .candidates import candidate_card, disclosure_for
from .display import history_rows
from .forms import (
    REFUSAL_REASONS,
    CloseVacancyForm,
    MoveApplicationForm,
    ReferralRequestForm,
    VacancyForm,
    posted,
    vacancy_initial,
)
from .models import ReferralRequest

PIPELINE = [
    ApplicationStatus.RECEIVED,
    ApplicationStatus.SCREENING,
    ApplicationStatus.INTERVIEW,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.REJECTED,
]


# --- vacancies ----------------------------------------------------------------------------


@login_required
def vacancy_create(request):
    user = employer_user(request)
    companies = list(memberships(user))
    if not companies:
        messages.info(request, _("먼저 기업을 등록해 주세요."))
        return redirect("employers:register")
    employer = companies[0]
    if request.GET.get("employer") or request.POST.get("employer"):
        employer = employer_for(user, request.POST.get("employer") or request.GET.get("employer"))
    require_posting_member(user, employer)
    initial = {
        "commuter_bus": employer.commuter_bus,
        "dormitory": employer.dormitory,
        "meals": employer.canteen,
    }
    form = VacancyForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            vacancy = vacancy_actions.do_create_vacancy(
                employer=employer,
                actor=user,
                required_qualifications=data["required_qualifications"],
                preferred_qualifications=data["preferred_qualifications"],
                submit="submit" in request.POST,
                **form.action_fields(),
            )
        except ValidationError as exc:
            form.add_action_errors(exc)
        else:
            if vacancy.status == VacancyStatus.PENDING:
                messages.success(
                    request, _("공고를 등록하고 승인을 요청했습니다. 일자리센터 승인 후 게시됩니다.")
                )
            else:
                messages.success(request, _("공고를 임시 저장했습니다."))
            return redirect("employers:vacancy", pk=vacancy.pk)
    return render(
        request,
        "employers/vacancy_form.html",
        {"form": form, "employer": employer, "companies": companies, "vacancy": None},
    )


@login_required
def vacancy_edit(request, pk):
    vacancy = own_vacancy(request.user, pk)
    require_posting_member(request.user, vacancy.employer)
    if vacancy.status == VacancyStatus.CLOSED:
        messages.error(request, _("마감된 공고는 수정할 수 없습니다."))
        return redirect("employers:vacancy", pk=vacancy.pk)
    form = VacancyForm(posted(request), initial=vacancy_initial(vacancy))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_edit_vacancy(
                vacancy=vacancy,
                actor=request.user,
                required_qualifications=data["required_qualifications"],
                preferred_qualifications=data["preferred_qualifications"],
                submit="submit" in request.POST,
                **form.action_fields(),
            )
        except ValidationError as exc:
            vacancy.refresh_from_db()
            form.add_action_errors(exc)
        else:
            messages.success(request, _("공고를 저장했습니다."))
            if vacancy.status == VacancyStatus.PUBLISHED and vacancy_actions.pending_revision(vacancy):
                messages.info(
                    request,
                    _(
                        "제목·업무·임금·근무시간·근무지 변경은 일자리센터 승인 후 게시됩니다. 그때까지는 기존 내용이 보입니다."
                    ),
                )
            return redirect("employers:vacancy", pk=vacancy.pk)
    return render(
        request,
        "employers/vacancy_form.html",
        {"form": form, "employer": vacancy.employer, "vacancy": vacancy},
    )


class _PreviewVacancy:
    """Form data dressed as a vacancy for the preview template."""

    def __init__(self, data, employer):
        self.__dict__.update(data)
        self.employer = employer
        self.work_region = employer.region
        self.required = data.get("required_qualifications") or []
        self.preferred = data.get("preferred_qualifications") or []

    def _label(self, choices, value):
        return dict(choices).get(value, "")

    def get_wage_type_display(self):
        return self._label(WageType.choices, getattr(self, "wage_type", ""))

    def get_shift_display(self):
        return self._label(Shift.choices, getattr(self, "shift", ""))

    def get_employment_type_display(self):
        return self._label(EmploymentType.choices, getattr(self, "employment_type", ""))

    def get_education_min_display(self):
        return self._label(Education.choices, getattr(self, "education_min", ""))


@login_required
def vacancy_live_preview(request):
    """htmx: the posting as seekers will see it, rendered from the form while it is being typed."""
    user = employer_user(request)
    companies = list(memberships(user))
    if not companies:
        raise Http404
    employer = companies[0]
    if request.POST.get("employer"):
        employer = employer_for(user, request.POST["employer"])
    form = VacancyForm(posted(request))
    form.is_valid()  # an unbound form (a plain GET) previews an empty posting
    cleaned = getattr(form, "cleaned_data", {})
    data = {name: cleaned[name] for name in form.fields if name in cleaned}
    for name in ("title", "duties", "work_hours"):
        data.setdefault(name, request.POST.get(name, ""))
    preview = _PreviewVacancy(data, employer)
    return render(
        request, "employers/_vacancy_preview.html", {"v": preview, "live": True, "errors": form.errors}
    )


@login_required
def vacancy_preview(request, pk):
    vacancy = own_vacancy(request.user, pk)
    preview = _PreviewVacancy(
        {
            **{name: getattr(vacancy, name) for name in VacancyForm.MODEL_FIELDS},
            "required_qualifications": list(vacancy.required_qualifications.all()),
            "preferred_qualifications": list(vacancy.preferred_qualifications.all()),
        },
        vacancy.employer,
    )
    preview.work_region = vacancy.work_region
    return render(request, "employers/vacancy_preview.html", {"v": preview, "vacancy": vacancy})


def _pipeline(vacancy, status_filter):
    applications = list(
        Application.objects.filter(vacancy=vacancy)
        .select_related("seeker__user", "seeker__home_region")
        .prefetch_related("seeker__experiences", "seeker__qualifications_held__qualification")
        .order_by("created_at")
    )
    counts: dict[str, int] = {s: 0 for s in PIPELINE}
    for application in applications:
        counts[application.status] = counts.get(application.status, 0) + 1
    shown = [a for a in applications if a.status == status_filter] if status_filter else applications
    return applications, shown, counts


@login_required
def vacancy_detail(request, pk):
    vacancy = own_vacancy(request.user, pk)
    status_filter = request.GET.get("status", "")
    if status_filter and status_filter not in ApplicationStatus.values:
        status_filter = ""
    applications, shown, counts = _pipeline(vacancy, status_filter)
    seekers = [a.seeker for a in shown]
    disclosure = disclosure_for(vacancy.employer, seekers)
    rows = []
    for application in shown:
        allowed = vacancy_actions.APPLICATION_FLOW.allowed(application.status) - {ApplicationStatus.WITHDRAWN}
        choices = [(s.value, s.label) for s in ApplicationStatus if s in allowed]
        rows.append(
            {
                "application": application,
                "card": candidate_card(application.seeker, disclosure),
                "choices": choices,
            }
        )
    if rows:
        log_access_many(
            actor=request.user,
            action="view",
            subjects=[r["application"].seeker for r in rows],
            fields="이름, 연락처, 경력, 자격",
            purpose=f"지원자 관리 (공고 {vacancy.pk})",
            request=request,
        )
    referral_requests = ReferralRequest.objects.filter(vacancy=vacancy).order_by("-created_at")[:5]
    tabs = [{"value": "", "label": _("전체"), "count": len(applications)}] + [
        {"value": s.value, "label": s.label, "count": counts.get(s, 0)} for s in PIPELINE
    ]
    context = {
        "vacancy": vacancy,
        "rows": rows,
        "tabs": tabs,
        "status_filter": status_filter,
        "refusal_reasons": REFUSAL_REASONS,
        "history": history_rows(vacancy),
        "referral_requests": referral_requests,
        "request_form": ReferralRequestForm(),
        "is_member": is_member_of(request.user, vacancy.employer),
    }
    return render(request, "employers/vacancy_detail.html", context)


@login_required
@require_POST
def vacancy_submit(request, pk):
    vacancy = own_vacancy(request.user, pk)
    require_posting_member(request.user, vacancy.employer)
    try:
        vacancy_actions.do_submit_vacancy(vacancy=vacancy, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("승인을 요청했습니다. 일자리센터 승인 후 게시됩니다."))
    return redirect("employers:vacancy", pk=vacancy.pk)


@login_required
def vacancy_close(request, pk):
    vacancy = own_vacancy(request.user, pk)
    require_posting_member(request.user, vacancy.employer)
    form = CloseVacancyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            vacancy_actions.do_close_vacancy(
                vacancy=vacancy, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_action_errors(exc)
        else:
            messages.success(request, _("공고를 마감했습니다."))
            return redirect("employers:vacancy", pk=vacancy.pk)
    return render(request, "employers/vacancy_close.html", {"form": form, "vacancy": vacancy})


@login_required
@require_POST
def application_move(request, pk):
    application = own_application(request.user, pk)
    vacancy = application.vacancy
    if not is_member_of(request.user, vacancy.employer):
        raise PermissionDenied(_("우리 기업의 지원자만 관리할 수 있습니다."))
    allowed = vacancy_actions.APPLICATION_FLOW.allowed(application.status) - {ApplicationStatus.WITHDRAWN}
    form = MoveApplicationForm(
        request.POST, allowed=[(s.value, s.label) for s in ApplicationStatus if s in allowed]
    )
    if form.is_valid():
        try:
            vacancy_actions.do_move_application(
                application=application,
                to_status=form.cleaned_data["to_status"],
                actor=request.user,
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(name)s 님을 '%(status)s' 단계로 옮겼습니다.")
                % {"name": application.seeker.initials, "status": application.get_status_display()},
            )
    else:
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
    return redirect(
        reverse("employers:vacancy", args=[vacancy.pk]) + f"?status={request.POST.get('from', '')}"
    )


@login_required
@require_POST
def referral_request(request, pk):
    vacancy = own_vacancy(request.user, pk)
    require_posting_member(request.user, vacancy.employer)
    form = ReferralRequestForm(request.POST)
    if form.is_valid():
        try:
            actions.do_request_referral(vacancy=vacancy, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("일자리센터에 알선을 요청했습니다. 담당 상담사가 연락드립니다."))
    else:
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
    return redirect("employers:vacancy", pk=vacancy.pk)
