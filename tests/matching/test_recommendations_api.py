"""/api/recommendations through HTTP, persona by persona."""

import pytest

from iljari.audit.models import AccessLog
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def welder(seeker):
    f.ExperienceFactory(seeker=seeker)
    f.QualificationHeldFactory(seeker=seeker)
    seeker.desired_occupations.add(f.occupation("8241"))
    return seeker


@pytest.fixture
def welding_vacancy(employer):
    vacancy = f.VacancyFactory(employer=employer, title="CO2 용접공 모집 (남동공단, 주간)")
    vacancy.required_qualifications.add(f.qualification("용접기능사"))
    return vacancy


def test_seeker_gets_own_recommendations_with_korean_reasons(client_for, welder, welding_vacancy):
    items = client_for(welder.user).get("/api/recommendations/me").json()
    assert items[0]["vacancy_id"] == welding_vacancy.pk
    assert items[0]["rank"] == 1
    assert any("용접기능사" in reason for reason in items[0]["reasons"])


def test_other_seeker_and_employer_cannot_read_a_seekers_recommendations(
    client_for, welder, other_seeker, employer_member
):
    for user in (other_seeker.user, employer_member):
        response = client_for(user).get(f"/api/recommendations/seekers/{welder.pk}")
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"


def test_anonymous_gets_401(client, welder):
    assert client.get(f"/api/recommendations/seekers/{welder.pk}").status_code == 401
    assert client.get("/api/recommendations/me").status_code == 401


def test_counselor_reads_a_seekers_recommendations_and_the_view_is_logged(
    client_for, counselor, welder, welding_vacancy
):
    response = client_for(counselor).get(f"/api/recommendations/seekers/{welder.pk}")
    assert response.status_code == 200
    assert response.json()[0]["vacancy_id"] == welding_vacancy.pk
    assert AccessLog.objects.filter(actor=counselor, subject_id=str(welder.pk)).exists()


def test_employer_sees_anonymised_candidates_for_own_vacancy_only(
    client_for, employer_member, other_employer_member, welder, welding_vacancy
):
    items = client_for(employer_member).get(f"/api/recommendations/vacancies/{welding_vacancy.pk}").json()
    card = next(i for i in items if i["seeker_id"] == welder.pk)
    assert card["display_name"] == "홍*동"
    assert card["phone"] == "010-****-5678"
    assert card["identity_visible"] is False
    assert card["qualifications"] == ["용접기능사"]
    response = client_for(other_employer_member).get(f"/api/recommendations/vacancies/{welding_vacancy.pk}")
    assert response.status_code == 403


def test_counselor_sees_candidates_in_full(client_for, counselor, welder, welding_vacancy):
    items = client_for(counselor).get(f"/api/recommendations/vacancies/{welding_vacancy.pk}").json()
    card = next(i for i in items if i["seeker_id"] == welder.pk)
    assert card["display_name"] == "홍길동"
    assert card["phone"] == "010-1234-5678"


def test_out_of_range_k_and_unknown_ids_are_4xx(client_for, counselor, welder):
    client = client_for(counselor)
    assert client.get(f"/api/recommendations/seekers/{welder.pk}", {"k": 500}).status_code == 422
    assert client.get("/api/recommendations/seekers/999999").status_code == 404
    assert client.get("/api/recommendations/vacancies/999999").status_code == 404


def test_official_cannot_read_recommendations(client_for, official, welder, welding_vacancy):
    client = client_for(official)
    assert client.get(f"/api/recommendations/seekers/{welder.pk}").status_code == 403
    assert client.get(f"/api/recommendations/vacancies/{welding_vacancy.pk}").status_code == 403
