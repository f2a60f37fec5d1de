"""Where a block's seeker side and vacancy side meet: every pair of ``si × vi``, or chosen pairs only.

The features and the constraints are elementwise formulas of a seeker's value and a vacancy's value.
``Sides`` lays the two sides out for them:

* **block** (the default): seeker values as a column ``[len(si), 1]``, vacancy values as a row
  ``[1, len(vi)]``; the formulas broadcast to ``[len(si), len(vi)]``;
* **pairs** (``r``, ``c``: positions in ``si`` and ``vi``): both sides gathered to ``[P]``; the same
  formulas give one value per chosen pair.

Elementwise arithmetic gives the same bits either way. Products over a dimension (the duty-text
vectors, the unit vectors of the places) are computed as the block's matrix product and gathered
(``gather``), so that a pair's value never depends on which other pairs were asked for.
The nightly batch scores only the pairs that can matter (``jobmatch.blocking``) this way: about a
fifth of the block a group of seekers spans.
"""

from __future__ import annotations

import numpy as np


class Sides:
    def __init__(
        self, si: np.ndarray, vi: np.ndarray, r: np.ndarray | None = None, c: np.ndarray | None = None
    ):
        self.si, self.vi = si, vi
        self.pairs = r is not None and c is not None
        self.r = r if r is not None else np.zeros(0, np.int64)
        self.c = c if c is not None else np.zeros(0, np.int64)
        if self.pairs:
            if len(self.r) != len(self.c):
                raise ValueError("r and c differ in length")
            self._s_rows, self._v_rows = si[self.r], vi[self.c]
            self.shape: tuple[int, ...] = (len(self.r),)
        else:
            self.shape = (len(si), len(vi))

    # values indexed by pool rows (trailing dimensions kept)
    def s(self, x: np.ndarray) -> np.ndarray:
        return x[self._s_rows] if self.pairs else x[self.si][:, None]

    def v(self, x: np.ndarray) -> np.ndarray:
        return x[self._v_rows] if self.pairs else x[self.vi][None, :]

    # values already indexed by position in ``si`` / ``vi``
    def s_local(self, x: np.ndarray) -> np.ndarray:
        return x[self.r] if self.pairs else x[:, None]

    def v_local(self, x: np.ndarray) -> np.ndarray:
        return x[self.c] if self.pairs else x[None, :]

    def gather(self, block: np.ndarray) -> np.ndarray:
        """A value computed over the whole block ``[len(si), len(vi)]``, at the chosen pairs."""
        return block[self.r, self.c] if self.pairs else block

    def where_v(self, cols: np.ndarray) -> tuple[np.ndarray, Sides]:
        """The places (a column index in block mode, a pair index in pairs mode) whose vacancy is one
        of the positions ``cols`` of ``vi``, and the ``Sides`` of just those over ``vi[cols]`` (so that
        ``v_local`` takes values aligned with ``cols``)."""
        if not self.pairs:
            return cols, Sides(self.si, self.vi[cols])
        pos = np.full(len(self.vi), -1, np.int64)
        pos[cols] = np.arange(len(cols))
        at = pos[self.c]
        p = np.flatnonzero(at >= 0)
        return p, Sides(self.si, self.vi[cols], self.r[p], at[p])

    def put(self, out: np.ndarray, places: np.ndarray, values: np.ndarray) -> None:
        """``out`` at ``where_v``'s places = ``values`` (of the sub-``Sides``)."""
        if self.pairs:
            out[places] = values
        else:
            out[:, places] = values
