"""The hidden side of a job market: what decides who takes and who gets a job, read by no ranker.

Shared by the demo world's outcomes (``demo/outcomes.py``) and the matching benchmarks' worlds
(``bench/world.py``), so both draw people's choices from one model:

* **skill fit** — the cosine of a person's latent skills and a job's required ones, grown with
  years of experience (0.85 at none, 1.0 from ten years on), less 0.05 per missing required year;
* **the employer's side** — a hire when the fit clears the vacancy's own hidden bar;
* **the person's side** — a utility of the wage over their reservation wage, the real travel time
  over their tolerance, the fit and a taste nobody wrote down; they take a job when the travel is
  within tolerance and the utility clears a bar of their own.

Plain NumPy (no Django): the benchmarks import it without a database.
"""

from __future__ import annotations

import numpy as np


def skill_fit(s_skill: np.ndarray, v_req: np.ndarray, years: np.ndarray, min_years: np.ndarray) -> np.ndarray:
    """[N, M] fit of people's skills [N, K] (with years [N]) to jobs' requirements [M, K]."""
    s_unit = s_skill / np.linalg.norm(s_skill, axis=1, keepdims=True)
    v_unit = v_req / np.linalg.norm(v_req, axis=1, keepdims=True)
    grow = 0.85 + 0.15 * np.minimum(years, 10)[:, None] / 10.0
    fit = (s_unit @ v_unit.T) * grow
    return fit - 0.05 * np.clip(min_years[None, :] - years[:, None], 0, None)


def person_utility(
    wage: np.ndarray,
    reservation: np.ndarray,
    minutes: np.ndarray,
    tolerance: np.ndarray,
    fit: np.ndarray,
    taste: np.ndarray,
) -> np.ndarray:
    """How much a person likes a job (broadcast arrays; wages in KRW a month, minutes one way)."""
    return (
        1.5 * np.log(np.maximum(wage, 1.0) / reservation)
        - 1.0 * (minutes / tolerance - 0.6)
        + 1.2 * fit
        + taste
    )
