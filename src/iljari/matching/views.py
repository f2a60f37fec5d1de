"""'지금 매칭 실행' (a manager starts the batch matching as a background job) and the seeker's
추천 일자리 page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from iljari.audit.actions import log_access
from iljari.jobs.actions import active_job, do_start_job
from iljari.seekers.views import seeker_required
from iljari.vacancies.models import Application

from .jobkinds import KIND_BATCH, TARGET, can_run_matching
from .models import MatchRun
from .seeker_recommendations import recommendations_for

RECOMMENDATION_COUNT = 20


@login_required
def run_now(request):
    if not can_run_matching(request.user):
        raise PermissionDenied(_("매칭을 실행할 권한이 없습니다."))
    if request.method == "POST":
        job, created = do_start_job(
            kind=KIND_BATCH,
            target=TARGET,
            owner=request.user,
            target_label=_("전체 구직자·공고"),
            notify_email=request.POST.get("notify_email") == "1",
        )
        if not created:
            messages.info(request, _("매칭이 이미 실행 중입니다. 진행 중인 작업을 보여 드립니다."))
        return redirect("jobs:detail", pk=job.pk)
    context = {"last": MatchRun.objects.order_by("-pk").first(), "running": active_job(KIND_BATCH, TARGET)}
    return render(request, "matching/run.html", context)


# --- 추천 일자리: the seeker's own recommendations page (/me/recommendations/) ------------------


def _my_constraints(seeker) -> list[tuple[str, str]]:
    """The seeker's own conditions the recommendations respect, as (label, value) for the page."""
    rows = [
        (_("희망 근무형태"), seeker.shift_preferences_display or _("상관없음")),
        (_("기숙사"), _("필요") if seeker.needs_dormitory else _("필요 없음")),
        (_("출퇴근"), _("%(m)d분 이내") % {"m": seeker.max_commute_minutes}),
        (_("희망 지역"), seeker.desired_regions_display or _("상관없음")),
    ]
    if seeker.desired_monthly_wage:
        rows.append((_("희망 월급"), _("%(w)s원 이상") % {"w": f"{seeker.desired_monthly_wage:,}"}))
    if seeker.visa_type:
        rows.append((_("체류자격"), seeker.get_visa_type_display()))
    licences = [str(q.qualification) for q in seeker.qualifications_held.select_related("qualification")]
    rows.append((_("보유 자격"), ", ".join(licences) or _("없음")))
    return rows


@require_http_methods(["GET"])
@seeker_required
def seeker_recommendations(request):
    seeker = request.seeker
    items, from_engine = recommendations_for(seeker, RECOMMENDATION_COUNT)
    applied = set(
        Application.objects.filter(seeker=seeker, vacancy_id__in=[r.vacancy.pk for r in items]).values_list(
            "vacancy_id", flat=True
        )
    )
    log_access(
        actor=request.user,
        action="view",
        subject=seeker,
        fields="profile,preferences",
        purpose=gettext_noop("맞춤 일자리 추천"),
        request=request,
    )
    has_profile = seeker.experiences.exists() or seeker.desired_occupations.exists()
    return render(
        request,
        "matching/seeker_recommendations.html",
        {
            "constraints": _my_constraints(seeker),
            "seeker": seeker,
            "items": items,
            "applied": applied,
            "from_engine": from_engine,
            "has_profile": has_profile,
        },
    )
