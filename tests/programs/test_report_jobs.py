"""A plan's report built in the background: the page returns at once with a job page, the
worker reports its steps, and the finished job offers the file to whoever may see it."""

import pytest
from openpyxl import load_workbook

from iljari.jobs.models import Job
from tests.jobs.helpers import run_worker

pytestmark = pytest.mark.django_db


def test_report_job_returns_at_once_and_offers_the_file(
    client_for, official, seeker, demo_plan, monkeypatch, settings, tmp_path
):
    import io

    settings.MEDIA_ROOT = tmp_path
    client = client_for(official)
    assert "background-results-xlsx" in client.get("/programs/").content.decode()
    resp = client.post(f"/programs/plans/{demo_plan.pk}/report/results.xlsx/background/")
    assert resp.status_code == 302 and resp.url.startswith("/tasks/")
    job = Job.objects.get(kind="programs.report")
    assert job.status == "queued" and "결과" not in job.result
    again = client.post(f"/programs/plans/{demo_plan.pk}/report/results.xlsx/background/")
    assert again.url == resp.url  # the same report is not built twice at once
    run_worker(monkeypatch)
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert (job.done, job.total) == (3, 3) and job.result_url == f"/tasks/{job.pk}/file/"
    html = client.get(resp.url).content.decode()
    assert "보고서 내려받기" in html and ".xlsx" in html
    download = client.get(job.result_url)
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert book.sheetnames
    assert client_for(seeker.user).get(job.result_url).status_code == 404


def test_report_job_refuses_unknown_formats_and_outsiders(client_for, official, seeker, demo_plan):
    assert (
        client_for(official)
        .post(f"/programs/plans/{demo_plan.pk}/report/results.docx/background/")
        .status_code
        == 404
    )
    assert (
        client_for(seeker.user)
        .post(f"/programs/plans/{demo_plan.pk}/report/results.pdf/background/")
        .status_code
        == 403
    )
    assert (
        client_for(official).get(f"/programs/plans/{demo_plan.pk}/report/results.pdf/background/").status_code
        == 405
    )
