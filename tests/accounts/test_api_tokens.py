"""Issue 15 #17: API tokens have scopes (area × read/write), an expiry and a page to list and
revoke them — enforced for every operation in one place (the token schemes)."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from iljari.accounts.actions import do_issue_api_token
from iljari.accounts.models import ApiToken
from iljari.accounts.tokens import AREA_OF_PREFIX, ScopeMissing, required_scope
from iljari.api import API_ROUTERS
from iljari.vacancies.models import Vacancy
from tests import factories as f

pytestmark = pytest.mark.django_db


def _bearer(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


VACANCY = {
    "title": "CO2 용접원",
    "duties": "철구조물 CO2 용접",
    "wage_type": "monthly",
    "wage_amount": 3_000_000,
}


def test_a_read_only_token_cannot_write(employer_member, employer):
    _token, key = do_issue_api_token(
        user=employer_member, name="조회용", scopes=["vacancies:read", "employers:read"]
    )
    client = _bearer(key)
    assert client.get("/api/vacancies/").status_code == 200
    before = Vacancy.objects.count()
    refused = client.post(f"/api/employers/{employer.pk}/vacancies", VACANCY, content_type="application/json")
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    body = refused.json()
    assert body["missing_scope"] == "employers:write" and "employers:write" in body["detail"]
    assert Vacancy.objects.count() == before


def test_a_token_scoped_to_vacancies_cannot_read_seekers(counselor, seeker):
    _token, key = do_issue_api_token(user=counselor, name="공고만", scopes=["vacancies:write"])
    client = _bearer(key)
    assert client.get("/api/vacancies/").status_code == 200  # write includes read of its area
    refused = client.get(f"/api/seekers/{seeker.pk}")
    assert refused.status_code == 403 and refused.json()["missing_scope"] == "seekers:read"
    full = do_issue_api_token(user=counselor, name="구직자", scopes=["seekers:read"])[1]
    assert _bearer(full).get(f"/api/seekers/{seeker.pk}").status_code == 200


def test_an_expired_token_is_refused_with_401(seeker):
    token, key = do_issue_api_token(user=seeker.user, name="app", scopes=["seekers:read"])
    assert _bearer(key).get("/api/seekers/me").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    refused = _bearer(key).get("/api/seekers/me")
    assert refused.status_code == 401 and refused["Content-Type"] == "application/problem+json"
    assert "만료" in refused.json()["title"]


def test_a_revoked_token_is_refused(client_for, seeker):
    token, key = do_issue_api_token(user=seeker.user, name="app", scopes=["seekers:read"])
    page = client_for(seeker.user)
    asked = page.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert asked.status_code == 200 and "폐기할까요" in asked.text  # a confirmation step first
    assert _bearer(key).get("/api/seekers/me").status_code == 200
    done = page.post(f"/accounts/tokens/{token.pk}/revoke/", {"confirm": "yes"})
    assert done.status_code == 302
    refused = _bearer(key).get("/api/seekers/me")
    assert refused.status_code == 401 and refused.json()["status"] == 401


def test_the_page_creates_lists_and_shows_the_secret_once(client_for, seeker):
    page = client_for(seeker.user)
    created = page.post(
        "/accounts/tokens/",
        {"name": "내 앱", "scopes": ["seekers:read", "vacancies:read"], "expires_in_days": "30"},
    )
    assert created.status_code == 200
    token = ApiToken.objects.get(user=seeker.user)
    key = created.context["new_key"]
    assert key.startswith("ilj_") and key in created.text and key not in token.key_hash
    assert token.scopes == ["seekers:read", "vacancies:read"]
    assert (token.expires_at - timezone.now()).days in (29, 30)
    assert _bearer(key).get("/api/seekers/me").status_code == 200
    assert _bearer(key).get("/api/seekers/me").status_code == 200
    listing = page.get("/accounts/tokens/")
    assert "내 앱" in listing.text and "구직자 읽기" in listing.text and key not in listing.text
    assert listing.context["tokens"][0].last_used_at is not None


def test_the_form_refuses_bad_input_in_korean(client_for, seeker):
    page = client_for(seeker.user)
    bad = page.post("/accounts/tokens/", {"name": "", "scopes": ["seekers:admin"], "expires_in_days": "400"})
    assert bad.status_code == 400
    errors = bad.context["form"].errors
    assert errors["name"] == ["토큰 이름을 입력해 주세요."]
    assert errors["scopes"] == ["알 수 없는 권한입니다."]
    assert errors["expires_in_days"] == ["유효 기간은 1일에서 365일 사이로 정해 주세요."]
    none = page.post("/accounts/tokens/", {"name": "x", "expires_in_days": "90"})
    assert none.context["form"].errors["scopes"] == ["권한을 하나 이상 골라 주세요."]
    assert not ApiToken.objects.exists()


def test_another_users_token_cannot_be_revoked_or_seen(client_for, seeker, other_seeker, admin_user):
    token, key = do_issue_api_token(user=seeker.user, name="남의 토큰", scopes=["seekers:read"])
    other = client_for(other_seeker.user)
    assert other.post(f"/accounts/tokens/{token.pk}/revoke/", {"confirm": "yes"}).status_code == 404
    assert "남의 토큰" not in other.get("/accounts/tokens/").text
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    admin = client_for(admin_user)
    assert "남의 토큰" in admin.get("/accounts/tokens/").text  # 관리자 sees every token
    assert admin.post(f"/accounts/tokens/{token.pk}/revoke/", {"confirm": "yes"}).status_code == 302
    assert _bearer(key).get("/api/seekers/me").status_code == 401


def test_expiry_is_at_most_a_year_and_defaults_to_90_days(seeker):
    token, _key = do_issue_api_token(user=seeker.user, name="기본")
    assert (token.expires_at - timezone.now()).days in (89, 90)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        do_issue_api_token(user=seeker.user, name="너무 김", scopes=["seekers:read"], expires_in_days=366)


def test_every_api_router_has_an_area_and_unknown_prefixes_need_an_impossible_scope(rf):
    assert {prefix for prefix, _router in API_ROUTERS} <= set(AREA_OF_PREFIX)
    assert required_scope(rf.get("/api/cases/3")) == "counseling:read"
    assert required_scope(rf.patch("/api/vacancies/3")) == "vacancies:write"
    assert required_scope(rf.post("/api/new-thing/1")).startswith("unknown-")
    assert str(ScopeMissing("seekers:read")).startswith("이 토큰에는 'seekers:read' 권한")


def test_a_session_is_not_limited_by_token_scopes(client_for, seeker):
    do_issue_api_token(user=seeker.user, name="좁은 토큰", scopes=["taxonomy:read"])
    assert client_for(seeker.user).get("/api/seekers/me").status_code == 200


def test_existing_tokens_get_todays_scopes_and_an_expiry_by_migration():
    from importlib import import_module

    migration = import_module("iljari.accounts.migrations.0003_api_token_scopes")
    from iljari.accounts.tokens import ALL_SCOPES

    assert sorted(migration.EXISTING_SCOPES) == sorted(ALL_SCOPES)
    user = f.UserFactory(username="legacy")
    token = ApiToken.objects.create(user=user, name="old", key_hash="x" * 64, prefix="ilj_old")
    from django.apps import apps

    migration.grant_todays_behaviour(apps, None)
    token.refresh_from_db()
    assert sorted(token.scopes) == sorted(ALL_SCOPES) and token.expires_at > timezone.now()
