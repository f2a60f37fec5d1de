"""Issue 15 #5: a material edit of a published vacancy goes back to 승인대기 as a revision; the
published version stays visible until the job center approves it."""

import pytest

from iljari.vacancies.actions import do_update_vacancy
from iljari.vacancies.models import Vacancy, VacancyRevision, VacancyStatus
from tests import factories as f

pytestmark = pytest.mark.django_db

SCAM = "고수익 보장! 선입금 후 재택 알바"


@pytest.fixture
def published(employer):
    return f.VacancyFactory(employer=employer, title="CO2 용접공 모집", wage_amount=3_000_000)


def test_employer_edit_of_a_published_title_waits_for_approval(
    client_for, client, employer_member, published
):
    c = client_for(employer_member)
    response = c.post(
        f"/employers/vacancies/{published.pk}/edit/",
        f.vacancy_post(title=SCAM, wage_amount="3000000", occupation_unknown="on"),
        follow=True,
    )
    assert "일자리센터 승인 후 게시됩니다" in response.content.decode()
    published.refresh_from_db()
    assert published.status == VacancyStatus.PUBLISHED and published.title == "CO2 용접공 모집"
    revision = VacancyRevision.objects.get(vacancy=published, status="pending")
    assert revision.changes["title"] == SCAM
    client.logout()
    public = client.get(f"/jobs/{published.pk}/").content.decode()
    assert "CO2 용접공 모집" in public and SCAM not in public
    assert SCAM not in client.get("/api/vacancies/", {"q": "재택"}).content.decode()


def test_counselor_sees_the_change_in_the_queue_and_approves_it(
    client_for, counselor, published, employer_member
):
    do_update_vacancy(
        vacancy=published, actor=employer_member, title="CO2 용접공 (주간 고정)", wage_amount=3_200_000
    )
    c = client_for(counselor)
    page = c.get(f"/counselor/vacancies/{published.pk}/").content.decode()
    assert 'id="vacancy-revision"' in page and "CO2 용접공 (주간 고정)" in page
    c.post(f"/counselor/vacancies/{published.pk}/", {"decision": "publish"})
    published.refresh_from_db()
    assert (published.title, published.wage_amount, published.status) == (
        "CO2 용접공 (주간 고정)",
        3_200_000,
        VacancyStatus.PUBLISHED,
    )
    revision = VacancyRevision.objects.get(vacancy=published)
    assert revision.status == "approved" and revision.decided_by == counselor


def test_counselor_rejects_a_scam_edit_and_the_published_text_stays(
    client_for, counselor, published, employer_member
):
    do_update_vacancy(vacancy=published, actor=employer_member, title=SCAM)
    c = client_for(counselor)
    c.post(f"/counselor/vacancies/{published.pk}/", {"decision": "return", "reason": "허위·과장 공고"})
    published.refresh_from_db()
    assert published.title == "CO2 용접공 모집"
    assert VacancyRevision.objects.get(vacancy=published).status == "rejected"


@pytest.mark.parametrize(
    "change",
    [
        {"duties": "전화 상담"},
        {"wage_amount": 9_000_000},
        {"work_hours": "22:00-06:00"},
        {"shift": "night"},
        {"address": "다른 주소 1"},
    ],
)
def test_every_material_field_waits(published, employer_member, change):
    before = {name: getattr(published, name) for name in change}
    do_update_vacancy(vacancy=published, actor=employer_member, **change)
    fresh = Vacancy.objects.get(pk=published.pk)
    assert {name: getattr(fresh, name) for name in change} == before
    assert VacancyRevision.objects.get(vacancy=published, status="pending").changes == change


def test_the_place_and_the_employer_wait_too(published, employer_member):
    other_region = f.region("28185") if hasattr(f, "region") else None
    other = f.EmployerFactory()
    changes = {"employer": other}
    if other_region is not None:
        changes["work_region"] = other_region
    do_update_vacancy(vacancy=published, actor=employer_member, **changes)
    fresh = Vacancy.objects.get(pk=published.pk)
    assert fresh.employer_id == published.employer_id
    assert VacancyRevision.objects.get(vacancy=published).changes["employer"] == other.pk


def test_non_material_edits_apply_at_once(published, employer_member):
    do_update_vacancy(vacancy=published, actor=employer_member, openings=7, dormitory=True)
    fresh = Vacancy.objects.get(pk=published.pk)
    assert (fresh.openings, fresh.dormitory) == (7, True)
    assert not VacancyRevision.objects.exists()


def test_a_draft_is_edited_directly(employer, employer_member):
    draft = f.VacancyFactory(employer=employer, status=VacancyStatus.DRAFT, published_at=None)
    do_update_vacancy(vacancy=draft, actor=employer_member, title="새 제목")
    assert Vacancy.objects.get(pk=draft.pk).title == "새 제목"
    assert not VacancyRevision.objects.exists()


def test_a_second_edit_joins_the_pending_revision(published, employer_member):
    do_update_vacancy(vacancy=published, actor=employer_member, title="제목 1")
    do_update_vacancy(vacancy=published, actor=employer_member, duties="업무 2")
    revision = VacancyRevision.objects.get(vacancy=published)
    assert revision.changes == {"title": "제목 1", "duties": "업무 2"}
