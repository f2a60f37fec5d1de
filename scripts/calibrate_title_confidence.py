"""Fit the title normaliser's confidence (``titles.CONFIDENCE``) on the DEV half of the held-out names.

Usage: python scripts/calibrate_title_confidence.py DATA_DIR [--dense] [CACHE_DIR]
(``--dense``: the model whose dense encoder reorders the top three, for ``CONFIDENCE_DENSE``; CACHE_DIR
keeps the built model and the name vectors between runs, as ``bench/run.py titles`` does.)
The model is built without the dev and test names (``bench/titles.py``, the frozen split); for every dev name
the top-1 score s1 and the margin s1 - s2 are features of a logistic regression predicting
"top-1 is right". The test half is never read. Prints the coefficients and the reliability table.
"""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the bench package at the root

from bench.titles import embedder, heldout_normaliser, read_split, scores, with_dense  # noqa: E402


def main(data_dir: str, dense: bool = False, cache_dir: str | None = None) -> None:
    dev = read_split("dev")
    model = heldout_normaliser(data_dir, cache_dir, "both")
    embed = embedder(cache_dir) if dense else None
    if embed is not None:
        with_dense(model, embed)
    names = list(dev)
    s = scores(model, names, embed)
    order = np.argsort(-s, axis=1)[:, :3]
    s1 = s[np.arange(len(names)), order[:, 0]]
    s2 = s[np.arange(len(names)), order[:, 1]]
    y = np.array([model.codes[order[i, 0]] in dev[n] for i, n in enumerate(names)], dtype=float)
    y3 = np.array([any(model.codes[j] in dev[n] for j in order[i]) for i, n in enumerate(names)], dtype=float)
    x = np.stack([np.ones_like(s1), s1, s1 - s2], axis=1).astype(np.float64)
    w = np.zeros(3)
    for _ in range(5000):  # plain gradient descent on the log-loss (3 parameters)
        p = 1 / (1 + np.exp(-(x @ w)))
        w -= 0.5 * x.T @ (p - y) / len(y) + 1e-4 * w
    p = 1 / (1 + np.exp(-(x @ w)))
    print("coef (bias, s1, margin):", [round(float(v), 3) for v in w])
    print(f"dev names {len(y)}, top-1 {y.mean():.3f}, top-3 {y3.mean():.3f}")
    for lo in np.arange(0, 1, 0.1):
        m = (p >= lo) & (p < lo + 0.1)
        if m.any():
            print(
                f"p in [{lo:.1f},{lo + 0.1:.1f}): n={m.sum():4d} predicted {p[m].mean():.2f} observed {y[m].mean():.2f} top3 {y3[m].mean():.2f}"
            )
    for t in (0.3, 0.4, 0.5, 0.6):
        m = p >= t
        print(
            f"threshold {t}: answered {m.mean():.2f}, top-1 right among answered {y[m].mean():.3f}, "
            f"top-3 right among unsure {y3[~m].mean() if (~m).any() else float('nan'):.3f}"
        )


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--dense"]
    main(args[0], dense="--dense" in sys.argv[1:], cache_dir=args[1] if len(args) > 1 else None)
