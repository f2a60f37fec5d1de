"""Deterministic Korean names for demo people and companies."""

import random

SURNAMES = "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부황보"
GIVEN_SYLLABLES = "민서준우현지은수영호진성동하윤재훈태경상철정혜미숙희연주아원석규범광용기남순자옥선"
COMPANY_HEADS = [
    "대성",
    "한일",
    "동양",
    "삼화",
    "세진",
    "우진",
    "태광",
    "신흥",
    "영신",
    "광명",
    "한솔",
    "대진",
    "성우",
    "금강",
    "동진",
    "삼원",
    "해성",
    "경인",
    "남동",
    "부광",
    "인성",
    "서해",
    "한국",
    "청운",
    "제일",
    "대한",
]
COMPANY_TAILS = {
    "casting": ["주물", "캐스팅", "다이캐스팅", "주조"],
    "mold": ["금형", "정밀금형", "몰드텍", "테크"],
    "welding": ["용접", "메탈", "철강", "스틸"],
    "plastic_working": ["프레스", "단조", "정밀", "포밍"],
    "surface": ["도금", "표면처리", "코팅", "화학"],
    "heat": ["열처리", "열연", "히트텍", "금속"],
    "other": ["산업", "기계", "정공", "테크"],
}


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_SYLLABLES) + rng.choice(GIVEN_SYLLABLES)


def company_name(rng: random.Random, sector: str, used: set[str]) -> str:
    for _ in range(50):
        name = f"(주){rng.choice(COMPANY_HEADS)}{rng.choice(COMPANY_TAILS[sector])}"
        if name not in used:
            used.add(name)
            return name
    name = f"(주){rng.choice(COMPANY_HEADS)}{rng.choice(COMPANY_TAILS[sector])}{len(used)}"
    used.add(name)
    return name


def business_number(rng: random.Random, used: set[str]) -> str:
    """A random 사업자등록번호 with a valid check digit."""
    weights = (1, 3, 7, 1, 3, 7, 1, 3, 5)
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        digits[3:5] = [8, 1]  # 법인사업자
        total = sum(d * w for d, w in zip(digits, weights, strict=True)) + digits[8] * 5 // 10
        digits.append((10 - total % 10) % 10)
        text = "".join(map(str, digits))
        formatted = f"{text[:3]}-{text[3:5]}-{text[5:]}"
        if formatted not in used:
            used.add(formatted)
            return formatted
