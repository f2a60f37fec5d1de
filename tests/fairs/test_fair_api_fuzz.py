"""Focused fuzzing of /api/fairs against the OpenAPI spec: never a 500."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from iljari.accounts.actions import do_issue_api_token
from iljari.wsgi import application
from tests.factories import approved_booth, make_event, open_event, registered

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application).include(path_regex=r"^/api/fairs")


@pytest.fixture
def organiser_token(counselor):
    event = make_event(counselor)
    booth = approved_booth(event, counselor)
    open_event(event, counselor)
    registered(event, [booth])
    _token, key = do_issue_api_token(user=counselor, name="fuzz")
    return key


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_fair_endpoints_never_answer_500(case, organiser_token):
    response = case.call(headers={"Authorization": f"Bearer {organiser_token}"})
    assert response.status_code < 500, (case.path, case.query, case.body, response.text[:300])
