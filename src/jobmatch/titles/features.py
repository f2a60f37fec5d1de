"""Sparse TF-IDF vectors, per-code maxima and the softmax regression the title normaliser blends."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import scipy.sparse as sp


class _Vectoriser:
    def __init__(self, docs: list[list[str]], min_df: int = 1, max_df_ratio: float = 1.0):
        df: Counter[str] = Counter()
        for d in docs:
            df.update(set(d))
        n = len(docs)
        vocab = [t for t, c in df.items() if c >= min_df and c <= max_df_ratio * n]
        vocab.sort()
        self.vocab = {t: i for i, t in enumerate(vocab)}
        self.idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in vocab], dtype=np.float32)

    def transform(self, docs: list[list[str]]) -> sp.csr_matrix:
        rows, cols, vals = [], [], []
        for r, d in enumerate(docs):
            c = Counter(t for t in d if t in self.vocab)
            for t, k in c.items():
                j = self.vocab[t]
                rows.append(r)
                cols.append(j)
                vals.append((1.0 + math.log(k)) * self.idf[j])
        m = sp.csr_matrix(
            (np.asarray(vals, dtype=np.float32), (rows, cols)), shape=(len(docs), len(self.vocab))
        )
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1.0 / norms) @ m, dtype=np.float32)


def _per_code_max(sim: np.ndarray, code_of: np.ndarray, n_codes: int) -> np.ndarray:
    """Row-wise maximum of ``sim[:, j]`` over the columns ``j`` of each code (0 for codes without any)."""
    out = np.zeros((sim.shape[0], n_codes), dtype=np.float32)
    if sim.shape[1] == 0:
        return out
    order = np.argsort(code_of, kind="stable")
    sc = code_of[order]
    starts = np.flatnonzero(np.r_[True, sc[1:] != sc[:-1]])
    out[:, sc[starts]] = np.maximum.reduceat(sim[:, order], starts, axis=1)
    return out


def _train_softmax(
    x: sp.csr_matrix, y: np.ndarray, sw: np.ndarray, n_codes: int, epochs: int = 30, lr: float = 0.05
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted multinomial logistic regression, full-batch Adam, float32 (deterministic)."""
    w = np.zeros((x.shape[1], n_codes), dtype=np.float32)
    b = np.zeros(n_codes, dtype=np.float32)
    if x.shape[0] == 0:
        return w, b
    xt = x.T.tocsr()
    onehot = np.zeros((len(y), n_codes), dtype=np.float32)
    onehot[np.arange(len(y)), y] = 1.0
    m1 = np.zeros_like(w)
    m2 = np.zeros_like(w)
    step = np.empty_like(w)
    tot = float(sw.sum())
    for ep in range(1, epochs + 1):
        z = x @ w + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot) * sw[:, None]
        gw = xt @ g
        gw *= np.float32(1.0 / tot)
        gw += np.float32(1e-5) * w
        # Adam, in place (the weight matrix is features × codes: avoid temporaries of that size)
        m1 *= np.float32(0.9)
        m1 += np.float32(0.1) * gw
        np.multiply(gw, gw, out=gw)
        m2 *= np.float32(0.999)
        m2 += np.float32(0.001) * gw
        np.divide(m2, np.float32(1 - 0.999**ep), out=step)
        np.sqrt(step, out=step)
        step += np.float32(1e-8)
        np.divide(m1, step, out=step)
        step *= np.float32(lr / (1 - 0.9**ep))
        w -= step
        b -= 0.5 * g.sum(axis=0) / tot
    return w, b
