"""The privacy officer's access-log page and API: who may see it, search, CSV, alerts, chain."""

import pytest
from django.urls import reverse

from iljari.audit.actions import log_access
from iljari.audit.alerts import bulk_access_alerts
from iljari.audit.models import AccessLog
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(counselor, seeker, other_seeker):
    log_access(actor=counselor, action="view", subject=seeker, fields="연락처", purpose="알선 상담")
    log_access(actor=counselor, action="export", subject=other_seeker, fields="이력서", purpose="기업 제공")


def test_only_the_privacy_officer_sees_the_access_log(
    client_for, client, logged, seeker, counselor, official, admin_user
):
    url = reverse("audit:access_log")
    assert client.get(url).status_code == 302
    for user in (seeker.user, counselor, official):
        assert client_for(user).get(url).status_code == 403
        assert client_for(user).get("/api/privacy/access-log").status_code == 403
    response = client_for(admin_user).get(url)
    assert response.status_code == 200
    assert "알선 상담" in response.content.decode()


def test_search_by_subject_action_and_dates(client_for, admin_user, logged):
    client = client_for(admin_user)
    body = client.get(reverse("audit:access_log"), {"subject": "김영희"}).content.decode()
    assert "기업 제공" in body and "알선 상담" not in body
    body = client.get(reverse("audit:access_log"), {"action": "view"}).content.decode()
    assert "알선 상담" in body and "기업 제공" not in body
    bad = client.get(reverse("audit:access_log"), {"date_from": "2026-02-30"})
    assert "날짜 형식이 올바르지 않습니다" in bad.content.decode()


def test_list_page_query_count_does_not_grow_with_rows(
    client_for, admin_user, counselor, seeker, django_assert_max_num_queries
):
    for _ in range(60):
        log_access(actor=counselor, action="view", subject=seeker)
    client = client_for(admin_user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("audit:access_log")).status_code == 200


def test_csv_export_neutralises_formulas_and_is_itself_logged(client_for, admin_user, counselor, seeker):
    log_access(actor=counselor, action="view", subject=seeker, purpose='=HYPERLINK("http://x")')
    response = client_for(admin_user).get(reverse("audit:access_log"), {"format": "csv"})
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert AccessLog.objects.filter(actor=admin_user, action="export").exists()


def test_chain_verification_reports_a_tampered_row(client_for, admin_user, logged):
    row = AccessLog.objects.order_by("id").first()
    AccessLog.objects.filter(pk=row.pk).update(purpose="조작")
    body = client_for(admin_user).get(reverse("audit:access_log"), {"verify": "1"}).content.decode()
    assert f"기록 #{row.pk}부터 해시 체인이 끊어졌습니다" in body
    assert client_for(admin_user).get("/api/privacy/access-log/verify").json() == {
        "intact": False,
        "broken_id": row.pk,
        "reason": "edited",
        "rows": 0,
    }


def test_bulk_access_raises_an_alert(settings, counselor):
    settings.ILJARI_BULK_ACCESS_THRESHOLD = 5
    seekers = [f.SeekerFactory() for _ in range(6)]
    for s in seekers:
        log_access(actor=counselor, action="view", subject=s)
    alerts = bulk_access_alerts()
    assert [(a["actor"], a["subjects"]) for a in alerts] == [("counselor_a", 6)]


def test_a_few_views_raise_no_alert(settings, counselor, seeker):
    settings.ILJARI_BULK_ACCESS_THRESHOLD = 5
    log_access(actor=counselor, action="view", subject=seeker)
    assert bulk_access_alerts() == []


def test_api_search_filters_and_pages(client_for, admin_user, logged):
    body = client_for(admin_user).get("/api/privacy/access-log", {"action": "export", "limit": 1}).json()
    assert body["total"] == 1
    assert body["items"][0]["purpose"] == "기업 제공"


def test_a_purpose_is_stored_in_korean_whatever_the_language_and_shown_in_the_readers(
    client_for, seeker, admin_user
):
    english = client_for(seeker.user)
    english.cookies["django_language"] = "en"
    assert english.get("/api/seekers/me").status_code == 200
    row = AccessLog.objects.get(subject_type="seeker", subject_id=str(seeker.pk), purpose__startswith="본인")
    assert row.purpose == "본인 정보 조회(API)"
    officer = client_for(admin_user)
    officer.cookies["django_language"] = "ko"
    assert "본인 정보 조회(API)" in officer.get(reverse("audit:access_log")).content.decode()
    officer.cookies["django_language"] = "en"
    body = officer.get(reverse("audit:access_log")).content.decode()
    assert "Own profile (API)" in body and "본인 정보 조회(API)" not in body
