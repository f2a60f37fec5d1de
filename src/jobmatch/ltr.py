"""Learning to rank from outcomes: a LambdaMART model over the engine's own per-pair features.

The hand weights (``RecommendConfig.weights``) add the engine's components — occupation credit,
skills, title affinity, duty text, licences, commute, wage, shift, … — with fixed weights. A
learned ranker reads the *same* components (``Recommender._block`` computes them; nothing here
scores a pair again) plus three raw values the credits clip away (minutes of commute, minutes over
the stated limit, the offered wage over the wished one) and learns their weighting from what people
did (the hand score itself is one more input, so a model starts from the hand order): an application (grade 1) < a referral the seeker accepted (2) < a hire (3).

It only **reorders the engine's shown list within its tiers** (``rerank``): per seeker, the
``SHOWN`` best pairs by the engine's key — the list it learned from — get 50–100 from the model, the
rest half their hand score; the ranking key stays ``score − 1000 × relaxation cost``
(``Recommender.keys``), so a pair that relaxes a stated need never passes one that keeps them all,
and a seeker costs at most ``SHOWN`` predictions, however many vacancies there are. It is used only when its
stored evaluation on a later period than the one it learned from beat the hand weights
(:func:`beats_hand`), and only where the caller allows it; otherwise the hand weights rank.

The model is LightGBM's ``lambdarank`` objective (LambdaMART: gradient-boosted trees that optimise
nDCG over each seeker's list), kept as LightGBM's own text format inside a JSON document with its
feature names and evaluation. Django-free, like the rest of ``jobmatch``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .recommend import FEATURE_ORDER, Recommender, SeekerPool, VacancyPool

#: the learned ranker's inputs: the engine's components, then raw values they clip
LTR_FEATURES: tuple[str, ...] = (*FEATURE_ORDER, "minutes", "minutes_over_limit", "wage_ratio", "hand")
#: outcome kinds and their relevance grades
GRADES = {"application": 1, "referral_accepted": 2, "hire": 3}
K = 10
#: per seeker, how many of the engine's best pairs the model learns from and reorders
SHOWN = 100
FORMAT = "iljari-ltr-1"


def feature_rows(
    f: dict[str, np.ndarray], S: SeekerPool, si, V: VacancyPool, vi, rows: np.ndarray, cols: np.ndarray
) -> np.ndarray:
    """[P, F] float32 for the pairs (rows[p], cols[p]) of one block — without the whole block's matrix."""
    shape = f["occ"].shape

    def at(a: np.ndarray) -> np.ndarray:
        return np.broadcast_to(a, shape)[rows, cols].astype(np.float32)

    minutes, limit = at(f["_minutes"]), at(f["_smax"])
    sw = S.table.wage[np.asarray(si)[rows]].astype(np.float64)
    vw = V.table.wage[np.asarray(vi)[cols]].astype(np.float64)
    ratio = np.where((sw > 0) & (vw > 0), vw / np.maximum(sw, 1.0), np.nan).astype(np.float32)
    cols_ = [at(f[k]) for k in FEATURE_ORDER] + [minutes, minutes - limit, ratio, at(f["_hand"])]
    return np.stack(cols_, axis=-1)


def rerank(hand: np.ndarray, cost: np.ndarray, raw_of, shown: int) -> np.ndarray:
    """Scores in [0, 100] for one block [n, m]: per row, the ``shown`` best pairs by the engine's key
    (tiers first, then the hand score) get 50 + 50 × logistic(model); the rest keep half their hand
    score (below 50). Only the list the engine would show is reordered — the list the model learned
    from — and a row costs ``shown`` predictions, however many vacancies there are.
    ``raw_of(rows, cols)`` returns the model's output for those pairs."""
    n, m = hand.shape
    out = (0.5 * hand).astype(np.float32)
    if n == 0 or m == 0:
        return out
    key = hand.astype(np.float64) - 1000.0 * cost
    k = min(shown, m)
    top = np.argpartition(-key, k - 1, axis=1)[:, :k] if k < m else np.tile(np.arange(m), (n, 1))
    rows = np.repeat(np.arange(n), top.shape[1])
    cols = top.reshape(-1)
    raw = np.asarray(raw_of(rows, cols), np.float64)
    out[rows, cols] = (50.0 + 50.0 / (1.0 + np.exp(-np.clip(raw, -30, 30)))).astype(np.float32)
    return out


def feature_matrix(f: dict[str, np.ndarray], S: SeekerPool, si, V: VacancyPool, vi) -> np.ndarray:
    """[len(si), len(vi), F] float32 from the engine's features of one block (``_block``'s ``f``)."""
    shape = f["occ"].shape
    minutes = np.broadcast_to(f["_minutes"], shape).astype(np.float32)
    limit = np.broadcast_to(f["_smax"], shape).astype(np.float32)
    sw = S.table.wage[si][:, None].astype(np.float64)
    vw = V.table.wage[vi][None, :].astype(np.float64)
    ratio = np.where((sw > 0) & (vw > 0), vw / np.maximum(sw, 1.0), np.nan)
    cols = [np.broadcast_to(f[k], shape).astype(np.float32) for k in FEATURE_ORDER]
    cols += [minutes, minutes - limit, np.broadcast_to(ratio, shape).astype(np.float32)]
    cols.append(np.broadcast_to(f["_hand"], shape).astype(np.float32))
    return np.stack(cols, axis=-1)


@dataclass
class LearnedRanker:
    """A trained model and what it was judged on. ``score`` maps a block's features to [0, 100]."""

    model: str  # LightGBM's text format
    features: tuple[str, ...] = LTR_FEATURES
    evaluation: dict[str, Any] = field(default_factory=dict)
    _booster: Any = field(default=None, repr=False, compare=False)

    def booster(self):
        if self._booster is None:
            import lightgbm  # a runtime dependency only where a model is used

            self._booster = lightgbm.Booster(model_str=self.model)
        return self._booster

    def raw(self, X: np.ndarray) -> np.ndarray:
        flat = X.reshape(-1, X.shape[-1])
        if not len(flat):
            return np.zeros(X.shape[:-1], np.float64)
        return np.asarray(self.booster().predict(flat, num_threads=1), np.float64).reshape(X.shape[:-1])

    def score_block(
        self, f: dict[str, np.ndarray], S: SeekerPool, si, V: VacancyPool, vi, cost: np.ndarray
    ) -> np.ndarray:
        """The recommender's scores for a block with this model (``rerank``): in [0, 100], inside
        the engine's tier gap (``score − 1000 × cost``), so the tiers stay as they were."""
        return rerank(
            f["_hand"],
            cost,
            lambda r, c: self.raw(feature_rows(f, S, si, V, vi, r, c)),
            SHOWN,
        )

    # -- storage: one JSON document --
    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "features": list(self.features),
                "evaluation": self.evaluation,
                "model": self.model,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> LearnedRanker:
        doc = json.loads(text)
        if doc.get("format") != FORMAT:
            raise ValueError(f"not a learned ranker ({doc.get('format')!r})")
        if tuple(doc["features"]) != LTR_FEATURES:
            raise ValueError("the model was trained on other features than this engine computes")
        return cls(doc["model"], tuple(doc["features"]), doc.get("evaluation") or {})

    def save(self, path: str | Path) -> None:
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_suffix(p.suffix + ".tmp")
        tmp.write_text(self.to_json(), encoding="utf-8")
        tmp.replace(p)

    @classmethod
    def load(cls, path: str | Path) -> LearnedRanker:
        return cls.from_json(Path(path).read_text(encoding="utf-8"))


# --- outcome data -----------------------------------------------------------------------------------


@dataclass
class Query:
    """One seeker at one time: the vacancies open to them then, and what they did (row → grade)."""

    seeker: int  # row in the seeker pool
    candidates: np.ndarray  # vacancy rows open at that time
    grades: dict[int, int]  # vacancy row → best grade (application 1, accepted referral 2, hire 3)
    day: float = 0.0  # when (days from any origin): the time split orders by it


def time_split(queries: Sequence[Query], held_out: float) -> tuple[list[Query], list[Query], float]:
    """The earlier (1 − held_out) share of queries to learn from, the later share to judge on."""
    order = sorted(queries, key=lambda q: (q.day, q.seeker))
    cut = int(round(len(order) * (1.0 - held_out)))
    cut = min(max(cut, 1), len(order) - 1) if len(order) > 1 else len(order)
    return order[:cut], order[cut:], (order[cut].day if cut < len(order) else math.inf)


@dataclass
class Blocks:
    """Per query: features of its candidates, the hand score, the relaxation cost and the grades."""

    X: list[np.ndarray]
    hand: list[np.ndarray]
    cost: list[np.ndarray]
    y: list[np.ndarray]
    cand: list[np.ndarray]


def blocks(rec: Recommender, S: SeekerPool, V: VacancyPool, queries: Sequence[Query]) -> Blocks:
    """The engine's features for every query's candidates (the ranker must be off: hand scores)."""
    out = Blocks([], [], [], [], [])
    saved, rec.ranker = rec.ranker, None
    try:
        for q in queries:
            si = np.array([q.seeker])
            vi = np.asarray(q.candidates, np.int64)
            score, viol, f = rec._block(S, si, V, vi)
            out.X.append(feature_matrix(f, S, si, V, vi)[0])
            out.hand.append(score[0].astype(np.float64))
            out.cost.append(rec._cost(viol)[0].astype(np.float64))
            out.y.append(np.array([q.grades.get(int(j), 0) for j in vi], np.int32))
            out.cand.append(vi)
    finally:
        rec.ranker = saved
    return out


def training_set(b: Blocks, shown: int = SHOWN, seed: int = 0) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Rows to learn from: per query, what the engine would have shown (its top ``shown`` by the hand
    key, tiers first) plus every vacancy the seeker acted on; queries with no outcome are left out."""
    rng = np.random.default_rng(seed)
    X, y, group = [], [], []
    for x, h, c, g in zip(b.X, b.hand, b.cost, b.y, strict=True):
        if not (g > 0).any():
            continue
        key = h - 1000.0 * c
        top = np.argsort(-key, kind="stable")[:shown]
        keep = np.union1d(top, np.flatnonzero(g > 0))
        rng.shuffle(keep)
        X.append(x[keep])
        y.append(g[keep])
        group.append(len(keep))
    if not group:
        raise ValueError("no query with an outcome to learn from")
    return np.concatenate(X), np.concatenate(y), group


def train(
    X: np.ndarray, y: np.ndarray, group: Sequence[int], seed: int = 0, rounds: int = 200
) -> LearnedRanker:
    """LambdaMART (LightGBM ``lambdarank``), small trees, one thread, deterministic."""
    import lightgbm

    params = {
        "objective": "lambdarank",
        "metric": "ndcg",
        "eval_at": [K],
        "label_gain": [0.0, 1.0, 3.0, 7.0],
        "learning_rate": 0.05,
        "num_leaves": 15,
        "min_data_in_leaf": 20,
        "feature_fraction": 0.9,
        "bagging_fraction": 0.8,
        "bagging_freq": 1,
        "lambda_l2": 1.0,
        "num_threads": 1,
        "deterministic": True,
        "force_row_wise": True,
        "seed": seed,
        "verbosity": -1,
    }
    data = lightgbm.Dataset(X, label=y, group=list(group), feature_name=list(LTR_FEATURES))
    booster = lightgbm.train(params, data, num_boost_round=rounds)
    return LearnedRanker(booster.model_to_string())


# --- judging --------------------------------------------------------------------------------------


def top_k(score: np.ndarray, cost: np.ndarray, k: int = K) -> np.ndarray:
    """The engine's order: fewest relaxed first, then score (ties by row)."""
    key = score.astype(np.float64) - 1000.0 * cost
    return np.lexsort((np.arange(len(key)), -key))[:k]


def query_metrics(order: np.ndarray, grades: np.ndarray, k: int = K) -> tuple[float, float | None]:
    """(nDCG@k with gains 2^grade − 1, recall@k of the query's hires or None when it has none)."""
    gains = 2.0 ** grades.astype(np.float64) - 1.0
    disc = 1.0 / np.log2(np.arange(2, k + 2))
    dcg = float((gains[order[:k]] * disc[: len(order[:k])]).sum())
    ideal = np.sort(gains)[::-1][:k]
    idcg = float((ideal * disc[: len(ideal)]).sum())
    hires = grades >= GRADES["hire"]
    recall = float(hires[order[:k]].sum()) / float(hires.sum()) if hires.any() else None
    return (dcg / idcg if idcg > 0 else 0.0), recall


def interval(values: Sequence[float], n_boot: int = 2000, seed: int = 0) -> dict[str, Any]:
    """Mean and a 95 % bootstrap interval over queries (percentile method)."""
    a = np.asarray(values, np.float64)
    if not len(a):
        return {"mean": None, "ci95": None, "n": 0}
    rng = np.random.default_rng(seed)
    means = a[rng.integers(0, len(a), size=(n_boot, len(a)))].mean(axis=1)
    lo, hi = np.percentile(means, [2.5, 97.5])
    return {
        "mean": round(float(a.mean()), 4),
        "ci95": [round(float(lo), 4), round(float(hi), 4)],
        "n": len(a),
    }


def judge(b: Blocks, scorers: dict[str, Any], k: int = K, seed: int = 0) -> dict[str, Any]:
    """nDCG@k and hire recall@k per ranker over the queries with an outcome, and each ranker's paired
    difference to the hand weights. ``scorers``: name → None (the hand score) or a function of a
    query's feature matrix and index returning scores."""
    per: dict[str, dict[str, list[float]]] = {n: {"ndcg": [], "recall": []} for n in scorers}
    pairs_nd: dict[str, list[float]] = {n: [] for n in scorers}
    pairs_rc: dict[str, list[float]] = {n: [] for n in scorers}
    for i, (x, h, c, g) in enumerate(zip(b.X, b.hand, b.cost, b.y, strict=True)):
        if not (g > 0).any():
            continue
        got: dict[str, tuple[float, float | None]] = {}
        for name, fn in scorers.items():
            s = h if fn is None else np.asarray(fn(x, i), np.float64)
            nd, rc = got[name] = query_metrics(top_k(s, c, k), g, k)
            per[name]["ndcg"].append(nd)
            if rc is not None:
                per[name]["recall"].append(rc)
        for name in scorers:
            pairs_nd[name].append(got[name][0] - got["hand"][0])
            r, rh = got[name][1], got["hand"][1]
            if r is not None and rh is not None:
                pairs_rc[name].append(r - rh)
    out: dict[str, Any] = {"rankers": {}, "minus_hand": {}}
    for name in scorers:
        out["rankers"][name] = {
            "ndcg_at_10": interval(per[name]["ndcg"], seed=seed),
            "hire_recall_at_10": interval(per[name]["recall"], seed=seed),
        }
        if name != "hand":
            out["minus_hand"][name] = {
                "ndcg_at_10": interval(pairs_nd[name], seed=seed),
                "hire_recall_at_10": interval(pairs_rc[name], seed=seed),
            }
    return out


def beats_hand(evaluation: dict[str, Any], name: str = "ltr") -> bool:
    """The switch's test: on the held-out period, the paired nDCG@10 difference to the hand weights
    has its whole 95 % interval above zero and hire recall@10 is not lower on average."""
    try:
        d = evaluation["minus_hand"][name]
        lo = d["ndcg_at_10"]["ci95"][0]
        recall = d["hire_recall_at_10"]["mean"]
    except (KeyError, TypeError, IndexError):
        return False
    return lo is not None and lo > 0 and (recall is None or recall >= 0)


def fit_and_judge(
    rec: Recommender,
    S: SeekerPool,
    V: VacancyPool,
    queries: Sequence[Query],
    held_out: float = 0.3,
    seed: int = 0,
    extra: dict[str, Any] | None = None,
) -> LearnedRanker:
    """Learn from the earlier period, judge on the later one against the hand weights (and ``extra``
    scorers), and keep the evaluation with the model."""
    train_q, test_q, cut = time_split(queries, held_out)
    tb = blocks(rec, S, V, train_q)
    X, y, group = training_set(tb, seed=seed)
    model = train(X, y, group, seed=seed)
    jb = blocks(rec, S, V, test_q)

    def learned(x: np.ndarray, i: int) -> np.ndarray:  # as the recommender serves it
        return rerank(jb.hand[i][None, :], jb.cost[i][None, :], lambda r, c: model.raw(x[c]), SHOWN)[0]

    scorers: dict[str, Any] = {"hand": None, "ltr": learned}
    scorers.update(extra or {})
    ev = judge(jb, scorers, seed=seed)
    ev.update(
        {
            "train_queries": len(group),
            "train_rows": len(y),
            "train_outcomes": {g: int((y == v).sum()) for g, v in GRADES.items()},
            "held_out_queries": len(test_q),
            "held_out_outcomes": {
                g: int(sum(int((yy == v).sum()) for yy in jb.y)) for g, v in GRADES.items()
            },
            "cut_day": cut,
        }
    )
    ev["beats_hand"] = beats_hand(ev)
    model.evaluation = ev
    return model
