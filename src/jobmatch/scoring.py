"""Pair features, hard filters, the weighted score and its explanation (vectorised over blocks).

Every feature is a number in [0, 1] for a (seeker, vacancy) pair; the score is
``100 × Σ weight_f × feature_f`` with the weights of ``ScoringConfig`` (they sum to 1, so a score
reads as "percent of a perfect match"). Hard filters remove pairs before ranking. The same code
computes a 1×1 block for explanations, so a reason always agrees with the score it explains.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from .model import SeekerTable, VacancyTable
from .sides import Sides

FEATURES = ("occ", "text", "qual", "commute", "wage", "shift", "emp", "days", "exp", "edu", "visa", "dorm")


@dataclass
class ScoringConfig:
    """The one place the weights live. Documented in docs/matching.md."""

    weights: dict[str, float] = field(
        default_factory=lambda: {
            "occ": 0.30,  # KECO hierarchy: same 세분류 1.0 > 소분류 0.6 > 중분류 0.25 (× desired/experience/licence strength)
            "text": 0.15,  # duties vs experience text (LSA cosine over kiwi tokens)
            "qual": 0.12,  # required licences held (¾) and preferred ones (¼)
            "commute": 0.13,  # estimated minutes vs the seeker's limit
            "wage": 0.08,  # offered vs desired
            "shift": 0.06,  # 주간/야간/교대 vs preference
            "emp": 0.04,  # 정규직/계약직/… vs preference
            "days": 0.02,  # working days per week vs the seeker's maximum
            "exp": 0.04,  # years of experience vs required
            "edu": 0.02,  # education vs required
            "visa": 0.02,  # work-permit eligibility where set
            "dorm": 0.02,  # dormitory when the seeker needs one
        }
    )
    # occupation hierarchy credits
    occ_same4: float = 1.0
    occ_same3: float = 0.6
    occ_same2: float = 0.25
    # commute model: minutes = fixed + road_factor * km / speed * 60
    road_factor: float = 1.3
    speed_kmh: float = 25.0  # public transport / car in the metropolitan area, door to door
    fixed_min: float = 10.0
    bus_speed_kmh: float = 35.0  # employer's commuter bus (통근버스): direct, no transfers
    bus_fixed_min: float = 5.0
    default_max_commute: float = 60.0

    def __post_init__(self):
        unknown = set(self.weights) - set(FEATURES)
        if unknown:
            raise ValueError(f"unknown feature weights: {sorted(unknown)}")
        for f in FEATURES:
            self.weights.setdefault(f, 0.0)
        if any(w < 0 for w in self.weights.values()):
            raise ValueError("weights must be non-negative")

    def wvec(self) -> np.ndarray:
        w = np.array([self.weights[f] for f in FEATURES], dtype=np.float32)
        s = w.sum()
        return w / s if s > 0 else w


@dataclass
class Filters:
    """Hard filters, configurable per call. ``None``/False switches a filter off."""

    commute: bool = True  # respect each seeker's own commute limit (default 60 min)
    max_commute_min: float | None = None  # extra cap for this call ("통근 N분 이내")
    required_licence: bool = False  # all required licences held
    visa: bool = True  # a foreign seeker only sees vacancies accepting their visa
    dorm: bool = False  # seekers who need a dormitory only see vacancies with one
    shift: bool = False  # only compatible shift patterns
    min_occ: float = 0.0  # minimum occupation credit (e.g. 0.6 = at least same 소분류)
    related_occupation: bool = True  # when both sides have codes, they must share the 중분류

    def as_dict(self) -> dict:
        return asdict(self)

    def commute_radius_km(self, cfg: ScoringConfig, seeker_max: float) -> float | None:
        """Upper bound of the straight-line distance any feasible pair can have (for blocking)."""
        if not self.commute and self.max_commute_min is None:
            return None
        lim = seeker_max if self.commute else float("inf")
        if self.max_commute_min is not None:
            lim = min(lim, self.max_commute_min)
        fastest = max(cfg.speed_kmh / cfg.road_factor, cfg.bus_speed_kmh / cfg.road_factor)
        return max(0.0, (lim - min(cfg.fixed_min, cfg.bus_fixed_min)) / 60.0 * fastest)


R_EARTH = 6371.0088


def great_circle_km(lat1, lon1, lat2, lon2):
    """Haversine distance (broadcasting), NaN when a coordinate is missing."""
    p1 = np.radians(np.asarray(lat1, np.float64))
    p2 = np.radians(np.asarray(lat2, np.float64))
    dp = p2 - p1
    dl = np.radians(np.asarray(lon2, np.float64)) - np.radians(np.asarray(lon1, np.float64))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * R_EARTH * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def unit_vectors(lat, lon) -> np.ndarray:
    """[n, 3] float64 points on the unit sphere (NaN rows for missing coordinates)."""
    p = np.radians(np.asarray(lat, np.float64))
    q = np.radians(np.asarray(lon, np.float64))
    return np.stack([np.cos(p) * np.cos(q), np.cos(p) * np.sin(q), np.sin(p)], axis=-1)


def great_circle_block_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """All-pairs great-circle distance [n1, n2] via chord lengths (a 3-dim matmul; = haversine)."""
    return km_from_unit_dot(unit_vectors(lat1, lon1) @ unit_vectors(lat2, lon2).T)


def km_from_unit_dot(dot: np.ndarray) -> np.ndarray:
    """Great-circle km from the dot product of two unit vectors (elementwise; NaN propagates)."""
    chord2 = np.maximum(2.0 - 2.0 * dot, 0.0)  # |u - w|²
    return (2 * R_EARTH) * np.arcsin(np.minimum(np.sqrt(chord2) / 2.0, 1.0))


def _popcount(x: np.ndarray) -> np.ndarray:
    return np.bitwise_count(x).astype(np.float32)


def commute_minutes(km, bus, bus_km, cfg: ScoringConfig):
    car = cfg.fixed_min + cfg.road_factor * km / cfg.speed_kmh * 60.0
    by_bus = cfg.bus_fixed_min + cfg.road_factor * km / cfg.bus_speed_kmh * 60.0
    use_bus = bus & (km <= np.maximum(bus_km, 0))
    return np.where(use_bus, np.minimum(car, by_bus), car), use_bus


def block_features(
    s: SeekerTable,
    si: np.ndarray,
    v: VacancyTable,
    vi: np.ndarray,
    cfg: ScoringConfig,
    sides: Sides | None = None,
) -> dict[str, np.ndarray]:
    """All features for the block si × vi, as float32 [len(si), len(vi)] arrays (+ raw values); with
    ``sides`` in pairs mode (``jobmatch.sides``), one value per chosen pair, the same bits."""
    x = sides or Sides(si, vi)
    f: dict[str, np.ndarray] = {}
    vc = x.v(v.code)
    sc = x.s(s.codes)
    sw = x.s(s.code_w)
    occ = np.zeros(x.shape, np.float32)
    related = np.zeros(x.shape, bool)
    vc3 = vc // 10
    vc2 = vc // 100
    vknown = vc >= 0
    for j in range(s.codes.shape[1]):
        if not (s.codes[si, j] >= 0).any():
            continue
        c = sc[..., j]
        w = sw[..., j]
        known = (c >= 0) & vknown
        same2 = known & (c // 100 == vc2)
        related |= same2
        lvl = np.where(c == vc, cfg.occ_same4, np.where(c // 10 == vc3, cfg.occ_same3, cfg.occ_same2))
        np.maximum(occ, np.where(same2, lvl * w, 0.0).astype(np.float32, copy=False), out=occ)
    f["occ"] = occ
    f["_related"] = related
    f["_both_known"] = x.s(np.asarray((s.codes >= 0).any(axis=1))) & vknown
    # quantised so that results do not depend on BLAS blocking (identical across executors)
    text = x.gather(s.text[si] @ v.text[vi].T)
    f["text"] = (np.round(np.clip(text, 0.0, 1.0) * 1e4) / 1e4).astype(np.float32)
    # qualifications: only vacancies that list any licence need the pairwise popcounts
    n_req_v = _popcount(v.req_q[vi]).sum(-1)
    n_pref_v = _popcount(v.pref_q[vi]).sum(-1)
    qual = np.full(x.shape, 0.75 + 0.25 * 0.5, np.float32)
    req_ok = np.ones(x.shape, bool)
    lic = np.flatnonzero((n_req_v > 0) | (n_pref_v > 0))
    places, lx = x.where_v(lic)
    if places.size:
        h = lx.s(s.held_q)
        n_req = lx.v_local(n_req_v[lic])
        n_pref = lx.v_local(n_pref_v[lic])
        n_req_held = _popcount(lx.v(v.req_q) & h).sum(-1)
        n_pref_held = _popcount(lx.v(v.pref_q) & h).sum(-1)
        req_part = np.where(n_req > 0, n_req_held / np.maximum(n_req, 1), 1.0)
        pref_part = np.where(n_pref > 0, n_pref_held / np.maximum(n_pref, 1), 0.5)
        x.put(qual, places, 0.75 * req_part + 0.25 * pref_part)
        x.put(req_ok, places, n_req_held >= n_req)
    f["qual"] = qual
    f["_req_ok"] = req_ok
    # commute (the dot product of the unit vectors as the block's matrix product, then gathered)
    km = km_from_unit_dot(x.gather(unit_vectors(s.lat[si], s.lon[si]) @ unit_vectors(v.lat[vi], v.lon[vi]).T))
    minutes, use_bus = commute_minutes(km, x.v(v.bus), x.v(v.bus_km), cfg)
    smax = x.s(np.where(s.max_commute > 0, s.max_commute, cfg.default_max_commute))
    cs = np.clip(1.0 - minutes / (2.0 * smax), 0.0, 1.0)
    f["commute"] = np.where(np.isnan(minutes), 0.5, cs).astype(np.float32)
    f["_minutes"] = minutes.astype(np.float32)
    f["_bus"] = use_bus
    f["_smax"] = smax
    # wage
    vw = x.v(v.wage).astype(np.float64)
    sw_ = x.s(s.wage).astype(np.float64)
    short = (sw_ - vw) / np.maximum(sw_, 1.0)
    f["wage"] = np.where((vw <= 0) | (sw_ <= 0), 0.5, np.clip(1.0 - 5.0 * short, 0.0, 1.0)).astype(np.float32)
    # shift, days, employment type
    vs = x.v(v.shift)
    ss = x.s(s.shift)
    f["shift"] = np.where(ss == 0, 1.0, np.where(vs == 0, 0.5, ((vs & ss) != 0).astype(np.float32))).astype(
        np.float32
    )
    vd = x.v(v.days)
    sd = x.s(s.days)
    f["days"] = np.where(sd == 0, 1.0, np.where(vd == 0, 0.5, (vd <= sd).astype(np.float32))).astype(
        np.float32
    )
    ve = x.v(v.emp)
    se = x.s(s.emp)
    f["emp"] = np.where(se == 0, 1.0, np.where(ve == 0, 0.5, ((ve & se) != 0).astype(np.float32))).astype(
        np.float32
    )
    # experience, education
    vx = x.v(v.exp_years)
    sx = x.s(s.exp_years)
    f["exp"] = np.where(vx <= 0, 1.0, np.clip(sx / np.maximum(vx, 1e-6), 0.0, 1.0)).astype(np.float32)
    ved = x.v(v.edu)
    sed = x.s(s.edu)
    f["edu"] = np.where((ved <= 0) | (sed >= ved), 1.0, 0.3).astype(np.float32)
    # visa, dormitory
    sv = x.s(s.visa)
    vv = x.v(v.visa_ok)
    f["visa"] = np.where(sv == 0, 1.0, ((vv & sv) != 0).astype(np.float32)).astype(np.float32)
    nd = x.s(s.needs_dorm)
    f["dorm"] = np.where(~nd, 1.0, x.v(v.dorm).astype(np.float32)).astype(np.float32)
    return f


def feasible(f: dict[str, np.ndarray], filters: Filters) -> np.ndarray:
    ok = np.ones(f["occ"].shape, dtype=bool)
    minutes = f["_minutes"]
    known = ~np.isnan(minutes)
    if filters.commute:
        ok &= ~known | (minutes <= f["_smax"])
    if filters.max_commute_min is not None:
        ok &= ~known | (minutes <= filters.max_commute_min)
    if filters.required_licence:
        ok &= f["_req_ok"]
    if filters.visa:
        ok &= f["visa"] > 0
    if filters.dorm:
        ok &= f["dorm"] > 0
    if filters.shift:
        ok &= f["shift"] > 0
    if filters.min_occ > 0:
        ok &= f["occ"] >= filters.min_occ
    if filters.related_occupation:
        ok &= f["_related"] | ~f["_both_known"]
    return ok
