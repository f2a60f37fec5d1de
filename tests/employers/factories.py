"""Factories of the employer portal's own models (the shared ones are in tests/factories.py)."""

import datetime as dt

import factory
from django.utils import timezone

from iljari.employers.models import Invitation, ReferralRequest
from iljari.vacancies.models import Application
from tests import factories as f


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    seeker = factory.SubFactory(f.SeekerFactory)
    vacancy = factory.SubFactory(f.VacancyFactory)
    message = "성실히 일하겠습니다."


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    employer = factory.SubFactory(f.EmployerFactory)
    email = factory.Sequence(lambda n: f"colleague{n}@example.kr")
    token = factory.Sequence(lambda n: f"token-{n:04d}-abcdefghijklmnop")
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))


class ReferralRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferralRequest

    vacancy = factory.SubFactory(f.VacancyFactory)
    message = "CO2 용접 경력자 3명 부탁드립니다."


def grant_share_consent(user, employer=None):
    """The seeker's optional consent "알선 기업에 이력 정보 제공" (naming ``employer`` when given)."""
    from iljari.accounts.models import ConsentRecord, ConsentText

    text, _ = ConsentText.objects.get_or_create(
        purpose="share_employers",
        version=1,
        defaults={"required": False, "title": "알선 기업에 이력 정보 제공", "body": "동의합니다."},
    )
    return ConsentRecord.objects.create(user=user, text=text, granted=True, employer=employer)
