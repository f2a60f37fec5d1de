"""Skills under the 4-digit occupation code, for the root industries (뿌리산업) and their neighbours.

KECO 8132 (금속 공작기계 조작원) lumps CNC turning, machining centres, grinding and hobbing together;
8241 (용접원) lumps CO2, TIG and special welding. A counselor tells them apart, so the engine does too:
a curated list of skills, each recognised in titles, duties and résumé text by its words — standard
terms, shop-floor jargon (시아게, 빠우, 후라이스, 마찌닝 …, also through ``jargon.expansion_terms``) and
English abbreviations (CO2, TIG, MCT, CNC, CATIA).

A text's skills are a bit mask (``skill_mask``); ``SKILLS[i]`` is bit ``1 << i``. Skills of one
``family`` are near each other (사상 ↔ 버핑 ↔ 연삭; CNC 선반 ↔ MCT ↔ 밀링): a seeker with one of them
gets half credit for another of the family (``skill_credit``).

The list is written from general knowledge of the root industries' shop-floor work (NCS 능력단위
names such as 용접, 금형, 주조, 소성가공, 표면처리, 열처리 guided the grouping); it is data, extended
by adding a row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .jargon import expansion_terms
from .text import normalise


@dataclass(frozen=True)
class Skill:
    key: str  # stable identifier (reason params, tests)
    label: str  # Korean display name (the Django side translates it)
    family: str
    words: tuple[str, ...]  # matched inside the text with spaces removed (lower-case)


SKILLS: tuple[Skill, ...] = (
    Skill("weld", "용접", "weld", ("용접",)),
    Skill(
        "weld_co2",
        "CO2 용접",
        "weld",
        ("co2", "씨오투", "이산화탄소아크", "반자동용접", "mig용접", "mag용접", "미그용접"),
    ),
    Skill("weld_tig", "TIG 용접", "weld", ("tig", "티그", "알곤용접", "아르곤용접", "알곤", "아르곤")),
    Skill("weld_arc", "피복아크 용접", "weld", ("피복아크", "전기용접", "아크용접", "봉용접")),
    Skill(
        "weld_special",
        "특수용접",
        "weld",
        (
            "특수용접",
            "배관용접",
            "레이저용접",
            "로봇용접",
            "용접로봇",
            "서브머지드",
            "플라즈마용접",
            "스텐용접",
        ),
    ),
    Skill("weld_spot", "스폿 용접", "weld", ("스폿", "스팟", "점용접", "spot용접")),
    Skill(
        "finishing",
        "사상",
        "finish",
        ("사상", "시아게", "디버링", "버제거", "바리제거", "빠리", "마무리가공"),
    ),
    Skill("buffing", "버핑·연마", "finish", ("버핑", "빠우", "광택연마", "폴리싱", "연마")),
    Skill("grinding", "연삭", "finish", ("연삭", "그라인딩", "평면연삭", "원통연삭", "센터리스")),
    Skill(
        "cnc_lathe", "CNC 선반", "machining", ("cnc선반", "nc선반", "씨엔씨선반", "선반가공", "선반", "터닝")
    ),
    Skill("mct", "MCT(머시닝센터)", "machining", ("mct", "머시닝", "마시닝", "마찌닝", "머시닝센터")),
    Skill("milling", "밀링", "machining", ("밀링", "후라이스", "호빙", "기어가공")),
    Skill("mould", "금형", "mould", ("금형",)),
    Skill(
        "mould_design",
        "금형 설계",
        "mould",
        ("금형설계", "catia", "카티아", "ug/nx", "unigraphics", "금형디자인", "금형모델", "금형도면"),
    ),
    Skill(
        "mould_repair", "금형 수리", "mould", ("금형수리", "금형보수", "금형유지보수", "금형정비", "금형수정")
    ),
    Skill(
        "mould_make",
        "금형 가공·제작",
        "mould",
        ("금형가공", "금형제작", "방전가공", "와이어컷", "와이어커팅", "edm", "금형조립"),
    ),
    Skill("injection", "사출", "plastic", ("사출", "인젝션", "injection")),
    Skill("extrusion", "압출", "plastic", ("압출", "블로우성형", "블로우몰딩")),
    Skill("casting", "주조", "foundry", ("주조", "주물", "다이캐스팅", "다이캐스트", "용해", "주형", "사형")),
    Skill("forging", "단조", "forming", ("단조", "햄머링")),
    Skill(
        "heat_treat", "열처리", "heat", ("열처리", "담금질", "침탄", "소입", "소둔", "뜨임", "질화", "고주파")
    ),
    Skill("plating", "도금", "surface", ("도금", "메끼", "멕기", "아노다이징", "양극산화", "전착")),
    Skill("painting", "도장", "surface", ("도장", "페인트", "뺑끼", "뼁끼", "분체", "후끼", "스프레이")),
    Skill("press", "프레스", "forming", ("프레스", "타발", "펀칭", "피어싱")),
    Skill(
        "sheet_metal", "판금·절곡", "forming", ("판금", "절곡", "벤딩", "레이저절단", "레이저커팅", "샤링")
    ),
    Skill(
        "inspection",
        "검사·측정",
        "quality",
        ("검사", "품질관리", "측정", "qc", "검수", "3차원측정", "삼차원측정"),
    ),
    Skill("forklift", "지게차", "logistics", ("지게차", "포크리프트", "forklift")),
    Skill("crane", "크레인·호이스트", "logistics", ("크레인", "호이스트", "천장기중기")),
    Skill("logistics", "입출고·상하차", "logistics", ("상하차", "입출고", "피킹", "물류", "하역", "적재")),
    Skill("assembly", "조립", "assembly", ("조립",)),
    Skill("packing", "포장", "assembly", ("포장",)),
    Skill("maintenance", "설비 보전", "maintenance", ("설비보전", "설비유지보수", "설비정비", "설비보수")),
    Skill(
        "cad",
        "CAD 도면",
        "design",
        ("cad", "캐드", "오토캐드", "autocad", "solidworks", "솔리드웍스", "인벤터"),
    ),
    Skill("sewing", "봉제·미싱", "textile", ("봉제", "미싱", "재봉")),
    Skill("cooking", "조리", "food", ("조리", "요리", "주방")),
    Skill("cleaning", "청소·미화", "service", ("청소", "미화", "환경미화")),
)

KEYS = tuple(s.key for s in SKILLS)
BIT = {s.key: 1 << i for i, s in enumerate(SKILLS)}
_FAMILY_MASK: dict[str, int] = {}
for _i, _s in enumerate(SKILLS):
    _FAMILY_MASK[_s.family] = _FAMILY_MASK.get(_s.family, 0) | (1 << _i)
#: for every skill bit, the mask of the other skills of its family
FAMILY_OF_BIT = np.array([_FAMILY_MASK[s.family] & ~(1 << i) for i, s in enumerate(SKILLS)], dtype=np.uint64)


def _haystack(text: str | None) -> str:
    t = normalise(text)
    if not t:
        return ""
    extra = expansion_terms(t)
    full = f"{t} {' '.join(extra)}" if extra else t
    return re.sub(r"\s+", "", full)


def skill_mask(*texts: str | None) -> int:
    """The skills named anywhere in ``texts`` as a bit mask (0 when none)."""
    mask = 0
    for text in texts:
        h = _haystack(text)
        if not h:
            continue
        for i, s in enumerate(SKILLS):
            if any(w in h for w in s.words):
                mask |= 1 << i
    return mask


def skill_keys(mask: int) -> list[str]:
    return [s.key for i, s in enumerate(SKILLS) if int(mask) >> i & 1]


def skill_labels(mask: int) -> list[str]:
    return [s.label for i, s in enumerate(SKILLS) if int(mask) >> i & 1]


def family_closure(mask: np.ndarray) -> np.ndarray:
    """For each seeker mask, the mask of skills of the same families (excluding their own)."""
    out = np.zeros(mask.shape, dtype=np.uint64)
    for i in range(len(SKILLS)):
        has = (mask >> np.uint64(i)) & np.uint64(1)
        out |= np.where(has.astype(bool), FAMILY_OF_BIT[i], np.uint64(0))
    return out & ~mask


def skill_credit(seeker_mask: np.ndarray, vacancy_mask: np.ndarray) -> np.ndarray:
    """Share of a vacancy's skills the seeker has, [S, V] in [0, 1]; a skill of the same family counts ½.

    0.5 (neutral) where either side names no skill.
    """
    s = np.asarray(seeker_mask, dtype=np.uint64)
    return skill_credit_of(
        s[:, None], family_closure(s)[:, None], np.asarray(vacancy_mask, dtype=np.uint64)[None, :]
    )


def skill_credit_of(s: np.ndarray, near: np.ndarray, v: np.ndarray) -> np.ndarray:
    """``skill_credit`` of laid-out masks (broadcast, or one per pair: ``jobmatch.sides``); ``near`` is
    ``family_closure`` of ``s``."""
    n_v = np.bitwise_count(v).astype(np.float32)
    exact = np.bitwise_count(s & v).astype(np.float32)
    fam = np.bitwise_count(near & v & ~s).astype(np.float32)
    credit = (exact + 0.5 * fam) / np.maximum(n_v, 1.0)
    neutral = (n_v == 0) | (s == 0)
    return np.where(neutral, 0.5, np.clip(credit, 0.0, 1.0)).astype(np.float32)


#: the KECO 4-digit code a skill names on its own (the title normaliser leans towards it, see
#: ``TitleNormaliser.suggest_many``); skills shared by several occupations (사상, 검사, 조립) imply none
IMPLIED_CODE: dict[str, str] = {
    "weld": "8241",
    "weld_co2": "8241",
    "weld_tig": "8241",
    "weld_arc": "8241",
    "weld_special": "8241",
    "mould": "8131",
    "mould_repair": "8131",
    "mould_make": "8131",
    "injection": "8522",
    "extrusion": "8522",
    "casting": "8233",
    "forging": "8231",
    "plating": "8252",
    "painting": "8251",
    "sheet_metal": "8221",
    "cnc_lathe": "8132",
    "mct": "8132",
    "milling": "8132",
    "grinding": "8132",
    "forklift": "6230",
    "crane": "6230",
    "sewing": "8623",
    "cleaning": "5611",
}


def implied_codes(text: str | None) -> list[str]:
    """Codes the skills named in ``text`` imply, most specific skill first (no duplicates)."""
    mask = skill_mask(text)
    out: list[str] = []
    for i, s in enumerate(SKILLS):
        if mask >> i & 1 and s.key in IMPLIED_CODE and IMPLIED_CODE[s.key] not in out:
            out.append(IMPLIED_CODE[s.key])
    return out
