"""Surveys: the officials' list, results and closing, and the public questionnaire behind its link."""

import hashlib
import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iljari.core import ratelimit

from ..models import Survey, SurveyResponse, SurveyStatus
from ..permissions import can_manage_programs, require_view
from ..surveys import do_close_survey, do_submit_survey, survey_summary


@login_required
def survey_list(request):
    require_view(request.user)
    surveys = Survey.objects.select_related("organisation", "plan")
    return render(request, "programs/survey_list.html", {"surveys": surveys})


@login_required
def survey_results(request, pk):
    require_view(request.user)
    survey = get_object_or_404(Survey.objects.select_related("organisation", "plan"), pk=pk)
    summary = survey_summary(survey)
    link = request.build_absolute_uri(f"/programs/s/{survey.token}/")
    return render(
        request,
        "programs/survey_results.html",
        {"survey": survey, "summary": summary, "link": link, "can_manage": can_manage_programs(request.user)},
    )


@login_required
@require_POST
def close_survey(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    do_close_survey(actor=request.user, survey=survey)
    messages.success(request, _("조사를 마감했습니다."))
    return redirect("programs:survey", survey.pk)


VISITOR_COOKIE = "iljari_visitor"
VISITOR_SALT = "iljari.programs.survey-visitor"


def _survey_visitor(request) -> tuple[str, str | None]:
    """(one-way key of this visitor, new cookie value to set or None). A signed-in account is
    itself the visitor; otherwise a random value kept in a signed cookie for a year."""
    if request.user.is_authenticated:
        return hashlib.sha256(f"user:{request.user.pk}".encode()).hexdigest(), None
    value = request.get_signed_cookie(VISITOR_COOKIE, default=None, salt=VISITOR_SALT)
    new = None
    if not value:
        value = new = secrets.token_urlsafe(24)
    return hashlib.sha256(f"visitor:{value}".encode()).hexdigest(), new


def survey_answer(request, token):
    """The public questionnaire, reached by its link (no login): one answer per visitor and
    survey (a signed visitor cookie, or the account), and a per-address rate limit."""
    survey = get_object_or_404(Survey, token=token)
    questions = list(survey.questions.all())
    visitor_key, new_cookie = _survey_visitor(request)
    errors: dict = {}
    values: dict = {}
    status = 200
    answered = SurveyResponse.objects.filter(survey=survey, visitor_key=visitor_key).exists()
    if answered:
        errors = {"__all__": [_("이미 이 조사에 응답하셨습니다. 응답은 한 번만 할 수 있습니다.")]}
        status = 409 if request.method == "POST" else 200
    elif request.method == "POST":
        values = {q.code: request.POST.get(q.code, "") for q in questions}
        if not ratelimit.hit(request, "survey"):
            errors, status = {"__all__": [ratelimit.message()]}, 429
        else:
            try:
                do_submit_survey(
                    survey=survey,
                    answers=values,
                    root_sector=request.POST.get("root_sector", "")[:20],
                    visitor_key=visitor_key,
                )
            except ValidationError as exc:
                errors = {
                    k: [m for e in v for m in e.messages] for k, v in getattr(exc, "error_dict", {}).items()
                }
                if not errors:
                    errors = {"__all__": exc.messages}
                status = 400
            else:
                response = render(request, "programs/survey_thanks.html", {"survey": survey})
                return _with_visitor_cookie(response, new_cookie)
    response = render(
        request,
        "programs/survey_answer.html",
        {
            "survey": survey,
            "questions": [(q, values.get(q.code, ""), errors.get(q.code)) for q in questions],
            "errors": errors.get("__all__"),
            "closed": survey.status != SurveyStatus.OPEN,
            "answered": answered,
        },
        status=status,
    )
    return _with_visitor_cookie(response, new_cookie)


def _with_visitor_cookie(response, value: str | None):
    if value:
        response.set_signed_cookie(
            VISITOR_COOKIE,
            value,
            salt=VISITOR_SALT,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response
