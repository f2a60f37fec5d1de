"""In Chromium: the privacy officer's access-log page, the data subject's export, and no
Content-Security-Policy violation on the main pages."""

import json
from pathlib import Path

import pytest

from iljari.accounts.models import Role
from iljari.audit.actions import log_access
from tests import factories as f
from tests.conftest import login_in_browser, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, user) -> None:
    """A session cookie for ``user`` (the login form itself is covered in tests/trust)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": page.base_url}])


def _watch_console(page) -> list[str]:
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))
    return messages


def test_privacy_officer_searches_the_access_log_and_checks_the_chain(page):
    officer = f.UserFactory(username="privacy_officer", role=Role.ADMIN, full_name="정보호")
    counselor = f.UserFactory(username="counselor_x", role=Role.COUNSELOR)
    seeker = f.SeekerFactory(user__full_name="최열람")
    log_access(actor=counselor, action="view", subject=seeker, fields="연락처", purpose="알선 상담")
    log_access(actor=counselor, action="export", subject=f.SeekerFactory(), purpose="기업 제공")
    console = _watch_console(page)
    login_in_browser(page, officer.username)  # the real form once
    page.goto(page.base_url + "/privacy/")
    assert page.get_by_role("heading", name="개인정보 접속기록").is_visible()
    page.fill("#id_subject", "최열람")
    page.get_by_role("button", name="검색").click()
    page.wait_for_load_state("networkidle")
    rows = page.locator("#access-log-table tbody tr")
    texts = [rows.nth(i).inner_text() for i in range(rows.count())]
    assert texts and all("최열람" in text for text in texts)
    assert any("알선 상담" in text for text in texts)
    assert "기업 제공" not in page.inner_text("#access-log-table")
    page.get_by_role("button", name="해시 체인 검증").click()
    page.wait_for_load_state("networkidle")
    assert "온전합니다" in page.locator("#chain-result").inner_text()
    screenshot(page, "privacy-access-log")
    assert not [m for m in console if "Content Security Policy" in m]


def test_seeker_sees_and_downloads_their_own_data(page):
    seeker = f.SeekerFactory(user__username="seeker_dl", user__full_name="김내정보")
    counselor = f.UserFactory(username="counselor_y", role=Role.COUNSELOR)
    log_access(actor=counselor, action="view", subject=seeker, purpose="상담 준비")
    console = _watch_console(page)
    sign_in(page, seeker.user)
    page.goto(page.base_url + "/accounts/my-data/")
    assert page.get_by_role("heading", name="내 정보 열람", exact=True).is_visible()
    assert "김내정보" in page.inner_text("main")
    assert "상담 준비" in page.locator("#access-history").inner_text()
    screenshot(page, "privacy-my-data")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="전체 내려받기 (JSON)").click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert data["profile"]["account"]["full_name"] == "김내정보"
    assert any(row["purpose"] == "상담 준비" for row in data["access_history"])
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    screenshot(page, "privacy-my-data-phone")
    assert not [m for m in console if "Content Security Policy" in m]


MAIN_PAGES = {
    None: ["/", "/jobs/", "/fairs/", "/accounts/login/", "/support/services/"],
    "seeker": ["/me/", "/me/recommendations/", "/me/applications/", "/accounts/my-data/"],
    "employer": ["/employers/", "/employers/vacancies/new/"],
    "counselor": ["/counselor/", "/referrals/", "/cases/"],
    "manager": ["/programs/"],
    "admin": ["/privacy/"],
}


def test_main_pages_raise_no_content_security_policy_violation(page, live_server):
    employer = f.EmployerFactory()
    f.VacancyFactory(employer=employer)
    users = {
        "seeker": f.SeekerFactory(user__username="csp_seeker").user,
        "employer": f.EmployerMemberFactory(employer=employer, user__username="csp_employer").user,
        "counselor": f.UserFactory(username="csp_counselor", role=Role.COUNSELOR, team=f.TeamFactory()),
        "manager": f.UserFactory(username="csp_manager", role=Role.PROGRAM_MANAGER),
        "admin": f.UserFactory(username="csp_admin", role=Role.ADMIN),
    }
    violations: list[str] = []
    visited = 0
    for persona, paths in MAIN_PAGES.items():
        context = page.context.browser.new_context(locale="ko-KR")
        tab = context.new_page()
        tab.base_url = live_server.url
        tab.on(
            "console",
            lambda m, tab=tab: (
                violations.append(f"{tab.url}: {m.text}") if "Content Security Policy" in m.text else None
            ),
        )
        if persona:
            sign_in(tab, users[persona])
        for path in paths:
            response = tab.goto(live_server.url + path)
            tab.wait_for_load_state("networkidle")
            assert response.headers.get("content-security-policy"), path
            visited += 1
        context.close()
    assert visited == sum(len(p) for p in MAIN_PAGES.values())
    assert violations == []
