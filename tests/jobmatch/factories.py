"""Small factories for engine inputs (records → tables), no mocks."""

from __future__ import annotations

import itertools

from jobmatch.model import (
    QualificationVocab,
    SeekerRecord,
    VacancyRecord,
    seekers_from_records,
    vacancies_from_records,
)

_ids = itertools.count(1)

# 남동국가산업단지 (Incheon) and nearby places
NAMDONG = (37.4030, 126.6960)
BUPYEONG = (37.4890, 126.7240)  # ~10 km north
SIHWA = (37.3260, 126.7390)  # ~9 km south-east
PYEONGTAEK = (36.9920, 127.1120)  # ~58 km away
BUSAN = (35.1000, 129.0400)


def vacancy(**kw) -> VacancyRecord:
    base = dict(
        id=next(_ids), code="8241", lat=NAMDONG[0], lon=NAMDONG[1], wage=3_000_000, shift=1, days=5, emp=1
    )
    base.update(kw)
    return VacancyRecord(**base)


def seeker(**kw) -> SeekerRecord:
    base = dict(id=next(_ids), codes=[("8241", 1.0)], lat=BUPYEONG[0], lon=BUPYEONG[1], wage=2_800_000)
    base.update(kw)
    return SeekerRecord(**base)


def tables(seekers, vacancies, encoder, vocab=None):
    vocab = vocab or QualificationVocab()
    return (
        seekers_from_records(seekers, vocab, encoder),
        vacancies_from_records(vacancies, vocab, encoder),
        vocab,
    )
