"""Query cleaning for the title normaliser: recruiting noise out, jargon's standard terms in, job suffixes off."""

from __future__ import annotations

import re

from ..jargon import expansion_terms
from ..text import normalise

_BRACKETS = re.compile(r"[\(\[\{<【〔（][^\)\]\}>】〕）]*[\)\]\}>】〕）]?")
_NOISE_WORDS = {
    "모집",
    "채용",
    "구인",
    "급구",
    "구함",
    "모십니다",
    "채용합니다",
    "모집합니다",
    "신입",
    "경력",
    "경력자",
    "신입및경력",
    "정규직",
    "계약직",
    "일용직",
    "아르바이트",
    "알바",
    "파트타임",
    "주간",
    "야간",
    "주야",
    "주야간",
    "2교대",
    "3교대",
    "교대",
    "남",
    "여",
    "남녀",
    "무관",
    "우대",
    "가능",
    "및",
    "담당",
    "담당자",
    "직원",
    "사원",
    "인원",
    "명",
    "00명",
    "즉시",
    "출근",
    "상시",
    "외국인",
    "내국인",
    "숙식제공",
    "기숙사",
    "통근버스",
}
_SPLIT = re.compile(r"[,/|·ㆍ&+~\-_:;!?\"'“”‘’…]+")

# Job-name suffixes, longest first.
_SUFFIXES = (
    "오퍼레이터",
    "엔지니어",
    "기술자",
    "작업자",
    "기능공",
    "기능원",
    "조작원",
    "종사원",
    "관리자",
    "종사자",
    "전문가",
    "기사",
    "반장",
    "조장",
    "원",
    "공",
    "사",
    "자",
    "수",
)


def clean_title(title: str | None) -> str:
    """Strip recruiting noise: bracketed notes, '모집/채용', shift words, headcounts."""
    t = normalise(title)
    if not t:
        return ""
    t = _BRACKETS.sub(" ", t)
    t = _SPLIT.sub(" ", t)
    words = []
    for w in t.split():
        w2 = re.sub(r"\d+명$", "", w)
        for suf in ("모집", "채용", "구인", "구함"):
            if w2.endswith(suf) and len(w2) > len(suf):
                w2 = w2[: -len(suf)]
        if not w2 or w2 in _NOISE_WORDS or re.fullmatch(r"\d+", w2):
            continue
        words.append(w2)
    out = " ".join(words)
    return out or t  # never return empty for non-empty input


def query_text(title: str | None, lexicon: bool = True) -> str:
    """The cleaned title plus the standard terms of its shop-floor jargon and loanwords.

    The jargon is looked up in the whole title, bracketed notes included ("테노나(tenoner)").
    ``lexicon=False`` gives the cleaned title alone.
    """
    cleaned = clean_title(title)
    extra = expansion_terms(normalise(title)) if lexicon else []
    return f"{cleaned} {' '.join(extra)}" if extra else cleaned


def stem_title(title: str) -> str:
    """Remove job-name suffixes from every word ("용접공" → "용접", "금형원" → "금형")."""
    out = []
    for w in title.split():
        for suf in _SUFFIXES:
            if w.endswith(suf) and len(w) - len(suf) >= 2:
                w = w[: -len(suf)]
                break
        out.append(w)
    return " ".join(out)
