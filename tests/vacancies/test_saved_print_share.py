"""관심공고, the print view, the share link, and the back link that returns to the same search."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from iljari.vacancies.models import SavedVacancy
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_seeker_saves_and_unsaves_a_vacancy_and_sees_the_list(client, seeker, vacancy):
    client.force_login(seeker.user)
    detail = reverse("vacancies:detail", args=[vacancy.pk])
    assert "관심공고 저장" in client.get(detail).content.decode()
    for _ in range(2):  # twice: still one
        response = client.post(reverse("vacancies:save", args=[vacancy.pk]))
        assert response.status_code == 302
    assert SavedVacancy.objects.filter(seeker=seeker).count() == 1
    assert "관심공고 해제" in client.get(detail).content.decode()
    listing = client.get(reverse("vacancies:saved")).content.decode()
    assert vacancy.title in listing and 'id="saved-vacancies"' in listing
    client.post(
        reverse("vacancies:save", args=[vacancy.pk]), {"action": "unsave", "next": reverse("vacancies:saved")}
    )
    assert not SavedVacancy.objects.exists()
    assert vacancy.title not in client.get(reverse("vacancies:saved")).content.decode()


def test_saving_is_for_signed_in_seekers_and_visible_vacancies(client, seeker, employer_member, vacancy):
    assert client.post(reverse("vacancies:save", args=[vacancy.pk])).status_code == 302  # to log in
    client.force_login(employer_member)
    assert client.post(reverse("vacancies:save", args=[vacancy.pk])).status_code == 403
    draft = f.VacancyFactory(status="draft", published_at=None)
    client.force_login(seeker.user)
    assert client.post(reverse("vacancies:save", args=[draft.pk])).status_code == 404
    assert not SavedVacancy.objects.exists()
    assert reverse("vacancies:saved") in client.get("/").content.decode()  # in the seeker's menu


def test_the_back_link_returns_to_the_same_search(client, vacancy):
    results = client.get(reverse("vacancies:search"), {"q": "용접", "sort": "closing"})
    html = results.content.decode()
    link = next(part for part in html.split('href="') if part.startswith(f"/jobs/{vacancy.pk}/"))
    detail_url = link.split('"')[0].replace("&amp;", "&")
    back = parse_qs(urlparse(detail_url).query)["back"][0]
    assert parse_qs(back) == {"q": ["용접"], "sort": ["closing"]}
    page = client.get(detail_url).content.decode()
    assert 'id="back-to-search"' in page and "검색 결과로 돌아가기" in page
    back_href = (
        page.split('id="back-to-search"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    )
    assert parse_qs(urlparse(back_href).query) == {"q": ["용접"], "sort": ["closing"]}
    # only search fields come back: no other parameters, no other site
    odd = client.get(reverse("vacancies:detail", args=[vacancy.pk]), {"back": "q=a&next=//evil.example&x=1"})
    odd_html = odd.content.decode()
    odd_href = odd_html.split('id="back-to-search"')[0].rsplit('href="', 1)[1].split('"')[0]
    assert odd_href == "/jobs/?q=a"


def test_print_view_and_share_link(client, vacancy):
    detail = client.get(reverse("vacancies:detail", args=[vacancy.pk])).content.decode()
    assert 'id="share-url"' in detail and f"/jobs/{vacancy.pk}/" in detail and "sms:" in detail
    printed = client.get(reverse("vacancies:print", args=[vacancy.pk]))
    html = printed.content.decode()
    assert printed.status_code == 200 and vacancy.title in html and "print.css" in html
    assert "3,000,000" in html and 'class="site-header"' not in html
    draft = f.VacancyFactory(status="draft", published_at=None)
    assert client.get(reverse("vacancies:print", args=[draft.pk])).status_code == 404
