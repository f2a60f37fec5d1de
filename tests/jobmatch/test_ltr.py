"""jobmatch.ltr: a ranker learned from outcomes, judged on a later period, gated against the hand weights."""

import numpy as np
import pytest

from jobmatch import ltr
from jobmatch.recommend import Recommender, read_input


@pytest.fixture(scope="module")
def rec(normaliser, encoder):
    return Recommender(normaliser, encoder)


def _world(n_seekers=80, n_vacancies=30, seed=3):
    """Welders and welding jobs that differ in pay and place. Every vacancy pays at least what the
    seekers ask, so the hand weights' wage credit is full for all of them and the commute decides;
    people, though, take the best-paid job they find (the signal the hand weights miss)."""
    rng = np.random.default_rng(seed)
    wages = rng.permutation(np.arange(n_vacancies)) * 50_000 + 2_600_000
    vacancies = [
        {
            "id": j + 1,
            "title": "CO2 용접공",
            "duties": "CO2 용접",
            "lat": round(37.40 + float(rng.uniform(-0.05, 0.05)), 5),
            "lon": round(126.70 + float(rng.uniform(-0.05, 0.05)), 5),
            "wage": {"monthly": int(wages[j])},
            "shift": "day",
            "employment": "permanent",
        }
        for j in range(n_vacancies)
    ]
    seekers = [
        {
            "id": i + 1,
            "desired_titles": ["CO2 용접"],
            "lat": round(37.40 + float(rng.uniform(-0.05, 0.05)), 5),
            "lon": round(126.70 + float(rng.uniform(-0.05, 0.05)), 5),
            "max_commute_minutes": 90,
            "min_wage_monthly": 2_500_000,
        }
        for i in range(n_seekers)
    ]
    doc = {"seekers": seekers, "vacancies": vacancies}
    queries = []
    for i in range(n_seekers):
        cand = np.sort(rng.choice(n_vacancies, size=20, replace=False))
        by_pay = cand[np.argsort(-wages[cand])]
        grades = {int(by_pay[0]): 3, int(by_pay[1]): 2, int(by_pay[2]): 1, int(by_pay[3]): 1}
        queries.append(ltr.Query(i, cand, grades, float(i)))
    return doc, queries


def _pools(rec, doc):
    s, v = read_input(doc)
    return rec.pool_seekers(s), rec.pool_vacancies(v)


def test_the_learned_ranker_finds_what_the_hand_weights_miss_and_passes_the_gate(rec):
    doc, queries = _world()
    S, V = _pools(rec, doc)
    model = ltr.fit_and_judge(rec, S, V, queries, held_out=0.3, seed=0)
    ev = model.evaluation
    hand = ev["rankers"]["hand"]["ndcg_at_10"]["mean"]
    learned = ev["rankers"]["ltr"]["ndcg_at_10"]["mean"]
    assert ev["held_out_queries"] == 24 and ev["train_queries"] == 56
    assert learned > hand + 0.2, (hand, learned)
    assert ev["rankers"]["ltr"]["hire_recall_at_10"]["mean"] > 0.9
    assert ev["minus_hand"]["ltr"]["ndcg_at_10"]["ci95"][0] > 0
    assert ev["beats_hand"] is True and ltr.beats_hand(ev)
    # the stored form reads back to the same scores
    again = ltr.LearnedRanker.from_json(model.to_json())
    x = ltr.blocks(rec, S, V, queries[:2]).X[0]
    assert np.allclose(again.raw(x), model.raw(x))
    assert ltr.beats_hand(again.evaluation)


def test_the_served_features_are_the_trained_ones_and_only_the_shown_list_is_reordered(rec):
    doc, queries = _world(n_seekers=3)
    S, V = _pools(rec, doc)
    si, vi = np.arange(3), np.arange(30)
    score, viol, f = rec._block(S, si, V, vi)
    full = ltr.feature_matrix(f, S, si, V, vi)
    r, c = np.nonzero(np.ones((3, 30), bool))
    assert np.allclose(ltr.feature_rows(f, S, si, V, vi, r, c), full[r, c], equal_nan=True)
    cost = rec._cost(viol).astype(np.float64)
    seen = []
    out = ltr.rerank(score, cost, lambda rr, cc: seen.append(len(rr)) or np.zeros(len(rr)), shown=5)
    assert seen == [15]  # five per seeker, never the whole block
    assert ((out == 75.0).sum(axis=1) == 5).all()  # 50 + 50 × logistic(0)
    assert (out[out != 75.0] < 50.0).all()


def test_the_gate_refuses_a_model_learned_from_noise(rec):
    doc, queries = _world(seed=5)
    rng = np.random.default_rng(1)
    noisy = [ltr.Query(q.seeker, q.candidates, {int(rng.choice(q.candidates)): 3}, q.day) for q in queries]
    S, V = _pools(rec, doc)
    model = ltr.fit_and_judge(rec, S, V, noisy, held_out=0.3, seed=0)
    assert model.evaluation["beats_hand"] is False
    assert not ltr.beats_hand(model.evaluation)


@pytest.mark.parametrize(
    ("ndcg_ci", "recall_mean", "passes"),
    [
        ([0.01, 0.05], 0.02, True),
        ([-0.01, 0.05], 0.02, False),  # the interval reaches zero: not shown to be better
        ([0.01, 0.05], -0.01, False),  # better order, fewer hires found
        (None, 0.0, False),
    ],
)
def test_beats_hand_needs_the_whole_interval_above_zero(ndcg_ci, recall_mean, passes):
    ev = {
        "minus_hand": {
            "ltr": {"ndcg_at_10": {"mean": 0.03, "ci95": ndcg_ci}, "hire_recall_at_10": {"mean": recall_mean}}
        }
    }
    assert ltr.beats_hand(ev) is passes
    assert ltr.beats_hand({}) is False


class _Perverse:
    """A 'learned' ranker that loves exactly the pairs breaking a stated need."""

    def score_block(self, f, S, si, V, vi, cost):
        bad = ~f["_req_ok"] | (f["_minutes"] > f["_smax"])
        return np.where(bad, 100.0, 0.0).astype(np.float32)


def test_a_ranker_only_reorders_within_the_tiers(rec):
    doc = {
        "seekers": [{"id": "s", "desired_titles": ["CO2 용접"], "lat": 37.40, "lon": 126.70, "max_commute_minutes": 30}],
        "vacancies": [
            {"id": f"far{j}", "title": "CO2 용접공", "duties": "CO2 용접", "lat": 37.9, "lon": 127.3,
             "wage": {"monthly": 3_000_000}}
            for j in range(3)
        ]
        + [
            {"id": f"near{j}", "title": "CO2 용접공", "duties": "CO2 용접", "lat": 37.40 + 0.002 * j,
             "lon": 126.70, "wage": {"monthly": 3_000_000}}
            for j in range(3)
        ],
    }  # fmt: skip
    S, V = _pools(rec, doc)
    hand = rec.rank_for_seekers(S, V, top=6)[0]
    rec.ranker = _Perverse()
    try:
        learned = rec.rank_for_seekers(S, V, top=6)[0]
    finally:
        rec.ranker = None
    assert [r.id for r in learned[:3]] == [r.id for r in hand[:3]]
    assert all(r.id.startswith("near") and not r.relaxed for r in learned[:3])
    assert all(r.id.startswith("far") and r.relaxed == ["commute"] for r in learned[3:])
    # the result's shape is the same: reasons and contributions are still there
    assert all(r.reasons and r.contributions for r in learned)
    assert [r.score for r in learned[3:]] == [100.0, 100.0, 100.0]
