"""The work queues (기업·공고 승인, 신규 구직자, 알선 요청, 응답 대기 알선), the home page that shows
them, a queue's pages, and bulk actions on a queue's items."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from iljari.accounts.permissions import has_capability
from iljari.audit.actions import log_access_many
from iljari.employers import actions as employer_actions
from iljari.employers.models import Employer, EmployerStatus, ReferralRequest, ReferralRequestStatus
from iljari.referrals.models import Referral
from iljari.seekers.models import Seeker, SeekerStatus
from iljari.vacancies import actions as vacancy_actions
from iljari.vacancies.models import MinimumWage, RevisionStatus, Vacancy, VacancyStatus

from .. import actions
from ..access import require
from ..forms import BulkForm
from .common import form_errors, safe_next

NEW_SEEKER_DAYS = 30
AWAITING_STATES = ("proposed", "seeker_accepted", "employer_review")
QUEUE_SIZE = 10
PAGE_SIZE = 25


def pending_employers():
    return (
        Employer.objects.filter(status=EmployerStatus.PENDING).select_related("region").order_by("created_at")
    )


def pending_vacancies():
    """New vacancies waiting for approval, and published ones with a material edit waiting."""
    return (
        Vacancy.objects.filter(
            Q(status=VacancyStatus.PENDING)
            | Q(status=VacancyStatus.PUBLISHED, revisions__status=RevisionStatus.PENDING)
        )
        .distinct()
        .select_related("employer", "work_region")
        .order_by("updated_at")
    )


def _approve_vacancy(vacancy, actor):
    """Publish a new vacancy, or approve the pending edit of a published one."""
    revision = vacancy_actions.pending_revision(vacancy)
    if revision is not None and vacancy.status == VacancyStatus.PUBLISHED:
        return vacancy_actions.do_decide_vacancy_revision(revision=revision, actor=actor, approve=True)
    return vacancy_actions.do_publish_vacancy(vacancy=vacancy, actor=actor)


def new_seekers():
    since = timezone.now() - dt.timedelta(days=NEW_SEEKER_DAYS)
    return (
        Seeker.objects.filter(
            status=SeekerStatus.ACTIVE,
            anonymised_at__isnull=True,
            created_at__gte=since,
            console_contacts__isnull=True,
        )
        .select_related("user", "home_region")
        .order_by("created_at")
    )


def open_referral_requests():
    return (
        ReferralRequest.objects.filter(status=ReferralRequestStatus.OPEN)
        .select_related("vacancy__employer", "requested_by")
        .order_by("created_at")
    )


def awaiting_referrals():
    return (
        Referral.objects.filter(status__in=AWAITING_STATES)
        .select_related("seeker__user", "vacancy__employer", "counselor")
        .order_by("updated_at")
    )


QUEUES = {
    "employers": (gettext_lazy("승인 대기 기업"), pending_employers, "approve_employer"),
    "vacancies": (gettext_lazy("승인 대기 공고"), pending_vacancies, "approve_vacancy"),
    "seekers": (gettext_lazy("연락할 신규 구직자"), new_seekers, "view_seekers"),
    "requests": (gettext_lazy("기업의 알선 요청"), open_referral_requests, "refer"),
    "referrals": (gettext_lazy("응답 대기 중인 알선"), awaiting_referrals, "refer"),
}


def flag_below_minimum_wage(vacancies) -> None:
    """Mark each vacancy of a queue whose wage is below the legal minimum (one query for all)."""
    minimum = MinimumWage.in_force()
    for vacancy in vacancies:
        result = vacancy.minimum_wage_check(minimum=minimum) if minimum else None
        vacancy.below_minimum = result.message() if result is not None and result.below else ""


def _queue_seekers(key, items) -> list:
    """The people a queue shows by name: new seekers, and the seekers of awaiting referrals."""
    if key == "seekers":
        return list(items)
    if key == "referrals":
        return [r.seeker for r in items]
    return []


@require("view_seekers")
def home(request):
    queues = []
    for key, (title, query, capability) in QUEUES.items():
        if not has_capability(request.user, capability):
            continue
        qs = query()
        items = list(qs[:QUEUE_SIZE])
        if key == "vacancies":
            flag_below_minimum_wage(items)
        queues.append({"key": key, "title": title, "count": qs.count(), "items": items})
    log_access_many(
        actor=request.user,
        action="view",
        subjects=[s for q in queues for s in _queue_seekers(q["key"], q["items"])],
        fields="이름, 거주지",
        purpose="업무 대기열",
        request=request,
    )
    return render(request, "console/home.html", {"queues": queues, "bulk_form": BulkForm()})


@require("view_seekers")
def queue(request, key):
    if key not in QUEUES:
        raise Http404
    title, query, capability = QUEUES[key]
    if not has_capability(request.user, capability):
        raise Http404
    page = Paginator(query(), PAGE_SIZE).get_page(request.GET.get("page"))
    if key == "vacancies":
        flag_below_minimum_wage(page.object_list)
    log_access_many(
        actor=request.user,
        action="view",
        subjects=_queue_seekers(key, page.object_list),
        fields="이름, 거주지",
        purpose="업무 대기열",
        request=request,
    )
    return render(
        request, "console/queue.html", {"key": key, "title": title, "page": page, "items": page.object_list}
    )


@require("view_seekers")
@require_POST
def bulk(request):
    form = BulkForm(request.POST)
    back = safe_next(request, reverse("console:home"))
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(back)
    action, ids = form.cleaned_data["action"], form.cleaned_data["ids"]
    user = request.user
    if action == "publish_vacancies":
        if not has_capability(user, "approve_vacancy"):
            raise Http404
        items = list(pending_vacancies().filter(pk__in=ids))
        done, failures = actions.run_bulk(
            items,
            lambda v: _approve_vacancy(v, user),
            label=lambda v: v.title,
        )
        noun = _("공고")
    elif action == "approve_employers":
        if not has_capability(user, "approve_employer"):
            raise Http404
        items = list(pending_employers().filter(pk__in=ids))
        done, failures = actions.run_bulk(
            items,
            lambda e: employer_actions.do_decide_employer(employer=e, approve=True, actor=user),
            label=lambda e: e.name,
        )
        noun = _("기업")
    else:
        items = list(new_seekers().filter(pk__in=ids))
        try:
            done, failures = actions.do_mark_contacted(seekers=items, counselor=user), []
        except ValidationError as exc:
            done, failures = [], exc.messages
        noun = _("구직자")
    missing = len(ids) - len(items)
    if done:
        messages.success(request, _("%(noun)s %(n)d건을 처리했습니다.") % {"noun": noun, "n": len(done)})
    if missing:
        messages.error(
            request, _("이미 처리되었거나 찾을 수 없는 항목 %(n)d건은 건너뛰었습니다.") % {"n": missing}
        )
    for failure in failures:
        messages.error(request, failure)
    return redirect(back)
