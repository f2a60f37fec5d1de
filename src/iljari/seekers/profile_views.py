"""The seeker's profile and résumé (/me/profile/): basic details, experience (with the occupation
the person picks when the title normaliser is unsure), qualifications and wishes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST

from iljari.audit.actions import log_access
from iljari.core.ui import add_action_errors

from . import actions
from .forms import BasicProfileForm, ExperienceForm, PreferencesForm, QualificationForm
from .models import Experience
from .views import seeker_required


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
        purpose=gettext_noop("본인 정보 조회"),
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
            add_action_errors(form, exc)
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
            add_action_errors(form, exc)
        else:
            if experience.occupation is not None:
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
    return _remove_and_return(
        request,
        lambda: actions.do_remove_experience(seeker=request.seeker, actor=request.user, experience_id=pk),
        _("경력을 삭제했습니다."),
    )


def _remove_and_return(request, remove, done: str):
    """Run a résumé removal; say how it went on the profile page it returns to."""
    try:
        remove()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
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
            add_action_errors(form, exc)
        else:
            messages.success(request, _("자격을 추가했습니다."))
            return redirect("seekers:profile")
    return _render_profile(request, status=400, qualification_form=form)


@require_POST
@seeker_required
def qualification_delete(request, pk: int):
    return _remove_and_return(
        request,
        lambda: actions.do_remove_qualification(seeker=request.seeker, actor=request.user, held_id=pk),
        _("자격을 삭제했습니다."),
    )


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
            add_action_errors(form, exc)
        else:
            messages.success(request, _("희망 조건을 저장했습니다. 추천 일자리에 바로 반영됩니다."))
            return redirect("seekers:profile")
    return _render_profile(request, status=400, preferences_form=form)
