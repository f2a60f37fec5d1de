"""The employer portal's pages that need referrals: the portal's home (채용 현황, with each
vacancy's applicant and referral counts) and 알선 받은 구직자 with the company's answer.

Referrals own them (they sit above employers); the paths stay in the portal: /employers/,
/employers/referrals/ and /employers/referrals/<pk>/answer/.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iljari.accounts.permissions import is_member_of
from iljari.audit.actions import log_access_many
from iljari.employers.access import employer_user, memberships
from iljari.employers.candidates import candidate_card, disclosure_for
from iljari.employers.forms import REFUSAL_REASONS, MoveApplicationForm
from iljari.vacancies.models import Vacancy, VacancyStatus

from .actions import REFERRAL_FLOW, do_move_referral
from .models import Referral, ReferralStatus
from .permissions import EMPLOYER_VISIBLE

EMPLOYER_REFERRAL_MOVES = ("interview", "not_hired")


@login_required
def employer_dashboard(request: HttpRequest) -> HttpResponse:
    user = employer_user(request)
    companies = list(memberships(user).select_related("region"))
    vacancies = (
        Vacancy.objects.filter(employer__in=companies)
        .select_related("employer")
        .annotate(
            applicant_count=Count("applications", distinct=True),
            new_count=Count("applications", filter=Q(applications__status="received"), distinct=True),
            referral_count=Count(
                "referrals", filter=Q(referrals__status__in=EMPLOYER_VISIBLE), distinct=True
            ),
        )
        .order_by("status", "-created_at")
    )
    counts = {
        "open": sum(1 for v in vacancies if v.status == VacancyStatus.PUBLISHED),
        "pending": sum(1 for v in vacancies if v.status == VacancyStatus.PENDING),
        "new_applicants": sum(v.new_count for v in vacancies),
        "referrals": Referral.objects.filter(
            vacancy__employer__in=companies, status__in=EMPLOYER_VISIBLE
        ).count(),
    }
    return render(
        request,
        "referrals/employer_dashboard.html",
        {"companies": companies, "vacancies": vacancies, "counts": counts},
    )


@login_required
def employer_referrals(request: HttpRequest) -> HttpResponse:
    """Referrals (알선) the job center made to this company's vacancies, once the seeker agreed.

    A proposal the seeker has not accepted is not shown at all, and the counselor's note never is.
    """
    user = employer_user(request)
    companies = list(memberships(user))
    rows = list(
        Referral.objects.filter(vacancy__employer__in=companies, status__in=EMPLOYER_VISIBLE)
        .select_related("vacancy__employer", "seeker__user", "seeker__home_region", "counselor")
        .prefetch_related("seeker__experiences", "seeker__qualifications_held__qualification")
        .order_by("-created_at")[:200]
    )
    cards: list[dict[str, Any]] = []
    by_employer: dict[int, list[Referral]] = {}
    for referral in rows:
        by_employer.setdefault(referral.vacancy.employer_id, []).append(referral)
    for employer in companies:
        group = by_employer.get(employer.pk, [])
        disclosure = disclosure_for(employer, [r.seeker for r in group])
        for referral in group:
            cards.append(
                {
                    "referral": referral,
                    "card": candidate_card(referral.seeker, disclosure),
                    "choices": referral_choices(referral),
                }
            )
    cards.sort(key=lambda c: c["referral"].created_at, reverse=True)
    if cards:
        log_access_many(
            actor=user,
            action="view",
            subjects=[c["referral"].seeker for c in cards],
            fields="이름(가림), 연락처(가림), 경력, 자격",
            purpose="알선 받은 구직자 확인",
            request=request,
        )
    return render(
        request, "referrals/employer_referrals.html", {"cards": cards, "refusal_reasons": REFUSAL_REASONS}
    )


def referral_choices(referral: Referral) -> list[tuple[str, Any]]:
    """What the company may answer to a referral: ask for an interview, or decline with a reason."""
    allowed = REFERRAL_FLOW.allowed(referral.status)
    return [(s.value, s.label) for s in ReferralStatus if s in allowed and s in EMPLOYER_REFERRAL_MOVES]


@login_required
@require_POST
def employer_answer(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_object_or_404(
        Referral.objects.select_related("vacancy__employer", "seeker__user").filter(
            status__in=EMPLOYER_VISIBLE
        ),
        pk=pk,
    )
    if not is_member_of(request.user, referral.vacancy.employer):
        raise Http404
    form = MoveApplicationForm(request.POST, allowed=referral_choices(referral))
    if form.is_valid():
        to_status = form.cleaned_data["to_status"]
        try:
            do_move_referral(
                referral=referral, to_status=to_status, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("알선에 답변했습니다. 담당 상담사에게 전달됩니다."))
    else:
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
    return redirect("referrals:employer_referrals")
