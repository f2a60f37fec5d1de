"""Which ranker the recommender uses: a learned one (``jobmatch.ltr``) or the hand weights.

The learned model is used only when all of these hold, and the hand weights otherwise (the
fallback, never an error):

* the setting ``ILJARI_LEARNED_RANKER`` allows it (off by default);
* its file (``ILJARI_LEARNED_RANKER_FILE``, written by ``iljari train-ranker``) reads as a model
  for the features this engine computes;
* the evaluation stored with it says it beat the hand weights on the held-out later period
  (``jobmatch.ltr.beats_hand``);
* LightGBM loads it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings

from jobmatch.ltr import LearnedRanker, beats_hand

log = logging.getLogger(__name__)


def ranker_file() -> Path:
    return Path(settings.ILJARI_LEARNED_RANKER_FILE)


def learned_ranker() -> LearnedRanker | None:
    """The model to rank with, or None for the hand weights (the reason is logged)."""
    if not settings.ILJARI_LEARNED_RANKER:
        return None
    path = ranker_file()
    if not path.exists():
        log.warning("learned ranker allowed but %s does not exist: hand weights", path)
        return None
    try:
        model = LearnedRanker.load(path)
    except (OSError, ValueError, KeyError) as exc:
        log.warning("learned ranker %s unreadable (%s): hand weights", path, exc)
        return None
    if not beats_hand(model.evaluation):
        log.info("learned ranker %s did not beat the hand weights on its held-out period: hand weights", path)
        return None
    try:
        model.booster()
    except Exception as exc:  # LightGBM missing or the model text refused: fall back, never fail
        log.warning("learned ranker %s could not be loaded (%s): hand weights", path, exc)
        return None
    return model
