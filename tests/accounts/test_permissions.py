"""The permission matrix, persona by persona."""

import pytest

from iljari.accounts.permissions import (
    can_edit_seeker,
    can_edit_vacancy,
    can_manage_employer,
    can_view_seeker,
    can_view_vacancy,
    has_capability,
)
from iljari.vacancies.models import VacancyStatus
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def personas(
    seeker,
    other_seeker,
    employer_member,
    other_employer_member,
    counselor,
    official,
    program_manager,
    admin_user,
):
    from django.contrib.auth.models import AnonymousUser

    return {
        "seeker": seeker.user,
        "other_seeker": other_seeker.user,
        "employer_member": employer_member,
        "other_employer_member": other_employer_member,
        "counselor": counselor,
        "official": official,
        "program_manager": program_manager,
        "admin": admin_user,
        "anonymous": AnonymousUser(),
    }


def allowed(personas, check) -> set[str]:
    return {name for name, user in personas.items() if check(user)}


def test_only_the_seeker_and_staff_working_with_seekers_see_a_seekers_personal_data(personas, seeker):
    assert allowed(personas, lambda u: can_view_seeker(u, seeker)) == {"seeker", "counselor", "admin"}
    assert allowed(personas, lambda u: can_edit_seeker(u, seeker)) == {"seeker", "counselor", "admin"}


def test_only_members_and_approving_staff_manage_an_employer(personas, employer):
    assert allowed(personas, lambda u: can_manage_employer(u, employer)) == {
        "employer_member",
        "counselor",
        "admin",
    }


def test_draft_vacancy_is_visible_to_its_company_and_staff_only(personas, employer):
    draft = f.VacancyFactory(employer=employer, status=VacancyStatus.DRAFT)
    assert allowed(personas, lambda u: can_view_vacancy(u, draft)) == {
        "employer_member",
        "counselor",
        "admin",
    }
    assert allowed(personas, lambda u: can_edit_vacancy(u, draft)) == {
        "employer_member",
        "counselor",
        "admin",
    }


def test_published_vacancy_is_public(personas, vacancy):
    assert allowed(personas, lambda u: can_view_vacancy(u, vacancy)) == set(personas)


def test_statistics_are_for_staff_roles(personas):
    assert allowed(personas, lambda u: has_capability(u, "view_statistics")) == {
        "counselor",
        "official",
        "program_manager",
        "admin",
    }
    assert allowed(personas, lambda u: has_capability(u, "manage_programs")) == {"program_manager", "admin"}


def test_an_inactive_staff_account_has_no_capability(counselor):
    counselor.is_active = False
    assert not has_capability(counselor, "view_seekers")


def test_only_the_admin_reads_the_access_log(personas):
    assert allowed(personas, lambda u: has_capability(u, "view_access_log")) == {"admin"}
