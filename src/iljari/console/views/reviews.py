"""Approving an employer, and a vacancy (a new one or the pending edit of a published one)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from iljari.employers import actions as employer_actions
from iljari.employers.display import history_rows
from iljari.employers.models import Employer
from iljari.vacancies import actions as vacancy_actions
from iljari.vacancies.models import Vacancy, VacancyStatus

from .. import actions
from ..access import require
from ..forms import DecisionForm, VacancyReviewForm
from .common import posted, safe_next


@require("approve_employer")
def employer_review(request, pk):
    employer = get_object_or_404(Employer.objects.select_related("region", "industry"), pk=pk)
    form = DecisionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            employer_actions.do_decide_employer(
                employer=employer, approve=approve, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_action_errors(exc)
        else:
            messages.success(
                request,
                (_("%(name)s을(를) 승인했습니다.") if approve else _("%(name)s을(를) 반려했습니다."))
                % {"name": employer.name},
            )
            return redirect(safe_next(request, reverse("console:home")))
    members = employer.members.select_related("user")
    return render(
        request,
        "console/employer_review.html",
        {"employer": employer, "form": form, "members": members, "history": history_rows(employer)},
    )


@require("approve_vacancy")
def vacancy_review(request, pk):
    vacancy = get_object_or_404(
        Vacancy.objects.select_related("employer", "work_region", "occupation"), pk=pk
    )
    form = VacancyReviewForm(posted(request))
    revision = (
        vacancy_actions.pending_revision(vacancy) if vacancy.status == VacancyStatus.PUBLISHED else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            if revision is not None:
                approve = form.cleaned_data["decision"] == "publish"
                vacancy_actions.do_decide_vacancy_revision(
                    revision=revision, actor=request.user, approve=approve, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request,
                    _("공고 변경을 승인해 게시했습니다.") if approve else _("공고 변경을 반려했습니다."),
                )
            elif form.cleaned_data["decision"] == "publish":
                vacancy_actions.do_publish_vacancy(vacancy=vacancy, actor=request.user)
                messages.success(request, _("공고를 승인해 게시했습니다."))
            else:
                actions.do_return_vacancy(
                    vacancy=vacancy, actor=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("공고를 보완 요청으로 돌려보냈습니다."))
        except ValidationError as exc:
            vacancy.refresh_from_db()
            form.add_action_errors(exc)
        else:
            return redirect(safe_next(request, reverse("console:home")))
    context = {
        "vacancy": vacancy,
        "revision": revision,
        "revision_rows": _revision_rows(vacancy, revision),
        "form": form,
        "required": list(vacancy.required_qualifications.all()),
        "preferred": list(vacancy.preferred_qualifications.all()),
        "history": history_rows(vacancy),
    }
    return render(request, "console/vacancy_review.html", context)


def _revision_rows(vacancy, revision) -> list[tuple[str, object, object]]:
    """(field label, published value, proposed value) for the review page."""
    if revision is None:
        return []
    rows = []
    for name, value in revision.changes.items():
        field = Vacancy._meta.get_field(name)
        assert isinstance(field, models.Field)  # a revision holds the vacancy's own columns only
        published = getattr(vacancy, name)
        related = field.related_model
        if field.is_relation and isinstance(related, type):
            value = related._default_manager.filter(pk=value).first()
        rows.append((str(field.verbose_name), published, value))
    return rows
