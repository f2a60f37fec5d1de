"""The outcome benchmark's year of outcomes comes from the hidden truth, spread over time
(bench/events.py), and its queries hold what the seekers did."""

import numpy as np
import pytest

from bench import events as E
from bench import world as W
from bench.outcomes import synthetic_queries
from bench.scratch import configured
from bench.titles import read_split
from jobmatch.ltr import GRADES, time_split

DATA = configured().data_dir
pytestmark = pytest.mark.skipif(
    not (DATA / "occupations" / "job_dictionary.csv").exists(), reason="reference data not installed"
)


@pytest.fixture(scope="module")
def world_and_timeline():
    occ = W.load_occupations(DATA, read_split("dev"))
    world = W.make_world(occ, W._places(DATA), 300, 600, seed=3, n_codes=40)
    return world, E.make_timeline(world, seed=3)


def test_outcomes_follow_the_hidden_truth(world_and_timeline):
    world, tl = world_and_timeline
    t = world.truth
    kinds = {k: [(i, j) for i, j, kind, _d in tl.events if kind == k] for k in GRADES}
    assert len(kinds["application"]) > 300 and len(kinds["hire"]) > 20
    for i, j in kinds["application"] + kinds["referral_accepted"]:
        assert t.person_yes[i, j] and t.feasible[i, j] and tl.available[i, j]
    for i, j in kinds["hire"]:
        assert t.employer_yes[i, j] and t.person_yes[i, j] and t.feasible[i, j]
    assert len({i for i, _j in kinds["hire"]}) == len(kinds["hire"])  # one job each
    # the grades the rankers are judged on are the hidden grades' pairs far more often than chance
    hidden = np.mean([t.grade[i, j] > 0 for i, j in kinds["hire"]])
    assert hidden > 5 * (t.grade > 0).mean()


def test_outcomes_are_spread_over_the_year_so_time_splits(world_and_timeline):
    _world, tl = world_and_timeline
    days = np.array([d for *_x, d in tl.events])
    assert days.min() < 60 and days.max() > 300
    queries = synthetic_queries(tl)
    train, test, cut = time_split(queries, 0.3)
    assert len(test) == round(len(queries) * 0.3)
    assert max(q.day for q in train) <= cut <= min(q.day for q in test)
    assert all(set(q.grades) <= set(q.candidates.tolist()) for q in queries)
