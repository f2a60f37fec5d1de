"""Job-fair interview timetable: pure Python + OR-Tools, no Django.

Use :func:`solve` (CP-SAT, decomposed by time blocks for very large fairs),
:func:`first_come` (the greedy baseline), :func:`reoptimise` (keep announced interviews,
add walk-ins, drop cancellations), :func:`slot_walk_in` (place one walk-in at once) and
:func:`check_timetable` (every constraint, used by tests and before publishing).
``on_improve`` (see :mod:`.progress`) hears of every better timetable while a search runs.
Messages are Korean; :func:`set_translator` lets the Django side translate them (see ``i18n``).
"""

from .check import check_timetable
from .decompose import solve, solve_decomposed
from .generate import generate_fair
from .greedy import first_come
from .i18n import set_translator
from .prepare import prepare
from .problem import (
    Booth,
    Interview,
    Problem,
    Request,
    Seeker,
    Timetable,
    TimetableInputError,
    rank_weight,
    request_value,
    score_points,
)
from .progress import Improvement, OnImprove
from .reoptimise import reoptimise, slot_walk_in
from .twophase import solve_cpsat

__all__ = [
    "Booth",
    "Improvement",
    "Interview",
    "OnImprove",
    "Problem",
    "Request",
    "Seeker",
    "Timetable",
    "TimetableInputError",
    "check_timetable",
    "first_come",
    "generate_fair",
    "prepare",
    "rank_weight",
    "reoptimise",
    "request_value",
    "score_points",
    "set_translator",
    "slot_walk_in",
    "solve",
    "solve_cpsat",
    "solve_decomposed",
]
