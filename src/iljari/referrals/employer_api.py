"""/api/employers/{employer_id}/referrals: the referrals (알선) made to a company's vacancies.

Mounted under /api/employers/ next to the employers app's router (``iljari.api``): the path is
the company's, the rows are referrals', which sit above employers. The same rules as the page
(``employer_views``): the company sees a referral once the seeker agreed; staff who refer see all.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from iljari.accounts.permissions import has_capability
from iljari.audit.actions import log_access_many
from iljari.employers.api import CandidateOut, candidate_out, managed_employer
from iljari.employers.candidates import candidate_card, disclosure_for

from .models import Referral, ReferralStatus
from .permissions import EMPLOYER_VISIBLE

router = Router(tags=["employers"])


class ReferralOut(Schema):
    id: int
    vacancy_id: int
    vacancy_title: str
    status: str
    status_label: str
    counselor: str
    created_at: dt.datetime
    candidate: CandidateOut


class ReferralPage(Schema):
    total: int
    items: list[ReferralOut]


class ReferralFilter(Schema):
    vacancy: int | None = Field(None, ge=1)
    status: ReferralStatus | None = None
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


@router.get("/{employer_id}/referrals", response=ReferralPage, summary="우리 기업 공고에 알선된 구직자")
def list_referrals(request: HttpRequest, employer_id: int, filters: Query[ReferralFilter]) -> dict[str, Any]:
    employer = managed_employer(request, employer_id)
    qs = Referral.objects.filter(vacancy__employer=employer)
    if not has_capability(request.user, "refer"):
        # The company sees a referral once the seeker agreed (기업검토 on), as docs/services.md says.
        qs = qs.filter(status__in=EMPLOYER_VISIBLE)
    qs = (
        qs.select_related("vacancy", "counselor", "seeker__user", "seeker__home_region")
        .prefetch_related("seeker__experiences", "seeker__qualifications_held__qualification")
        .order_by("-created_at", "-pk")
    )
    if filters.vacancy:
        qs = qs.filter(vacancy_id=filters.vacancy)
    if filters.status:
        qs = qs.filter(status=filters.status)
    total = qs.count()
    rows = list(qs[filters.offset : filters.offset + filters.limit])
    disclosure = disclosure_for(employer, [r.seeker for r in rows])
    if rows:
        log_access_many(
            actor=request.user,
            action="view",
            subjects=[r.seeker for r in rows],
            fields="이름(가림), 연락처(가림), 경력, 자격",
            purpose=f"API: 알선 받은 구직자 (기업 {employer.pk})",
            request=request,
        )
    items = [
        ReferralOut(
            id=r.pk,
            vacancy_id=r.vacancy_id,
            vacancy_title=r.vacancy.title,
            status=r.status,
            status_label=str(r.get_status_display()),
            counselor=r.counselor.display_name if r.counselor else "",
            created_at=r.created_at,
            candidate=candidate_out(candidate_card(r.seeker, disclosure)),
        )
        for r in rows
    ]
    return {"total": total, "items": items}
