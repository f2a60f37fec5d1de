"""Journey (c) in real Chromium: an employer registers a company and posts a vacancy, a counselor
approves both, and the vacancy appears in the public search."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from iljari.accounts.models import Role
from iljari.employers.models import Employer, EmployerStatus
from iljari.vacancies.models import Vacancy, VacancyStatus
from tests import factories as f
from tests.conftest import login_in_browser, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_out(page):
    page.context.clear_cookies()


def test_employer_registers_posts_and_counselor_approves_until_it_is_searchable(page):
    f.UserFactory(username="counselor_c", role=Role.COUNSELOR, full_name="김상담")

    # 1. a new HR manager registers the company and an account in one form
    page.goto(page.base_url + "/employers/register/")
    page.click("#register-submit")  # empty: Korean messages, nothing saved
    assert "입력 내용을 확인해 주세요." in page.inner_text("#form-error-summary")
    assert page.inner_text("#id_business_number-error") == "필수 입력 항목입니다."
    page.fill("#id_username", "hr_gojan")
    page.fill("#id_password", "Gojan-precision-2026!")
    page.fill("#id_password2", "Gojan-precision-2026!")
    page.fill("#id_full_name", "김인사")
    page.fill("#id_contact_phone", "010-2222-3333")
    page.fill("#id_email", "hr@gojan.co.kr")
    page.fill("#id_name", "(주)고잔정밀")
    page.fill("#id_business_number", "220-81-62518")  # one digit off
    page.select_option("#id_root_sector", "mold")
    page.select_option("#id_region_code", "28200")
    page.fill("#id_address", "남동대로 215")
    page.fill("#id_employees", "28")
    page.click("label[for=id_commuter_bus]")
    page.click("label[for=id_agree]")
    page.click("#register-submit")
    assert "사업자등록번호가 올바르지 않습니다" in page.inner_text("#id_business_number-error")
    assert not Employer.objects.exists()
    page.fill("#id_password", "Gojan-precision-2026!")
    page.fill("#id_password2", "Gojan-precision-2026!")
    page.fill("#id_business_number", "220-81-62517")
    page.click("#register-submit")
    page.wait_for_url("**/employers/")
    assert page.inner_text("#company-pending") == "승인 대기"
    screenshot(page, "c1-employer-registered")

    # 2. the vacancy, with the live preview following the typing
    page.click("text=새 공고 등록")
    page.fill("#id_title", "금형 사상원 모집 (남동공단, 주간)")
    page.fill("#id_duties", "프레스 금형 사상 및 조립")
    page.fill("#id_wage_amount", "3100000")
    page.fill("#id_closing_date", (timezone.localdate() + dt.timedelta(days=21)).isoformat())
    expect(page.locator("#vacancy-preview")).to_contain_text("월급 3,100,000원")  # htmx, under the CSP
    preview = page.inner_text("#vacancy-preview")
    assert "금형 사상원 모집" in preview and "프레스 금형 사상" in preview and "통근버스" in preview
    screenshot(page, "c2-vacancy-live-preview")
    page.click("#submit-for-approval")
    page.wait_for_selector("#vacancy-status")
    assert page.inner_text("#vacancy-status") == "승인대기"
    vacancy = Vacancy.objects.get()
    assert vacancy.status == VacancyStatus.PENDING

    # 3. the counselor approves the company, then the vacancy, from the work queues
    sign_out(page)
    login_in_browser(page, "counselor_c")
    page.wait_for_url("**/counselor/")
    assert page.inner_text("#count-employers") == "1"
    screenshot(page, "c3-counselor-queues")
    page.click('#queue-employers a:has-text("(주)고잔정밀")')
    page.click("label[for=id_decision_0]")
    page.click("#decide-submit")
    page.wait_for_url("**/counselor/")
    assert Employer.objects.get().status == EmployerStatus.APPROVED
    page.click('#queue-vacancies a:has-text("금형 사상원 모집")')
    page.click("label[for=id_decision_0]")
    screenshot(page, "c4-vacancy-review")
    page.click("#decide-submit")
    page.wait_for_url("**/counselor/")
    assert page.inner_text("#count-vacancies") == "0"
    assert Vacancy.objects.get().status == VacancyStatus.PUBLISHED

    # 4. anyone finds it in the public search
    sign_out(page)
    page.goto(page.base_url + "/jobs/?q=금형")
    assert "금형 사상원 모집 (남동공단, 주간)" in page.inner_text("main")
    screenshot(page, "c5-public-search")
