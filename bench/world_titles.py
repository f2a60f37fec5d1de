"""Shop-floor variants of job titles for the bench world (``bench/world.py``): jargon words,
loanwords and short forms, suffix and spacing changes, and the decorations of a posting's title."""

from __future__ import annotations

import re

import numpy as np

DECOR_PRE = ["", "", "", "[급구] ", "(주)대성 ", "남동공단 ", "시화공단 ", "경력 ", "[반월공단] "]
DECOR_POST = [
    "",
    "",
    " 모집",
    " 채용",
    " 구인(주야2교대)",
    " 모집(4대보험)",
    " 신입/경력",
    " 정규직 채용",
    " 구함",
]
# standard word → what people write on the shop floor (Japanese-origin words, loanwords, short forms)
JARGON = {
    "사상": ["시아게"],
    "마무리": ["시아게"],
    "연마": ["빠우", "폴리싱"],
    "버핑": ["빠우"],
    "비계": ["아시바"],
    "보조": ["데모도", "헬퍼"],
    "용접": ["웰딩"],
    "머시닝센터": ["MCT"],
    "조리사": ["쿡", "주방장"],
    "조리": ["쿡"],
    "금형": ["몰드"],
    "사출": ["인젝션"],
    "도장": ["페인팅", "뺑끼"],
    "검사원": ["QC", "검사 담당"],
    "포장원": ["패킹 작업자", "포장 알바"],
    "운전원": ["기사", "드라이버"],
    "조작원": ["오퍼레이터", "기사", "담당"],
    "배달원": ["라이더"],
    "판매원": ["세일즈", "판매 직원"],
    "미용사": ["헤어 디자이너"],
    "경비원": ["시큐리티"],
    "청소원": ["미화원", "클리너"],
    "상담원": ["상담사", "CS 담당"],
    "사무원": ["사무 직원", "오피스 담당"],
}
SUFFIX_SWAPS = [
    ("원", "기사"),
    ("원", " 담당"),
    ("원", " 직원"),
    ("공", " 기능공"),
    ("원", "공"),
    ("사", " 기사"),
]


def jargonise(name: str, rng: np.random.Generator) -> str:
    """A shop-floor variant of a name: a jargon word, a suffix swap or a spacing change."""
    out = name
    hits = [w for w in JARGON if w in out]
    if hits and rng.random() < 0.8:
        w = hits[int(rng.integers(len(hits)))]
        alts = JARGON[w]
        out = out.replace(w, alts[int(rng.integers(len(alts)))] + " ", 1).strip()
    elif rng.random() < 0.6:
        for a, b in rng.permutation(np.array(SUFFIX_SWAPS, dtype=object)):
            if out.endswith(a):
                out = out[: -len(a)] + b
                break
    if rng.random() < 0.3:
        out = out.replace(" ", "") if " " in out else (out[:2] + " " + out[2:] if len(out) > 4 else out)
    return re.sub(r"\s+", " ", out).strip()
