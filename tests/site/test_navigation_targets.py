"""Every role's start page names a URL that exists: a renamed page fails here, not silently."""

import pytest
from django.urls import reverse

from iljari.accounts.models import Role
from iljari.site.views import ROLE_START_PAGES


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_role_start_page_resolves(role):
    name = ROLE_START_PAGES.get(role)
    assert name is not None, f"{role} has no start page"
    assert reverse(name).startswith("/")
