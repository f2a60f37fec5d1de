"""/api/employers/{employer_id}/vacancies/{vacancy_id}/candidates: 추천 인재 through the API.

Mounted under /api/employers/ next to the employers app's router (``iljari.api``): the path is
the company's, the ranking is matching's (see ``employer_candidates``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from iljari.employers.api import CandidateOut, candidate_out, managed_employer
from iljari.employers.models import EmployerStatus
from iljari.vacancies.models import Vacancy

from .employer_candidates import may_see_candidates, shown_candidate_cards

router = Router(tags=["employers"])


@router.get(
    "/{employer_id}/vacancies/{vacancy_id}/candidates",
    response=list[CandidateOut],
    summary="추천 인재 (익명)",
)
def candidates(
    request: HttpRequest, employer_id: int, vacancy_id: int, limit: int = Query(10, ge=1, le=50)
) -> list[CandidateOut]:
    employer = managed_employer(request, employer_id)
    if not may_see_candidates(request.user):
        raise PermissionDenied(_("추천 인재를 볼 권한이 없습니다."))
    if employer.status != EmployerStatus.APPROVED:
        raise PermissionDenied(_("기업 승인 후 이용할 수 있습니다."))
    vacancy = Vacancy.objects.select_related("employer").filter(pk=vacancy_id, employer=employer).first()
    if vacancy is None:
        raise Http404
    cards = shown_candidate_cards(request, vacancy, limit, purpose=f"API: 추천 인재 (공고 {vacancy.pk})")
    return [candidate_out(card) for card in cards]
