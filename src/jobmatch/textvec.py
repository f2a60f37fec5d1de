"""Dense text embeddings for duties/experience similarity: TF-IDF over kiwipiepy tokens → LSA.

The SVD is fitted on an occupation corpus (the job dictionary's duties, one document per job) so
that co-occurring field words (사상·버핑·연마, 주형·용해·주물) end up close. Vectors are unit-norm
float32, so similarity is a dot product (fast dense BLAS in blocks).
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import svds

from .text import tokens_many


class TextEncoder:
    def __init__(self, corpus_tokens: list[list[str]], dim: int = 128, seed: int = 0):
        df: Counter = Counter()
        for d in corpus_tokens:
            df.update(set(d))
        n = max(1, len(corpus_tokens))
        vocab = sorted(t for t, c in df.items() if c >= 1)
        self.vocab = {t: i for i, t in enumerate(vocab)}
        self.idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in vocab], dtype=np.float32)
        x = self._tfidf(corpus_tokens)
        k = int(min(dim, min(x.shape) - 1)) if min(x.shape) > 1 else 0
        if k >= 2:
            rng = np.random.default_rng(seed)
            v0 = rng.standard_normal(min(x.shape)).astype(np.float64)
            _, s, vt = svds(x.astype(np.float64), k=k, v0=v0)
            order = np.argsort(-s)
            self.components = np.ascontiguousarray(vt[order].T.astype(np.float32))  # vocab × k
        else:  # degenerate corpus: identity on the vocabulary
            self.components = np.eye(len(vocab), dtype=np.float32)
        self.dim = int(self.components.shape[1])

    def _tfidf(self, docs: list[list[str]]) -> sp.csr_matrix:
        rows, cols, vals = [], [], []
        for r, d in enumerate(docs):
            for t, k in Counter(t for t in d if t in self.vocab).items():
                j = self.vocab[t]
                rows.append(r)
                cols.append(j)
                vals.append((1.0 + math.log(k)) * self.idf[j])
        m = sp.csr_matrix(
            (np.asarray(vals, np.float32), (rows, cols)), shape=(len(docs), len(self.vocab)), dtype=np.float32
        )
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1.0 / norms) @ m, dtype=np.float32)

    def encode_tokens(self, docs: list[list[str]]) -> np.ndarray:
        if not docs:
            return np.zeros((0, self.dim), np.float32)
        z = np.asarray(self._tfidf(docs) @ self.components, dtype=np.float32)
        nrm = np.linalg.norm(z, axis=1, keepdims=True)
        nrm[nrm == 0] = 1.0
        return z / nrm

    def encode(self, texts: list[str | None]) -> np.ndarray:
        return self.encode_tokens(tokens_many(texts))
