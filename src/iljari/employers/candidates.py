"""What an employer may see of a candidate, and the recommended candidates (추천 인재).

Rules (the privacy promise made to seekers):
- identity (name) is shown once the seeker applied to one of the company's vacancies, or agreed to a
  referral (알선) to it; before that only initials, age band, district, qualifications and an
  experience summary;
- contact details (phone, e-mail) are shown once the seeker applied to the company, or gave the
  optional consent "알선 기업에 이력 정보 제공" (``share_employers``); otherwise masked.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from iljari.accounts.models import ConsentRecord
from iljari.core.validators import mask_email, mask_name, mask_phone
from iljari.taxonomy.models import haversine_km

SHARE_PURPOSE = "share_employers"
REVEALING_REFERRAL_STATES = ("seeker_accepted", "employer_review", "interview", "hired")


@dataclass
class Disclosure:
    applied: set[int] = field(default_factory=set)
    referred: set[int] = field(default_factory=set)
    consented: set[int] = field(default_factory=set)  # user ids

    def identity(self, seeker) -> bool:
        return seeker.pk in self.applied or seeker.pk in self.referred

    def contact(self, seeker) -> bool:
        return seeker.pk in self.applied or seeker.user_id in self.consented


def disclosure_for(employer, seekers) -> Disclosure:
    """Three queries for any number of seekers: no N+1 on candidate lists."""
    from iljari.referrals.models import Referral
    from iljari.vacancies.models import Application

    seeker_ids = [s.pk for s in seekers]
    user_ids = [s.user_id for s in seekers]
    if not seeker_ids:
        return Disclosure()
    applied = set(
        Application.objects.filter(seeker_id__in=seeker_ids, vacancy__employer=employer)
        .exclude(status="withdrawn")
        .values_list("seeker_id", flat=True)
    )
    referred = set(
        Referral.objects.filter(
            seeker_id__in=seeker_ids, vacancy__employer=employer, status__in=REVEALING_REFERRAL_STATES
        ).values_list("seeker_id", flat=True)
    )
    consented = set(
        ConsentRecord.objects.filter(
            user_id__in=user_ids, text__purpose=SHARE_PURPOSE, granted=True, withdrawn_at__isnull=True
        ).values_list("user_id", flat=True)
    )
    return Disclosure(applied=applied, referred=referred, consented=consented)


def experience_summary(seeker) -> str:
    experiences = sorted(seeker.experiences.all(), key=lambda e: -float(e.years))
    if not experiences:
        return _("경력 없음")
    first = experiences[0]
    text = _("%(title)s %(years)s년") % {"title": first.job_title, "years": f"{float(first.years):g}"}
    if len(experiences) > 1:
        text += _(" 외 %(n)d건") % {"n": len(experiences) - 1}
    return text


def candidate_card(seeker, disclosure: Disclosure, *, score=None, reasons=()) -> dict:
    """One candidate as the employer may see them."""
    user = seeker.user
    identity = disclosure.identity(seeker)
    contact = disclosure.contact(seeker)
    return {
        "seeker_id": seeker.pk,
        "display_name": user.display_name if identity else mask_name(user.display_name),
        "identity_visible": identity,
        "contact_visible": contact,
        "phone": user.phone if contact else mask_phone(user.phone),
        "email": user.email if contact else mask_email(user.email),
        "age_band": seeker.age_band,
        "district": seeker.home_region.sigungu or seeker.home_region.sido,
        "qualifications": [q.qualification.name for q in seeker.qualifications_held.all()],
        "experience": experience_summary(seeker),
        "score": score,
        "reasons": list(reasons),
    }


def seeker_queryset():
    from iljari.seekers.models import Seeker

    return Seeker.objects.select_related("user", "home_region").prefetch_related(
        "experiences", "qualifications_held__qualification"
    )


# --- recommendations ---------------------------------------------------------------------


@dataclass
class Recommendation:
    seeker: object = None
    vacancy: object = None
    score: float = 0.0
    reasons: list = field(default_factory=list)


def recommend_seekers_for_vacancy(vacancy, k: int = 10) -> list:
    """The matching app's ranking, or (TEMPORARY, until iljari.matching.actions exists) a simple one."""
    try:
        from iljari.matching.actions import recommend_seekers_for_vacancy as engine
    except ImportError:
        return _fallback_seekers_for_vacancy(vacancy, k)
    return list(engine(vacancy, k))


def recommend_vacancies_for_seeker(seeker, k: int = 10) -> list:
    try:
        from iljari.matching.actions import recommend_vacancies_for_seeker as engine
    except ImportError:
        return _fallback_vacancies_for_seeker(seeker, k)
    return list(engine(seeker, k))


def _score(seeker, vacancy, held: set[int], required: set[int], seeker_occupations: set[int]) -> tuple:
    score = 0.0
    reasons = []
    if vacancy.occupation_id and vacancy.occupation_id in seeker_occupations:
        score += 0.4
        reasons.append(_("희망 직종 일치"))
    if required and required <= held:
        score += 0.3
        reasons.append(_("필수 자격 보유"))
    elif required and not (required & held):
        score -= 0.3
    km = haversine_km(seeker.lat, seeker.lon, vacancy.lat, vacancy.lon)
    if km <= 10:
        score += 0.2
        reasons.append(_("거주지에서 %(km).0fkm") % {"km": km})
    elif km > 40:
        score -= 0.2
    if seeker.desired_monthly_wage and vacancy.monthly_wage >= seeker.desired_monthly_wage:
        score += 0.1
        reasons.append(_("희망 임금 충족"))
    if seeker.needs_dormitory and not vacancy.dormitory:
        score -= 0.5
    return round(score, 3), reasons


def _fallback_seekers_for_vacancy(vacancy, k: int) -> list:
    from iljari.seekers.models import SeekerStatus

    required = set(vacancy.required_qualifications.values_list("id", flat=True))
    seekers = list(
        seeker_queryset()
        .filter(status=SeekerStatus.ACTIVE, anonymised_at__isnull=True)
        .prefetch_related("desired_occupations")
        .order_by("-last_active_at")[:500]
    )
    scored = []
    for seeker in seekers:
        held = {q.qualification_id for q in seeker.qualifications_held.all()}
        occupations = {o.pk for o in seeker.desired_occupations.all()} | {
            e.occupation_id for e in seeker.experiences.all() if e.occupation_id
        }
        score, reasons = _score(seeker, vacancy, held, required, occupations)
        if score > 0:
            scored.append(Recommendation(seeker=seeker, vacancy=vacancy, score=score, reasons=reasons))
    scored.sort(key=lambda r: (-r.score, r.seeker.pk))
    return scored[:k]


def _fallback_vacancies_for_seeker(seeker, k: int) -> list:
    from iljari.vacancies.models import Vacancy, VacancyStatus

    held = set(seeker.qualifications_held.values_list("qualification_id", flat=True))
    occupations = set(seeker.desired_occupations.values_list("id", flat=True)) | set(
        seeker.experiences.exclude(occupation=None).values_list("occupation_id", flat=True)
    )
    vacancies = (
        Vacancy.objects.filter(status=VacancyStatus.PUBLISHED, closing_date__gte=timezone.localdate())
        .select_related("employer", "work_region")
        .prefetch_related("required_qualifications")
        .order_by("-published_at")[:500]
    )
    scored = []
    for vacancy in vacancies:
        required = {q.pk for q in vacancy.required_qualifications.all()}
        score, reasons = _score(seeker, vacancy, held, required, occupations)
        if score > 0:
            scored.append(Recommendation(seeker=seeker, vacancy=vacancy, score=score, reasons=reasons))
    scored.sort(key=lambda r: (-r.score, r.vacancy.pk))
    return scored[:k]
