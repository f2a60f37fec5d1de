"""Schemathesis over /api/openapi.json: no operation answers 5xx, as anonymous or as a counselor.

Every operation gets a bounded number of generated requests (hostile strings, odd Unicode,
huge numbers, missing fields) — sent as anonymous, then with a counselor's bearer token.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error

from iljari.accounts.actions import do_issue_api_token
from tests import factories as f


def _load_schema():
    from iljari.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/openapi.json", application)


schema = _load_schema()  # pytest-django has configured Django before collection
pytestmark = pytest.mark.django_db


@pytest.fixture
def counselor_token(counselor, vacancy, seeker):
    f.VacancyFactory(employer=vacancy.employer)
    return do_issue_api_token(user=counselor, name="fuzz")[1]


@schema.parametrize()
@settings(
    max_examples=2,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_api_operation_answers_a_server_error(case, counselor_token):
    for headers in ({}, {"Authorization": f"Bearer {counselor_token}"}):
        response = case.call(headers=headers)
        case.validate_response(response, checks=[not_a_server_error])
