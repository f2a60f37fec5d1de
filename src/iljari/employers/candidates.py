"""What an employer may see of a candidate (an applicant, a referred seeker, a 추천 인재).

Rules (the privacy promise made to seekers):
- a recommended candidate (추천 인재) is anonymous: initials, age band, district, qualifications and
  an experience summary; no contact details;
- identity (name) and contact details (phone, e-mail) are shown once the seeker applied to one of
  the company's vacancies, or gave the consent "알선 기업에 이력 정보 제공" (``share_employers``)
  **naming that company** (``ConsentRecord.employer``, given when accepting a referral to it);
  otherwise masked. The general consent given at sign-up names no company and discloses nothing,
  and accepting a referral without ticking the consent discloses nothing either.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from iljari.accounts.actions import employer_consented_user_ids
from iljari.core.validators import mask_email, mask_name, mask_phone
from iljari.seekers.models import Seeker
from iljari.vacancies.models import Application

SHARE_PURPOSE = "share_employers"


@dataclass
class Disclosure:
    applied: set[int] = field(default_factory=set)  # seeker ids with a live application to the company
    consented: set[int] = field(default_factory=set)  # user ids whose consent names this company

    def identity(self, seeker) -> bool:
        return seeker.pk in self.applied or seeker.user_id in self.consented

    def contact(self, seeker) -> bool:
        return seeker.pk in self.applied or seeker.user_id in self.consented


def disclosure_for(employer, seekers) -> Disclosure:
    """Two queries for any number of seekers: no N+1 on candidate lists. A referral to the company
    discloses nothing by itself (the seeker's consent naming the company does), so referrals are
    not read here."""
    seeker_ids = [s.pk for s in seekers]
    user_ids = [s.user_id for s in seekers]
    if not seeker_ids:
        return Disclosure()
    applied = set(
        Application.objects.filter(seeker_id__in=seeker_ids, vacancy__employer=employer)
        .exclude(status="withdrawn")
        .values_list("seeker_id", flat=True)
    )
    consented = employer_consented_user_ids(employer, user_ids)
    return Disclosure(applied=applied, consented=consented)


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
    return Seeker.objects.select_related("user", "home_region").prefetch_related(
        "experiences", "qualifications_held__qualification"
    )
