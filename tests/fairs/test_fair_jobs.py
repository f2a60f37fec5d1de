"""The timetable optimisation as a background job: the page returns at once with a job page,
the worker reports the best timetable as it improves, the result keeps every check, two
optimisations of one fair never run at once, and on the day the quick re-optimisation keeps
every announced or held interview."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from iljari.fairs import actions, scheduling
from iljari.fairs import timetable as tt
from iljari.fairs.jobkinds import KIND_OPTIMISE, target_of
from iljari.fairs.models import EventStatus, Interview, InterviewStatus
from iljari.jobs.models import Job, JobStatus
from tests.factories import approved_booth, make_event, open_event, registered
from tests.jobs.helpers import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair(counselor):
    event = make_event(counselor)
    a = approved_booth(event, counselor, interviewers=2)
    b = approved_booth(event, counselor, interviewers=1)
    c = approved_booth(event, counselor, interviewers=1)
    open_event(event, counselor)
    regs = [registered(event, [a, b, c]) for _ in range(6)]
    return event, [a, b, c], regs


def stored_timetable_is_valid(event) -> bool:
    problem = scheduling.build_problem(event, include_fixed=False)
    ivs = [tt.Interview(iv.slot, iv.participation_id, iv.registration_id) for iv in event.interviews.all()]
    return tt.check_timetable(problem, ivs) == []


def test_optimise_returns_at_once_with_a_job_page_and_the_worker_stores_the_timetable(
    client_for, counselor, fair, monkeypatch
):
    event, parts, regs = fair
    client = client_for(counselor)
    seen = []

    from iljari.jobs import runner

    original = runner.JobContext.progress

    def watching(self, *args, **kwargs):  # look at the job page while the worker runs
        keep = original(self, *args, **kwargs)
        if kwargs.get("figure") and not seen:
            seen.append(client.get(f"/tasks/{self.job.pk}/").content.decode())
        return keep

    monkeypatch.setattr(runner.JobContext, "progress", watching)
    resp = client.post(reverse("fairs:optimise", args=[event.pk]), {"notify_email": "1"})
    assert resp.status_code == 302 and resp.url.startswith("/tasks/")
    job = Job.objects.get(kind=KIND_OPTIMISE, target=target_of(event))
    assert job.status == JobStatus.QUEUED and not event.interviews.exists()  # nothing solved in the request
    assert "진행 중" in client.get(reverse("fairs:manage", args=[event.pk])).content.decode()
    run_worker(monkeypatch)
    mid = seen[0]
    assert "면접" in mid and "최적해와의 차이" in mid and "실행 중" in mid and 'hx-trigger="every' in mid
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    run = event.timetable_runs.first()
    assert run is not None and run.seekers_with_interview == 6 and run.value >= run.greedy_value
    assert stored_timetable_is_valid(event)
    html = client.get(resp.url).content.decode()
    assert (
        "면접" in html
        and "선착순 배정이었다면" in html
        and reverse("fairs:timetable", args=[event.pk]) in html
    )
    assert job.notify_email and job.owner == counselor


def test_two_optimisations_of_one_fair_cannot_run_at_once(client_for, counselor, program_manager, fair):
    event, *_ = fair
    first = client_for(counselor).post(reverse("fairs:optimise", args=[event.pk]))
    second = client_for(program_manager).post(reverse("fairs:optimise", args=[event.pk]), follow=True)
    assert Job.objects.filter(kind=KIND_OPTIMISE).count() == 1
    assert second.redirect_chain[-1][0] == first.url
    assert "이미 진행 중" in second.content.decode()
    with pytest.raises(IntegrityError), transaction.atomic():  # the database itself refuses a second
        Job.objects.create(kind=KIND_OPTIMISE, target=target_of(event), status=JobStatus.RUNNING)


def test_only_organisers_start_and_see_optimisations(client_for, counselor, seeker, official, fair):
    event, *_ = fair
    assert client_for(seeker.user).post(reverse("fairs:optimise", args=[event.pk])).status_code == 403
    resp = client_for(counselor).post(reverse("fairs:optimise", args=[event.pk]))
    assert client_for(official).get(resp.url).status_code == 404


def test_draft_timetables_are_valid_and_the_search_can_be_stopped(counselor, fair):
    event, *_ = fair
    problem = scheduling.build_problem(event)
    seen = []

    def on_improve(imp):
        seen.append((imp.value, imp.gap, len(imp.interviews())))
        assert tt.check_timetable(problem, imp.interviews()) == []
        assert scheduling.store_draft_timetable(event=event, problem=problem, interviews=imp.interviews())
        return False  # stop at the first timetable

    run = scheduling.do_optimise(event=event, actor=counselor, time_limit=5, on_improve=on_improve)
    assert len(seen) == 1 and seen[0][2] > 0
    assert run.interviews == seen[0][2] and stored_timetable_is_valid(event)


def test_on_the_day_the_quick_reoptimisation_keeps_announced_and_held_interviews(counselor, fair):
    event, parts, regs = fair
    scheduling.do_optimise(event=event, actor=counselor, time_limit=3)
    actions.do_move_event(event=event, to_status=EventStatus.SCHEDULED, actor=counselor)
    first = list(event.interviews.order_by("slot"))
    assert all(iv.announced for iv in first)
    actions.do_mark_interview(interview=first[0], status=InterviewStatus.NO_SHOW, actor=counselor)
    before = set(event.interviews.values_list("registration_id", "participation_id", "slot", "status"))
    late = registered(event, parts, walk_in=True)  # came on the day: no interview yet
    run = scheduling.do_optimise(event=event, actor=counselor, now_slot=1)
    assert run.method == "cpsat-reoptimise" and run.seconds < 10
    after = set(event.interviews.values_list("registration_id", "participation_id", "slot", "status"))
    assert before <= after
    assert Interview.objects.filter(registration=late).exists()
    assert not event.interviews.filter(announced=False).exists()
    assert stored_timetable_is_valid(event)


def test_a_timetable_that_no_longer_fits_is_not_stored(counselor, fair):
    event, parts, regs = fair
    problem = scheduling.build_problem(event)
    result = tt.solve(problem, time_limit=3)
    greedy = tt.first_come(problem)
    actions.do_cancel_registration(registration=regs[0], actor=counselor)  # during the solve
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        scheduling.store_timetable(
            event=event, problem=problem, result=result, greedy=greedy, actor=counselor
        )
    assert "다시 실행" in exc.value.messages[0]
    assert not event.interviews.exists()
