"""Bounding each vacancy's exposure in the seekers' lists (``capacity_rerank``) and measuring it
(``exposure_stats``): a vacancy's fair share of the list slots is proportional to its openings."""

from __future__ import annotations

import numpy as np

from .engine import TopK

_PASS_BLOCK = 1 << 20  # pairs per block of capacity_rerank's sequential pass


def capacity_rerank(
    top: TopK,
    openings: np.ndarray,
    k_out: int = 10,
    slack: float = 3.0,
    min_cap: int = 5,
    seeker_rows: np.ndarray | None = None,
    allow_over_cap: bool = False,
) -> tuple[TopK, dict]:
    """Bound each vacancy's exposure in the seekers' top-``k_out`` lists.

    A vacancy's *fair share* of the N × k_out list slots is proportional to its openings; its cap is
    ``max(min_cap, ceil(slack × share))``. Greedy b-matching: pairs are taken in descending score
    order while both the seeker's list and the vacancy's cap have room. Seekers left short are filled
    from their remaining candidates even above the cap (nobody gets an empty list because of the
    bound) only when ``allow_over_cap``; otherwise such lists stay shorter (reported as ``short_lists``).
    """
    rows_sel = (
        np.flatnonzero(np.isfinite(top.score[:, 0])) if seeker_rows is None else np.asarray(seeker_rows)
    )
    n = len(rows_sel)
    m = len(openings)
    out = TopK.empty(top.idx.shape[0], k_out)
    if n == 0 or m == 0:
        return out, {"max_exposure_ratio": 0.0}
    share = n * k_out * openings.astype(np.float64) / max(1, openings.sum())
    cap = np.maximum(min_cap, np.ceil(slack * share)).astype(np.int64)
    idx = top.idx[rows_sel]
    sc = top.score[rows_sel]
    L = idx.shape[1]
    r = np.repeat(np.arange(n, dtype=np.int32 if n < 2**31 else np.int64), L)
    c = idx.ravel()
    s_ = sc.ravel()
    ok = (c >= 0) & np.isfinite(s_)
    r, c, s_ = r[ok], c[ok], s_[ok]
    order = np.lexsort((c, r, -s_))
    r, c, s_ = r[order], c[order], s_[order]
    used = np.zeros(m, np.int64)
    fill = np.zeros(n, np.int64)
    taken = np.zeros(r.size, bool)
    # one sequential pass over the pairs in score order (earlier in `order` wins a vacancy's last
    # place), on plain Python lists (an item costs a tenth of a NumPy scalar), a block of pairs at a
    # time (at 1 M seekers whole lists would hold 20 M Python ints: gigabytes); the slots are written
    # back as arrays afterwards
    fill_l, used_l, cap_l = fill.tolist(), used.tolist(), cap.tolist()
    slot_p: list[np.ndarray] = []
    slot_at: list[np.ndarray] = []
    for a in range(0, r.size, _PASS_BLOCK):
        b = min(a + _PASS_BLOCK, r.size)
        got_p: list[int] = []
        got_at: list[int] = []
        for p, ri, ci in zip(range(a, b), r[a:b].tolist(), c[a:b].tolist(), strict=True):
            f_ = fill_l[ri]
            if f_ >= k_out or used_l[ci] >= cap_l[ci]:
                continue
            got_p.append(p)
            got_at.append(ri * k_out + f_)
            fill_l[ri] = f_ + 1
            used_l[ci] += 1
        slot_p.append(np.asarray(got_p, np.int64))
        slot_at.append(np.asarray(got_at, np.int64))
    sp_ = np.concatenate(slot_p) if slot_p else np.zeros(0, np.int64)
    if sp_.size:
        at = np.concatenate(slot_at)
        rows_at, col_at = rows_sel[at // k_out], at % k_out
        out.idx[rows_at, col_at] = c[sp_]
        out.score[rows_at, col_at] = s_[sp_]
        taken[sp_] = True
    fill = np.asarray(fill_l, np.int64)
    used = np.asarray(used_l, np.int64)
    short = np.flatnonzero(fill < k_out)
    over = 0
    n_short = int(short.size)
    if short.size and allow_over_cap:
        for ri in short:
            for j in range(L):
                ci = idx[ri, j]
                if fill[ri] >= k_out or ci < 0 or not np.isfinite(sc[ri, j]):
                    continue
                if ci in out.idx[rows_sel[ri], : fill[ri]]:
                    continue
                out.idx[rows_sel[ri], fill[ri]] = ci
                out.score[rows_sel[ri], fill[ri]] = sc[ri, j]
                fill[ri] += 1
                used[ci] += 1
                over += 1
        # keep lists sorted by score after filling
        sub = out.score[rows_sel[short]]
        o = np.argsort(-sub, axis=1, kind="stable")
        out.score[rows_sel[short]] = np.take_along_axis(sub, o, axis=1)
        out.idx[rows_sel[short]] = np.take_along_axis(out.idx[rows_sel[short]], o, axis=1)
    stats = exposure_stats(out, openings, k_out, rows_sel)
    stats["over_cap_fills"] = int(over)
    stats["short_lists"] = n_short
    stats["slack"] = slack
    return out, stats


def exposure_stats(
    top: TopK, openings: np.ndarray, k_out: int = 10, rows_sel: np.ndarray | None = None
) -> dict:
    """Exposure of vacancies in the top-``k_out`` lists relative to their fair share (by openings)."""
    idx = top.idx if rows_sel is None else top.idx[rows_sel]
    idx = idx[:, :k_out]
    n = idx.shape[0]
    flat = idx[idx >= 0]
    expo = np.bincount(flat, minlength=len(openings)).astype(np.float64)
    share = n * k_out * openings.astype(np.float64) / max(1, openings.sum())
    ratio = expo / np.maximum(share, 1e-9)
    shown = expo > 0
    return {
        "max_exposure_ratio": round(float(ratio.max()) if ratio.size else 0.0, 3),
        "p99_exposure_ratio": round(float(np.percentile(ratio, 99)) if ratio.size else 0.0, 3),
        "max_exposure": int(expo.max()) if expo.size else 0,
        "vacancies_shown": int(shown.sum()),
        "vacancies_shown_share": round(float(shown.mean()) if shown.size else 0.0, 4),
    }
