"""(b) A seeker signs up, consents, builds a profile, sees recommendations and applies (real Chromium)."""

import pytest
from playwright.sync_api import expect

from iljari.demo.world import seed_consent_texts
from iljari.vacancies.models import Application
from tests import factories as f
from tests.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_seeker_signs_up_builds_a_resume_and_applies_to_a_recommendation(page):
    seed_consent_texts()
    employer = f.EmployerFactory(name="(주)남동용접산업")
    f.VacancyFactory(employer=employer, title="CO2 용접원 모집 (남동공단, 주간)")
    f.VacancyFactory(employer=employer, title="용접원 야간 모집", shift="night")

    page.goto(page.base_url + "/me/signup/")
    screenshot(page, "seeker-signup")
    # the required consents are checked one by one (keyboard users need no "전체 동의")
    page.click("#signup-submit")
    expect(page.locator(".consent-item .form-errors")).to_have_count(3)
    page.click("label[for=consent-all]")
    page.fill("#id_username", "welder55")
    page.fill("#id_full_name", "박용접")
    page.fill("#id_password", "Ironwork-2026!")
    page.fill("#id_password2", "Ironwork-2026!")
    page.fill("#id_birth_year", "1971")
    page.select_option("#id_sigungu", "28200")
    page.locator("#id_dong option").nth(1).wait_for(state="attached")
    page.select_option("#id_dong", "28200107")
    page.click("#signup-submit")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "내 이력서"

    page.fill("#id_job_title", "CO2 용접공")
    page.fill("#id_years", "20")
    page.click("#experience-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "직업 분류: 용접원" in page.locator(".site-messages").inner_text()
    page.fill("#id_name", "용접기능사")
    page.click("#qualification-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "용접기능사" in page.locator("#qualification-list-items").inner_text()
    page.fill("#id_desired_monthly_wage", "2800000")
    page.click("#preferences-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    screenshot(page, "seeker-profile")

    page.click("nav.seeker-tabs >> text=추천 일자리")
    page.wait_for_load_state("networkidle")
    cards = page.locator("#recommendations > li")
    assert cards.count() >= 1
    assert "CO2 용접원 모집" in page.locator("#recommendations").inner_text()
    assert page.locator("#recommendations .reasons li").count() >= 1
    screenshot(page, "seeker-recommendations")

    page.locator("#recommendations > li", has_text="CO2 용접원 모집").locator("a.krds-btn").click()
    page.wait_for_load_state("networkidle")
    page.fill("#id_message", "20년 경력입니다. 바로 출근할 수 있습니다.")
    page.click("#apply-button")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "내 지원 현황"
    assert "접수" in page.locator("#applications").inner_text()
    screenshot(page, "seeker-applications")
    assert Application.objects.filter(seeker__user__username="welder55").count() == 1
