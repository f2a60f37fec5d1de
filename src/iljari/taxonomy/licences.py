"""Curated licence → occupation links (``data/licence_occupations.csv``) for the root industries and
common licences.

The qualification → occupation links of the reference data come from co-occurrence in the job
dictionary and are noisy (지게차운전기능사 → 타이어 제조, 열처리기능사 → 유리 제조); matching reads this
table instead. Each row names a licence (Q-Net spelling), its KECO 4-digit codes (";"-separated) and
a note. Written by hand from what each licence certifies; to be replaced or extended by the
reference-data owner's full table when it lands.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from jobmatch.model import normalise_qualification

DATA = Path(__file__).with_name("data") / "licence_occupations.csv"


@lru_cache(maxsize=1)
def licence_occupations() -> dict[str, tuple[str, ...]]:
    """Normalised licence name → KECO 4-digit codes."""
    out: dict[str, tuple[str, ...]] = {}
    with open(DATA, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            codes = tuple(
                c.strip() for c in row["keco_codes"].split(";") if re.fullmatch(r"\d{4}", c.strip())
            )
            if codes:
                out[normalise_qualification(row["licence"])] = codes
    return out


def occupations_of_licence(name: str) -> tuple[str, ...]:
    return licence_occupations().get(normalise_qualification(name), ())
