"""The data-subject export as a background job: the file is built by the worker, logged as an
export in the access log, and downloadable by its owner only."""

import json

import pytest

from iljari.audit.models import AccessLog
from iljari.jobs.models import Job
from tests.jobs.helpers import run_worker

pytestmark = pytest.mark.django_db


def test_my_data_export_runs_in_the_background_for_its_owner_only(
    client_for, seeker, other_seeker, counselor, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(seeker.user)
    assert "my-data-export" in client.get("/accounts/my-data/").content.decode()
    resp = client.post("/accounts/my-data/export/")
    assert resp.status_code == 302 and resp.url.startswith("/tasks/")
    run_worker(monkeypatch)
    job = Job.objects.get(kind="accounts.export")
    assert job.status == "succeeded", job.error
    download = client.get(job.result_url)
    data = json.loads(b"".join(download.streaming_content))
    assert download.status_code == 200 and data
    assert AccessLog.objects.filter(
        actor=seeker.user, action="export", subject_id=str(seeker.user.pk)
    ).exists()
    for outsider in (other_seeker.user, counselor):
        assert client_for(outsider).get(job.result_url).status_code == 404
        assert client_for(outsider).get(resp.url).status_code == 404
