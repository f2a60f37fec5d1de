"""The seeker portal: sign-up, profile and résumé, 추천 일자리, applications, notifications, deletion."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from iljari.accounts.actions import current_consent_texts
from iljari.accounts.permissions import has_capability
from iljari.audit.actions import log_access
from iljari.core import ratelimit
from iljari.core.client_ip import client_ip
from iljari.core.confirm import confirmation
from iljari.core.models import TransitionLog
from iljari.referrals.models import Referral, ReferralStatus
from iljari.vacancies.actions import APPLICATION_FLOW
from iljari.vacancies.models import Application, ApplicationStatus

from . import actions
from .forms import (
    BasicProfileForm,
    DeleteAccountForm,
    ExperienceForm,
    NotificationForm,
    PreferencesForm,
    QualificationForm,
    SignupForm,
)
from .models import Experience, Seeker


def seeker_required(view):
    """Signed-in seekers only; everyone else is sent to log in (or refused)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        seeker = (
            Seeker.objects.filter(user=request.user, anonymised_at__isnull=True)
            .select_related("user", "home_region")
            .first()
        )
        if seeker is None or not has_capability(request.user, "view_own_profile"):
            raise PermissionDenied(_("구직자 회원만 이용할 수 있습니다."))
        request.seeker = seeker
        return view(request, *args, **kwargs)

    return wrapper


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _client_ip(request):
    return client_ip(request)


# --- sign-up -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("seekers:profile" if hasattr(request.user, "seeker") else "site:home")
    texts = sorted(current_consent_texts(), key=lambda t: (not t.required, t.purpose != "terms", t.purpose))
    form = SignupForm(request.POST or None, consent_texts=texts)
    if request.method == "POST" and form.is_valid() and not ratelimit.hit(request, "signup"):
        form.add_error(None, ratelimit.message())
        return render(request, "seekers/signup.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            seeker = actions.do_signup_seeker(
                username=data["username"],
                password=data["password"],
                full_name=data["full_name"],
                birth_year=data["birth_year"],
                region_code=form.region_code(),
                consents=form.consents(),
                phone=data.get("phone") or "",
                email=data.get("email") or "",
                gender=data.get("gender") or "",
                education=data["education"],
                ip_address=_client_ip(request),
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "home_region" in exc.error_dict:
                form.add_error("sigungu", exc.error_dict.pop("home_region")[0].messages[0])
            if hasattr(exc, "error_dict") and "consents" in exc.error_dict:
                form.add_error(None, exc.error_dict.pop("consents")[0].messages[0])
            if not hasattr(exc, "error_dict") or exc.error_dict:
                _apply_errors(form, exc)
        else:
            login(request, seeker.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("가입을 환영합니다. 경력과 자격을 등록하면 맞는 일자리를 추천해 드립니다.")
            )
            return redirect("seekers:profile")
    status = 400 if request.method == "POST" else 200
    return render(request, "seekers/signup.html", {"form": form}, status=status)


# --- profile and résumé --------------------------------------------------------------------


def _profile_context(request, **forms):
    seeker = request.seeker
    user = seeker.user
    region = seeker.home_region
    experiences = list(seeker.experiences.select_related("occupation"))
    for e in experiences:  # not sure of the occupation: the three candidates, for the person to pick
        e.choices = [] if e.occupation_id else actions.experience_occupation_choices(e)  # type: ignore[attr-defined]
    context = {
        "seeker": seeker,
        "experiences": experiences,
        "qualifications": list(seeker.qualifications_held.select_related("qualification")),
        "desired_occupations": list(seeker.desired_occupations.all()),
        "desired_regions": list(seeker.desired_regions.all()),
        "qualification_options": format_html_join(
            "",
            '<option value="{}">',
            ((name,) for name in actions.qualification_choices().values_list("name", flat=True)),
        ),
        "basic_form": forms.get("basic_form")
        or BasicProfileForm(
            initial={
                "full_name": user.full_name,
                "birth_year": seeker.birth_year,
                "phone": user.phone,
                "email": user.email,
                "education": seeker.education,
                "visa_type": seeker.visa_type,
                "needs_dormitory": seeker.needs_dormitory,
                "summary": seeker.summary,
            },
            region_code=region.code,
        ),
        "experience_form": forms.get("experience_form") or ExperienceForm(),
        "qualification_form": forms.get("qualification_form") or QualificationForm(),
        "preferences_form": forms.get("preferences_form")
        or PreferencesForm(
            initial={
                "desired_occupations": [o.pk for o in seeker.desired_occupations.all()],
                "desired_regions": [r.pk for r in seeker.desired_regions.all()],
                "desired_monthly_wage": seeker.desired_monthly_wage,
                "shift_preferences": seeker.shift_preferences,
                "employment_type": seeker.employment_type,
                "max_commute_minutes": seeker.max_commute_minutes,
            }
        ),
    }
    return context


def _render_profile(request, status=200, **forms):
    log_access(
        actor=request.user,
        action="view",
        subject=request.seeker,
        fields="profile,experience,qualifications,preferences",
        purpose=_("본인 정보 조회"),
        request=request,
    )
    return render(request, "seekers/profile.html", _profile_context(request, **forms), status=status)


@require_http_methods(["GET"])
@seeker_required
def profile(request):
    return _render_profile(request)


@require_POST
@seeker_required
def profile_basic(request):
    form = BasicProfileForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_update_profile(
                seeker=request.seeker,
                actor=request.user,
                full_name=d["full_name"],
                phone=d.get("phone") or "",
                email=d.get("email") or "",
                region_code=form.region_code(),
                birth_year=d["birth_year"],
                education=d["education"],
                visa_type=d.get("visa_type") or "",
                needs_dormitory=d["needs_dormitory"],
                summary=d.get("summary") or "",
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("기본 정보를 저장했습니다."))
            return redirect("seekers:profile")
    return _render_profile(request, status=400, basic_form=form)


@require_POST
@seeker_required
def experience_add(request):
    form = ExperienceForm(request.POST)
    if form.is_valid():
        try:
            experience = actions.do_add_experience(
                seeker=request.seeker, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            if experience.occupation_id:
                messages.success(
                    request,
                    _("경력을 추가했습니다. 직업 분류: %(o)s") % {"o": experience.occupation.name},
                )
            else:
                messages.success(
                    request,
                    _(
                        "경력을 추가했습니다. 직업 분류를 확실히 알 수 없어요. 아래에서 맞는 것을 골라 주세요."
                    ),
                )
            return redirect("seekers:profile")
    return _render_profile(request, status=400, experience_form=form)


@require_POST
@seeker_required
def experience_occupation(request, pk: int):
    """The person's pick among the normaliser's three candidates (or 모르겠음)."""
    get_object_or_404(Experience, seeker=request.seeker, pk=pk)  # another person's: not found
    try:
        experience = actions.do_pick_experience_occupation(
            seeker=request.seeker, actor=request.user, experience_id=pk, code=request.POST.get("code", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _render_profile(request, status=400)
    if experience.occupation is not None:
        messages.success(request, _("직업 분류를 저장했습니다: %(o)s") % {"o": experience.occupation.name})
    else:
        messages.success(request, _("직업 분류는 상담사가 확인해 드립니다."))
    return redirect("seekers:profile")


@require_POST
@seeker_required
def experience_delete(request, pk: int):
    try:
        actions.do_remove_experience(seeker=request.seeker, actor=request.user, experience_id=pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("경력을 삭제했습니다."))
    return redirect("seekers:profile")


@require_POST
@seeker_required
def qualification_add(request):
    form = QualificationForm(request.POST)
    if form.is_valid():
        try:
            actions.do_add_qualification(
                seeker=request.seeker,
                actor=request.user,
                name=form.cleaned_data["name"],
                acquired_on=form.cleaned_data.get("acquired_on"),
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "qualification" in exc.error_dict:
                exc.error_dict["name"] = exc.error_dict.pop("qualification")
            _apply_errors(form, exc)
        else:
            messages.success(request, _("자격을 추가했습니다."))
            return redirect("seekers:profile")
    return _render_profile(request, status=400, qualification_form=form)


@require_POST
@seeker_required
def qualification_delete(request, pk: int):
    try:
        actions.do_remove_qualification(seeker=request.seeker, actor=request.user, held_id=pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("자격을 삭제했습니다."))
    return redirect("seekers:profile")


@require_POST
@seeker_required
def preferences(request):
    form = PreferencesForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_update_preferences(
                seeker=request.seeker,
                actor=request.user,
                desired_occupations=list(d["desired_occupations"]),
                desired_regions=list(d["desired_regions"]),
                desired_monthly_wage=d.get("desired_monthly_wage"),
                shift_preferences=list(d["shift_preferences"]),
                employment_type=d["employment_type"],
                max_commute_minutes=d["max_commute_minutes"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("희망 조건을 저장했습니다. 추천 일자리에 바로 반영됩니다."))
            return redirect("seekers:profile")
    return _render_profile(request, status=400, preferences_form=form)


# --- applications and referral proposals ---------------------------------------------------


def _timelines(objects) -> dict[int, list]:
    """Transition logs of many objects of one model in one query."""
    if not objects:
        return {}
    content_type = ContentType.objects.get_for_model(type(objects[0]))
    out: dict[int, list] = {o.pk: [] for o in objects}
    for row in TransitionLog.objects.filter(content_type=content_type, object_id__in=list(out)).order_by(
        "at", "id"
    ):
        out[row.object_id].append(row)
    return out


@require_http_methods(["GET"])
@seeker_required
def applications(request):
    seeker = request.seeker
    rows = list(
        Application.objects.filter(seeker=seeker)
        .select_related("vacancy__employer", "vacancy__work_region")
        .order_by("-created_at", "-id")
    )
    timelines = _timelines(rows)
    labels = dict(ApplicationStatus.choices)
    # a move to 면접 is a status change, not an appointment: no time is shown for it (nor for
    # any status change); the employer or the center gives the interview's time
    labels[ApplicationStatus.INTERVIEW] = _("면접 대상자로 선정")
    for application in rows:
        application.timeline = [
            {"label": labels.get(t.to_state, t.to_state), "at": t.at, "reason": t.reason}
            for t in timelines[application.pk]
        ]
        application.can_withdraw = APPLICATION_FLOW.can_move(application, ApplicationStatus.WITHDRAWN)
    proposals = list(
        Referral.objects.filter(seeker=seeker, status=ReferralStatus.PROPOSED).select_related(
            "vacancy__employer", "vacancy__work_region", "counselor"
        )
    )
    log_access(
        actor=request.user,
        action="view",
        subject=seeker,
        fields="applications,referrals",
        purpose=_("본인 지원 현황 조회"),
        request=request,
    )
    return render(
        request,
        "seekers/applications.html",
        {"seeker": seeker, "applications": rows, "proposals": proposals},
    )


@require_POST
@seeker_required
def application_withdraw(request, pk: int):
    application = get_object_or_404(
        Application.objects.select_related("vacancy__employer"), pk=pk, seeker=request.seeker
    )
    step = confirmation(
        request,
        title=_("지원 취소"),
        question=_("'%(title)s' (%(company)s) 지원을 취소할까요?")
        % {"title": application.vacancy.title, "company": application.vacancy.employer.name},
        consequences=[
            _("현재 단계: %(status)s. 취소하면 기업이 이 지원을 더 이상 검토하지 않습니다.")
            % {"status": application.get_status_display()},
            _("같은 공고에는 다시 지원할 수 없습니다. 망설여지면 상담사와 먼저 이야기해 보세요."),
        ],
        confirm_label=_("지원 취소"),
        back_url=reverse("seekers:applications"),
        back_label=_("취소하지 않고 돌아가기"),
    )
    if step is not None:
        return step
    try:
        actions.do_withdraw_application(seeker=request.seeker, application=application, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("지원을 취소했습니다."))
    return redirect("seekers:applications")


# --- notifications and account deletion ----------------------------------------------------


@require_http_methods(["GET", "POST"])
@seeker_required
def notifications(request):
    form = NotificationForm(request.POST or None, initial=actions.notification_preference(request.seeker))
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_notifications(seeker=request.seeker, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("알림 설정을 저장했습니다."))
            return redirect("seekers:notifications")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "seekers/notifications.html", {"form": form, "seeker": request.seeker}, status=status
    )


@require_http_methods(["GET", "POST"])
@seeker_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        try:
            actions.do_delete_seeker_account(user=user, actor=user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            logout(request)
            messages.success(request, _("탈퇴 처리되었습니다. 그동안 이용해 주셔서 감사합니다."))
            return redirect("site:home")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "seekers/delete_account.html", {"form": form, "seeker": request.seeker}, status=status
    )
