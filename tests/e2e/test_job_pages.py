"""A job's page in real Chromium: an organiser starts the timetable optimisation, the page
shows the running job (progress bar, best figure, cancel, refresh) while the real worker runs
it, and the result afterwards — at 390 px and 1280 px (screenshots in test-artifacts/)."""

import pytest
from django.core.management import call_command

from iljari.accounts.models import Role
from iljari.jobs import runner
from iljari.jobs.models import Job
from tests import factories as f
from tests.conftest import login_in_browser, screenshot
from tests.factories import approved_booth, make_event, open_event, registered

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (390, 1280)


def shots(page, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        page.wait_for_load_state("networkidle")
        screenshot(page, f"{name}-{width}")


def test_job_page_mid_run_and_finished(page, monkeypatch):
    organiser = f.UserFactory(username="job_org", role=Role.COUNSELOR, full_name="김작업")
    event = make_event(organiser, title="부평 뿌리산업 채용박람회")
    parts = [approved_booth(event, organiser, interviewers=2) for _ in range(4)]
    open_event(event, organiser)
    for i in range(14):
        registered(event, (parts[i % 4 :] + parts[: i % 4])[:3])
    login_in_browser(page, "job_org")
    page.goto(f"{page.base_url}/fairs/{event.pk}/manage/")
    page.click("label[for=notify-email]")  # KRDS draws the box on the label
    assert page.is_checked("#notify-email")
    page.click("#optimise-button")
    page.wait_for_load_state("networkidle")
    assert "/tasks/" in page.url
    assert page.locator(".job-status .krds-badge").inner_text() == "대기 중"
    job_url = page.url

    seen = {}
    original = runner.JobContext.progress

    def progress_then_look(self, *args, **kwargs):
        keep = original(self, *args, **kwargs)
        if kwargs.get("figure") and "mid" not in seen:  # the worker is mid-run: look at the page
            seen["mid"] = True
            page.goto(job_url)
            assert page.locator(".job-status .krds-badge").inner_text() == "실행 중"
            assert "최적해와의 차이" in page.locator("#job-figure").inner_text()
            assert page.locator("#job-cancel").is_visible() and page.locator("progress.job-bar").count() == 1
            assert page.locator("#job-progress[hx-trigger]").count() == 1  # htmx keeps polling
            shots(page, "job-page-running")
        return keep

    monkeypatch.setattr(runner.JobContext, "progress", progress_then_look)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)  # the real worker, one pass
    assert seen.get("mid")
    job = Job.objects.get()
    assert job.status == "succeeded", job.error
    page.goto(job_url)
    page.wait_for_load_state("networkidle")
    assert page.locator(".job-status .krds-badge").inner_text() == "완료"
    assert page.locator("#job-progress[hx-trigger]").count() == 0 and page.locator("#job-cancel").count() == 0
    assert "선착순 배정이었다면" in page.locator(".job-lines").inner_text()
    shots(page, "job-page-finished")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{page.base_url}/tasks/")
    assert "면접 시간표 최적화" in page.locator("#job-table").inner_text()
    page.goto(job_url)
    page.locator("#job-result").click()
    page.wait_for_load_state("networkidle")
    assert "/timetable/" in page.url and page.locator("#timetable .tt-iv").count() >= 14
