import pytest
from django.core.exceptions import ValidationError

from iljari.employers.actions import do_decide_employer, do_register_employer
from iljari.employers.models import Employer, EmployerMember, EmployerStatus
from tests import factories as f

pytestmark = pytest.mark.django_db


def register(user, **overrides):
    fields = {
        "name": "(주)고잔정밀",
        "business_number": "220-81-62517",
        "region_code": "28200111",
        "address": "인천 남동구 고잔동 1",
    }
    fields.update(overrides)
    return do_register_employer(user=user, **fields)


def test_registration_waits_for_approval_and_makes_the_user_owner():
    user = f.UserFactory(role="employer")
    employer = register(user)
    assert employer.status == EmployerStatus.PENDING
    assert employer.business_number == "220-81-62517"
    assert (employer.lat, employer.lon) == (employer.region.lat, employer.region.lon)
    assert EmployerMember.objects.get(employer=employer).user == user


def test_wrong_business_number_is_refused_and_nothing_is_saved():
    user = f.UserFactory(role="employer")
    with pytest.raises(ValidationError) as info:
        register(user, business_number="220-81-62518")
    assert "사업자등록번호" in str(info.value)
    assert not Employer.objects.exists()
    assert not EmployerMember.objects.exists()


def test_unknown_region_code_is_refused_in_korean():
    with pytest.raises(ValidationError) as info:
        register(f.UserFactory(role="employer"), region_code="99999999")
    assert info.value.message_dict["region_code"] == ["알 수 없는 지역 코드입니다: 99999999"]
    assert not Employer.objects.exists()


def test_same_business_number_cannot_register_twice():
    register(f.UserFactory(role="employer"))
    with pytest.raises(ValidationError) as info:
        register(f.UserFactory(role="employer", username="another"), name="(주)다른회사")
    assert "이미 등록된" in str(info.value)
    assert Employer.objects.count() == 1


def test_coordinates_outside_korea_fail_model_validation():
    employer = f.EmployerFactory.build(region=f.region(), lat=51.5, lon=-0.1)
    with pytest.raises(ValidationError) as info:
        employer.full_clean()
    assert {"lat", "lon"} <= set(info.value.message_dict)


def test_staff_decision_approves_or_rejects():
    employer = register(f.UserFactory(role="employer"))
    do_decide_employer(employer=employer, approve=True, actor=None)
    assert Employer.objects.get(pk=employer.pk).status == EmployerStatus.APPROVED
    do_decide_employer(employer=employer, approve=False, actor=None)
    assert Employer.objects.get(pk=employer.pk).status == EmployerStatus.REJECTED


def test_size_band_follows_employee_count():
    assert f.EmployerFactory.build(employees=5).get_size_band_display() == "10인 미만"
    assert f.EmployerFactory.build(employees=30).get_size_band_display() == "10~49인"
    assert str(f.EmployerFactory.build(name="(주)가나")) == "(주)가나"
