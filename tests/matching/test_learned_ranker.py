"""The switch between a learned ranker and the hand weights (matching.ranker), and what the
recommender returns with a learned ranker on: the same shape, the same tiers."""

import numpy as np
import pytest

from iljari.matching import bridge
from iljari.matching.actions import recommend_vacancies_for_seeker
from iljari.matching.ranker import learned_ranker
from jobmatch import ltr
from tests import factories as f

pytestmark = pytest.mark.django_db

PASSED = {
    "minus_hand": {
        "ltr": {"ndcg_at_10": {"mean": 0.1, "ci95": [0.05, 0.15]}, "hire_recall_at_10": {"mean": 0.1}}
    }
}
FAILED = {
    "minus_hand": {
        "ltr": {"ndcg_at_10": {"mean": 0.0, "ci95": [-0.02, 0.03]}, "hire_recall_at_10": {"mean": 0.0}}
    }
}


def _model(evaluation) -> ltr.LearnedRanker:
    """A small real LightGBM model (it prefers short commutes) with the given stored evaluation."""
    rng = np.random.default_rng(0)
    X = rng.random((400, len(ltr.LTR_FEATURES))).astype(np.float32)
    y = (X[:, ltr.LTR_FEATURES.index("minutes")] < 0.2).astype(int) * 3
    model = ltr.train(X, y, [20] * 20, rounds=20)
    model.evaluation = evaluation
    return model


@pytest.fixture
def ranker_file(settings, tmp_path):
    settings.ILJARI_LEARNED_RANKER_FILE = tmp_path / "ranker.json"
    bridge.reset_pools()
    yield settings.ILJARI_LEARNED_RANKER_FILE
    bridge.reset_pools()


def test_hand_weights_unless_the_setting_allows_a_model(settings, ranker_file):
    _model(PASSED).save(ranker_file)
    settings.ILJARI_LEARNED_RANKER = False
    assert learned_ranker() is None
    settings.ILJARI_LEARNED_RANKER = True
    assert learned_ranker() is not None


def test_hand_weights_when_the_model_file_is_missing_or_unreadable(settings, ranker_file):
    settings.ILJARI_LEARNED_RANKER = True
    assert learned_ranker() is None
    ranker_file.write_text("{not json", encoding="utf-8")
    assert learned_ranker() is None
    ranker_file.write_text('{"format": "something else"}', encoding="utf-8")
    assert learned_ranker() is None


def test_the_gate_refuses_a_model_that_did_not_beat_the_hand_weights(settings, ranker_file):
    settings.ILJARI_LEARNED_RANKER = True
    _model(FAILED).save(ranker_file)
    assert learned_ranker() is None
    assert bridge.get_pools().recommender.ranker is None


def test_with_a_learned_ranker_the_recommendations_keep_their_shape_and_tiers(
    settings, ranker_file, client_for, seeker
):
    f.ExperienceFactory(seeker=seeker)
    seeker.desired_occupations.add(f.occupation("8241"))
    near = f.VacancyFactory(title="CO2 용접공 모집 (남동공단)")
    far = f.VacancyFactory(title="CO2 용접공 모집 (평택)", lat=36.99, lon=127.11)  # beyond 60 minutes
    settings.ILJARI_LEARNED_RANKER = True
    _model(PASSED).save(ranker_file)
    assert bridge.get_pools().recommender.ranker is not None
    ranked = recommend_vacancies_for_seeker(seeker, k=10)
    assert [r.vacancy.pk for r in ranked] == [near.pk, far.pk]
    assert ranked[0].relaxed == [] and ranked[1].relaxed == ["commute"]
    assert ranked[0].reasons and ranked[1].relaxed_labels
    assert all(0 <= r.score <= 100 for r in ranked)
    items = client_for(seeker.user).get("/api/recommendations/me").json()
    assert [i["vacancy_id"] for i in items] == [near.pk, far.pk]
    assert set(items[0]) == {
        "rank", "score", "vacancy_id", "title", "employer", "district", "monthly_wage", "closing_date", "reasons"
    }  # fmt: skip
