"""A visitor opens the landing page in real Chromium."""

import pytest

from tests import factories as f
from tests.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_sees_korean_landing_page_with_vacancies(page):
    employer = f.EmployerFactory(name="(주)고잔정밀")
    f.VacancyFactory(employer=employer, title="금형 사상원 모집 (남동공단, 주간)")
    page.goto(page.base_url + "/")
    assert page.locator("h1").inner_text() == "뿌리산업 일자리, 가까운 곳에서 찾으세요"
    assert page.locator("#stat-open-vacancies").inner_text() == "1"
    assert "금형 사상원 모집" in page.locator("#latest-vacancies").inner_text()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "본문 바로가기"
    path = screenshot(page, "home")
    assert path.stat().st_size > 10_000
