"""An organiser runs a job fair end to end in real Chromium: create the event, approve
companies, let seekers register, optimise, print, check in, record outcomes, see the report."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from iljari.accounts.models import Role
from iljari.fairs import actions
from iljari.fairs.models import Event, Interview, Registration
from tests import factories as f
from tests.conftest import login_in_browser, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def run_worker_once() -> None:
    """The task worker, one pass (``iljari db_worker --batch``)."""
    from django.core.management import call_command

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_organiser_runs_a_fair_end_to_end(page, browser):
    organiser = f.UserFactory(username="fair_org", role=Role.COUNSELOR, full_name="김박람")
    employers = [f.EmployerFactory(name=n) for n in ("(주)남동용접", "(주)부평금형", "(주)송도열처리")]
    for e in employers:
        f.VacancyFactory(employer=e, title=f"{e.name} 생산직 모집")
    seekers = [
        f.SeekerFactory(user__username=f"fair_seeker{i}", user__full_name=f"구직자{i}") for i in range(5)
    ]
    seekers[0].desired_occupations.add(f.occupation("8241"))

    # 1. create the event
    login_in_browser(page, "fair_org")
    page.goto(page.base_url + "/fairs/new/")
    page.fill("#id_title", "남동 뿌리산업 채용박람회")
    page.select_option("#id_kind", "fair")
    page.select_option("#id_mode", "offline")
    page.fill("#id_date", (timezone.localdate() + dt.timedelta(days=7)).isoformat())
    page.fill("#id_start_time", "10:00")
    page.fill("#id_end_time", "12:00")
    page.fill("#id_slot_minutes", "20")
    page.fill("#id_venue", "남동구청 대강당")
    page.fill("#id_halls", "1관")
    page.click("#main-content button[type=submit]")
    page.wait_for_load_state("networkidle")
    event = Event.objects.get(title="남동 뿌리산업 채용박람회")
    assert page.url.endswith(f"/fairs/{event.pk}/manage/")

    # 2. companies apply (their own pages are tested elsewhere); the organiser approves them
    for e in employers:
        actions.do_apply_participation(
            event=event, employer=e, actor=organiser, interviewers=1, vacancies=e.vacancies.all()
        )
    page.reload()
    for name in ("(주)남동용접", "(주)부평금형", "(주)송도열처리"):
        page.locator(f"tr[data-company='{name}'] button", has_text="승인").click()
        page.wait_for_load_state("networkidle")
    assert page.locator("#participations").inner_text().count("승인") >= 3
    screenshot(page, "fair-manage")
    page.locator("button[data-to=open]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#event-status").inner_text() == "참가 접수 중"

    # 3. seekers register: one in the browser (with the engine's suggestion), the rest directly
    seeker_ctx = browser.new_context(locale="ko-KR", viewport={"width": 390, "height": 844})
    phone = seeker_ctx.new_page()
    phone.base_url = page.base_url
    login_in_browser(phone, "fair_seeker0")
    phone.goto(f"{page.base_url}/fairs/{event.pk}/")
    phone.click("#register-link")
    # expect() waits: the click returns once the new page is committed, before it is parsed
    expect(phone.locator("#suggestions li")).to_have_count(3)
    screenshot(phone, "fair-register")
    phone.click("label[for=id_consent_share_resume]")
    assert phone.is_checked("#id_consent_share_resume")
    phone.click("#main-content button[type=submit]")
    phone.wait_for_load_state("networkidle")
    assert "면접 일정" in phone.locator("h1").inner_text()
    event.refresh_from_db()
    parts = list(event.participations.all())
    for i, s in enumerate(seekers[1:]):
        actions.do_register_seeker(
            event=event, seeker=s, actor=s.user, choices=[parts[i % 3], parts[(i + 1) % 3]]
        )

    page.goto(f"{page.base_url}/fairs/{event.pk}/")
    assert page.locator(".booth").count() == 3
    screenshot(page, "fair-public-page")

    # 4. optimise
    page.goto(f"{page.base_url}/fairs/{event.pk}/manage/")
    assert page.locator("#registered-count").inner_text() == "5"
    page.click("#optimise-button")
    page.wait_for_load_state("networkidle")
    assert "/tasks/" in page.url  # the optimisation runs as a background job
    run_worker_once()
    page.locator("#job-result").click()  # the job page polls until the result link appears
    page.wait_for_load_state("networkidle")
    assert "/timetable/" in page.url
    assert "구직자 5명" in page.locator("#run-summary").inner_text()
    assert page.locator("#timetable .tt-iv").count() == Interview.objects.filter(event=event).count() >= 5
    screenshot(page, "fair-timetable")
    page.goto(f"{page.base_url}/fairs/{event.pk}/manage/")
    page.locator("button[data-to=scheduled]").click()
    page.wait_for_load_state("networkidle")

    # 5. print: booth and seeker schedules as PDF with a QR code, and the phone view
    page.goto(f"{page.base_url}/fairs/{event.pk}/companies/{parts[0].pk}/schedule/")
    pdf = page.request.get(page.url + "?format=pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body()[:5] == b"%PDF-"
    phone.reload()
    assert phone.locator("#my-interviews li").count() >= 1
    assert phone.locator("img.qr").evaluate("img => img.naturalWidth") > 0
    screenshot(phone, "fair-seeker-phone")

    # 6. the day: QR check-in, live queues, no-show
    reg = Registration.objects.get(seeker=seekers[0])
    page.goto(f"{page.base_url}/fairs/{event.pk}/checkin/{reg.token}/")
    page.click("#confirm-checkin")
    page.wait_for_load_state("networkidle")
    assert "입장을 확인했습니다" in page.content()
    assert "입장 1명" in page.locator("#checkin-count").inner_text()
    page.goto(f"{page.base_url}/fairs/{event.pk}/queues/")
    first_waiting = page.locator("#queues li[data-interview]").first
    no_show_id = int(first_waiting.get_attribute("data-interview"))
    first_waiting.locator("button", has_text="불참").click()
    # a locator wait, not wait_for_function: the pages' strict CSP forbids string evaluation
    page.locator(f'#queues li[data-interview="{no_show_id}"]').wait_for(state="detached")
    screenshot(page, "fair-queues")

    # 7. outcomes: a hire becomes a placement
    page.goto(f"{page.base_url}/fairs/{event.pk}/outcomes/")
    row = page.locator("#outcomes tr[data-interview]").filter(has_not_text="불참").first
    hired_id = int(row.get_attribute("data-interview"))
    row.locator("select").select_option("hired")
    row.locator("input[name=monthly_wage]").fill("3100000")
    row.locator("button", has_text="기록").click()
    page.wait_for_load_state("networkidle")
    assert "채용" in page.locator(f"#iv-{hired_id} .result").inner_text()
    assert Interview.objects.get(pk=hired_id).placement is not None

    # 8. the report
    page.goto(f"{page.base_url}/fairs/{event.pk}/report/")
    assert (
        page.locator("#report-summary").inner_text()
        == "참여기업 3곳, 1차 면접 1건, 2차 면접 0건, 현장 채용 1명"
    )
    xlsx = page.request.get(f"{page.base_url}/fairs/{event.pk}/report/?format=xlsx")
    assert xlsx.body()[:2] == b"PK"
    path = screenshot(page, "fair-report")
    assert path.stat().st_size > 10_000
    seeker_ctx.close()
