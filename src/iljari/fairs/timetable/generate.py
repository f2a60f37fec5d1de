"""Generated fairs for the benchmark and tests (deterministic for a seed).

Shaped like the local fairs the job center runs: booths with 1–3 interviewers, some
arriving late or leaving early, many taking a one-slot break around lunch; a few popular
companies attract most requests (Zipf-like); seekers arrive through the day and stay for
a part of it; each asks for ``requests`` distinct companies, ranked, with a match score.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import replace
from typing import cast

from .problem import Booth, Interview, Problem, Request, Seeker


def generate_fair(
    booths: int,
    seekers: int,
    requests: int,
    slots: int,
    seed: int = 0,
    halls: int = 1,
    buffer_slots: int = 1,
) -> Problem:
    rng = random.Random(seed)
    T = slots
    booth_list: list[Booth] = []
    for i in range(booths):
        start, end = 0, T
        u = rng.random()
        if u < 0.1 and T >= 4:
            start = rng.randrange(1, max(2, T // 4))
        elif u < 0.2 and T >= 4:
            end = T - rng.randrange(1, max(2, T // 4))
        breaks: frozenset[int] = frozenset()
        if rng.random() < 0.5 and end - start >= 4:
            mid = (start + end) // 2
            breaks = frozenset({rng.randrange(max(start, mid - 1), min(end, mid + 2))})
        booth_list.append(
            Booth(
                id=i + 1,
                company=i + 1,
                interviewers=rng.choice((1, 2, 2, 3)),
                start=start,
                end=end,
                breaks=breaks,
                hall=f"{1 + i * halls // max(1, booths)}관",
                name=f"부스 {i + 1:03d}",
            )
        )
    popularity = [1.0 / (i + 1) ** 0.8 for i in range(booths)]
    rng.shuffle(popularity)
    cum = list(itertools.accumulate(popularity))
    seeker_list: list[Seeker] = []
    request_list: list[Request] = []
    k = min(requests, booths)
    for j in range(seekers):
        stay = rng.randint(max(1, T // 2), T)
        start = rng.randint(0, T - stay)
        seeker_list.append(Seeker(id=j + 1, start=start, end=start + stay, name=f"구직자 {j + 1:05d}"))
        chosen: set[int] = set()
        while len(chosen) < k:
            chosen.add(rng.choices(range(booths), cum_weights=cum, k=1)[0])
        picks = list(chosen)
        rng.shuffle(picks)
        for rank, b in enumerate(picks, start=1):
            request_list.append(
                Request(seeker=j + 1, booth=b + 1, rank=rank, score=round(rng.uniform(0.3, 1.0), 2))
            )
    return Problem(
        num_slots=T,
        booths=booth_list,
        seekers=seeker_list,
        requests=request_list,
        buffer_slots=buffer_slots,
    )


def day_of_fair(
    problem: Problem,
    interviews: list[Interview],
    *,
    now_slot: int,
    walk_in_share: float = 0.05,
    no_show_share: float = 0.05,
    seed: int = 0,
) -> tuple[Problem, list[Interview], set]:
    """The fair at ``now_slot`` on the day, after the timetable ``interviews`` was announced.

    ``no_show_share`` of the seekers with an interview did not come: their interviews before
    ``now_slot`` are held (recorded as no-shows, they stay), the later ones are cancelled and
    free their booths. ``walk_in_share`` more seekers arrive now, stay to the end and ask for
    interviews like the others. Returns the fair as it now is, the interviews that must stay
    (every announced interview not cancelled), and the walk-ins' ids.
    """
    rng = random.Random(seed + 7919)
    with_interview = sorted({iv.seeker for iv in interviews}, key=str)
    no_shows = set(rng.sample(with_interview, round(no_show_share * len(with_interview))))
    held = sorted(iv for iv in interviews if not (iv.seeker in no_shows and iv.slot >= now_slot))
    kept_pairs = {(iv.seeker, iv.booth) for iv in held}
    seekers = []
    for s in problem.seekers:
        if s.id in no_shows:
            if s.start >= now_slot:
                continue  # gone before their first slot: nothing to keep
            end = problem.num_slots if s.end is None else s.end
            s = replace(s, end=min(end, now_slot))  # was expected, never came: only the past
        seekers.append(s)
    present = {s.id for s in seekers}
    requests = [
        q
        for q in problem.requests
        if q.seeker in present and (q.seeker not in no_shows or (q.seeker, q.booth) in kept_pairs)
    ]
    n_walk = round(walk_in_share * len(problem.seekers))
    walk_ids: set = set()
    if n_walk and now_slot < problem.num_slots:
        k = max(1, round(len(problem.requests) / max(1, len(problem.seekers))))
        extra = generate_fair(len(problem.booths), n_walk, k, problem.num_slots, seed=seed + 104729)
        booth_ids = [b.id for b in problem.booths]
        base = max(cast(int, s.id) for s in problem.seekers)  # generated fairs number seekers 1…S
        new_id = {s.id: base + cast(int, s.id) for s in extra.seekers}
        for s in extra.seekers:
            seekers.append(
                Seeker(id=new_id[s.id], start=now_slot, end=problem.num_slots, name=f"현장 {s.id}")
            )
            walk_ids.add(new_id[s.id])
        for q in extra.requests:
            requests.append(replace(q, seeker=new_id[q.seeker], booth=booth_ids[cast(int, q.booth) - 1]))
    day = replace(problem, seekers=seekers, requests=requests, fixed=held, earliest_slot=now_slot)
    return day, held, walk_ids
