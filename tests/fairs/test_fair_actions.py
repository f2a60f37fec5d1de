"""Fair workflows end to end through the actions: booths, registration, optimisation,
walk-ins, check-in, outcomes → placements, report."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from iljari.fairs import actions, scheduling, scores
from iljari.fairs import timetable as tt
from iljari.fairs.models import (
    EventStatus,
    InterviewResult,
    InterviewStatus,
    ParticipationStatus,
    RegistrationStatus,
)
from iljari.fairs.report import event_report
from iljari.referrals.models import Placement, PlacementSource
from tests.factories import approved_booth, make_event, open_event, registered

from .. import factories as f

pytestmark = pytest.mark.django_db


def test_event_slots_follow_the_time_window(counselor):
    event = make_event(counselor)
    assert event.num_slots == 6
    assert event.slot_label(0) == "10:00~10:20"
    assert event.slot_of(dt.time(10, 30)) == 2
    assert event.slot_of(dt.time(10, 30), end=True) == 1


def test_online_event_needs_a_video_link(counselor):
    with pytest.raises(ValidationError) as err:
        make_event(counselor, mode="online", venue="")
    assert "video_url" in err.value.message_dict


def test_booth_numbers_are_assigned_in_order_and_unique(counselor):
    event = make_event(counselor)
    a = approved_booth(event, counselor)
    b = approved_booth(event, counselor)
    assert (a.booth_number, b.booth_number) == (1, 2)
    with pytest.raises(ValidationError):
        actions.do_update_booth(participation=b, actor=counselor, booth_number=1)


def test_registration_only_while_open_and_only_approved_booths(counselor):
    event = make_event(counselor)
    part = approved_booth(event, counselor)
    with pytest.raises(ValidationError, match="참가 등록 기간"):
        registered(event, [part])
    open_event(event, counselor)
    pending = actions.do_apply_participation(event=event, employer=f.EmployerFactory(), actor=counselor)
    with pytest.raises(ValidationError):
        registered(event, [pending])
    reg = registered(event, [part], consent_share_resume=True)
    assert reg.requests.get().rank == 1 and reg.consent_at is not None


def test_engine_suggestion_ranks_matching_occupation_first(counselor):
    event = make_event(counselor)
    welding = approved_booth(event, counselor)  # factory vacancy: occupation 8241
    other_employer = f.EmployerFactory()
    other_vacancy = f.VacancyFactory(employer=other_employer, occupation=f.occupation("8131"))
    other = actions.do_apply_participation(
        event=event, employer=other_employer, actor=counselor, vacancies=[other_vacancy]
    )
    actions.do_review_participation(participation=other, approve=True, actor=counselor)
    seeker = f.SeekerFactory()
    seeker.desired_occupations.add(f.occupation("8241"))
    ranked = scores.suggest_booths(event, seeker)
    assert ranked[0][0] == welding
    assert ranked[0][1] > ranked[1][1]
    assert all(0.0 <= score <= 1.0 for _, score in ranked)


def test_optimise_stores_a_valid_timetable_and_serves_everyone(counselor):
    event = make_event(counselor)
    a = approved_booth(event, counselor, interviewers=1)
    b = approved_booth(
        event, counselor, interviewers=2, break_start=dt.time(11, 0), break_end=dt.time(11, 20)
    )
    open_event(event, counselor)
    regs = [registered(event, [a, b]) for _ in range(5)]
    run = scheduling.do_optimise(event=event, actor=counselor, time_limit=3)
    problem = scheduling.build_problem(event, include_fixed=False)
    ivs = [tt.Interview(iv.slot, iv.participation_id, iv.registration_id) for iv in event.interviews.all()]
    assert tt.check_timetable(problem, ivs) == []
    assert run.seekers_with_interview == 5 == len({iv.registration_id for iv in event.interviews.all()})
    assert all(iv.slot != 3 for iv in event.interviews.filter(participation=b))  # 11:00 break
    assert run.bound >= run.value and run.greedy_interviews > 0
    assert {r.pk for r in regs} == set(event.interviews.values_list("registration_id", flat=True))


def test_optimise_explains_zero_interviewers(counselor):
    event = make_event(counselor)
    a = approved_booth(event, counselor)
    actions.do_update_booth(participation=a, actor=counselor, interviewers=0)
    open_event(event, counselor)
    registered(event, [a])
    with pytest.raises(ValidationError) as err:
        scheduling.do_optimise(event=event, actor=counselor, time_limit=1)
    assert any("면접관 수가 0명" in m for m in err.value.messages)
    assert not event.interviews.exists()


def test_optimise_explains_booth_hours_outside_the_fair(counselor):
    event = make_event(counselor)
    a = approved_booth(event, counselor, available_from=dt.time(9, 0), available_until=dt.time(13, 0))
    open_event(event, counselor)
    registered(event, [a])
    with pytest.raises(ValidationError) as err:
        scheduling.do_optimise(event=event, actor=counselor, time_limit=1)
    assert any("운영 시간" in m and "밖" in m for m in err.value.messages)


def test_announced_interviews_stay_when_reoptimising_for_walk_ins(counselor):
    event = make_event(counselor)
    a = approved_booth(event, counselor, interviewers=1)
    b = approved_booth(event, counselor, interviewers=1)
    open_event(event, counselor)
    for _ in range(3):
        registered(event, [a, b])
    scheduling.do_optimise(event=event, actor=counselor, time_limit=2)
    actions.do_move_event(event=event, to_status=EventStatus.SCHEDULED, actor=counselor)
    before = set(event.interviews.values_list("registration_id", "participation_id", "slot"))
    walk = scheduling.do_walk_in(
        event=event, seeker=f.SeekerFactory(), actor=counselor, choices=[a, b], now_slot=2
    )
    assert walk.status == RegistrationStatus.WALK_IN and walk.checked_in_at is not None
    assert walk.interviews.exists() and all(iv.slot >= 2 for iv in walk.interviews.all())
    scheduling.do_optimise(event=event, actor=counselor, time_limit=2, now_slot=2)
    after = set(event.interviews.values_list("registration_id", "participation_id", "slot"))
    assert before <= after
    assert not event.interviews.filter(announced=False).exists()  # the timetable is public now
    problem = scheduling.build_problem(event, include_fixed=False)
    ivs = [tt.Interview(iv.slot, iv.participation_id, iv.registration_id) for iv in event.interviews.all()]
    assert tt.check_timetable(problem, ivs) == []


def test_cancelled_registration_frees_its_interviews(counselor):
    event = make_event(counselor)
    a = approved_booth(event, counselor)
    open_event(event, counselor)
    reg = registered(event, [a])
    scheduling.do_optimise(event=event, actor=counselor, time_limit=1)
    actions.do_cancel_registration(registration=reg, actor=reg.seeker.user)
    assert not reg.interviews.exclude(status=InterviewStatus.CANCELLED).exists()


def test_check_in_by_token_and_unknown_token(counselor):
    event = make_event(counselor)
    a = approved_booth(event, counselor)
    open_event(event, counselor)
    reg = registered(event, [a])
    actions.do_check_in(event=event, token=reg.token, actor=counselor)
    reg.refresh_from_db()
    assert reg.checked_in_at is not None
    other = make_event(counselor, title="다른 행사")
    with pytest.raises(ValidationError, match="확인 코드"):
        actions.do_check_in(event=other, token=reg.token, actor=counselor)


def test_hire_becomes_a_fair_placement_and_counts_in_the_report(counselor):
    event = make_event(counselor)
    a = approved_booth(event, counselor, interviewers=2)
    b = approved_booth(event, counselor, interviewers=2)
    open_event(event, counselor)
    for _ in range(3):
        registered(event, [a, b])
    scheduling.do_optimise(event=event, actor=counselor, time_limit=2)
    ivs = list(event.interviews.order_by("id"))
    actions.do_record_result(interview=ivs[0], result=InterviewResult.SECOND_ROUND, actor=counselor)
    actions.do_record_result(
        interview=ivs[0], result=InterviewResult.HIRED, actor=counselor, monthly_wage=3_100_000
    )
    actions.do_record_result(interview=ivs[1], result=InterviewResult.REJECTED, actor=counselor)
    actions.do_mark_interview(interview=ivs[2], status=InterviewStatus.NO_SHOW, actor=counselor)
    placement = Placement.objects.get()
    assert placement.source == PlacementSource.FAIR and placement.source_ref == f"fair:{event.pk}"
    assert placement.monthly_wage == 3_100_000 and placement.hire_date == event.date
    with pytest.raises(ValidationError):
        actions.do_record_result(interview=ivs[0], result=InterviewResult.REJECTED, actor=counselor)
    report = event_report(event)
    assert report["figures"]["companies"] == 2
    assert report["figures"]["first_interviews"] == 2
    assert report["figures"]["second_interviews"] == 1
    assert report["figures"]["hires"] == 1
    assert report["figures"]["no_shows"] == 1
    assert report["summary"] == "참여기업 2곳, 1차 면접 2건, 2차 면접 1건, 현장 채용 1명"


def test_fair_hires_are_what_a_program_rule_for_the_fair_counts(counselor):
    from iljari.programs.models import AttributionRule

    event = make_event(counselor)
    a = approved_booth(event, counselor)
    open_event(event, counselor)
    registered(event, [a])
    scheduling.do_optimise(event=event, actor=counselor, time_limit=1)
    iv = actions.do_record_result(
        interview=event.interviews.get(), result=InterviewResult.HIRED, actor=counselor
    )
    rule = AttributionRule(source=PlacementSource.FAIR, source_ref=f"fair:{event.pk}")
    assert list(Placement.objects.filter(rule.placement_filter())) == [iv.placement]
    assert iv.placement.monthly_wage == a.vacancies.get().wage_amount  # from the booth's vacancy


def test_rejecting_a_company_cancels_its_pending_interviews(counselor):
    event = make_event(counselor)
    a = approved_booth(event, counselor)
    open_event(event, counselor)
    registered(event, [a])
    scheduling.do_optimise(event=event, actor=counselor, time_limit=1)
    actions.do_review_participation(participation=a, approve=False, actor=counselor)
    a.refresh_from_db()
    assert a.status == ParticipationStatus.REJECTED
    assert not event.interviews.filter(status=InterviewStatus.SCHEDULED).exists()


def test_schedule_requires_a_timetable_before_announcing(counselor):
    event = make_event(counselor)
    open_event(event, counselor)
    with pytest.raises(ValidationError, match="시간표"):
        actions.do_move_event(event=event, to_status=EventStatus.SCHEDULED, actor=counselor)
