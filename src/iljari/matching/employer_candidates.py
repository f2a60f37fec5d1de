"""추천 인재: the recommended candidates for a company's vacancy, on the employer portal's page
(``matching:vacancy_candidates``, at /employers/vacancies/<pk>/candidates/) and through the API
(``GET /api/employers/{employer_id}/vacancies/{vacancy_id}/candidates``, in ``employer_api``).

Matching owns them: they need the engine's ranking and the employers' disclosure rules, and
matching sits above employers. Anonymised until the seeker applies to, or consents to sharing
with, the company (``employers.candidates``).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from iljari.accounts.permissions import has_capability
from iljari.audit.actions import log_access_many
from iljari.employers.access import own_vacancy, require_approved
from iljari.employers.candidates import candidate_card, disclosure_for, seeker_queryset
from iljari.employers.forms import ReferralRequestForm
from iljari.vacancies.models import Vacancy

from .actions import recommend_seekers_for_vacancy

PAGE_COUNT = 20
CARD_FIELDS = "연령대, 거주 구, 자격, 경력 요약"


def may_see_candidates(user) -> bool:
    return has_capability(user, "view_candidate_recommendations") or has_capability(user, "view_seekers")


def shown_candidate_cards(
    request: HttpRequest, vacancy: Vacancy, k: int, *, purpose: str
) -> list[dict[str, Any]]:
    """The candidate cards as the vacancy's company may see them, in the engine's order, with their
    view written to the access log (one row per seeker shown). Three queries for the seekers and
    their disclosure, whatever ``k``."""
    recommendations = recommend_seekers_for_vacancy(vacancy, k)
    seekers = {s.pk: s for s in seeker_queryset().filter(pk__in=[r.seeker.pk for r in recommendations])}
    disclosure = disclosure_for(vacancy.employer, list(seekers.values()))
    cards = [
        candidate_card(seekers[r.seeker.pk], disclosure, score=r.score, reasons=r.reasons)
        for r in recommendations
        if r.seeker.pk in seekers
    ]
    if cards:
        log_access_many(
            actor=request.user,
            action="view",
            subjects=[seekers[c["seeker_id"]] for c in cards],
            fields=CARD_FIELDS,
            purpose=purpose,
            request=request,
        )
    return cards


@login_required
def vacancy_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """추천 인재: anonymised until the seeker applies to, or accepts a referral to, this company."""
    vacancy = own_vacancy(request.user, pk)
    if not may_see_candidates(request.user):
        raise PermissionDenied
    require_approved(vacancy.employer)
    cards = shown_candidate_cards(request, vacancy, PAGE_COUNT, purpose=f"추천 인재 열람 (공고 {vacancy.pk})")
    return render(
        request,
        "matching/vacancy_candidates.html",
        {"vacancy": vacancy, "cards": cards, "request_form": ReferralRequestForm()},
    )
