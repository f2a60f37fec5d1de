"""The employer portal (기업 서비스): company, members, vacancies, applicants, candidates, referrals."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iljari.accounts.permissions import is_employer_user, is_member_of
from iljari.audit.actions import log_access_many
from iljari.core import ratelimit
from iljari.core.client_ip import client_ip
from iljari.core.confirm import confirmation
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
    CompanyEditForm,
    CompanyForm,
    InvitationSignupForm,
    InviteForm,
    MoveApplicationForm,
    ReferralRequestForm,
    SignupCompanyForm,
    VacancyForm,
    vacancy_initial,
)
from .models import EmployerMember, Invitation, MemberRole, ReferralRequest

PIPELINE = [
    ApplicationStatus.RECEIVED,
    ApplicationStatus.SCREENING,
    ApplicationStatus.INTERVIEW,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.REJECTED,
]


def _posted(request):
    """The POST data of a POST (even an empty one, so it is validated), else None."""
    return request.POST if request.method == "POST" else None


def _client_ip(request):
    return client_ip(request)


# --- company ----------------------------------------------------------------------------


def register(request):
    """An HR contact registers the company (and, when new here, their account) in one form."""
    user = request.user
    if user.is_authenticated and not is_employer_user(user):
        raise PermissionDenied(_("기업 담당자 계정으로만 기업을 등록할 수 있습니다."))
    form_class = CompanyForm if user.is_authenticated else SignupCompanyForm
    form = form_class(_posted(request))
    if (
        request.method == "POST"
        and not user.is_authenticated
        and form.is_valid()
        and not ratelimit.hit(request, "signup")
    ):
        form.add_error(None, ratelimit.message())
        return render(request, "employers/register.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        company = {
            key: data[key]
            for key in (
                "name", "representative", "root_sector", "address", "employees", "phone",
                "description", "commuter_bus", "dormitory", "canteen",
            )
        }  # fmt: skip
        try:
            if user.is_authenticated:
                employer = actions.do_register_employer(
                    user=user,
                    region_code=data["region_code"],
                    business_number=data["business_number"],
                    **company,
                )
            else:
                user, employer = actions.do_signup_employer(
                    username=data["username"],
                    password=data["password"],
                    full_name=data["full_name"],
                    email=data["email"],
                    contact_phone=data["contact_phone"],
                    region_code=data["region_code"],
                    business_number=data["business_number"],
                    **company,
                )
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        except ValidationError as exc:
            form.add_action_errors(exc)
        else:
            messages.success(
                request,
                _("%(name)s 기업 등록을 신청했습니다. 일자리센터 승인 후 공고가 게시됩니다.")
                % {"name": employer.name},
            )
            return redirect("referrals:employer_dashboard")
    return render(request, "employers/register.html", {"form": form})


@login_required
def company_edit(request, pk):
    employer = employer_for(request.user, pk)
    initial = {
        name: getattr(employer, name) for name in CompanyEditForm.base_fields if hasattr(employer, name)
    }
    form = CompanyEditForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_employer(employer=employer, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_action_errors(exc)
        else:
            messages.success(request, _("기업 정보를 저장했습니다."))
            return redirect("referrals:employer_dashboard")
    return render(request, "employers/company_edit.html", {"form": form, "employer": employer})


@login_required
def members(request, pk):
    employer = employer_for(request.user, pk)
    is_owner = (
        request.user.is_superuser
        or EmployerMember.objects.filter(employer=employer, user=request.user, role=MemberRole.OWNER).exists()
    )
    form = InviteForm(_posted(request))
    new_link = None
    if request.method == "POST" and form.is_valid():
        try:
            invitation = actions.do_invite_member(employer=employer, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_action_errors(exc)
        else:
            new_link = request.build_absolute_uri(reverse("employers:invitation", args=[invitation.token]))
            messages.success(request, _("초대 링크를 만들었습니다. 동료에게 전달해 주세요."))
            form = InviteForm()
    context = {
        "employer": employer,
        "members": employer.members.select_related("user").order_by("role", "joined_at"),
        "invitations": employer.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True),
        "form": form,
        "is_owner": is_owner,
        "new_link": new_link,
    }
    return render(request, "employers/members.html", context)


@login_required
@require_POST
def member_remove(request, pk, member_pk):
    employer = employer_for(request.user, pk)
    member = get_object_or_404(EmployerMember.objects.select_related("user"), pk=member_pk, employer=employer)
    step = confirmation(
        request,
        title=_("담당자 삭제"),
        question=_("%(name)s 님을 %(company)s 담당자에서 삭제할까요?")
        % {"name": member.user.display_name, "company": employer.name},
        consequences=[_("삭제하면 이 사람은 우리 기업의 공고와 지원자를 더 이상 볼 수 없습니다.")],
        confirm_label=_("삭제"),
        back_url=reverse("employers:members", args=[employer.pk]),
        back_label=_("삭제하지 않고 돌아가기"),
    )
    if step is not None:
        return step
    try:
        actions.do_remove_member(member=member, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("담당자를 삭제했습니다."))
    return redirect("employers:members", pk=employer.pk)


@login_required
@require_POST
def invitation_revoke(request, pk, invitation_pk):
    employer = employer_for(request.user, pk)
    invitation = get_object_or_404(Invitation, pk=invitation_pk, employer=employer)
    try:
        actions.do_revoke_invitation(invitation=invitation, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("초대를 취소했습니다."))
    return redirect("employers:members", pk=employer.pk)


def invitation(request, token):
    """A colleague opens the invitation link: sign up (new) or accept (signed-in employer account)."""
    try:
        invite = actions.usable_invitation(token)
    except ValidationError as exc:
        return render(request, "employers/invitation.html", {"error": exc.messages[0]}, status=410)
    user = request.user
    form = None if user.is_authenticated else InvitationSignupForm(_posted(request))
    if request.method == "POST":
        try:
            if user.is_authenticated:
                actions.do_accept_invitation(token=token, user=user)
            elif form.is_valid():
                data = form.cleaned_data
                member = actions.do_signup_by_invitation(
                    token=token,
                    username=data["username"],
                    password=data["password"],
                    full_name=data["full_name"],
                    phone=data["contact_phone"],
                )
                login(request, member.user, backend="django.contrib.auth.backends.ModelBackend")
            else:
                raise ValidationError({})
        except ValidationError as exc:
            if form is not None:
                form.add_action_errors(exc)
            else:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(name)s의 담당자가 되었습니다.") % {"name": invite.employer.name})
            return redirect("referrals:employer_dashboard")
    return render(request, "employers/invitation.html", {"invitation": invite, "form": form})


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
    form = VacancyForm(_posted(request), initial=initial)
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
    form = VacancyForm(_posted(request), initial=vacancy_initial(vacancy))
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
    form = VacancyForm(_posted(request))
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
    counts = {s: 0 for s in PIPELINE}
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
    form = CloseVacancyForm(_posted(request))
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
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
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
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect("employers:vacancy", pk=vacancy.pk)
