"""Shop-floor jargon and loanwords → the standard Korean terms the job dictionary uses.

Job postings and workers name jobs with Japanese-origin shop-floor words (시아게, 빠우, 데모도, 아시바),
English loanwords (셰프, 오퍼레이터, 테크니션) and English words or abbreviations (MCT, QC, driver),
while the 한국직업사전 names the same work with standard Korean terms (마무리·사상, 버핑·연마, 보조,
비계). ``expansion_terms`` finds such words in a cleaned title and returns the standard terms, which the
title normaliser appends to the query.

Sources: general knowledge of Korean workplace vocabulary (manufacturing, construction, food service,
driving, IT, office and service work) and the usual dictionary glosses of the loanwords (국립국어원
순화어 lists give many of the Japanese-origin pairs, e.g. 시아게→마무리, 아시바→비계, 노가다→막일).
The entries were written from that knowledge; some were prompted by misses on the *dev* half of the
held-out evaluation (``bench/titles.py``), none by the test half.

The tables: ``hangul`` (Hangul keys, matched inside a word, longest first, without overlaps) and
``latin`` (Latin words and abbreviations, matched as whole words).
"""

from __future__ import annotations

import re

from .hangul import LEXICON
from .latin import LATIN
from .loanwords import TRANSLITERATIONS

__all__ = ["LATIN", "LEXICON", "TRANSLITERATIONS", "expand", "expansion_terms"]


_LATIN_WORD = re.compile(r"[a-z][a-z0-9]*(?:/[a-z0-9]+)?")
_LATIN_TERMS = dict(LATIN)
# a Hangul spelling of an English word shares that word's gloss; the lexicon's own entries come first
_HANGUL_TERMS = {k: _LATIN_TERMS[e] for k, e in TRANSLITERATIONS} | dict(LEXICON)
_HANGUL_KEYS = tuple(sorted(_HANGUL_TERMS, key=len, reverse=True))


_KEY_ORDER = {k: n for n, k in enumerate(_HANGUL_KEYS)}
_KEYS_BY_FIRST: dict[str, list[str]] = {}
for _k in _HANGUL_KEYS:
    _KEYS_BY_FIRST.setdefault(_k[0], []).append(_k)


def _hangul_hits(word: str) -> list[str]:
    """Lexicon keys found in one word, longest first, without overlaps (only the keys whose first
    character is in the word are looked for, in the same order)."""
    hits: list[str] = []
    keys = [k for ch in set(word) for k in _KEYS_BY_FIRST.get(ch, ())]
    if not keys:
        return hits
    keys.sort(key=_KEY_ORDER.__getitem__)
    taken = [False] * len(word)
    for k in keys:
        start = word.find(k)
        while start >= 0:
            span = range(start, start + len(k))
            if not any(taken[i] for i in span):
                for i in span:
                    taken[i] = True
                hits.append(k)
            start = word.find(k, start + 1)
    return hits


def expansion_terms(title: str) -> list[str]:
    """Standard terms for the jargon and loanwords in a cleaned (normalised, lower-case) title."""
    terms: list[str] = []
    for word in title.split():
        for k in _hangul_hits(word):
            terms.extend(_HANGUL_TERMS[k].split())
        for w in _LATIN_WORD.findall(word):
            if w in _LATIN_TERMS:
                terms.extend(_LATIN_TERMS[w].split())
    return list(dict.fromkeys(terms))


def expand(title: str) -> str:
    """The title followed by the standard terms of its jargon (the title itself when there is none)."""
    extra = expansion_terms(title)
    return f"{title} {' '.join(extra)}" if extra else title
