"""'지금 매칭 실행': a manager starts the batch as a background job; the worker runs it with
progress; one batch at a time; others may not start it."""

import pytest

from iljari.jobs.models import Job
from iljari.matching.models import MatchRun
from tests import factories as f
from tests.jobs.helpers import run_worker

pytestmark = pytest.mark.django_db


def test_run_matching_now_is_a_job_with_progress(client_for, counselor, monkeypatch):
    seekers = [f.SeekerFactory() for _ in range(3)]
    f.VacancyFactory()
    f.VacancyFactory()
    client = client_for(counselor)
    assert "지금 매칭 실행" in client.get("/tasks/").content.decode()
    assert client.get("/matching/run/").status_code == 200
    resp = client.post("/matching/run/")
    assert resp.status_code == 302 and resp.url.startswith("/tasks/")
    assert not MatchRun.objects.exists()  # nothing ran in the request
    again = client.post("/matching/run/")
    assert again.url == resp.url and Job.objects.filter(kind="matching.batch").count() == 1
    run_worker(monkeypatch)
    job = Job.objects.get(kind="matching.batch")
    assert job.status == "succeeded", job.error
    assert job.total >= len(seekers) and job.done == job.total
    run = MatchRun.objects.get()
    assert f"구직자 {run.n_seekers:,}명" in job.result["summary"]
    assert "최근 실행" in client.get("/matching/run/").content.decode()


def test_only_managers_run_matching(client_for, seeker, official):
    assert client_for(seeker.user).post("/matching/run/").status_code == 403
    assert client_for(official).get("/matching/run/").status_code == 403
