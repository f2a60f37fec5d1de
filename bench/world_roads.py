"""Travel in the bench world (``bench/world.py``): the public crow-flies commute estimate every
ranker and the violation check share, and the real travel time on a road-like network that no
ranker sees."""

from __future__ import annotations

import numpy as np

# the public commute estimate every ranker and the violation check share (documented in
# docs/matching.md, crow-flies): by car or public transport, or by the employer's commuter bus when
# the seeker lives within its radius
EST_FIXED_MIN, EST_ROAD_FACTOR, EST_SPEED_KMH = 10.0, 1.3, 25.0
EST_BUS_FIXED_MIN, EST_BUS_SPEED_KMH, EST_BUS_KM = 5.0, 35.0, 25.0


def crow_km(lat1, lon1, lat2, lon2):
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def estimated_minutes(slat, slon, vlat, vlon, bus=False):
    """The public crow-flies estimate the stated commute limit is checked with (all rankers)."""
    km = crow_km(slat, slon, vlat, vlon)
    car = EST_FIXED_MIN + EST_ROAD_FACTOR * km / EST_SPEED_KMH * 60.0
    by_bus = EST_BUS_FIXED_MIN + EST_ROAD_FACTOR * km / EST_BUS_SPEED_KMH * 60.0
    return np.where(np.asarray(bus) & (km <= EST_BUS_KM), np.minimum(car, by_bus), car)


class Roads:
    """Travel time on a road-like network: rotated-grid local roads and a motorway between hubs."""

    def __init__(self, places: np.ndarray, rng: np.random.Generator, hubs: int = 30):
        self.hubs = places[rng.choice(len(places), hubs, replace=False)]
        self.theta = float(rng.uniform(0, np.pi / 2))
        self.lat0 = float(places[:, 0].mean())

    def _xy(self, lat, lon):
        x = (lon - 127.0) * 111.32 * np.cos(np.radians(self.lat0))
        y = (lat - self.lat0) * 110.57
        c, s = np.cos(self.theta), np.sin(self.theta)
        return x * c - y * s, x * s + y * c

    def _local(self, lat1, lon1, lat2, lon2):
        x1, y1 = self._xy(lat1, lon1)
        x2, y2 = self._xy(lat2, lon2)
        return (np.abs(x1 - x2) + np.abs(y1 - y2)) / 22.0 * 60.0  # Manhattan km at 22 km/h

    def minutes(self, slat, slon, vlat, vlon, noise: np.ndarray) -> np.ndarray:
        """[N, M] minutes for seekers (column vectors) × vacancies (row vectors)."""
        local = self._local(slat, slon, vlat, vlon)
        hs = np.argmin(crow_km(slat, slon, self.hubs[None, :, 0], self.hubs[None, :, 1]), axis=-1)
        hv = np.argmin(crow_km(vlat.T, vlon.T, self.hubs[None, :, 0], self.hubs[None, :, 1]), axis=-1)
        to_hub = self._local(slat[:, 0], slon[:, 0], self.hubs[hs, 0], self.hubs[hs, 1])[:, None]
        from_hub = self._local(self.hubs[hv, 0], self.hubs[hv, 1], vlat[0], vlon[0])[None, :]
        hub_km = crow_km(
            self.hubs[hs, 0][:, None],
            self.hubs[hs, 1][:, None],
            self.hubs[hv, 0][None],
            self.hubs[hv, 1][None],
        )
        motorway = to_hub + 6.0 + hub_km * 1.15 / 70.0 * 60.0 + from_hub
        return (5.0 + np.minimum(local, motorway)) * noise
