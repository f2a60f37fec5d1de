"""The employer portal (기업 서비스): registering the company, its profile, members and invitations.

The company's vacancies and their applicants are in ``vacancy_views``; the portal's home and its
referral pages are referrals' (``referrals.employer_views``), 추천 인재 matching's.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iljari.accounts.permissions import is_employer_user
from iljari.core import ratelimit
from iljari.core.confirm import confirmation

from . import actions
from .access import employer_for
from .forms import (
    CompanyEditForm,
    CompanyForm,
    InvitationSignupForm,
    InviteForm,
    SignupCompanyForm,
    posted,
)
from .models import EmployerMember, Invitation, MemberRole

# --- company ----------------------------------------------------------------------------


def register(request):
    """An HR contact registers the company (and, when new here, their account) in one form."""
    user = request.user
    if user.is_authenticated and not is_employer_user(user):
        raise PermissionDenied(_("기업 담당자 계정으로만 기업을 등록할 수 있습니다."))
    form_class = CompanyForm if user.is_authenticated else SignupCompanyForm
    form = form_class(posted(request))
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
    form = CompanyEditForm(posted(request), initial=initial)
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
    form = InviteForm(posted(request))
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
    form = None if user.is_authenticated else InvitationSignupForm(posted(request))
    if request.method == "POST":
        try:
            if user.is_authenticated:
                actions.do_accept_invitation(token=token, user=user)
            elif form is not None and form.is_valid():
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
