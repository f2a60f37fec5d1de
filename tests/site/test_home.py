import pytest
from django.urls import reverse

from iljari.vacancies.models import VacancyStatus
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_home_page_is_korean_and_lists_open_vacancies_with_counts(
    client, employer, django_assert_max_num_queries
):
    open_ones = [f.VacancyFactory(employer=employer, title=f"금형 사상원 모집 {i}") for i in range(3)]
    f.VacancyFactory(employer=employer, title="마감된 공고", status=VacancyStatus.CLOSED)
    f.SeekerFactory()
    with django_assert_max_num_queries(8):
        response = client.get(reverse("site:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ko">' in html
    assert "뿌리산업 일자리" in html
    assert 'type="search" name="q"' in html
    for vacancy in open_ones:
        assert vacancy.title in html
    assert "마감된 공고" not in html
    assert response.context["open_vacancy_count"] == 3
    assert response.context["seeker_count"] == 1


def test_home_page_in_english_when_asked(client):
    response = client.get(reverse("site:home"), HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en">' in response.content.decode()


def test_signed_in_user_is_sent_to_a_start_page(client_for, official):
    response = client_for(official).get(reverse("site:dashboard"))
    assert response.status_code == 302


def test_admin_is_in_korean(client_for, admin_user):
    response = client_for(admin_user).get("/admin/")
    assert "일자리센터 관리 화면" in response.content.decode()


def test_health_endpoint(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_menu_depends_on_who_is_signed_in(client, client_for, seeker):
    anonymous = client.get(reverse("site:home")).content.decode()
    assert "기업 회원가입" in anonymous
    assert "추천 일자리" not in anonymous
    signed_in = client_for(seeker.user).get(reverse("site:home")).content.decode()
    assert "추천 일자리" in signed_in
    assert "기업 회원가입" not in signed_in
    assert "상담사 업무" not in signed_in
