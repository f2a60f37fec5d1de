"""Generated fairs for the benchmark and tests (deterministic for a seed).

Shaped like the local fairs the job center runs: booths with 1–3 interviewers, some
arriving late or leaving early, many taking a one-slot break around lunch; a few popular
companies attract most requests (Zipf-like); seekers arrive through the day and stay for
a part of it; each asks for ``requests`` distinct companies, ranked, with a match score.
"""

from __future__ import annotations

import itertools
import random

from .problem import Booth, Problem, Request, Seeker


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
