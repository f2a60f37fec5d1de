"""The commute test of the blocked ranking without a distance per pair (``jobmatch.blocking``).

``Recommender._violations`` marks a pair's commute as relaxed when its float32 minutes (the faster of
car and the employer's bus, ``scoring.commute_minutes``) exceed the seeker's limit less
``COMMUTE_MARGIN_MIN``. Minutes grow with the distance, so the test is "distance ≤ a threshold" —
per seeker for a car, and for a vacancy with a bus ``max(car, min(bus, the bus's range))``. The
great-circle distance falls as the dot product of the two unit vectors rises, so the test becomes
"dot ≥ cos(threshold / R)": one 3-dim product per pair and two comparisons, no arcsine. Pairs within
``BAND_KM`` of their threshold are decided by the exact formula (the same float32 minutes and margin),
so the answer is the ranking's own.
"""

from __future__ import annotations

import numpy as np

from .scoring import R_EARTH, commute_minutes, unit_vectors

#: pairs this close to their threshold distance are computed exactly (float32 minutes are exact to
#: ~1e-5 min, i.e. ~1e-5 km; the dot product to ~1e-7 km at city distances)
BAND_KM = 0.01


def _dot_at(km: np.ndarray) -> np.ndarray:
    """cos(km / R): the dot product of two unit vectors ``km`` apart (clipped to [0, πR])."""
    return np.cos(np.clip(km, 0.0, np.pi * R_EARTH) / R_EARTH)


class Reach:
    """Unit vectors of a vacancy pool and its bus ranges, built once; ``ok`` per block of pairs."""

    def __init__(self, lat, lon, bus, bus_km, cfg, margin: float):
        self.cfg, self.margin = cfg, margin
        self.unit = unit_vectors(lat, lon)
        self.bus = np.asarray(bus, bool)
        self.bus_km = np.asarray(bus_km, np.float64)
        rng = np.maximum(self.bus_km, 0.0)
        # a bus range as a threshold: beyond it the bus does not run (margins either side)
        self.bus_hi = np.where(self.bus, _dot_at(rng - BAND_KM), 2.0)
        self.bus_lo = np.where(self.bus, _dot_at(rng + BAND_KM), 2.0)

    def _km_limit(self, smax: np.ndarray, fixed: float, speed: float) -> np.ndarray:
        """The distance at which this mode's minutes reach ``smax - margin`` (may be negative)."""
        cfg = self.cfg
        return (smax - self.margin - fixed) * speed / (60.0 * cfg.road_factor)

    def ok(self, lat, lon, smax: np.ndarray, vi: np.ndarray) -> np.ndarray:
        """bool [len(lat), len(vi)]: minutes within ``smax`` (with the margin) or unknown."""
        cfg = self.cfg
        u = unit_vectors(lat, lon)
        dot = u @ self.unit[vi].T
        car = self._km_limit(smax, cfg.fixed_min, cfg.speed_kmh)
        bus = self._km_limit(smax, cfg.bus_fixed_min, cfg.bus_speed_kmh)
        # surely within: dot ≥ hi; surely beyond: dot < lo; the threshold of a pair is
        # max(car, min(bus, range)) — in dot space min(car, max(bus, range))
        car_hi = np.where(car - BAND_KM > 0, _dot_at(car - BAND_KM), 2.0)[:, None]
        car_lo = np.where(car + BAND_KM > 0, _dot_at(car + BAND_KM), 2.0)[:, None]
        bus_hi = np.where(bus - BAND_KM > 0, _dot_at(bus - BAND_KM), 2.0)[:, None]
        bus_lo = np.where(bus + BAND_KM > 0, _dot_at(bus + BAND_KM), 2.0)[:, None]
        # dot ≥ min(a, max(b, c)) ⇔ dot ≥ a or (dot ≥ b and dot ≥ c)
        out = dot >= car_hi
        maybe = dot >= car_lo
        cols = np.flatnonzero(self.bus[vi])
        if cols.size:
            d = dot[:, cols]
            out[:, cols] |= (d >= bus_hi) & (d >= self.bus_hi[vi[cols]][None, :])
            maybe[:, cols] |= (d >= bus_lo) & (d >= self.bus_lo[vi[cols]][None, :])
        out |= np.isnan(dot)  # a place unknown: within reach (as the ranking)
        band = np.nonzero(maybe & ~out)
        if band[0].size:
            out[band] = self._exact(dot[band], vi[band[1]], smax[band[0]])
        return out

    def _exact(self, dot: np.ndarray, vj: np.ndarray, smax: np.ndarray) -> np.ndarray:
        """The ranking's own test on a few pairs: float32 minutes vs the limit less the margin."""
        chord2 = np.maximum(2.0 - 2.0 * dot, 0.0)
        km = (2 * R_EARTH) * np.arcsin(np.minimum(np.sqrt(chord2) / 2.0, 1.0))
        minutes, _ = commute_minutes(km, self.bus[vj], self.bus_km[vj], self.cfg)
        # as ``Recommender._violations``: float32 minutes against the float32 limit less the margin
        return ~(minutes.astype(np.float32) > smax.astype(np.float32) - np.float32(self.margin))
