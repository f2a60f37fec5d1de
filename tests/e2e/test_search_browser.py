"""(a) A visitor searches "용접" from the home page and opens a result, in real Chromium."""

import pytest

from tests import factories as f
from tests.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_searches_welding_and_opens_a_result(page):
    employer = f.EmployerFactory(name="(주)고잔정밀")
    f.VacancyFactory(employer=employer, title="CO2용접공 모집 (남동공단, 주야2교대)")
    f.VacancyFactory(employer=employer, title="금형 사상원 모집", duties="금형 연마", occupation=None)
    page.goto(page.base_url + "/")
    page.fill("input[type=search][name=q]", "용접을")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.locator("#results-title").inner_text() == "검색 결과 1건"
    results = page.locator("#search-results")
    assert "CO2용접공 모집" in results.inner_text() and "금형 사상원" not in results.inner_text()
    screenshot(page, "search-results")

    # filters: open the panel, pick 남동구 and a 동, then distances appear
    page.click(".filters summary")
    page.select_option("#id_region", "28200")
    page.locator("#id_dong option").nth(1).wait_for(state="attached")
    page.select_option("#id_dong", "28200111")
    page.click("text=조건 적용")
    page.wait_for_load_state("networkidle")
    assert "km" in page.locator("#search-results .distance").first.inner_text()

    page.click("#search-results h3 a")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("CO2용접공 모집")
    assert "(주)고잔정밀" in page.locator(".vacancy-detail .meta").first.inner_text()
    path = screenshot(page, "vacancy-detail")
    assert path.stat().st_size > 10_000


def test_search_page_works_on_a_phone(browser, live_server, reference_data):
    context = browser.new_context(locale="ko-KR", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    f.VacancyFactory(title="TIG 용접 정규직")
    page.goto(live_server.url + "/jobs/?q=%EC%9A%A9%EC%A0%91")
    assert page.locator("#results-title").inner_text() == "검색 결과 1건"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(page, "search-phone")
    context.close()
