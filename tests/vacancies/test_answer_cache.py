"""Rendered search answers kept per process: shared only when nothing they depend on moved."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from iljari.vacancies import search_index
from iljari.vacancies.answer_cache import ANSWERS, AnswerCache
from tests import factories as f

pytestmark = pytest.mark.django_db

SEARCH = reverse("vacancies:search")
API = "/api/vacancies/"


@pytest.fixture(autouse=True)
def fresh_answers():
    search_index.forget()
    yield
    search_index.forget()


def test_the_cache_is_bounded_by_entries_and_bytes_and_evicts_the_least_recent():
    cache = AnswerCache(max_entries=2, max_bytes=800, ttl=60)
    cache.put(("a",), "x" * 10)
    cache.put(("b",), "y" * 10)
    assert cache.get(("a",)) == "x" * 10  # "a" is now the most recent
    cache.put(("c",), "z" * 10)
    assert cache.get(("b",)) is None
    assert cache.get(("a",)) == "x" * 10 and cache.get(("c",)) == "z" * 10
    cache.put(("big",), "w" * 90)  # within an entry's share (max_bytes / 8 = 100) …
    cache.put(("bigger",), "v" * 101)  # … but this one is not kept at all
    assert cache.get(("bigger",)) is None
    assert cache.get(("big",)) == "w" * 90
    assert len(cache) == 2


def test_an_answer_expires_and_a_missing_key_is_never_stored():
    cache = AnswerCache(ttl=-1)  # already expired when stored
    cache.put(("a",), "x")
    assert cache.get(("a",)) is None
    assert len(cache) == 0
    cache = AnswerCache()
    cache.put(None, "x")
    assert cache.get(None) is None and len(cache) == 0


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

    employer.name = "(주)새이름정밀"
    employer.save()  # the employer's name is in every card: its vacancies are indexed anew
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
    assert len(ANSWERS) == 0


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
    assert len(ANSWERS) == 0


def test_another_web_process_reuses_an_answer_through_the_shared_cache(client, employer, settings):
    f.VacancyFactory(employer=employer, title="CO2 용접공 모집")
    rendered = client.get(API, {"q": "용접"})
    ANSWERS.clear()  # this process forgets: like a second web process, it has no answer of its own
    shared = client.get(API, {"q": "용접"})
    assert (rendered["X-Search-Cache"], shared["X-Search-Cache"]) == ("miss", "hit")
    assert shared.content == rendered.content

    settings.SEARCH_ANSWER_CACHE = False  # switched off: neither level answers
    ANSWERS.clear()
    assert client.get(API, {"q": "용접"})["X-Search-Cache"] == "miss"


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


def test_a_cached_api_answer_reaches_an_anonymous_caller_before_sessions_and_auth(client, employer):
    f.VacancyFactory(employer=employer, title="CO2 용접공 모집")
    rendered = client.get(API, {"q": "용접"})
    early = client.get(API, {"q": "용접"})
    assert (rendered["X-Search-Cache"], early["X-Search-Cache"]) == ("miss", "hit")
    assert not hasattr(early.wsgi_request, "session") and not hasattr(early.wsgi_request, "user")
    assert early.content == rendered.content
    for header in ("Content-Type", "Content-Language", "X-Frame-Options", "Content-Security-Policy"):
        assert early[header] == rendered[header], header
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in early["Vary"].split(",")}

    client.cookies["csrftoken"] = "x" * 32  # a visitor's CSRF cookie changes nothing
    assert not hasattr(client.get(API, {"q": "용접"}).wsgi_request, "session")
    client.cookies["iljari_session"] = "not-a-session"  # someone who may be signed in: the view answers
    with_cookie = client.get(API, {"q": "용접"})
    assert with_cookie["X-Search-Cache"] == "hit" and hasattr(with_cookie.wsgi_request, "session")
    client.cookies.clear()
    with_token = client.get(API, {"q": "용접"}, HTTP_AUTHORIZATION="Bearer ilj_unknown")
    assert hasattr(with_token.wsgi_request, "session")
    english = client.get(API, {"q": "용접"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english["X-Search-Cache"] == "miss" and english["Content-Language"] == "en"


def test_an_anonymous_visitor_gets_the_whole_kept_page_with_a_csrf_token_of_their_own(employer):
    from iljari.vacancies.answer_cache import CSRF_PLACEHOLDER

    f.VacancyFactory(employer=employer, title="CO2 용접공 모집")
    first_visitor = Client(enforce_csrf_checks=True)
    rendered = first_visitor.get(SEARCH, {"q": "용접"})
    visitor = Client(enforce_csrf_checks=True)
    kept = visitor.get(SEARCH, {"q": "용접"})
    assert (rendered["X-Search-Cache"], kept["X-Search-Cache"]) == ("miss", "hit")
    assert kept.templates == []  # nothing rendered for this request
    page = kept.content.decode()
    assert CSRF_PLACEHOLDER not in page and "CO2 용접공 모집" in page and "로그인" in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert f'"X-CSRFToken": "{token}"' in page  # the htmx header carries the same token
    switched = visitor.post(reverse("set_language"), {"language": "en", "csrfmiddlewaretoken": token})
    assert switched.status_code == 302  # the token is this visitor's own

    with_message = Client()
    with_message.cookies["messages"] = "pending"  # a message to show: the page is rendered for them
    again = with_message.get(SEARCH, {"q": "용접"})
    assert again["X-Search-Cache"] == "hit" and again.templates != []
