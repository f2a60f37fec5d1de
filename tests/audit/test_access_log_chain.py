"""Issue 15 #2 and #7: the access log's chain holds under concurrent writers, covers every
column, is keyed, and its head is anchored outside the database (deleting the newest rows is
detected)."""

import subprocess
import sys

import pytest
from django.db import connection

from iljari.accounts.models import Role
from iljari.audit.actions import log_access, log_access_many, verify_chain
from iljari.audit.chain import check
from iljari.audit.models import AccessLog
from tests import factories as f
from tests.trust.served import (
    all_at_once,
    copy_sqlite_database,
    request,
    serve,
    server_env,
    session_cookie,
)


def _five(counselor, seeker, rf):
    request = rf.get("/counselor/seekers/1", REMOTE_ADDR="10.1.2.3")
    return [
        log_access(
            actor=counselor, action="view", subject=seeker, fields="연락처", purpose="알선", request=request
        )
        for _ in range(5)
    ]


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("actor_label", "someone-else"),
        ("action", "export"),
        ("subject_type", "user"),
        ("subject_id", "999"),
        ("subject_label", "김철수"),
        ("fields", "전체"),
        ("purpose", "조작"),
        ("ip_address", "10.9.9.9"),
        ("path", "/elsewhere/"),
        ("count", 7),
        ("at", "2020-01-01T00:00:00+00:00"),
        ("actor", "other"),
        ("seq", 1000),
    ],
)
@pytest.mark.django_db
def test_editing_any_column_breaks_the_chain(counselor, other_team_counselor, seeker, rf, column, value):
    rows = _five(counselor, seeker, rf)
    assert verify_chain() == (True, None)
    if column == "actor":
        value = other_team_counselor
    AccessLog.objects.filter(pk=rows[2].pk).update(**{column: value})
    intact, broken_id = verify_chain()
    assert not intact
    assert broken_id == rows[2].pk or (column == "seq" and broken_id in (rows[2].pk, rows[3].pk))


@pytest.mark.django_db
def test_the_chain_is_keyed_outside_the_database(settings, counselor, seeker, rf):
    """Whoever can write to the database but lacks ILJARI_AUDIT_KEY cannot produce a chain that
    verifies: the same rows checked under another key fail."""
    _five(counselor, seeker, rf)
    assert verify_chain() == (True, None)
    settings.ILJARI_AUDIT_KEY = "another key someone guessed 0123456789"
    assert verify_chain()[0] is False


@pytest.mark.django_db(transaction=True)
def test_deleting_the_newest_rows_is_detected(reference_data, counselor, seeker, rf, settings):
    rows = _five(counselor, seeker, rf)
    assert check().intact and check().anchored_seq == 5
    AccessLog.objects.filter(pk__in=[rows[3].pk, rows[4].pk]).delete()
    report = check()
    assert not report.intact and report.reason == "truncated" and report.broken_id == rows[2].pk
    # and emptying the whole log, then logging anew, is detected too
    AccessLog.objects.all().delete()
    assert check().reason == "truncated"
    log_access(actor=counselor, action="view", subject=seeker)
    assert check().intact is False


@pytest.mark.django_db(transaction=True)
def test_a_forged_anchor_line_is_detected(reference_data, counselor, seeker, rf, settings):
    _five(counselor, seeker, rf)
    with open(settings.ILJARI_AUDIT_ANCHOR_FILE, "a") as anchors:
        anchors.write('{"kind": "head", "seq": 3, "hash": "00", "at": "x", "mac": "00"}\n')
    assert check().reason == "anchor"


@pytest.mark.django_db
def test_one_row_per_person_shown(counselor, seeker, other_seeker):
    rows = log_access_many(actor=counselor, action="list", subjects=[seeker, other_seeker, seeker])
    assert [r.subject_id for r in rows] == [str(seeker.pk), str(other_seeker.pk)]
    assert [r.seq for r in rows] == [1, 2]
    assert verify_chain() == (True, None)


def _verify_in_subprocess(env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "iljari.manage", "verify-access-log"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_staff_views_leave_a_chain_that_verifies(tmp_path, reference_data, team):
    """50 counselors open the same seeker at the same instant through a real threaded server
    (each request its own database connection and transaction)."""
    n = 50
    seeker = f.SeekerFactory()
    counselors = [f.UserFactory(username=f"동시열람{i}", role=Role.COUNSELOR, team=team) for i in range(n)]
    sessions = [session_cookie(c) for c in counselors]
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        url = f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        if db.get("PASSWORD"):
            url = url.replace("@", f":{db['PASSWORD']}@", 1)
    else:
        url = copy_sqlite_database(tmp_path / "site.sqlite3")
    env = server_env(url, tmp_path)
    connection.close()
    with serve(env, kind="runserver", log=tmp_path / "server.log") as port:
        results = all_at_once(
            [(lambda s=s: request(port, "GET", f"/api/seekers/{seeker.pk}", session=s)) for s in sessions]
        )
    statuses = [r[0] if isinstance(r, tuple) else repr(r) for r in results]
    assert statuses == [200] * n, statuses
    verified = _verify_in_subprocess(env)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert f"{n} rows" in verified.stdout
    if connection.vendor == "postgresql":
        assert AccessLog.objects.filter(subject_id=str(seeker.pk)).count() == n
        assert verify_chain() == (True, None)
        assert len(set(AccessLog.objects.values_list("prev_hash", flat=True))) == n
