"""Progress of a running optimisation: every better timetable is reported as it is found.

A caller (the job runner, the benchmark) passes ``on_improve`` to :func:`solve`,
:func:`reoptimise`, …; it receives an :class:`Improvement` each time the search holds a better
timetable — the starting timetable, each CP-SAT solution, each finished time block — and may
return ``False`` to stop the search, which then ends with the best timetable found so far.

The interviews are read only when asked for (:meth:`Improvement.interviews`), and only during
the call: a caller that shows the timetable now and then reads it now and then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .problem import Interview


@dataclass
class Improvement:
    value: int  # total value of the timetable, announced interviews included
    bound: int | None  # proven upper bound on any timetable's value
    phase: str  # what the search is doing (Korean, translated through ``i18n``)
    seconds: float  # since the optimisation started
    read: Callable[[], list[Interview]]

    @property
    def gap(self) -> float | None:
        if self.bound is None:
            return None
        if self.bound <= 0:
            return 0.0
        return max(0.0, (self.bound - self.value) / self.bound)

    def interviews(self) -> list[Interview]:
        """The whole timetable (announced interviews included); valid only during the call."""
        return self.read()


#: ``on_improve(improvement)``; ``False`` stops the search (``None`` or ``True`` go on).
OnImprove = Callable[[Improvement], "bool | None"]


def keep_going(on_improve: OnImprove | None, improvement: Improvement) -> bool:
    return on_improve is None or on_improve(improvement) is not False
