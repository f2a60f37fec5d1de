"""``block_scores``: the benchmark engine's scores of a block in fewer passes than ``block_features``.

Categorical features are evaluated on the distinct seeker × vacancy profiles of the block and gathered;
occupation credit on the block's distinct vacancy codes. ``jobmatch.engine`` and ``jobmatch.online``
rank with it; tests hold it equal to the weighted ``block_features``.
"""

from __future__ import annotations

import numpy as np

from .model import SeekerTable, VacancyTable
from .scoring import FEATURES, Filters, ScoringConfig, _popcount, commute_minutes, great_circle_block_km


def _occ_tables(sc: np.ndarray, sw: np.ndarray, ucodes: np.ndarray, cfg: ScoringConfig):
    """Occupation credit and relatedness of seekers [S, MAX] against a few distinct vacancy codes [U]."""
    occ = np.zeros((sc.shape[0], ucodes.shape[0]), np.float32)
    related = np.zeros(occ.shape, bool)
    u = ucodes[None, :]
    uk = u >= 0
    for j in range(sc.shape[1]):
        c = sc[:, j : j + 1]
        known = (c >= 0) & uk
        same2 = known & (c // 100 == u // 100)
        related |= same2
        lvl = np.where(c == u, cfg.occ_same4, np.where(c // 10 == u // 10, cfg.occ_same3, cfg.occ_same2))
        np.maximum(occ, np.where(same2, lvl * sw[:, j : j + 1], 0.0).astype(np.float32), out=occ)
    return occ, related


def _cat_keys_seeker(s: SeekerTable, si: np.ndarray) -> np.ndarray:
    return (
        s.shift[si].astype(np.int64)
        | (s.days[si].astype(np.int64) & 15) << 4
        | s.emp[si].astype(np.int64) << 8
        | (s.edu[si].astype(np.int64) & 15) << 12
        | s.visa[si].astype(np.int64) << 16
        | s.needs_dorm[si].astype(np.int64) << 24
    )


def _cat_keys_vacancy(v: VacancyTable, vi: np.ndarray) -> np.ndarray:
    return (
        v.shift[vi].astype(np.int64)
        | (v.days[vi].astype(np.int64) & 15) << 4
        | v.emp[vi].astype(np.int64) << 8
        | (v.edu[vi].astype(np.int64) & 15) << 12
        | v.visa_ok[vi].astype(np.int64) << 16
        | v.dorm[vi].astype(np.int64) << 24
    )


def block_scores(
    s: SeekerTable,
    si: np.ndarray,
    v: VacancyTable,
    vi: np.ndarray,
    cfg: ScoringConfig,
    filters: Filters,
) -> np.ndarray:
    """Scores [len(si), len(vi)] in 0..100, ``-inf`` where a hard filter fails.

    The same features as ``block_features`` (which explanations use), computed with fewer passes:
    categorical features (shift, days, employment type, education, visa, dormitory) are evaluated on
    the distinct seeker × vacancy profiles of the block and gathered; occupation credit likewise on the
    distinct vacancy codes.
    """
    w = dict(zip(FEATURES, (100.0 * cfg.wvec()).tolist(), strict=True))
    ns, nv = len(si), len(vi)
    ok = np.ones((ns, nv), bool)
    # occupation (on distinct vacancy codes)
    ucode, cinv = np.unique(v.code[vi], return_inverse=True)
    occ_u, rel_u = _occ_tables(s.codes[si], s.code_w[si], ucode, cfg)
    total = (occ_u * w["occ"])[:, cinv]
    if filters.related_occupation:
        both = (s.codes[si] >= 0).any(axis=1)[:, None] & (ucode >= 0)[None, :]
        ok &= (rel_u | ~both)[:, cinv]
    if filters.min_occ > 0:
        ok &= (occ_u >= filters.min_occ)[:, cinv]
    # text (quantised exactly as in block_features)
    if w["text"]:
        t = s.text[si] @ v.text[vi].T
        np.clip(t, 0.0, 1.0, out=t)
        t = (np.round(t * 1e4) / 1e4).astype(np.float32)
        t *= w["text"]
        total += t
    # categorical profiles
    sk, sinv = np.unique(_cat_keys_seeker(s, si), return_inverse=True)
    vk, vinv = np.unique(_cat_keys_vacancy(v, vi), return_inverse=True)
    sfirst = si[np.unique(sinv, return_index=True)[1]]
    vfirst = vi[np.unique(vinv, return_index=True)[1]]
    cf = _categorical(s, sfirst, v, vfirst)
    cat = sum(w[k] * cf[k] for k in ("shift", "days", "emp", "edu", "visa", "dorm"))
    total += cat.astype(np.float32)[sinv[:, None], vinv[None, :]]
    cat_ok = np.ones(cat.shape, bool)
    if filters.visa:
        cat_ok &= cf["visa"] > 0
    if filters.dorm:
        cat_ok &= cf["dorm"] > 0
    if filters.shift:
        cat_ok &= cf["shift"] > 0
    if not cat_ok.all():
        ok &= cat_ok[sinv[:, None], vinv[None, :]]
    # experience
    vx = v.exp_years[vi][None, :]
    sx = s.exp_years[si][:, None]
    total += (w["exp"] * np.where(vx <= 0, 1.0, np.clip(sx / np.maximum(vx, 1e-6), 0.0, 1.0))).astype(
        np.float32
    )
    # wage
    vw = v.wage[vi][None, :].astype(np.float64)
    sw_ = s.wage[si][:, None].astype(np.float64)
    short = (sw_ - vw) / np.maximum(sw_, 1.0)
    total += (w["wage"] * np.where((vw <= 0) | (sw_ <= 0), 0.5, np.clip(1.0 - 5.0 * short, 0.0, 1.0))).astype(
        np.float32
    )
    # qualifications
    rq = v.req_q[vi]
    pq = v.pref_q[vi]
    n_req_v = _popcount(rq).sum(-1)
    n_pref_v = _popcount(pq).sum(-1)
    lic = np.flatnonzero((n_req_v > 0) | (n_pref_v > 0))
    total += np.float32(w["qual"] * (0.75 + 0.25 * 0.5))
    if lic.size:
        h = s.held_q[si][:, None, :]
        n_req = n_req_v[lic][None, :]
        n_pref = n_pref_v[lic][None, :]
        n_req_held = _popcount(rq[lic][None, :, :] & h).sum(-1)
        n_pref_held = _popcount(pq[lic][None, :, :] & h).sum(-1)
        req_part = np.where(n_req > 0, n_req_held / np.maximum(n_req, 1), 1.0)
        pref_part = np.where(n_pref > 0, n_pref_held / np.maximum(n_pref, 1), 0.5)
        total[:, lic] += (w["qual"] * (0.75 * req_part + 0.25 * pref_part - (0.75 + 0.25 * 0.5))).astype(
            np.float32
        )
        if filters.required_licence:
            ok[:, lic] &= n_req_held >= n_req
    # commute
    km = great_circle_block_km(s.lat[si], s.lon[si], v.lat[vi], v.lon[vi])
    minutes, _ = commute_minutes(km, v.bus[vi][None, :], v.bus_km[vi][None, :], cfg)
    smax = np.where(s.max_commute[si] > 0, s.max_commute[si], cfg.default_max_commute)[:, None]
    cs = np.clip(1.0 - minutes / (2.0 * smax), 0.0, 1.0)
    total += (w["commute"] * np.where(np.isnan(minutes), 0.5, cs)).astype(np.float32)
    known = ~np.isnan(minutes)
    if filters.commute:
        ok &= ~known | (minutes <= smax)
    if filters.max_commute_min is not None:
        ok &= ~known | (minutes <= filters.max_commute_min)
    total[~ok] = -np.inf
    return total


def _categorical(s: SeekerTable, si: np.ndarray, v: VacancyTable, vi: np.ndarray) -> dict[str, np.ndarray]:
    """shift/days/emp/edu/visa/dorm features, same formulas as ``block_features``."""
    f = {}
    vs = v.shift[vi][None, :]
    ss = s.shift[si][:, None]
    f["shift"] = np.where(ss == 0, 1.0, np.where(vs == 0, 0.5, ((vs & ss) != 0).astype(np.float32)))
    vd = v.days[vi][None, :]
    sd = s.days[si][:, None]
    f["days"] = np.where(sd == 0, 1.0, np.where(vd == 0, 0.5, (vd <= sd).astype(np.float32)))
    ve = v.emp[vi][None, :]
    se = s.emp[si][:, None]
    f["emp"] = np.where(se == 0, 1.0, np.where(ve == 0, 0.5, ((ve & se) != 0).astype(np.float32)))
    ved = v.edu[vi][None, :]
    sed = s.edu[si][:, None]
    f["edu"] = np.where((ved <= 0) | (sed >= ved), 1.0, 0.3)
    sv = s.visa[si][:, None]
    vv = v.visa_ok[vi][None, :]
    f["visa"] = np.where(sv == 0, 1.0, ((vv & sv) != 0).astype(np.float32))
    nd = s.needs_dorm[si][:, None]
    f["dorm"] = np.where(~nd, 1.0, v.dorm[vi][None, :].astype(np.float32))
    return {k: np.asarray(x, np.float32) for k, x in f.items()}
