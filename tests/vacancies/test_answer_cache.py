"""The one answer cache of public search (Django's ``search_answers`` cache): an answer is reused
only while nothing it depends on moved, and holds nothing of the visitor who asked."""

import re

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from iljari.employers.actions import do_update_employer
from iljari.vacancies import search_index
from tests import factories as f

pytestmark = pytest.mark.django_db

SEARCH = reverse("vacancies:search")
API = "/api/vacancies/"


@pytest.fixture(autouse=True)
def fresh_answers():
    search_index.forget()
    yield
    search_index.forget()


def kept_answers() -> int:
    """How many answers the search_answers cache holds (the local-memory backend of the tests)."""
    return len(caches["search_answers"]._cache)


def test_answers_are_kept_in_djangos_cache_only_for_valid_searches(client, employer):
    f.VacancyFactory(employer=employer, title="CO2 용접공 모집")
    assert kept_answers() == 0
    client.get(SEARCH, {"q": "용접"})
    client.get(API, {"q": "용접"})
    assert kept_answers() == 2  # the page's body and the API's JSON
    for _ in range(2):
        assert client.get(SEARCH, {"wage_min": "-5"}).status_code == 400
    assert kept_answers() == 2


def test_the_search_page_serves_the_same_body_again_until_a_vacancy_changes(client, employer):
    f.VacancyFactory(employer=employer, title="CO2 용접공 모집")
    first = client.get(SEARCH, {"q": "용접"})
    again = client.get(SEARCH, {"q": "용접"})
    assert (first["X-Search-Cache"], again["X-Search-Cache"]) == ("miss", "hit")
    assert (
        again.content.decode().count("CO2 용접공 모집")
        == first.content.decode().count("CO2 용접공 모집")
        == 1
    )

    f.VacancyFactory(employer=employer, title="TIG 용접 기능공")  # a new version of the index
    after = client.get(SEARCH, {"q": "용접"})
    assert after["X-Search-Cache"] == "miss"
    assert "TIG 용접 기능공" in after.content.decode()

    # the employer's name is in every card: the action marks its vacancies for indexing anew
    do_update_employer(employer=employer, actor=None, name="(주)새이름정밀")
    renamed = client.get(SEARCH, {"q": "용접"})
    assert renamed["X-Search-Cache"] == "miss"
    assert "(주)새이름정밀" in renamed.content.decode()


def test_each_visitor_gets_their_own_navigation_and_csrf_token_around_a_shared_body(seeker, employer):
    f.VacancyFactory(employer=employer, title="CO2 용접공 모집")
    anonymous = Client(enforce_csrf_checks=True).get(SEARCH, {"q": "용접"})
    visitor = Client(enforce_csrf_checks=True)
    visitor.force_login(seeker.user)
    signed_in = visitor.get(SEARCH, {"q": "용접"})
    assert signed_in["X-Search-Cache"] == "hit"
    assert "로그아웃" in signed_in.content.decode() and "로그아웃" not in anonymous.content.decode()
    # the page's form token is this visitor's own: the language switch accepts it
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', signed_in.content.decode())
    assert token is not None
    switched = visitor.post(
        reverse("set_language"), {"language": "en", "csrfmiddlewaretoken": token.group(1)}
    )
    assert switched.status_code == 302


def test_an_invalid_search_is_refused_every_time_and_never_cached(client):
    for _ in range(2):
        response = client.get(SEARCH, {"wage_min": "-5"})
        assert response.status_code == 400
        assert response["X-Search-Cache"] == "miss"
    assert kept_answers() == 0


def test_the_language_is_part_of_the_key(client, employer):
    f.VacancyFactory(employer=employer, title="CO2 용접공 모집")
    korean = client.get(SEARCH, {"q": "용접"}, HTTP_ACCEPT_LANGUAGE="ko")
    english = client.get(SEARCH, {"q": "용접"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english["X-Search-Cache"] == "miss"
    assert "검색 결과" in korean.content.decode() and "검색 결과" not in english.content.decode()


def test_the_api_answer_is_kept_and_moves_with_the_index(client, employer):
    f.VacancyFactory(employer=employer, title="CO2 용접공 모집")
    first = client.get(API, {"q": "용접"})
    again = client.get(API, {"q": "용접"})
    assert (first["X-Search-Cache"], again["X-Search-Cache"]) == ("miss", "hit")
    assert first.json() == again.json() and first.json()["count"] == 1
    assert again["Content-Type"].startswith("application/json")

    f.VacancyFactory(employer=employer, title="TIG 용접 기능공")
    after = client.get(API, {"q": "용접"})
    assert after["X-Search-Cache"] == "miss" and after.json()["count"] == 2
    assert client.get(API, {"q": "용접", "page": "2"})["X-Search-Cache"] == "miss"  # another question


def test_the_cache_can_be_switched_off(client, employer, settings):
    settings.SEARCH_ANSWER_CACHE = False
    f.VacancyFactory(employer=employer, title="CO2 용접공 모집")
    states = [client.get(SEARCH, {"q": "용접"})["X-Search-Cache"] for _ in range(2)]
    states += [client.get(API, {"q": "용접"})["X-Search-Cache"] for _ in range(2)]
    assert states == ["miss"] * 4
    assert kept_answers() == 0


def test_other_processes_changes_show_within_the_check_interval_own_changes_at_once(
    client, employer, settings, monkeypatch
):
    """Near-real-time: a process asks the search log at most every SEARCH_INDEX_CHECK_SECONDS;
    what it changed itself it sees at the next search."""
    from django.db.models import Model

    clock = [1000.0]
    monkeypatch.setattr(search_index.time, "monotonic", lambda: clock[0])
    settings.SEARCH_INDEX_CHECK_SECONDS = 0.25
    f.VacancyFactory(employer=employer, title="CO2 용접공 모집")  # this process's change …
    assert client.get(API, {"q": "용접"}).json()["count"] == 1  # … seen at once

    # another process publishes a vacancy: the row arrives, but nothing here is told
    other = f.VacancyFactory.build(employer=employer, title="TIG 용접 기능공")
    Model.save(other)  # the plain save, without Vacancy.save's touch() of this process
    clock[0] += 0.1
    assert client.get(API, {"q": "용접"}).json()["count"] == 1  # asked 0.1 s ago: not yet
    clock[0] += 0.2  # past the interval
    assert client.get(API, {"q": "용접"}).json()["count"] == 2


def test_a_kept_api_answer_goes_through_the_whole_middleware_chain(client, employer):
    f.VacancyFactory(employer=employer, title="CO2 용접공 모집")
    rendered = client.get(API, {"q": "용접"})
    kept = client.get(API, {"q": "용접"})
    assert (rendered["X-Search-Cache"], kept["X-Search-Cache"]) == ("miss", "hit")
    assert hasattr(kept.wsgi_request, "session") and hasattr(kept.wsgi_request, "user")
    assert kept.content == rendered.content
    for header in ("Content-Type", "Content-Language", "X-Frame-Options", "Content-Security-Policy"):
        assert kept[header] == rendered[header], header
    english = client.get(API, {"q": "용접"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english["X-Search-Cache"] == "miss" and english["Content-Language"] == "en"


def test_every_visitor_gets_a_page_rendered_with_their_own_csrf_token(employer):
    f.VacancyFactory(employer=employer, title="CO2 용접공 모집")
    tokens = []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        page = visitor.get(SEARCH, {"q": "용접"})
        html = page.content.decode()
        assert page.templates != [] and "CO2 용접공 모집" in html and "로그인" in html
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        assert f'"X-CSRFToken": "{token}"' in html  # the htmx header carries the same token
        switched = visitor.post(reverse("set_language"), {"language": "en", "csrfmiddlewaretoken": token})
        assert switched.status_code == 302  # the token is this visitor's own
        tokens.append(page["X-Search-Cache"])
    assert tokens == ["miss", "hit"]  # the second visitor's body came from the cache


def test_a_vacancy_change_is_in_the_next_search_and_no_page_is_stale(client, employer):
    vacancy = f.VacancyFactory(employer=employer, title="CO2 용접공 모집")
    assert "CO2 용접공 모집" in client.get(SEARCH, {"q": "용접"}).content.decode()
    vacancy.title = "TIG 용접 기능공 모집"
    vacancy.save()
    page = client.get(SEARCH, {"q": "용접"})
    assert page["X-Search-Cache"] == "miss"
    html = page.content.decode()
    assert "TIG 용접 기능공 모집" in html and "CO2 용접공 모집" not in html
    assert client.get(API, {"q": "용접"}).json()["results"][0]["title"] == "TIG 용접 기능공 모집"
