"""Issue 15 #9: the default SQLite database takes simultaneous writes. 20 seekers apply at the
same instant through a real server (gunicorn workers, and Django's threaded server): 20 successes
and exactly 20 rows; 20 simultaneous staff views each write their access-log row and the chain
still verifies; a 500 from the API never carries a traceback, even with DEBUG."""

import json
import sqlite3

import pytest
from django.db import OperationalError, connection
from django.test import Client

from iljari.accounts.models import Role
from tests import factories as f

from .served import all_at_once, copy_sqlite_database, request, serve, server_env, session_cookie

N = 20


def _sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite default is what this checks")


def _applicants(n):
    vacancy = f.VacancyFactory()
    seekers = [f.SeekerFactory(user__username=f"동시지원{i}") for i in range(n)]
    return vacancy, [session_cookie(s.user) for s in seekers]


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["gunicorn", "runserver"])
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_applications_all_succeed_on_sqlite(tmp_path, reference_data, kind):
    _sqlite_only()
    vacancy, sessions = _applicants(N)
    db = tmp_path / "site.sqlite3"
    env = server_env(copy_sqlite_database(db), tmp_path)
    with serve(env, kind=kind, workers=2, log=tmp_path / "server.log") as port:
        results = all_at_once(
            [
                (lambda s=s: request(port, "POST", "/api/applications/", {"vacancy_id": vacancy.pk}, s))
                for s in sessions
            ]
        )
    statuses = [r[0] if isinstance(r, tuple) else repr(r) for r in results]
    assert statuses == [201] * N, (statuses, (tmp_path / "server.log").read_text()[-3000:])
    with sqlite3.connect(db) as raw:
        rows = raw.execute(
            "SELECT count(*), count(DISTINCT seeker_id) FROM vacancies_application WHERE vacancy_id = ?",
            (vacancy.pk,),
        ).fetchone()
    assert rows == (N, N)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_staff_views_each_log_on_sqlite(tmp_path, reference_data, team):
    _sqlite_only()
    seeker = f.SeekerFactory()
    counselors = [f.UserFactory(username=f"동시상담{i}", role=Role.COUNSELOR, team=team) for i in range(N)]
    sessions = [session_cookie(c) for c in counselors]
    db = tmp_path / "site.sqlite3"
    env = server_env(copy_sqlite_database(db), tmp_path)
    path = f"/api/seekers/{seeker.pk}"
    with serve(env, kind="runserver", log=tmp_path / "server.log") as port:
        results = all_at_once([(lambda s=s: request(port, "GET", path, session=s)) for s in sessions])
    statuses = [r[0] if isinstance(r, tuple) else repr(r) for r in results]
    assert statuses == [200] * N, statuses
    with sqlite3.connect(db) as raw:
        logged = raw.execute(
            "SELECT count(DISTINCT actor_id) FROM audit_accesslog WHERE subject_id = ? AND subject_type = 'seeker'",
            (str(seeker.pk),),
        ).fetchone()[0]
    assert logged == N


@pytest.mark.parametrize(
    ("error", "status"), [(RuntimeError("a bug"), 500), (OperationalError("database is locked"), 503)]
)
def test_an_api_failure_has_no_traceback_even_with_debug(settings, monkeypatch, seeker, error, status):
    """A request that fails inside an API handler answers a problem body (503 with Retry-After
    for a busy database), never Django's or django-ninja's debug traceback."""
    settings.DEBUG = True
    vacancy = f.VacancyFactory()

    def broken(**kwargs):
        raise error

    monkeypatch.setattr("iljari.vacancies.applications_api.do_apply", broken)
    client = Client(raise_request_exception=False)
    client.force_login(seeker.user)
    response = client.post("/api/applications/", {"vacancy_id": vacancy.pk}, content_type="application/json")
    text = response.content.decode()
    assert response.status_code == status, text[:500]
    assert "Traceback" not in text and 'File "' not in text and "a bug" not in text and "locked" not in text
    problem = json.loads(text)
    assert problem["status"] == status and problem["title"]
    assert response["Content-Type"] == "application/problem+json"
