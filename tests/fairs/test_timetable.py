"""The pure optimiser: every constraint checked, infeasible inputs explained, re-optimisation
keeps announced interviews, CP-SAT never worse than the greedy baseline."""

import pytest

from iljari.fairs.timetable import (
    Booth,
    Interview,
    Problem,
    Request,
    Seeker,
    TimetableInputError,
    check_timetable,
    first_come,
    generate_fair,
    reoptimise,
    slot_walk_in,
    solve,
    solve_cpsat,
    solve_decomposed,
)
from iljari.fairs.timetable.flow import fairness_flow
from iljari.fairs.timetable.prepare import prepare


def small_fair() -> Problem:
    booths = [
        Booth(id="A", company=1, interviewers=1, name="남동용접"),
        Booth(id="B", company=2, interviewers=2, breaks=frozenset({2}), name="부평금형"),
        Booth(id="C", company=3, interviewers=1, start=1, end=5, name="송도열처리"),
    ]
    seekers = [Seeker(id=i, start=0 if i % 2 else 2, end=6) for i in range(1, 7)]
    requests = []
    for s in range(1, 7):
        for rank, b in enumerate(["A", "B", "C"] if s % 2 else ["C", "A", "B"], start=1):
            requests.append(Request(seeker=s, booth=b, rank=rank, score=0.5 + 0.05 * s))
    return Problem(num_slots=6, booths=booths, seekers=seekers, requests=requests)


def test_cpsat_timetable_satisfies_every_constraint():
    problem = small_fair()
    result = solve_cpsat(problem, time_limit=5)
    assert result.interviews
    assert check_timetable(problem, result.interviews) == []


def test_greedy_timetable_satisfies_every_constraint():
    problem = generate_fair(8, 60, 3, 8, seed=3)
    result = first_come(problem)
    assert check_timetable(problem, result.interviews) == []


def test_checker_catches_capacity_overflow():
    problem = small_fair()
    ivs = [Interview(0, "A", 1), Interview(0, "A", 3)]
    assert any("면접관" in m for m in check_timetable(problem, ivs))


def test_checker_catches_missing_walking_buffer_between_booths():
    problem = small_fair()
    ivs = [Interview(0, "A", 1), Interview(1, "B", 1)]
    assert any("이동 시간" in m for m in check_timetable(problem, ivs))


def test_checker_accepts_interviews_two_slots_apart():
    problem = small_fair()
    assert check_timetable(problem, [Interview(0, "A", 1), Interview(2 + 1, "B", 1)]) == []


def test_checker_catches_break_availability_and_unrequested():
    problem = small_fair()
    assert check_timetable(problem, [Interview(2, "B", 1)])  # B's break
    assert check_timetable(problem, [Interview(5, "C", 1)])  # C has left
    assert check_timetable(problem, [Interview(0, "A", 2)])  # seeker 2 arrives at slot 2
    extra = Problem(
        num_slots=6, booths=problem.booths, seekers=problem.seekers, requests=problem.requests[:1]
    )
    assert check_timetable(extra, [Interview(0, "B", 1)])  # not requested


def test_checker_catches_two_interviews_with_one_company():
    booths = [Booth(id="A1", company=1), Booth(id="A2", company=1)]
    problem = Problem(
        num_slots=4,
        booths=booths,
        seekers=[Seeker(id=1)],
        requests=[Request(1, "A1"), Request(1, "A2", rank=2)],
    )
    assert any(
        "같은 기업" in m for m in check_timetable(problem, [Interview(0, "A1", 1), Interview(3, "A2", 1)])
    )
    result = solve_cpsat(problem, time_limit=2)
    assert len(result.interviews) == 1


def test_every_seeker_gets_an_interview_when_feasible():
    # one popular booth, everybody's first choice; a second booth nobody ranks first
    booths = [Booth(id="hot", company=1, interviewers=1), Booth(id="cold", company=2, interviewers=1)]
    seekers = [Seeker(id=i) for i in range(4)]
    requests = []
    for i in range(4):
        requests.append(Request(i, "hot", rank=1, score=1.0))
    requests.append(Request(0, "cold", rank=2, score=0.1))
    requests.append(Request(1, "cold", rank=2, score=0.1))
    problem = Problem(num_slots=2, booths=booths, seekers=seekers, requests=requests)
    result = solve_cpsat(problem, time_limit=5)
    assert check_timetable(problem, result.interviews) == []
    assert result.seekers_with_interview == 4  # two via "hot", two via "cold"
    assert result.max_seekers_servable == 4


def test_fairness_flow_counts_what_capacity_allows():
    booths = [Booth(id="only", company=1, interviewers=1)]
    problem = Problem(
        num_slots=2,
        booths=booths,
        seekers=[Seeker(id=i) for i in range(5)],
        requests=[Request(i, "only") for i in range(5)],
    )
    need, base = fairness_flow(prepare(problem))
    assert need == 2 and len(base) == 2
    result = solve_cpsat(problem, time_limit=2)
    assert result.seekers_with_interview == 2


def test_cpsat_is_at_least_as_good_as_greedy_and_bound_is_honest():
    problem = generate_fair(10, 120, 3, 8, seed=7)
    greedy = first_come(problem)
    result = solve_cpsat(problem, time_limit=5)
    assert check_timetable(problem, result.interviews) == []
    assert result.seekers_with_interview >= greedy.seekers_with_interview
    assert result.bound is not None and result.bound >= result.value
    assert 0 <= result.gap <= 1
    # greedy is feasible, so when it serves everybody it is a lower bound on the fair optimum
    if greedy.seekers_with_interview == result.max_seekers_servable:
        assert result.value >= greedy.value


def test_bound_is_never_below_a_known_feasible_value():
    problem = generate_fair(6, 40, 3, 6, seed=11)
    result = solve_cpsat(problem, time_limit=5)
    exact = solve_cpsat(problem, time_limit=20)
    assert result.bound >= exact.value
    assert exact.bound >= result.value


def test_zero_interviewers_is_explained():
    problem = small_fair()
    problem.booths = [Booth(id="A", company=1, interviewers=0, name="남동용접"), *problem.booths[1:]]
    with pytest.raises(TimetableInputError) as err:
        solve(problem, time_limit=1)
    assert any("남동용접" in m and "면접관 수가 0명" in m for m in err.value.messages)


def test_slots_outside_the_window_are_explained():
    problem = small_fair()
    problem.booths = [*problem.booths[:2], Booth(id="C", company=3, start=3, end=9, name="송도열처리")]
    problem.seekers = [*problem.seekers[:-1], Seeker(id=6, start=-2, end=4, name="김OO")]
    with pytest.raises(TimetableInputError) as err:
        solve(problem, time_limit=1)
    text = "\n".join(err.value.messages)
    assert "송도열처리" in text and "운영 시간" in text and "밖" in text
    assert "김OO" in text


def test_other_bad_inputs_are_all_reported_at_once():
    problem = Problem(
        num_slots=4,
        booths=[Booth(id="A", company=1, breaks=frozenset({7}))],
        seekers=[Seeker(id=1)],
        requests=[Request(1, "Z"), Request(2, "A"), Request(1, "A", rank=0, score=1.5)],
    )
    with pytest.raises(TimetableInputError) as err:
        prepare(problem)
    assert len(err.value.messages) >= 5


def test_no_slots_and_no_booths_are_explained():
    with pytest.raises(TimetableInputError, match="시간대가 없습니다"):
        prepare(Problem(num_slots=0, booths=[], seekers=[], requests=[]))
    with pytest.raises(TimetableInputError, match="부스가 없습니다"):
        prepare(Problem(num_slots=4, booths=[], seekers=[], requests=[]))


def test_conflicting_announced_interviews_are_explained():
    problem = small_fair()
    problem.fixed = [Interview(0, "A", 1), Interview(0, "A", 3)]
    with pytest.raises(TimetableInputError, match="면접관 수"):
        prepare(problem)


def test_reoptimise_keeps_announced_interviews_and_fills_walk_ins():
    problem = generate_fair(6, 40, 3, 8, seed=5)
    first = solve_cpsat(problem, time_limit=3)
    announced = first.interviews
    walk_ins = [Seeker(id=1000 + i, start=3, end=8) for i in range(5)]
    walk_requests = [Request(1000 + i, b.id, rank=1, score=0.9) for i, b in enumerate(problem.booths[:5])]
    problem.seekers = [*problem.seekers, *walk_ins]
    problem.requests = [*problem.requests, *walk_requests]
    again = reoptimise(problem, announced, now_slot=3, time_limit=3)
    assert set(announced) <= set(again.interviews)
    later = problem
    later.fixed = announced
    later.earliest_slot = 3
    assert check_timetable(later, again.interviews) == []
    assert all(iv.slot >= 3 for iv in set(again.interviews) - set(announced))


def test_reoptimise_drops_cancelled_requests_and_reuses_their_slot():
    booths = [Booth(id="A", company=1, interviewers=1)]
    seekers = [Seeker(id=1), Seeker(id=2)]
    problem = Problem(
        num_slots=1, booths=booths, seekers=seekers, requests=[Request(1, "A"), Request(2, "A")]
    )
    first = solve_cpsat(problem, time_limit=2)
    (taken,) = first.interviews
    other = 2 if taken.seeker == 1 else 1
    problem.requests = [r for r in problem.requests if r.seeker != taken.seeker]  # cancelled
    again = reoptimise(problem, first.interviews, time_limit=2)
    assert again.interviews == [Interview(0, "A", other)]
    assert any("취소" in w for w in again.warnings)


def test_walk_in_gets_earliest_free_slots_without_moving_anyone():
    problem = generate_fair(5, 20, 2, 8, seed=2)
    first = first_come(problem)
    problem.seekers = [*problem.seekers, Seeker(id="walk", start=0, end=8)]
    problem.requests = [
        *problem.requests,
        Request("walk", problem.booths[0].id),
        Request("walk", problem.booths[1].id, rank=2),
    ]
    result = slot_walk_in(problem, first.interviews, "walk", now_slot=4)
    assert set(first.interviews) <= set(result.interviews)
    new = [iv for iv in result.interviews if iv.seeker == "walk"]
    assert all(iv.slot >= 4 for iv in new)
    problem.fixed = first.interviews
    problem.earliest_slot = 4
    assert check_timetable(problem, result.interviews) == []


def test_decomposition_is_feasible_and_serves_as_many_seekers():
    problem = generate_fair(12, 150, 3, 12, seed=9)
    whole = solve_cpsat(problem, time_limit=5)
    blocks = solve_decomposed(problem, time_limit=10, blocks=3)
    assert check_timetable(problem, blocks.interviews) == []
    assert blocks.seekers_with_interview == whole.max_seekers_servable
    assert blocks.bound >= whole.value


def test_solve_switches_to_decomposition_for_large_models():
    problem = generate_fair(10, 120, 3, 10, seed=4)
    result = solve(problem, time_limit=10, max_vars=500)
    assert result.method == "cpsat-blocks"
    assert check_timetable(problem, result.interviews) == []


def test_the_optimiser_package_does_not_import_django():
    import subprocess
    import sys

    code = "import sys, iljari.fairs.timetable as t; t.solve(t.generate_fair(3, 10, 2, 4), time_limit=1); print('django' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )  # noqa: S603
    assert out.stdout.strip() == "False"


def test_decomposition_polish_with_the_whole_model_keeps_every_constraint(monkeypatch):
    from iljari.fairs.timetable import decompose

    monkeypatch.setattr(decompose, "MIN_POLISH_SECONDS", 0.0)
    problem = generate_fair(12, 150, 3, 12, seed=21)
    plain = solve_decomposed(problem, time_limit=8, blocks=4, polish=False)
    polished = solve_decomposed(problem, time_limit=5, blocks=4, relative_gap=0.0)
    assert check_timetable(problem, polished.interviews) == []
    assert polished.value >= plain.value
    assert polished.seekers_with_interview == plain.seekers_with_interview
