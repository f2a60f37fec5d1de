"""Two pieces of evidence about "the same work" beyond one occupation code (issue 14).

* **Title affinity** — how close a vacancy's title is to the seeker's own titles (desired and past
  jobs): cosine of character n-gram TF-IDF vectors of the titles cleaned of posting decorations,
  with the standard words of shop-floor jargon added (시아게 → 사상, 빠우 → 버핑·연마) and the job
  suffixes dropped (용접공 = 용접원 = 용접기사), spacing ignored. The vocabulary and IDF are the title
  normaliser's own (its known names), so the value of a pair does not depend on the pool it is in.
  A KECO code lumps many jobs (8132: buffing, CNC, hobbing and grinding); the seeker's own words
  name the job more precisely than the code their title is filed under.
* **Soft occupation credit** — a vacancy title the normaliser is unsure about (``Suggestion.sure``
  False) keeps its three candidates with weights: the calibrated confidence for the first, the
  rest shared by the others in proportion to their scores. The occupation credit of such a vacancy
  is the expected credit over its candidates, not a flat "unknown".
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from .text import char_ngrams
from .titles import query_text, stem_title

#: candidates kept per unsure vacancy title
N_CANDIDATES = 3


def title_key(title: str) -> str:
    """The comparison form of a title: cleaned, jargon expanded, job suffixes dropped, no spaces."""
    return stem_title(query_text(title)).replace(" ", "")


class TitleSpace:
    """Row-normalised character n-gram TF-IDF vectors of titles, in the normaliser's name space.

    Without a normaliser that has a name vocabulary (a test double), every vector is empty and
    the affinity is 0 everywhere."""

    def __init__(self, normaliser):
        self.vec = getattr(normaliser, "v_name", None)

    def matrix(self, titles: list[str]) -> sp.csr_matrix:
        if self.vec is None or not titles:
            return sp.csr_matrix((len(titles), 1), dtype=np.float32)
        # each distinct title once (titles recur: 생산직, 용접공 …), rows gathered back in order
        uniq = list(dict.fromkeys(titles))
        m = self.vec.transform([char_ngrams(title_key(t)) if t else [] for t in uniq])
        if len(uniq) == len(titles):
            return m
        row = {t: r for r, t in enumerate(uniq)}
        return sp.csr_matrix(m)[[row[t] for t in titles]]


def title_affinity(
    q: sp.csr_matrix,
    q_start: np.ndarray,
    q_weight: np.ndarray,
    si: np.ndarray,
    v: sp.csr_matrix,
    vi: np.ndarray,
) -> np.ndarray:
    """[len(si), len(vi)] float32: per seeker, the best weighted cosine of one of its titles
    (rows ``q_start[i]:q_start[i+1]`` of ``q``, weights ``q_weight``) with each vacancy title."""
    out = np.zeros((len(si), len(vi)), np.float32)
    if q.shape[1] <= 1 or v.shape[1] <= 1 or not len(si) or not len(vi):
        return out
    rows = [np.arange(q_start[i], q_start[i + 1]) for i in si]
    lens = np.array([len(r) for r in rows])
    if not lens.sum():
        return out
    idx = np.concatenate(rows)
    sims = (q[idx] @ v[vi].T).toarray().astype(np.float32)
    sims *= q_weight[idx][:, None]
    nz = np.flatnonzero(lens)
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])[nz]
    out[nz] = np.maximum.reduceat(sims, starts, axis=0)
    return np.clip(out, 0.0, 1.0)


def pool_title_affinity(S, si: np.ndarray, V, vi: np.ndarray) -> np.ndarray:
    """``title_affinity`` of pools (``jobmatch.pools``): each distinct vacancy title of the block once,
    gathered back — titles recur (생산직, 용접공 …) and a cosine depends only on its two rows."""
    if len(vi) < 256:
        return title_affinity(S.titles, S.title_start, S.title_w, si, V.titles, vi)
    got = V.cache.get("title_rows")
    if got is None:  # per vacancy row, its distinct title; per distinct title, its first row
        titles = np.array([v.title for v in V.items], dtype=object).astype(str)
        _, first, rows = np.unique(titles, return_index=True, return_inverse=True)
        got = V.cache["title_rows"] = (rows.astype(np.int64).ravel(), first.astype(np.int64))
    rows, first = got
    u, back = np.unique(rows[vi], return_inverse=True)
    return title_affinity(S.titles, S.title_start, S.title_w, si, V.titles, first[u])[:, back.ravel()]


def candidate_weights(suggestion, k: int = N_CANDIDATES) -> tuple[list[int], list[float]]:
    """(codes, weights) of an unsure suggestion's candidates: the first gets the calibrated
    confidence, the others share the rest in proportion to their blend scores."""
    cands = list(suggestion.candidates[:k]) if suggestion is not None else []
    if not cands:
        return [], []
    codes = [int(c.code) for c in cands]
    conf = float(suggestion.confidence)
    rest = [max(float(c.score), 0.0) for c in cands[1:]]
    tot = sum(rest)
    weights = [conf] + [(1.0 - conf) * r / tot if tot > 0 else 0.0 for r in rest]
    return codes, weights


def soft_occupation(
    s_codes: np.ndarray,
    s_weight: np.ndarray,
    cand: np.ndarray,
    cand_w: np.ndarray,
    same4: float,
    same3: float,
    same2: float,
) -> np.ndarray:
    """Expected occupation credit [S, V] of seekers (codes [S, C], strengths) against vacancies
    with weighted candidate codes ([V, K], -1 padded): Σ_k weight_k × the hierarchy credit of
    candidate k (same 세분류 / 소분류 / 중분류, times the seeker code's strength)."""
    return soft_occupation_of(
        s_codes[:, None, :], s_weight[:, None, :], cand[None, :, :], cand_w[None, :, :], same4, same3, same2
    )


def soft_occupation_of(sc, sw, cand, cand_w, same4: float, same3: float, same2: float) -> np.ndarray:
    """``soft_occupation`` of laid-out arrays (``[..., C]`` seeker codes and strengths, ``[..., K]``
    candidates and weights; broadcast, or one row per pair: ``jobmatch.sides``)."""
    shape = np.broadcast_shapes(sc.shape[:-1], cand.shape[:-1])
    occ = np.zeros(shape, np.float32)
    for k in range(cand.shape[-1]):
        vc = cand[..., k]
        vw = cand_w[..., k]
        if not (vc >= 0).any():
            continue
        best = np.zeros(shape, np.float32)
        for j in range(sc.shape[-1]):
            c = sc[..., j]
            if not (c >= 0).any():
                continue
            known = (c >= 0) & (vc >= 0)
            lvl = np.where(c == vc, same4, np.where(c // 10 == vc // 10, same3, same2))
            lvl = np.where(known & (c // 100 == vc // 100), lvl * sw[..., j], 0.0)
            np.maximum(best, lvl.astype(np.float32), out=best)
        occ += best * vw.astype(np.float32)
    return occ
