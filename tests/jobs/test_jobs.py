"""The jobs machinery with the real task queue: a job row per long action, progress while the
worker runs, one active job per object (a database constraint), cancel, and a dead worker's job
failed by its lease — never left "running"."""

import pytest
from django.db import IntegrityError, transaction
from django_tasks_db.models import DBTaskResult

from iljari.jobs.actions import do_cancel_job, do_start_job, expire_stale_jobs
from iljari.jobs.models import Job, JobStatus
from iljari.jobs.registry import JobOutcome
from iljari.notifications.models import Delivery, Notice

from .helpers import Killed, counting_run, end_lease, registered, run_worker, unregister

pytestmark = pytest.mark.django_db


@pytest.fixture
def kinds():
    keys = []

    def add(key, run, **kw):
        keys.append(key)
        return registered(key, run, **kw)

    yield add
    unregister(*keys)


def start(kind, owner, target="thing:1", **kw):
    return do_start_job(kind=kind, target=target, owner=owner, target_label="대상 하나", **kw)


def test_start_queues_a_task_and_the_worker_runs_it_with_progress(kinds, counselor, client_for, monkeypatch):
    seen = []
    client = client_for(counselor)

    def peek(ctx, i):
        if i == 3:  # while the worker runs: the page (and its htmx fragment) shows the progress
            seen.append(client.get(f"/tasks/{ctx.job.pk}/").content.decode())
            seen.append(client.get(f"/tasks/{ctx.job.pk}/", headers={"HX-Request": "true"}).content.decode())

    kinds("test.count", counting_run(5, peek))
    job, created = start("test.count", counselor, notify_email=True)
    assert created and job.status == JobStatus.QUEUED
    assert DBTaskResult.objects.filter(id=job.task_id, status="READY").exists()
    run_worker(monkeypatch)
    page, fragment = seen
    assert "3번째 처리 중" in page and 'value="60"' in page and "최선 30" in page
    assert 'hx-trigger="every 2s"' in fragment and "<html" not in fragment
    assert "작업 취소" in page and "새로 고침" in page
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.percent == 100
    assert job.result["summary"] == "5건 처리" and job.finished_at >= job.started_at
    done = client.get(f"/tasks/{job.pk}/").content.decode()
    assert "5건 처리" in done and "줄 하나" in done and "hx-trigger" not in done and 'id="job-result"' in done
    mail = Delivery.objects.get(template_key="job_finished")
    assert mail.recipient == counselor and mail.channel == "email" and "5건 처리" in mail.body
    notice = Notice.objects.get(recipient=counselor, template_key="job_finished")
    assert notice.link == f"/tasks/{job.pk}/" and "5건 처리" in notice.body


def test_a_second_start_is_shown_the_running_job(kinds, counselor, program_manager):
    kinds("test.count", counting_run())
    first, created = start("test.count", counselor)
    again, created_again = start("test.count", program_manager)
    assert created and not created_again and again.pk == first.pk
    other, created_other = start("test.count", counselor, target="thing:2")
    assert created_other and other.pk != first.pk


def test_the_database_refuses_two_active_jobs_of_a_kind_on_one_object(counselor):
    Job.objects.create(kind="test.x", target="thing:1", owner=counselor, status=JobStatus.RUNNING)
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.create(kind="test.x", target="thing:1", owner=counselor, status=JobStatus.QUEUED)
    # finished jobs do not count
    Job.objects.create(kind="test.x", target="thing:1", owner=counselor, status=JobStatus.FAILED)


def test_a_worker_killed_mid_job_leaves_it_failed_by_its_lease_not_running(
    kinds, counselor, client_for, monkeypatch
):
    def dies(ctx):
        ctx.progress(done=1, total=10, message="처리 중", force=True)
        raise Killed

    kinds("test.dies", dies)
    job, _ = start("test.dies", counselor)
    run_worker(monkeypatch)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and job.lease_until is not None  # as the dead worker left it
    assert expire_stale_jobs() == 0  # the lease still holds
    end_lease(job)
    html = client_for(counselor).get(f"/tasks/{job.pk}/").content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.finished_at is not None
    assert "응답하지 않아" in html and "hx-trigger" not in html
    # the owner hears of it; and the object is free for a new job at once
    assert Delivery.objects.filter(template_key="job_finished").count() == 0  # no e-mail chosen
    assert "응답하지 않아" in Notice.objects.get(recipient=counselor, template_key="job_finished").body
    kinds("test.count", counting_run())
    again, created = start("test.dies", counselor)
    assert created


def test_a_restarted_worker_fails_the_dead_job_before_its_next_task(kinds, counselor, monkeypatch):
    def dies(ctx):
        raise Killed

    kinds("test.dies", dies)
    kinds("test.count", counting_run())
    dead, _ = start("test.dies", counselor)
    run_worker(monkeypatch)
    end_lease(dead)
    start("test.count", counselor, target="other:1")
    run_worker(monkeypatch)  # the restarted worker: task_started → stale jobs expired
    dead.refresh_from_db()
    assert dead.status == JobStatus.FAILED


def test_a_long_step_extends_the_lease(kinds, counselor, monkeypatch):
    def long(ctx):
        ctx.extend_lease(3600)
        raise Killed

    kinds("test.long", long)
    job, _ = start("test.long", counselor)
    run_worker(monkeypatch)
    assert expire_stale_jobs() == 0
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING


def test_cancel_a_queued_job_and_a_running_one(kinds, counselor, client_for, monkeypatch):
    kinds(
        "test.count",
        counting_run(5, peek=lambda ctx, i: i == 2 and do_cancel_job(job=ctx.job, actor=counselor)),
    )
    queued, _ = start("test.count", counselor, target="a:1")
    client = client_for(counselor)
    assert client.post(f"/tasks/{queued.pk}/cancel/").status_code == 302
    queued.refresh_from_db()
    assert queued.status == JobStatus.CANCELLED
    running, _ = start("test.count", counselor, target="a:2")
    run_worker(monkeypatch)
    running.refresh_from_db()
    assert (
        running.status == JobStatus.CANCELLED and running.result["summary"] == "3건에서 멈춤"
    )  # noticed at the next report
    # a finished job cannot be cancelled: a Korean message, not an error page
    response = client.post(f"/tasks/{running.pk}/cancel/", follow=True)
    assert response.status_code == 200 and "이미 끝난 작업" in response.content.decode()


def test_errors_fail_the_job_with_a_message(kinds, counselor, monkeypatch):
    from django.core.exceptions import ValidationError

    def refuses(ctx):
        raise ValidationError("입력이 올바르지 않습니다.")

    def crashes(ctx):
        return 1 / 0

    kinds("test.refuses", refuses)
    kinds("test.crashes", crashes)
    a, _ = start("test.refuses", counselor)
    b, _ = start("test.crashes", counselor)
    run_worker(monkeypatch)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.status == b.status == JobStatus.FAILED
    assert a.error == "입력이 올바르지 않습니다." and "ZeroDivisionError" in b.error


def test_only_the_owner_sees_a_job_and_my_jobs_lists_their_own(
    kinds, counselor, other_team_counselor, client_for
):
    kinds("test.count", counting_run())
    job, _ = start("test.count", counselor)
    assert client_for(other_team_counselor).get(f"/tasks/{job.pk}/").status_code == 404
    assert client_for(other_team_counselor).post(f"/tasks/{job.pk}/cancel/").status_code == 404
    assert (
        job.kind_label
        not in client_for(other_team_counselor).get("/tasks/").content.decode().split("<main")[-1]
    )
    mine = client_for(counselor).get("/tasks/").content.decode()
    assert f"/tasks/{job.pk}/" in mine and "내 작업" in mine


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get("/tasks/").status_code == 302


def test_unknown_kind_is_refused(counselor):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        start("no.such.kind", counselor)


def test_outcome_defaults():
    assert JobOutcome().cancelled is False
