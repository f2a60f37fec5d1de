"""Every better timetable is reported while the search runs (the job page's figures), the
caller can stop the search and keep the best so far, and the day-of-fair scenario used by the
benchmark (walk-ins, no-shows) keeps every held interview through the quick re-optimisation."""

from iljari.fairs.timetable import check_timetable, generate_fair, reoptimise, solve, solve_decomposed
from iljari.fairs.timetable.generate import day_of_fair


def test_solve_reports_improving_valid_timetables_with_a_bound():
    problem = generate_fair(12, 120, 3, 8, seed=3)
    seen = []

    def on_improve(imp):
        ivs = imp.interviews()
        assert check_timetable(problem, ivs) == []
        seen.append((imp.value, imp.bound, imp.gap, imp.phase))

    result = solve(problem, time_limit=5, on_improve=on_improve)
    assert seen and seen[0][3] == "시작 시간표"
    values = [v for v, *_ in seen]
    assert values[-1] <= result.value and all(b is not None and v <= b for v, b, *_ in seen)
    assert not result.stopped


def test_stopping_the_search_keeps_the_best_timetable_so_far():
    problem = generate_fair(12, 120, 3, 8, seed=4)
    calls = []

    def stop(imp):
        calls.append(imp.value)
        return False

    result = solve(problem, time_limit=5, on_improve=stop)
    assert len(calls) == 1 and result.stopped
    assert check_timetable(problem, result.interviews) == [] and result.value >= calls[0]


def test_time_blocks_report_each_block_and_stop_between_blocks():
    problem = generate_fair(10, 100, 3, 8, seed=5)
    phases = []

    def on_improve(imp):
        phases.append(imp.phase)
        assert check_timetable(problem, imp.interviews()) == []
        return "2/3" not in imp.phase  # stop once the second block reports

    result = solve_decomposed(problem, time_limit=10, blocks=3, polish=False, on_improve=on_improve)
    assert any("1/3" in p for p in phases) and any("2/3" in p for p in phases)
    assert not any("3/3" in p for p in phases) and result.stopped
    assert check_timetable(problem, result.interviews) == []


def test_day_of_fair_reoptimisation_keeps_held_interviews_and_serves_walk_ins():
    problem = generate_fair(20, 300, 3, 10, seed=6)
    first = solve(problem, time_limit=5)
    day, held, walk_ins = day_of_fair(problem, first.interviews, now_slot=3, seed=6)
    assert len(walk_ins) == 15 and len(held) < len(first.interviews)
    assert check_timetable(day, held) == []
    seen = []
    again = reoptimise(day, held, now_slot=3, time_limit=3, on_improve=lambda imp: seen.append(imp.gap))
    assert set(held) <= set(again.interviews) and check_timetable(day, again.interviews) == []
    assert {iv.seeker for iv in again.interviews} & walk_ins
    assert all(iv.slot >= 3 for iv in set(again.interviews) - set(held))
    assert seen and again.bound is not None and again.gap is not None and again.gap < 0.05


def test_the_fair_benchmark_reports_the_reoptimisation(capsys):
    import json

    from bench import fair

    fair.main(
        ["--booths", "8", "--seekers", "80", "--slots", "8", "--time-limit", "4", "--reoptimise", "--json"]
    )
    out = json.loads(capsys.readouterr().out)
    r = out["reoptimise"]
    assert r["fixed_kept"] is True and r["now_slot"] == 2 and r["walk_ins"] == 4
    assert 0 <= r["walk_ins_served"] <= 4 and r["gap"] is not None and r["seconds"] > 0
    assert out["cpus"] and len(out["load_average"]) == 3
