"""/api/recommendations — the engine's recommendations with their reasons, per permission.

- ``GET /me``: the signed-in seeker's recommended vacancies.
- ``GET /seekers/{id}``: a seeker's recommended vacancies (the seeker, or staff who work with seekers;
  staff views are written to the personal-data access log).
- ``GET /vacancies/{id}``: recommended candidates for a vacancy (its company's members see them
  anonymised until the seeker applies or consents; staff see them in full, logged).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from iljari.accounts.permissions import can_view_seeker, has_capability, is_member_of
from iljari.audit.actions import log_access
from iljari.employers.api import CandidateOut
from iljari.employers.candidates import Disclosure, candidate_card, disclosure_for, seeker_queryset
from iljari.seekers.models import Seeker
from iljari.vacancies.models import Vacancy

from .actions import recommend_seekers_for_vacancy, recommend_vacancies_for_seeker

router = Router(tags=["recommendations"])

MAX_K = 50


class VacancyRecommendationOut(Schema):
    rank: int
    score: float
    vacancy_id: int
    title: str
    employer: str
    district: str
    monthly_wage: int
    closing_date: str
    reasons: list[str]


class CandidateRecommendationOut(CandidateOut):
    """The employer portal's candidate card, ranked; staff and the engine always know the id."""

    rank: int
    score: float
    seeker_id: int


def _vacancy_items(seeker: Seeker, k: int) -> list[dict]:
    return [
        {
            "rank": r.rank,
            "score": round(float(r.score), 1),
            "vacancy_id": r.vacancy.pk,
            "title": r.vacancy.title,
            "employer": r.vacancy.employer.name,
            "district": r.vacancy.work_region.short_name,
            "monthly_wage": r.vacancy.monthly_wage,
            "closing_date": r.vacancy.closing_date.isoformat(),
            "reasons": list(r.reasons),
        }
        for r in recommend_vacancies_for_seeker(seeker, k)
    ]


@router.get("/me", response=list[VacancyRecommendationOut], summary="나의 추천 일자리")
def my_recommendations(request, k: int = Query(10, ge=1, le=MAX_K)):
    seeker = Seeker.objects.filter(user=request.user).first()
    if seeker is None:
        raise Http404
    return _vacancy_items(seeker, k)


@router.get("/seekers/{seeker_id}", response=list[VacancyRecommendationOut], summary="구직자별 추천 일자리")
def seeker_recommendations(request, seeker_id: int, k: int = Query(10, ge=1, le=MAX_K)):
    seeker = get_object_or_404(
        Seeker.objects.select_related("user"), pk=seeker_id, anonymised_at__isnull=True
    )
    if not can_view_seeker(request.user, seeker):
        raise PermissionDenied(_("이 구직자의 추천 정보를 볼 권한이 없습니다."))
    if seeker.user_id != request.user.pk:
        log_access(
            actor=request.user,
            action="view",
            subject=seeker,
            fields="추천 일자리",
            purpose="알선",
            request=request,
        )
    return _vacancy_items(seeker, k)


@router.get("/vacancies/{vacancy_id}", response=list[CandidateRecommendationOut], summary="공고별 추천 인재")
def vacancy_recommendations(request, vacancy_id: int, k: int = Query(10, ge=1, le=MAX_K)):
    vacancy = get_object_or_404(Vacancy.objects.select_related("employer"), pk=vacancy_id)
    staff = has_capability(request.user, "view_seekers")
    if not (staff or is_member_of(request.user, vacancy.employer)):
        raise PermissionDenied(_("이 공고의 추천 인재를 볼 권한이 없습니다."))
    recommendations = recommend_seekers_for_vacancy(vacancy, k)
    seekers = {s.pk: s for s in seeker_queryset().filter(pk__in=[r.seeker.pk for r in recommendations])}
    if staff:
        every = set(seekers)
        users = {s.user_id for s in seekers.values()}
        disclosure = Disclosure(applied=every, consented=users)
    else:
        disclosure = disclosure_for(vacancy.employer, list(seekers.values()))
    items = []
    for r in recommendations:
        seeker = seekers.get(r.seeker.pk)
        if seeker is None:
            continue
        card = candidate_card(seeker, disclosure, score=round(float(r.score), 1), reasons=r.reasons)
        items.append({**card, "rank": r.rank})
        if staff or card["identity_visible"]:
            log_access(
                actor=request.user,
                action="view",
                subject=seeker,
                fields="추천 인재",
                purpose="알선",
                request=request,
            )
    return items
