"""Building (and caching) the engine's text resources from a data directory the caller passes.

``data_dir`` is a public-data folder (``occupations/job_dictionary.csv`` …) or ``None`` for the small built-in
root-industry subset. ``cache_dir`` (optional) keeps pickles keyed by the source files' size/mtime.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
from pathlib import Path

from . import diskcache
from .text import tokens_many
from .textvec import TextEncoder
from .titles import BUILTIN_SUBSET, TitleNormaliser

ENCODER_VERSION = 2


def default_data_dir() -> Path | None:
    """``$ILJARI_DATA_DIR`` when it points at a folder with the occupations CSVs, else ``None``."""
    p = os.environ.get("ILJARI_DATA_DIR")
    if p and (Path(p) / "occupations" / "job_dictionary.csv").exists():
        return Path(p)
    return None


def _key(data_dir, extra: str) -> str:
    parts = [extra]
    if data_dir is not None:
        p = Path(data_dir) / "occupations" / "job_dictionary.csv"
        if p.exists():
            st = p.stat()
            parts.append(f"{p}:{st.st_size}:{st.st_mtime_ns}")
    if len(parts) == 1:
        st = BUILTIN_SUBSET.stat()
        parts.append(f"{BUILTIN_SUBSET}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _cached(cache_dir, name: str, build):
    """``build()`` once, then the pickle ``name`` under ``cache_dir`` (one builder at a time)."""
    if cache_dir is None:
        return build()
    return diskcache.cached(Path(cache_dir) / name, build)


def duty_corpus(data_dir) -> list[str]:
    """One document per job: title, alternate names, summary, duties, qualifications."""
    docs = []
    if data_dir is not None and (Path(data_dir) / "occupations" / "job_dictionary.csv").exists():
        with open(Path(data_dir) / "occupations" / "job_dictionary.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                docs.append(
                    " ".join([row["dJobNm"], row["similarNm"], row["workSum"], row["doWork"], row["certLic"]])
                )
        return docs
    with open(BUILTIN_SUBSET, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            docs.append(" ".join([row["name"], row["aliases"].replace(";", " "), row["duties"]]))
    return docs


def text_encoder(data_dir=None, cache_dir=None, dim: int = 64) -> TextEncoder:
    def build():
        return TextEncoder(tokens_many(duty_corpus(data_dir)), dim=dim)

    return _cached(cache_dir, f"encoder-{_key(data_dir, f'enc{ENCODER_VERSION}:{dim}')}.pkl", build)


def title_normaliser(data_dir=None, cache_dir=None) -> TitleNormaliser:
    return TitleNormaliser.load_or_build(data_dir, cache_dir)


def occupation_names(data_dir=None) -> dict[int, str]:
    """KECO 4-digit code → name (from keco2018_codes.csv, or the built-in subset)."""
    out: dict[int, str] = {}
    p = None if data_dir is None else Path(data_dir) / "occupations" / "keco2018_codes.csv"
    if p is not None and p.exists():
        with open(p, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if re.fullmatch(r"\d{4}", row["code"]):
                    out[int(row["code"])] = row["name"]
        return out
    with open(BUILTIN_SUBSET, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out[int(row["code"])] = row["name"]
    return out
