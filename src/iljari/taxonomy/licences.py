"""Curated licence → occupation links (``data/licence_occupations.csv``), as matching reads them.

The qualification → occupation links that co-occurrence in the job dictionary gives are noisy
(지게차운전기능사 → 타이어 제조, 열처리기능사 → 유리 제조). The table is built by
``scripts/build_reference_data.py`` (``reference_qualifications.py``): licences checked by hand (``basis=curated``, e.g.
지게차운전기능사 → 6230, 열처리기능사 → 8212 where the job dictionary files 열처리원), and for every
other graded qualification the job dictionary's top occupation (``basis=job_dictionary_top``). The
loader links the same rows to ``Qualification.occupations``; here matching reads the KECO ones.
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
            code = row["code"].strip()
            if row["scheme"] == "keco" and re.fullmatch(r"\d{4}", code):
                key = normalise_qualification(row["qualification"])
                if code not in out.get(key, ()):
                    out[key] = (*out.get(key, ()), code)
    return out


def occupations_of_licence(name: str) -> tuple[str, ...]:
    return licence_occupations().get(normalise_qualification(name), ())
