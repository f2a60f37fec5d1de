"""On a 390×844 phone (ko-KR, real Chromium): the search reads the words and offers relaxations for
an empty result; a seeker's 취업 활동 shows the 알선, the 동행면접 and the hire; nothing scrolls sideways."""

import pytest
from django.utils import timezone

from iljari.referrals.actions import do_answer_referral, do_create_referral, do_hire, do_move_referral
from iljari.vacancies.query_reader import forget_vocabulary
from tests import factories as f
from tests.conftest import screenshot
from tests.factories import accompanied

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server, reference_data):
    context = browser.new_context(locale="ko-KR", viewport=PHONE)
    context.set_default_timeout(60_000)  # 2 shared cores: a cold search index or text model takes time
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def sign_in(page, username: str, then: str) -> None:
    """Log in and land on ``then`` directly (the default landing page may build the text models)."""
    page.goto(page.base_url + "/accounts/login/?next=" + then)
    page.fill("#id_username", username)
    page.fill("#id_password", f.PASSWORD)
    with page.expect_navigation(timeout=60_000):
        page.click("#main-content button[type=submit]")
    page.wait_for_load_state("networkidle")


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_search_on_a_phone_reads_the_words_and_relaxes_an_empty_result(phone):
    forget_vocabulary()
    employer = f.EmployerFactory(name="(주)부평프레스", dormitory=True)
    bupyeong = f.region("28237")
    f.VacancyFactory(
        employer=employer, title="프레스 기능공 (기숙사)", work_region=bupyeong, lat=bupyeong.lat, lon=bupyeong.lon,
        dormitory=True, shift="two_shift",
    )  # fmt: skip
    f.VacancyFactory(title="CO2 용접공 야간조", shift="night")
    phone.goto(phone.base_url + "/jobs/?q=" + "남동구 기숙사")
    phone.wait_for_load_state("networkidle")
    assert "남동구 · 기숙사 제공" in phone.locator("#query-reading").inner_text()
    assert "조건에 맞는 공고가 없습니다" in phone.locator("#no-results").inner_text()
    relax = phone.locator("#relaxations a").first
    assert "인접 지역까지 넓혀 보기" in relax.inner_text() and "(1건)" in relax.inner_text()
    assert no_sideways_scroll(phone)
    screenshot(phone, "phone-390-search-empty-relaxations")
    relax.click()
    phone.wait_for_load_state("networkidle")
    assert "프레스 기능공" in phone.locator("#search-results").inner_text()
    assert no_sideways_scroll(phone)

    phone.goto(phone.base_url + "/jobs/")
    phone.fill("input[type=search][name=q]", "용접 야간")
    phone.keyboard.press("Enter")
    phone.wait_for_load_state("networkidle")
    assert "용접 관련 직종 · 야간 근무(교대 포함)" in phone.locator("#query-reading").inner_text()
    assert "CO2 용접공 야간조" in phone.locator("#search-results").inner_text()
    chips = phone.locator(".active-filter")
    assert chips.count() == 2
    assert no_sideways_scroll(phone)
    screenshot(phone, "phone-390-search-read-words")


def test_a_seekers_timeline_on_a_phone(phone, seeker, vacancy, counselor):
    counselor.phone = "032-123-4567"
    counselor.save()
    referral = do_create_referral(
        seeker=seeker, vacancy=vacancy, counselor=counselor, note="용접 경력을 살릴 수 있는 자리"
    )
    do_answer_referral(seeker=seeker, referral=referral, accept=True, actor=seeker.user)
    do_move_referral(referral=referral, to_status="employer_review", actor=counselor)
    accompanied(referral, counselor)
    do_hire(referral=referral, actor=counselor, hire_date=timezone.localdate(), monthly_wage=3_000_000)
    second = f.VacancyFactory(title="TIG 용접 기능공", employer=vacancy.employer)
    do_create_referral(seeker=seeker, vacancy=second, counselor=counselor)

    sign_in(phone, seeker.user.username, "/referrals/activity/")
    text = phone.locator("#main-content").inner_text()
    assert "답해 주세요" in text and "TIG 용접 기능공" in text
    assert f"동행면접: {vacancy.employer.name}" in text and "남동공단역 2번 출구" in text
    assert counselor.display_name in text and "032-123-4567" in text
    assert f"취업: {vacancy.employer.name}" in text and "고용 유지 확인 전화 예정 (1개월 차)" in text
    assert no_sideways_scroll(phone)
    screenshot(phone, "phone-390-activity")
    phone.click("#referral-proposals button:has-text('수락')")
    phone.wait_for_load_state("networkidle")
    assert phone.url.endswith("/referrals/activity/")
    assert phone.locator("#referral-proposals").count() == 0
    phone.goto(phone.base_url + "/notifications/inbox/")
    phone.wait_for_load_state("networkidle")
    inbox = phone.locator("#inbox").inner_text()
    assert "취업을 축하합니다" in inbox and "면접 일정 안내" in inbox
    assert no_sideways_scroll(phone)
    screenshot(phone, "phone-390-inbox")


def test_a_vacancy_on_a_phone_has_save_print_share(phone, seeker, vacancy):
    sign_in(phone, seeker.user.username, f"/jobs/{vacancy.pk}/")
    phone.goto(phone.base_url + f"/jobs/{vacancy.pk}/?back=q%3D%EC%9A%A9%EC%A0%91")
    phone.wait_for_load_state("networkidle")
    phone.click("#save-button")
    phone.wait_for_load_state("networkidle")
    assert phone.locator("#save-button").get_attribute("aria-pressed") == "true"
    assert phone.locator("#back-to-search").get_attribute("href") == "/jobs/?q=%EC%9A%A9%EC%A0%91"
    phone.click("#share-box summary")
    assert f"/jobs/{vacancy.pk}/" in phone.locator("#share-url").input_value()
    assert no_sideways_scroll(phone)
    screenshot(phone, "phone-390-vacancy-tools")
    phone.goto(phone.base_url + "/jobs/saved/")
    assert vacancy.title in phone.locator("#saved-vacancies").inner_text()
