"""PATCH /api/vacancies/{id} (issue 15 #5): a material edit of a published vacancy through the API
becomes the same pending VacancyRevision (승인대기) as the web edit; the published version stays."""

import pytest
from django.test import Client

from iljari.accounts.actions import do_issue_api_token
from iljari.vacancies.actions import do_decide_vacancy_revision
from iljari.vacancies.models import Vacancy, VacancyRevision, VacancyStatus
from tests import factories as f

pytestmark = pytest.mark.django_db

SCAM = "고수익 보장! 선입금 후 재택 알바"


@pytest.fixture
def published(employer):
    return f.VacancyFactory(employer=employer, title="CO2 용접공 모집", wage_amount=3_000_000)


def _patch(client, vacancy, body):
    return client.patch(f"/api/vacancies/{vacancy.pk}", body, content_type="application/json")


def test_a_material_api_edit_waits_for_approval_and_the_published_version_stays(
    client, client_for, employer_member, counselor, published
):
    response = _patch(client_for(employer_member), published, {"title": SCAM, "wage_amount": 2_900_000})
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "CO2 용접공 모집"
    assert body["pending_changes"] == {"title": SCAM, "wage_amount": 2_900_000}
    published.refresh_from_db()
    assert published.status == VacancyStatus.PUBLISHED and published.title == "CO2 용접공 모집"
    revision = VacancyRevision.objects.get(vacancy=published, status="pending")
    assert revision.submitted_by == employer_member
    assert client.get(f"/api/vacancies/{published.pk}").json()["title"] == "CO2 용접공 모집"
    assert SCAM not in client.get("/api/vacancies/", {"q": "재택"}).content.decode()
    do_decide_vacancy_revision(revision=revision, actor=counselor, approve=True)
    assert client.get(f"/api/vacancies/{published.pk}").json()["title"] == SCAM


def test_a_place_or_hours_change_is_material_too(client_for, employer_member, published):
    from iljari.taxonomy.models import Region

    region = Region.objects.exclude(pk=published.work_region_id).order_by("code").first()
    body = {"work_hours": "08:00~17:00", "region_code": region.code}
    response = _patch(client_for(employer_member), published, body)
    assert response.status_code == 200
    assert response.json()["pending_changes"] == {"work_hours": "08:00~17:00", "work_region": region.pk}
    stays = Vacancy.objects.get(pk=published.pk)
    assert stays.work_hours != "08:00~17:00" and stays.work_region_id != region.pk
    unknown = _patch(client_for(employer_member), published, {"region_code": "0000000000"})
    assert unknown.status_code == 422 and "region_code" in unknown.json()["errors"]


def test_a_minor_edit_applies_at_once(client_for, employer_member, published):
    response = _patch(client_for(employer_member), published, {"openings": 3})
    assert response.status_code == 200
    assert response.json()["openings"] == 3 and response.json()["pending_changes"] is None
    assert not VacancyRevision.objects.filter(vacancy=published).exists()


def test_only_the_companys_members_may_edit(client, client_for, other_employer_member, counselor, published):
    assert _patch(client, published, {"title": SCAM}).status_code == 401
    assert _patch(client_for(other_employer_member), published, {"title": SCAM}).status_code == 403
    assert _patch(client_for(counselor), published, {"title": SCAM}).status_code == 403
    assert not VacancyRevision.objects.exists()


def test_a_read_only_token_cannot_edit(employer_member, published):
    _token, key = do_issue_api_token(user=employer_member, name="조회", scopes=["vacancies:read"])
    refused = _patch(Client(HTTP_AUTHORIZATION=f"Bearer {key}"), published, {"title": SCAM})
    assert refused.status_code == 403 and refused.json()["missing_scope"] == "vacancies:write"
    _token, key = do_issue_api_token(user=employer_member, name="수정", scopes=["vacancies:write"])
    assert _patch(Client(HTTP_AUTHORIZATION=f"Bearer {key}"), published, {"title": SCAM}).status_code == 200
