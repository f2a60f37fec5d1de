import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from iljari.seekers.models import QualificationHeld
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_birth_year_and_commute_limits_are_validated():
    seeker = f.SeekerFactory.build(
        user=f.UserFactory(), home_region=f.region(), birth_year=1800, max_commute_minutes=5
    )
    with pytest.raises(ValidationError) as info:
        seeker.full_clean()
    assert {"birth_year", "max_commute_minutes"} <= set(info.value.message_dict)


def test_experience_years_must_be_within_a_working_life(seeker):
    experience = f.ExperienceFactory.build(seeker=seeker, years=75)
    with pytest.raises(ValidationError) as info:
        experience.full_clean()
    assert "years" in info.value.message_dict


def test_a_qualification_is_held_once(seeker):
    f.QualificationHeldFactory(seeker=seeker)
    with pytest.raises(IntegrityError), transaction.atomic():
        QualificationHeld.objects.create(seeker=seeker, qualification=f.qualification())


def test_anonymised_views_of_a_seeker(seeker):
    assert seeker.initials == "홍*동"
    assert seeker.age_band.endswith("대")
    assert str(seeker) == "홍길동"


def test_seeker_coordinates_are_checked_by_the_database(seeker):
    from iljari.seekers.models import Seeker

    with pytest.raises(IntegrityError), transaction.atomic():
        Seeker.objects.filter(pk=seeker.pk).update(lat=10.0)
