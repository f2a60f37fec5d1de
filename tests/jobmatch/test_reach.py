"""The blocked ranking's commute test without distances (jobmatch.reach) gives the ranking's own answer."""

import numpy as np

from jobmatch.reach import Reach
from jobmatch.recommend import COMMUTE_MARGIN_MIN
from jobmatch.scoring import R_EARTH, ScoringConfig, commute_minutes, great_circle_block_km


def _exact(cfg, s_lat, s_lon, smax, v_lat, v_lon, bus, bus_km):
    """As ``Recommender._violations`` on ``block_features``: float32 minutes vs float32 limit − margin."""
    km = great_circle_block_km(s_lat, s_lon, v_lat, v_lon)
    minutes, _ = commute_minutes(km, bus[None, :], bus_km[None, :], cfg)
    minutes = minutes.astype(np.float32)
    limit = smax.astype(np.float32)[:, None]
    return np.isnan(minutes) | ~(minutes > limit - COMMUTE_MARGIN_MIN)


def test_reach_equals_the_exact_minutes_test_also_on_the_threshold():
    cfg = ScoringConfig()
    rng = np.random.default_rng(7)
    n = 40
    s_lat = 37.5 + rng.normal(0, 0.2, n)
    s_lon = 127.0 + rng.normal(0, 0.2, n)
    s_lat[3] = np.nan  # a seeker without a place: within everyone's reach
    smax = rng.choice([20.0, 30.0, 45.0, 60.0, 90.0], n)
    # vacancies: scattered, and for seeker 0 exactly on (and a hair either side of) each threshold —
    # the car's, the bus's, and a bus range that cuts the bus short
    lat, lon, bus, bus_km = [], [], [], []
    for _ in range(3000):
        lat.append(37.5 + rng.normal(0, 0.3))
        lon.append(127.0 + rng.normal(0, 0.3))
        bus.append(bool(rng.random() < 0.3))
        bus_km.append(float(rng.choice([0.0, 5.0, 15.0, 30.0])))
    car_km = (smax[0] - COMMUTE_MARGIN_MIN - cfg.fixed_min) * cfg.speed_kmh / (60 * cfg.road_factor)
    bus_lim = (smax[0] - COMMUTE_MARGIN_MIN - cfg.bus_fixed_min) * cfg.bus_speed_kmh / (60 * cfg.road_factor)
    for km, has_bus, rng_km in [
        (car_km, False, 0.0),
        (bus_lim, True, 100.0),
        (bus_lim, True, bus_lim),
        (car_km + (bus_lim - car_km) / 2, True, car_km + (bus_lim - car_km) / 2),
    ]:
        for d in (-1e-6, -1e-9, 0.0, 1e-9, 1e-6):
            lat.append(float(s_lat[0] + np.degrees((km + d) / R_EARTH)))
            lon.append(float(s_lon[0]))
            bus.append(has_bus)
            bus_km.append(rng_km)
    lat.append(np.nan)  # a workplace without a place
    lon.append(127.0)
    bus.append(False)
    bus_km.append(0.0)
    v_lat, v_lon = np.array(lat), np.array(lon)
    v_bus, v_bus_km = np.array(bus), np.array(bus_km, np.float32)
    reach = Reach(v_lat, v_lon, v_bus, v_bus_km, cfg, COMMUTE_MARGIN_MIN)
    vi = np.arange(len(lat))
    got = reach.ok(s_lat, s_lon, smax, vi)
    want = _exact(cfg, s_lat, s_lon, smax, v_lat, v_lon, v_bus, v_bus_km)
    assert (got == want).all()
    edge = got[0, 3000:-1]
    assert edge.any() and not edge.all()  # the threshold pairs fall both ways
    assert got[3].all() and got[:, -1].all()
    # a subset of the columns answers the same
    cols = vi[::7]
    assert (reach.ok(s_lat, s_lon, smax, cols) == want[:, cols]).all()


def test_the_text_test_of_blocking_equals_the_quantised_text_of_the_ranking():
    from jobmatch.blocking import text_q, text_reaches

    for t in (0.35, 0.3, 0.5, 0.12345, 1.0):
        q = text_q(t)
        # values on and a float32 step either side of every rounding edge near the threshold
        edges = (np.arange(q - 3, q + 3, dtype=np.float32) - np.float32(0.5)) / np.float32(1e4)
        x = np.concatenate([np.nextafter(edges, -1), edges, np.nextafter(edges, 2), [0.0, 1.0, 1.5, -0.2]])
        x = np.concatenate([x, np.random.default_rng(1).random(5000)]).astype(np.float32)
        want = (np.round(np.clip(x, 0.0, 1.0) * 1e4) / 1e4).astype(np.float32) >= t
        got = text_reaches(x.copy()[None, :], q)[0]
        assert (got == want).all(), t
        assert want.any() and not want.all()
