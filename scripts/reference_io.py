"""Reading the public source files (a step of ``build_reference_data.py``)."""

import csv
from pathlib import Path


def rows(path: Path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)
