"""Focused fuzzing of this app's endpoints (vacancies, applications, seekers) against the OpenAPI spec."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from iljari.accounts.actions import do_issue_api_token
from iljari.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application).include(
    path_regex=r"^/api/(vacancies|applications|seekers)"
)


@pytest.fixture
def seeker_token(seeker, vacancy):
    _token, key = do_issue_api_token(user=seeker.user, name="fuzz")
    return key


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_my_endpoints_never_answer_500(case, seeker_token):
    response = case.call(headers={"Authorization": f"Bearer {seeker_token}"})
    assert response.status_code < 500, (case.path, case.query, case.body, response.text[:300])
