"""Problem and result records of the job-fair interview timetable (no Django).

A fair's day is cut into ``num_slots`` interview slots of equal length (slot ``t`` starts at
``start + t * slot_length``; the Django layer does that arithmetic).  Booths hold
``interviewers`` parallel interviews per slot; a seeker asks for interviews at booths
(``Request``) ranked by preference and scored by the matching engine.  The optimiser chooses
``Interview(seeker, booth, slot)`` records.

Identifiers (``Booth.id``, ``Booth.company``, ``Seeker.id``) are any hashable values; the
Django layer uses primary keys.  Everything here is plain data so the optimiser can be
tested, benchmarked and re-run without a database.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

from .i18n import gettext

#: Ranks beyond this all weigh 1 (see :func:`request_value`).
MAX_RANK_WEIGHT = 5


def rank_weight(rank: int) -> int:
    """Weight of the seeker's preference rank: rank 1 → 5, 2 → 4, … 5 and beyond → 1."""
    return max(1, MAX_RANK_WEIGHT + 1 - int(rank))


def score_points(score: float) -> int:
    """Match score in [0, 1] as integer points 1…100 (an interview is never worth nothing)."""
    s = min(1.0, max(0.0, float(score)))
    return 1 + round(99 * s)


def request_value(rank: int, score: float) -> int:
    """Value of one interview: preference weight × match points (integers for CP-SAT)."""
    return rank_weight(rank) * score_points(score)


@dataclass(frozen=True)
class Booth:
    """A company's booth.  ``start``/``end`` bound its slots (end exclusive, ``None`` = close)."""

    id: Hashable
    company: Hashable
    interviewers: int = 1
    start: int = 0
    end: int | None = None
    breaks: frozenset[int] = frozenset()
    hall: str = ""
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or str(self.id)


@dataclass(frozen=True)
class Seeker:
    """A registered (or walk-in) seeker with the slots they are at the fair."""

    id: Hashable
    start: int = 0
    end: int | None = None
    breaks: frozenset[int] = frozenset()
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or str(self.id)


@dataclass(frozen=True)
class Request:
    """A seeker's wish to be interviewed at a booth: ``rank`` 1 = first choice, ``score`` in [0, 1]."""

    seeker: Hashable
    booth: Hashable
    rank: int = 1
    score: float = 1.0

    @property
    def value(self) -> int:
        return request_value(self.rank, self.score)


@dataclass(frozen=True, order=True)
class Interview:
    """One scheduled interview."""

    slot: int
    booth: Hashable
    seeker: Hashable


@dataclass
class Problem:
    """A fair to schedule.

    ``seekers`` are in registration order: the greedy first-come baseline serves them in
    this order.  ``fixed`` are interviews already announced (kept as they are when
    re-optimising).  ``earliest_slot`` is the first slot that may still receive a new
    interview (slots before it are over).  ``buffer_slots`` is the walking time a seeker
    needs between interviews at different booths.
    """

    num_slots: int
    booths: Sequence[Booth]
    seekers: Sequence[Seeker]
    requests: Sequence[Request]
    buffer_slots: int = 1
    fixed: Sequence[Interview] = ()
    earliest_slot: int = 0
    slot_labels: Sequence[str] | None = None

    def slot_label(self, t: int) -> str:
        if self.slot_labels is not None and 0 <= t < len(self.slot_labels):
            return str(self.slot_labels[t])
        if t >= 0:
            return gettext("%(n)s번째 시간대") % {"n": t + 1}
        return gettext("운영 시작 %(n)s개 시간대 전") % {"n": -t}


class TimetableInputError(ValueError):
    """The input cannot be scheduled; ``messages`` lists every problem found (Korean, or translated)."""

    def __init__(self, messages: Sequence[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


@dataclass
class Timetable:
    """A solution with honest figures.

    ``value`` is the total value of all interviews (fixed ones included); ``bound`` is a
    proven upper bound on the value any feasible timetable can reach (``None`` for the
    greedy baseline, which proves nothing); ``gap`` = (bound − value) / bound.
    """

    interviews: list[Interview]
    value: int
    method: str
    status: str
    seconds: float
    bound: int | None = None
    seekers_with_interview: int = 0
    max_seekers_servable: int | None = None
    warnings: list[str] = field(default_factory=list)
    stopped: bool = False  # the caller stopped the search early (best timetable found so far)

    @property
    def gap(self) -> float | None:
        if self.bound is None:
            return None
        if self.bound <= 0:
            return 0.0
        return max(0.0, (self.bound - self.value) / self.bound)

    def summary(self, with_bound: bool = True) -> dict:
        out: dict = {
            "interviews": len(self.interviews),
            "value": self.value,
        }
        if with_bound:
            out["bound"] = self.bound
            out["gap"] = None if self.gap is None else round(self.gap, 6)
        out["seconds"] = round(self.seconds, 3)
        out["seekers_with_interview"] = self.seekers_with_interview
        return out

    def by_seeker(self) -> dict[Hashable, list[Interview]]:
        out: dict[Hashable, list[Interview]] = {}
        for iv in sorted(self.interviews):
            out.setdefault(iv.seeker, []).append(iv)
        return out

    def by_booth(self) -> dict[Hashable, list[Interview]]:
        out: dict[Hashable, list[Interview]] = {}
        for iv in sorted(self.interviews):
            out.setdefault(iv.booth, []).append(iv)
        return out
