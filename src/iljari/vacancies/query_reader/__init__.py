"""Reading what a job seeker types into search filters.

"남동구 기숙사 용접", "안산 야간", "시화공단 CNC", "사상 2교대 외국인": each word (or two words written
together, "시화 공단") is read, in this order, as

- a condition or benefit (``CONDITIONS``: 기숙사, 통근버스, 식사, 주간, 야간, 2교대, 시간제, 외국인,
  초보·경력무관, 주5일 …),
- an industrial complex with its suffix (시화공단, 남동산단, 반월국가산업단지); a complex word after a
  place no known complex is named after reads as that place (구미산단, 울산공단), and alone as any
  complex (공단, 산업단지 — not 구미's 공단동),
- a place with its suffix (남동구, 안산시, 안산시 단원구, 고잔동, 인천), or the former name of a 시군구,
  read as those that took its place (인천 서구 → 서해구·검단구, 인천 남구 → 미추홀구: ``RegionChange``),
- an occupation or shop-floor word (CNC, MCT, 시아게, 빠우, 사상, 용접): a word of the title
  normaliser's jargon lexicon, or the stem of a word of an occupation or job-title name,
- a place or complex without its suffix (남동, 안산, 단원, 시화),
- free text (everything else, matched against the vacancies' words as before).

Words of a posting's manner that name nothing on their own (가능, 무관, 우대, 모집, 채용 …: ``FILLERS``)
are left out: "초보 가능" is 경력 무관, not 초보 + 의정부's 가능동.

Places and complexes come from the taxonomy tables (``Region``, ``IndustrialComplex``), occupation
names from ``Occupation`` and ``JobTitle``: a new 구 or a renamed complex is read without a code
change. A word may carry a particle or ending ("남동구에서", "기숙사있는", "야간근무"), and a place may
be glued to the next word ("남동구용접"). An occupation word matches a vacancy by its text (the word
or, for jargon, its standard terms) or by its occupation code, so reading never finds less than the
plain text search did for that word.
"""

from .conditions import CONDITIONS, ENDINGS, Condition
from .reading import MAX_WORDS, QueryReading, ReadPart, read_query
from .vocabulary import (
    NEAR_KM,
    Complex,
    OccupationWord,
    Place,
    Vocabulary,
    build_vocabulary,
    forget_vocabulary,
    nearby_codes,
    vocabulary,
)

__all__ = [
    "CONDITIONS",
    "ENDINGS",
    "MAX_WORDS",
    "NEAR_KM",
    "Complex",
    "Condition",
    "OccupationWord",
    "Place",
    "QueryReading",
    "ReadPart",
    "Vocabulary",
    "build_vocabulary",
    "forget_vocabulary",
    "nearby_codes",
    "read_query",
    "vocabulary",
]
