"""In real Chromium: a counselor opens a case, refers the seeker, schedules an accompanied interview
(동행면접), records the hire, and sees the 1-month retention follow-up appear."""

import datetime as dt

import pytest
from django.utils import timezone

from iljari.accounts.models import Role
from iljari.referrals.actions import add_months
from iljari.referrals.models import Interview, Placement
from tests import factories as f
from tests.conftest import login_in_browser, screenshot
from tests.factories import open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_counselor_case_to_accompanied_interview_to_hire_and_follow_up(page):
    team = f.TeamFactory(name="남동 취업지원팀")
    counselor = f.UserFactory(username="counselor_e", role=Role.COUNSELOR, full_name="김상담", team=team)
    employer = f.EmployerFactory(name="(주)남동정밀용접")
    f.VacancyFactory(employer=employer, title="CO2 용접공 (주간·통근버스)", wage_amount=3_200_000)
    seeker = f.SeekerFactory(user__username="welder_e", user__full_name="박용접")
    case = open_case(seeker, counselor, goal="용접 정규직 취업")

    login_in_browser(page, "counselor_e")
    page.goto(page.base_url + "/cases/")
    page.click("#case-table >> text=박용접")
    assert "박용접님 상담 사례" in page.inner_text("h1")
    page.click("#refer-link")
    page.fill("#v-q", "남동정밀")
    page.click("form[role=search] button[type=submit]")
    page.fill("#vacancy-choices input[name=note]", "CO2 용접 8년, 주간 희망")
    page.click("#vacancy-choices button[type=submit]")
    assert "알선을 등록했습니다" in page.inner_text(".site-messages")
    page.click("button[value=seeker_accepted]")
    page.click("button[value=employer_review]")
    assert "기업검토" in page.inner_text("#referral-status")

    starts = timezone.localtime() + dt.timedelta(days=2)
    page.fill("#id_starts_at", starts.strftime("%Y-%m-%dT10:00"))
    page.fill("#id_place", "(주)남동정밀용접 본관 2층 회의실")
    page.fill("#id_meeting_point", "남동공단역 2번 출구")
    page.fill("#id_transport_note", "수인분당선 남동공단역에서 도보 12분")
    screenshot(page, "case-journey-1-interview-form")
    page.click("#interview-form button[type=submit]")
    assert "면접 일정을 등록했습니다" in page.inner_text(".site-messages")
    assert "동행면접" in page.inner_text("#interviews-title + div")
    interview = Interview.objects.get()
    assert interview.kind == "accompanied" and interview.counselor_id == counselor.pk
    with page.expect_download() as download:
        page.click(f"#interview-{interview.pk} >> text=캘린더에 추가(ICS)")
    assert "BEGIN:VEVENT" in download.value.path().read_text(encoding="utf-8")

    hire_date = timezone.localdate()
    page.fill("#id_hire_date", hire_date.isoformat())
    page.fill("#id_monthly_wage", "3200000")
    page.click("#hire-form button[type=submit]")
    assert "채용을 기록했습니다" in page.inner_text(".site-messages")
    row = page.inner_text("#follow-up-1")
    assert "1개월" in row and add_months(hire_date, 1).isoformat() in row and "확인 예정" in row
    assert page.locator("#follow-up-table tbody tr").count() == 4
    screenshot(page, "case-journey-2-placement-follow-ups")
    placement = Placement.objects.get()
    assert placement.referral.status == "hired" and placement.follow_ups.count() == 4

    page.goto(page.base_url + f"/cases/{case.pk}/")
    assert "1개월 확인 예정" in page.inner_text("#ref-title + ul + p")
