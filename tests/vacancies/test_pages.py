import pytest
from django.urls import reverse

from iljari.employers.models import EmployerStatus
from iljari.vacancies.models import Application, ApplicationStatus, VacancyStatus
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_detail_shows_conditions_to_a_visitor_with_login_and_signup_links(client, vacancy):
    response = client.get(reverse("vacancies:detail", args=[vacancy.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert vacancy.title in html and "3,000,000원" in html
    assert reverse("seekers:signup") in html
    assert 'id="apply-button"' not in html


def test_draft_is_hidden_from_visitors_but_visible_to_its_company(
    client, employer, employer_member, other_employer_member
):
    draft = f.VacancyFactory(employer=employer, status=VacancyStatus.DRAFT)
    url = reverse("vacancies:detail", args=[draft.pk])
    assert client.get(url).status_code == 404
    client.force_login(other_employer_member)
    assert client.get(url).status_code == 404
    client.force_login(employer_member)
    assert client.get(url).status_code == 200


def test_seeker_applies_from_the_detail_page(client, seeker, vacancy):
    client.force_login(seeker.user)
    assert 'id="apply-button"' in client.get(reverse("vacancies:detail", args=[vacancy.pk])).content.decode()
    response = client.post(reverse("vacancies:apply", args=[vacancy.pk]), {"message": "주야 교대 가능합니다"})
    assert response.status_code == 302 and response["Location"] == reverse("referrals:seeker_applications")
    application = Application.objects.get(seeker=seeker, vacancy=vacancy)
    assert application.status == ApplicationStatus.RECEIVED
    again = client.get(reverse("vacancies:detail", args=[vacancy.pk])).content.decode()
    assert 'id="already-applied"' in again


def test_second_application_is_refused_with_a_korean_message(client, seeker, vacancy):
    client.force_login(seeker.user)
    client.post(reverse("vacancies:apply", args=[vacancy.pk]))
    response = client.post(reverse("vacancies:apply", args=[vacancy.pk]))
    assert response.status_code == 400
    assert "이미 지원한 공고입니다." in response.content.decode()
    assert Application.objects.count() == 1


def test_too_long_message_is_refused_and_nothing_saved(client, seeker, vacancy):
    client.force_login(seeker.user)
    response = client.post(reverse("vacancies:apply", args=[vacancy.pk]), {"message": "가" * 2001})
    assert response.status_code == 400
    assert "2,000자" in response.content.decode()
    assert not Application.objects.exists()


def test_anonymous_apply_goes_to_login(client, vacancy):
    response = client.post(reverse("vacancies:apply", args=[vacancy.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["employer_member", "counselor", "official"])
def test_non_seekers_cannot_apply(client, vacancy, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(reverse("vacancies:apply", args=[vacancy.pk])).status_code == 403
    assert not Application.objects.exists()


def test_employer_public_page_lists_open_vacancies_only(client, employer, django_assert_max_num_queries):
    f.VacancyFactory.create_batch(3, employer=employer)
    f.VacancyFactory(employer=employer, title="마감된 공고", status=VacancyStatus.CLOSED)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("vacancies:employer", args=[employer.pk]))
    html = response.content.decode()
    assert "채용 중인 공고 3건" in html and "마감된 공고" not in html


def test_unapproved_employer_has_no_public_page(client):
    pending = f.EmployerFactory(status=EmployerStatus.PENDING)
    assert client.get(reverse("vacancies:employer", args=[pending.pk])).status_code == 404
