"""Journey (d) in real Chromium: the counselor refers (알선) a seeker; the employer sees the referral,
with the seeker's name and contact masked until the seeker consents or applies."""

import pytest

from iljari.accounts.models import Role
from iljari.referrals.actions import do_move_referral
from iljari.referrals.models import Referral, ReferralStatus
from tests import factories as f
from tests.conftest import login_in_browser, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_counselor_refers_a_seeker_and_the_employer_sees_the_referral(page):
    employer = f.EmployerFactory(name="(주)남동용접")
    f.EmployerMemberFactory(employer=employer, user__username="employer_d", user__full_name="정인사")
    vacancy = f.VacancyFactory(employer=employer, title="CO2 용접공 모집 (주간, 통근버스)")
    seeker = f.SeekerFactory(user__username="welder_d", user__full_name="홍길동", user__phone="010-5555-7777")
    f.ExperienceFactory(seeker=seeker, years=12)
    f.QualificationHeldFactory(seeker=seeker)
    f.UserFactory(username="counselor_d", role=Role.COUNSELOR, full_name="김상담")

    login_in_browser(page, "counselor_d")
    page.goto(page.base_url + "/counselor/search/")
    page.fill("#id_q", "010-5555")
    page.click("form[role=search] button[type=submit]")
    page.click("#search-results >> text=홍길동")
    assert "010-5555-7777" in page.inner_text("#seeker-facts")
    page.fill("#id_vacancy", str(vacancy.pk))
    page.fill("#id_note", "CO2 용접 12년, 용접기능사 보유. 주간 근무 희망.")
    page.click("#refer-submit")
    assert "되돌릴 수 없" in page.inner_text("#confirm-step") or page.is_visible("#confirm-button")
    page.click("#confirm-button")  # 알선 asks first (the seeker is told at once)
    assert "알선했습니다" in page.inner_text(".site-messages")
    assert "CO2 용접공 모집" in page.inner_text("#seeker-referrals")
    screenshot(page, "d1-counselor-referred")
    referral = Referral.objects.get()
    assert (referral.seeker, referral.vacancy) == (seeker, vacancy)

    page.context.clear_cookies()
    login_in_browser(page, "employer_d")
    page.goto(page.base_url + "/employers/referrals/")
    assert "홍*동" not in page.inner_text("#main-content"), "nothing before the seeker agrees"
    # the seeker agrees (취업 활동), the center sends it to the company
    do_move_referral(referral=referral, to_status=ReferralStatus.SEEKER_ACCEPTED, actor=seeker.user)
    counselor = referral.counselor
    do_move_referral(referral=referral, to_status=ReferralStatus.EMPLOYER_REVIEW, actor=counselor)
    page.reload()
    listing = page.inner_text("#referral-list")
    assert "CO2 용접공 모집" in listing and "홍*동" in listing
    assert "홍길동" not in listing and "010-5555-7777" not in listing
    assert "CO2 용접 12년" not in listing, "never the counselor's note"
    screenshot(page, "d2-employer-sees-referral")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.locator("#referral-list").is_visible()
    screenshot(page, "d3-employer-referral-phone")
