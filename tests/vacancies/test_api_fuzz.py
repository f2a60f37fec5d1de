"""Focused fuzzing of this app's endpoints (vacancies, applications, seekers) against the OpenAPI spec."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from iljari.accounts.actions import do_issue_api_token
from iljari.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application).include(
    path_regex=r"^/api/(vacancies|applications|seekers)"
)


@pytest.fixture
def keep_connection():
    """Like Django's test client: a request must not close the test transaction's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def seeker_token(seeker, vacancy, keep_connection):
    _token, key = do_issue_api_token(user=seeker.user, name="fuzz")
    return key


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_my_endpoints_never_answer_500(case, seeker_token):
    response = case.call(headers={"Authorization": f"Bearer {seeker_token}"})
    assert response.status_code < 500, (case.path, case.query, case.body, response.text[:300])
