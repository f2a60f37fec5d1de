"""Outcomes over time from a world whose truth no ranker reads (issue 14, points 5 and 6).

``bench/world.py`` decides who would take which job and who would be hired (hidden skills, hiring
bars, reservation wages, real travel times, taste). This module turns that into what a job center
records, spread over a year so that a time split is possible:

* each vacancy is open for 20–60 days from a day of the year; each seeker looks for 45 days from a
  day of their own, and finds 40 % of what is open then (search is imperfect);
* **applications** (grade 1): of what they found and would take (``person_yes``, stated needs
  kept), a seeker applies to their few best (1 + Poisson(3)) by their own liking;
* **accepted referrals** (grade 2): a counselor, who knows the person's real trade, proposes up to
  two open vacancies of the same 3-digit group; the seeker accepts those they would take;
* **hires** (grade 3): the employer hires among those candidates when the person clears its hidden
  bar (``employer_yes``); the seeker takes the one they like most, while openings last, in the
  order seekers started looking.

Nothing here reads a ranker's output: counselors propose by the true trade, not by the engine.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bench.world import World

WINDOW_DAYS = 45.0


@dataclass
class Timeline:
    s_start: np.ndarray  # day each seeker starts looking
    v_open: np.ndarray
    v_close: np.ndarray
    available: np.ndarray  # bool [N, M] the vacancy was open while the seeker looked
    events: list[tuple[int, int, str, float]]  # (seeker row, vacancy row, kind, day)


def make_timeline(world: World, seed: int, days: float = 360.0, seen_share: float = 0.4) -> Timeline:
    t = world.truth
    assert t.utility is not None and t.person_yes is not None and t.employer_yes is not None
    rng = np.random.default_rng(seed + 7919)
    n, m = t.grade.shape
    openings = np.array([int(v.get("openings") or 1) for v in world.input["vacancies"]])
    v_open = rng.uniform(0.0, days - 20.0, m)
    v_close = v_open + rng.uniform(20.0, 60.0, m)
    s_start = rng.uniform(0.0, days - WINDOW_DAYS, n)
    s_end = s_start + WINDOW_DAYS
    available = (v_open[None, :] < s_end[:, None]) & (v_close[None, :] > s_start[:, None])
    seen = available & (rng.random((n, m)) < seen_share)
    would = t.person_yes & t.feasible
    group_s = np.array([int(c) // 10 for c in world.codes_seeker])
    group_v = np.array([int(c) // 10 for c in world.codes_vacancy])
    filled = np.zeros(m, np.int64)
    events: list[tuple[int, int, str, float]] = []
    for i in np.argsort(s_start, kind="stable"):
        day0 = float(s_start[i])
        tried: dict[int, float] = {}
        liked = np.flatnonzero(seen[i] & would[i])
        if liked.size:
            k = min(liked.size, 1 + int(rng.poisson(3.0)))
            for j in liked[np.argsort(-t.utility[i, liked], kind="stable")[:k]]:
                day = max(day0, float(v_open[j])) + float(rng.uniform(0.0, 7.0))
                events.append((int(i), int(j), "application", day))
                tried[int(j)] = day
        trade = np.flatnonzero(available[i] & (group_v == group_s[i]))
        if trade.size:
            for j in rng.choice(trade, size=min(2, trade.size), replace=False):
                if would[i, j]:
                    day = max(day0, float(v_open[j])) + float(rng.uniform(0.0, 10.0))
                    events.append((int(i), int(j), "referral_accepted", day))
                    tried[int(j)] = min(day, tried.get(int(j), day))
        hired = [j for j in tried if t.employer_yes[i, j] and filled[j] < openings[j]]
        if hired:
            j = max(hired, key=lambda c: (float(t.utility[i, c]), -c))
            filled[j] += 1
            events.append((int(i), j, "hire", tried[j] + float(rng.uniform(14.0, 28.0))))
    return Timeline(s_start, v_open, v_close, available, events)
