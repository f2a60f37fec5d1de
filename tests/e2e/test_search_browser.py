"""(a) A visitor searches "용접" from the home page and opens a result, in real Chromium."""

import pytest

from tests import factories as f
from tests.conftest import screenshot, wait_for_swapped_list

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

    # filters: open the panel and the place list (htmx brings it), pick 남동구 and a 동: distances
    page.click(".filters summary")
    page.click("text=지역 목록에서 고르기")
    wait_for_swapped_list(page, "#id_region")
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


def test_the_long_lists_open_on_a_phone_without_sideways_scroll_or_axe_findings(
    browser, live_server, reference_data
):
    from tests.e2e.test_a11y_browser import serious_violations

    f.VacancyFactory(title="TIG 용접 정규직")
    context = browser.new_context(locale="ko-KR", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.base_url = live_server.url
    page.goto(live_server.url + "/jobs/?occupation=8241")
    assert page.locator("#occupation-list").inner_text().count("용접원") == 1  # the choice, by name
    assert page.locator("#id_occupation_group").count() == 0  # not rendered until asked for
    for kind, first in (
        ("occupation", "id_occupation_group"),
        ("industry", "id_industry_group"),
        ("place", "id_region"),
    ):
        page.locator(f"#{kind}-list a").click()
        page.locator(f"#{first}").wait_for()
    assert page.locator("#id_occupation option[value='8241']").evaluate("o => o.selected")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_violations(page) == []
    screenshot(page, "search-phone-lists-open")
    context.close()


def _journey_jobs():
    welding = f.EmployerFactory(name="(주)남동용접")
    mold = f.EmployerFactory(name="(주)부평금형")
    f.VacancyFactory(employer=welding, title="CO2용접공 모집", occupation=f.occupation("8241"))
    f.VacancyFactory(
        employer=mold, title="프레스 금형 사상원", duties="금형 연마", occupation=f.occupation("8131")
    )


def test_visitor_picks_an_occupation_by_name_without_knowing_codes(page):
    _journey_jobs()
    page.goto(page.base_url + "/jobs/")
    assert page.locator("#results-title").inner_text() == "검색 결과 2건"

    # a quick choice for a root industry: one press
    page.get_by_role("button", name="금형", exact=True).first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/jobs/?occupation=8131")
    results = page.locator("#search-results").inner_text()
    assert "프레스 금형 사상원" in results and "CO2용접공" not in results
    assert page.locator("button[name=occupation_pick][aria-pressed=true]").inner_text().endswith("금형")

    # the two-level choice: the list comes on demand, then 분야 → 세부 직종 (htmx fills the second)
    assert page.locator(".filters").get_attribute("open") is not None  # a filter is on: the panel is open
    page.click("text=직종 목록에서 고르기")
    # the list takes the link's place and the keyboard goes on in its first select
    # a locator wait, not wait_for_function: the pages' strict CSP forbids string evaluation
    wait_for_swapped_list(page, "#id_occupation_group")
    page.select_option("#id_occupation_group", "82")
    page.locator("#id_occupation option[value='8241']").wait_for(state="attached")
    page.select_option("#id_occupation", label="용접원")
    page.click("text=조건 적용")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/jobs/?occupation=8241")
    assert page.locator("#results-title").inner_text() == "검색 결과 1건"
    chip = page.locator(".active-filter").first
    assert "직종" in chip.inner_text() and "용접원" in chip.inner_text()
    screenshot(page, "search-occupation-chosen")

    # remove it from the summary: every vacancy again
    page.get_by_role("link", name="직종 ‘용접원’ 조건 지우기").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#results-title").inner_text() == "검색 결과 2건"

    # the name search: a job title the visitor knows ("티그") leads to 용접원
    page.click(".filters summary")
    page.fill("#id_occupation_q", "티그")
    match = page.locator("#occupation-matches button[value='8241']")
    match.wait_for()
    screenshot(page, "search-occupation-name-search")
    match.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/jobs/?occupation=8241")
    assert "CO2용접공 모집" in page.locator("#search-results").inner_text()


def test_occupation_pickers_work_without_javascript(browser, live_server, reference_data):
    _journey_jobs()
    context = browser.new_context(
        locale="ko-KR", viewport={"width": 375, "height": 812}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(live_server.url + "/jobs/")
    page.click(".filters summary")
    with page.expect_navigation():
        page.click("text=직종 목록에서 고르기")  # a plain link: the list is a page of its own
    page.select_option("#id_occupation_group", "82")
    with page.expect_navigation():
        page.get_by_role("button", name="조건 적용").click()
    assert page.url.endswith("/jobs/?occupation=82")
    assert page.locator("#results-title").inner_text() == "검색 결과 1건"
    with page.expect_navigation():
        page.click("text=직종 목록에서 고르기")
    page.select_option("#id_occupation", "8241")  # the list of 82 is there after the round trip
    with page.expect_navigation():
        page.get_by_role("button", name="조건 적용").click()
    page.wait_for_load_state()
    assert page.url.endswith("/jobs/?occupation=8241")
    page.fill("#id_occupation_q", "금형")
    page.keyboard.press("Enter")  # the form is sent; the matches come with the page
    page.wait_for_load_state()
    page.locator("#occupation-matches button[value='8131']").click()
    page.wait_for_load_state()
    assert page.url.endswith("/jobs/?occupation=8131")
    assert "프레스 금형 사상원" in page.locator("#search-results").inner_text()
    screenshot(page, "search-pickers-phone-nojs")
    context.close()
