"""Reading what a job seeker types into search filters.

"남동구 기숙사 용접", "안산 야간", "시화공단 CNC", "사상 2교대 외국인": each word (or two words written
together, "시화 공단") is read, in this order, as

- a condition or benefit (``CONDITIONS``: 기숙사, 통근버스, 식사, 주간, 야간, 2교대, 시간제, 외국인 …),
- an industrial complex with its suffix (시화공단, 남동산단, 반월국가산업단지),
- a place with its suffix (남동구, 안산시, 안산시 단원구, 고잔동, 인천),
- an occupation or shop-floor word (CNC, MCT, 시아게, 빠우, 사상, 용접): a word of the title
  normaliser's jargon lexicon, or the stem of a word of an occupation or job-title name,
- a place or complex without its suffix (남동, 안산, 단원, 시화),
- free text (everything else, matched against the vacancies' words as before).

Places and complexes come from the taxonomy tables (``Region``, ``IndustrialComplex``), occupation
names from ``Occupation`` and ``JobTitle``: a new 구 or a renamed complex is read without a code
change. A word may carry a particle or ending ("남동구에서", "기숙사있는", "야간근무"), and a place may
be glued to the next word ("남동구용접"). An occupation word matches a vacancy by its text (the word
or, for jargon, its standard terms) or by its occupation code, so reading never finds less than the
plain text search did for that word.
"""

from __future__ import annotations

import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iljari.taxonomy.choices import EmploymentType, Shift
from iljari.taxonomy.models import IndustrialComplex, JobTitle, Occupation, Region, RegionLevel, haversine_km
from jobmatch.jargon import LATIN, LEXICON, expansion_terms
from jobmatch.titles import stem_title

if TYPE_CHECKING:
    from .search import SearchParams

MAX_WORDS = 12
NEAR_KM = 12.0  # 인접 지역: 시군구 centres within this distance
_WORD = re.compile(r"[0-9a-z가-힣]+")

# --- conditions and benefits -------------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    label: object  # lazy Korean text for the reading
    flag: str = ""  # a SearchParams boolean: dormitory, commuter_bus, meals, foreigners
    shifts: tuple[str, ...] = ()
    employment_types: tuple[str, ...] = ()


DORM = Condition(gettext_lazy("기숙사 제공"), flag="dormitory")
BUS = Condition(gettext_lazy("통근버스"), flag="commuter_bus")
MEALS = Condition(gettext_lazy("식사 제공"), flag="meals")
FOREIGN = Condition(gettext_lazy("외국인 채용 가능"), flag="foreigners")
DAY = Condition(gettext_lazy("주간 근무"), shifts=(Shift.DAY,))
# "야간" asks for night work: a night post or shifts that take turns at night (주야 2교대, 3교대)
NIGHT = Condition(
    gettext_lazy("야간 근무(교대 포함)"), shifts=(Shift.NIGHT, Shift.TWO_SHIFT, Shift.THREE_SHIFT)
)
NIGHT_ONLY = Condition(gettext_lazy("야간 전담"), shifts=(Shift.NIGHT,))
TWO = Condition(gettext_lazy("2교대"), shifts=(Shift.TWO_SHIFT,))
THREE = Condition(gettext_lazy("3교대"), shifts=(Shift.THREE_SHIFT,))
SHIFTS = Condition(gettext_lazy("교대 근무"), shifts=(Shift.TWO_SHIFT, Shift.THREE_SHIFT))
PART = Condition(gettext_lazy("시간제"), employment_types=(EmploymentType.PART_TIME,))
PERMANENT = Condition(gettext_lazy("정규직"), employment_types=(EmploymentType.PERMANENT,))
CONTRACT = Condition(gettext_lazy("계약직"), employment_types=(EmploymentType.CONTRACT,))
DISPATCH = Condition(gettext_lazy("파견·도급"), employment_types=(EmploymentType.DISPATCH,))

# the words people type for each (normalised: lower case, no spaces)
CONDITIONS: dict[str, Condition] = {
    **dict.fromkeys(("기숙사", "숙소", "숙식", "기숙사제공", "숙소제공", "숙식제공", "dormitory"), DORM),
    **dict.fromkeys(("통근버스", "통근", "셔틀", "셔틀버스", "출퇴근버스", "통근차량"), BUS),
    **dict.fromkeys(("식사", "식사제공", "중식", "중식제공", "구내식당", "식당", "밥"), MEALS),
    **dict.fromkeys(("외국인", "외국인가능", "외국인채용", "외국인근로자", "e9", "e-9"), FOREIGN),
    **dict.fromkeys(("주간", "주간근무", "주간조", "일근", "주간만"), DAY),
    **dict.fromkeys(("야간", "야간근무", "야간조", "밤", "밤근무"), NIGHT),
    **dict.fromkeys(("야간전담", "야간고정", "야간만", "야간전문"), NIGHT_ONLY),
    **dict.fromkeys(("2교대", "주야2교대", "주야교대", "주야간", "주야", "2조2교대", "맞교대"), TWO),
    **dict.fromkeys(("3교대", "3조3교대", "4조3교대"), THREE),
    **dict.fromkeys(("교대", "교대근무", "교대제"), SHIFTS),
    **dict.fromkeys(("시간제", "파트타임", "파트", "알바", "아르바이트", "단시간", "시간선택제"), PART),
    **dict.fromkeys(("정규직", "정규"), PERMANENT),
    **dict.fromkeys(("계약직", "기간제"), CONTRACT),
    **dict.fromkeys(("파견", "파견직", "도급"), DISPATCH),
}

# particles and endings a word may carry ("남동구에서", "기숙사있는", "야간근무가능")
ENDINGS = tuple(
    sorted(
        (
            "에서", "에", "의", "은", "는", "이", "가", "을", "를", "도", "만", "쪽", "근처", "인근", "지역",
            "있는", "있음", "가능", "가능한", "제공", "근무", "일자리", "직", "일", "됨", "되는", "포함",
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip

# --- places and occupations from the taxonomy tables --------------------------------------------

_PLACE_SUFFIX = re.compile(r"(특별자치시|특별자치도|특별시|광역시|시|군|구|읍|면|동|리|\d*가)$")
_COMPLEX_SUFFIX = re.compile(
    r"(국가산업단지|일반산업단지|도시첨단산업단지|농공단지|산업단지|국가산단|일반산단|산단|공단)$"
)
COMPLEX_WORDS = ("공단", "산단", "산업단지", "국가산단", "일반산단", "국가산업단지", "일반산업단지", "단지")
SIDO_SHORT = {
    "서울특별시": "서울", "부산광역시": "부산", "대구광역시": "대구", "인천광역시": "인천", "광주광역시": "광주",
    "대전광역시": "대전", "울산광역시": "울산", "세종특별자치시": "세종", "경기도": "경기", "강원특별자치도": "강원",
    "강원도": "강원", "충청북도": "충북", "충청남도": "충남", "전북특별자치도": "전북", "전라북도": "전북",
    "전라남도": "전남", "경상북도": "경북", "경상남도": "경남", "제주특별자치도": "제주",
}  # fmt: skip


@dataclass(frozen=True)
class Place:
    label: str
    codes: tuple[str, ...]  # region code prefixes
    level: int


@dataclass(frozen=True)
class Complex:
    label: str
    ids: tuple[int, ...]


@dataclass(frozen=True)
class OccupationWord:
    word: str
    alternatives: tuple[str, ...]  # text that also counts (the word, and a jargon's standard terms)
    codes: tuple[str, ...]  # KECO code prefixes


@dataclass
class Vocabulary:
    """The names the reader knows, built from the taxonomy tables (one per process, rebuilt when
    the tables change)."""

    places: dict[str, Place] = field(default_factory=dict)  # with suffix
    bare_places: dict[str, Place] = field(default_factory=dict)  # without
    complexes: dict[str, Complex] = field(default_factory=dict)
    bare_complexes: dict[str, Complex] = field(default_factory=dict)
    occupation_stems: dict[str, set[str]] = field(default_factory=dict)  # name-word stem → codes
    centres: dict[str, tuple[float, float]] = field(default_factory=dict)  # 시군구 code → centre


def _add(table: dict, key: str, value) -> None:
    """Several places with one name (중구, 논현동) become one reading covering all of them."""
    key = key.replace(" ", "")
    if len(key) < 2:
        return
    old = table.get(key)
    if old is None:
        table[key] = value
    elif isinstance(value, Place) and value.level == old.level:
        table[key] = Place(old.label, tuple(dict.fromkeys(old.codes + value.codes)), old.level)
    elif isinstance(value, Place) and value.level < old.level:
        table[key] = value  # the larger unit wins (안산 → 안산시 before 안산동)
    elif isinstance(value, Complex) and isinstance(old, Complex):
        table[key] = Complex(old.label, tuple(dict.fromkeys(old.ids + value.ids)))


def _bare(name: str) -> str:
    return _PLACE_SUFFIX.sub("", name)


def build_vocabulary() -> Vocabulary:
    vocab = Vocabulary()
    cities: dict[tuple[str, str], list[str]] = defaultdict(list)
    for region in (
        RegionRow(*row)
        for row in Region.objects.values_list("code", "level", "sido", "sigungu", "emd", "lat", "lon")
    ):
        if region.level == RegionLevel.SIDO:
            place = Place(region.sido, (region.code,), 1)
            _add(vocab.places, region.sido, place)
            short = SIDO_SHORT.get(region.sido)
            if short:
                _add(vocab.bare_places, short, place)
        elif region.level == RegionLevel.SIGUNGU:
            vocab.centres[region.code] = (region.lat, region.lon)
            name = region.sigungu
            city = re.match(r"^(.+?시)\s*(.+[구])$", name)  # 안산시단원구 → 안산시 + 단원구
            label = f"{city.group(1)} {city.group(2)}" if city else name
            place = Place(label, (region.code,), 2)
            _add(vocab.places, name, place)
            parts = [city.group(1), city.group(2)] if city else [name]
            if city:
                cities[(region.sido, city.group(1))].append(region.code)
                _add(vocab.places, city.group(2), place)
            _add(vocab.bare_places, _bare(parts[-1]), place)
        elif region.level == RegionLevel.EMD and region.emd:
            place = Place(f"{region.sigungu} {region.emd}".strip(), (region.code,), 3)
            _add(vocab.places, region.emd, place)
            _add(vocab.bare_places, _bare(region.emd), place)
    for (_sido, city_name), codes in cities.items():  # a 시 with 구: all of its 구
        place = Place(city_name, tuple(codes), 2)
        _add(vocab.places, city_name, place)
        _add(vocab.bare_places, _bare(city_name), place)
    for complex_ in IndustrialComplex.objects.only("id", "name"):
        value = Complex(complex_.name, (complex_.pk,))
        stem = _COMPLEX_SUFFIX.sub("", complex_.name.replace(" ", ""))
        complex_stems = {stem}
        for short in SIDO_SHORT.values():  # 인천서부 → 서부 as well
            if stem.startswith(short) and len(stem) - len(short) >= 2:
                complex_stems.add(stem[len(short) :])
        _add(vocab.complexes, complex_.name, value)
        for s in complex_stems:
            for word in COMPLEX_WORDS:
                _add(vocab.complexes, s + word, value)
            _add(vocab.bare_complexes, s, value)
    words: dict[str, set[str]] = defaultdict(set)
    names = Occupation.objects.filter(scheme="keco").values_list("name", "code")
    titles = JobTitle.objects.values_list("title", "keco_code")
    for rows in (names, titles):
        for name, code in rows.iterator(chunk_size=5000):
            if code and len(code) >= 4:  # a whole major group (82 금속·재료 …) says too little
                for word in _WORD.findall(name.lower()):
                    words[word].add(code[:4])
    stems: dict[str, set[str]] = defaultdict(set)
    for word, word_codes in words.items():
        for stem in (word, stem_title(word)):
            if len(stem) >= 2:
                stems[stem] |= word_codes
    vocab.occupation_stems = dict(stems)
    return vocab


@dataclass(frozen=True)
class RegionRow:
    code: str
    level: int
    sido: str
    sigungu: str
    emd: str
    lat: float
    lon: float


_lock = threading.Lock()
_cached: tuple[tuple, Vocabulary] | None = None


def _fingerprint() -> tuple:
    """Whether the names changed: one query over the four tables' sizes and newest ids."""
    tables = [
        connection.ops.quote_name(m._meta.db_table) for m in (Region, IndustrialComplex, Occupation, JobTitle)
    ]
    counts = [f"(SELECT COUNT(*) FROM {t}), (SELECT MAX(id) FROM {t})" for t in tables]  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(counts))  # table names from the models, no input
        return tuple(cursor.fetchone())


_checked_at = 0.0
CHECK_EVERY_S = 10.0


def vocabulary() -> Vocabulary:
    """The reader's names; whether the tables changed is checked at most every few seconds."""
    global _cached, _checked_at
    with _lock:
        now = time.monotonic()
        if _cached is not None and now - _checked_at < CHECK_EVERY_S:
            return _cached[1]
        key = _fingerprint()
        _checked_at = now
        if _cached is None or _cached[0] != key:
            _cached = (key, build_vocabulary())
        return _cached[1]


def forget_vocabulary() -> None:
    """Drop the cached names (tests that change the taxonomy)."""
    global _cached, _checked_at
    with _lock:
        _cached, _checked_at = None, 0.0


# --- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadPart:
    """One thing the reader understood, with the words of the query it was read from."""

    kind: str  # condition, complex, place, occupation, text
    words: tuple[str, ...]
    label: str
    value: object = None


_JARGON = {k for k, _v in LEXICON} | {k for k, _v in LATIN}
# the jargon and the standard shop-floor terms it stands for (시아게 → 마무리 사상)
_SHOP_WORDS = _JARGON | {term for _k, terms in (*LEXICON, *LATIN) for term in terms.split()}


def _occupation(word: str, vocab: Vocabulary) -> OccupationWord | None:
    """An occupation or shop-floor word: jargon of the normaliser's lexicon, or an occupation-name stem."""
    terms = expansion_terms(word) if word in _JARGON or any(k in word for k, _v in LEXICON) else []
    stem = stem_title(word)
    codes = set(vocab.occupation_stems.get(word, ())) | set(vocab.occupation_stems.get(stem, ()))
    if not codes and not terms and word not in _SHOP_WORDS:
        return None
    for term in terms:
        codes |= vocab.occupation_stems.get(term, set())
    alternatives = tuple(dict.fromkeys([word, *terms]))
    return OccupationWord(word, alternatives, tuple(sorted(codes)))


def _match(word: str, vocab: Vocabulary) -> ReadPart | None:
    """What one word (no spaces) names, in the order of the module's docstring."""
    if word in CONDITIONS:
        condition = CONDITIONS[word]
        return ReadPart("condition", (word,), str(condition.label), condition)
    if word in vocab.complexes:
        found = vocab.complexes[word]
        return ReadPart("complex", (word,), found.label, found)
    place = vocab.places.get(word)
    bare = vocab.bare_places.get(word)
    if place is not None and not (bare is not None and bare.level < place.level):
        return ReadPart("place", (word,), place.label, place)  # (남동 the 동 gives way to 남동구)
    occupation = _occupation(word, vocab) if len(word) >= 2 else None
    # a shop-floor word before a place named without its suffix (사상 = grinding, not 사상구),
    # but a 시도 (경기) or a 시군구 that is no jargon stays a place; a 동 gives way to any occupation
    if occupation is not None and (
        bare is None
        or bare.level == RegionLevel.EMD
        or (bare.level == RegionLevel.SIGUNGU and word in _SHOP_WORDS)
    ):
        return ReadPart("occupation", (word,), _("%(word)s 관련 직종") % {"word": _shown(word)}, occupation)
    complex_ = vocab.bare_complexes.get(word)
    if complex_ is not None and (bare is None or bare.level == RegionLevel.EMD):
        return ReadPart("complex", (word,), complex_.label, complex_)  # 반월 = 반월공단, not 반월동
    if bare is not None:
        return ReadPart("place", (word,), bare.label, bare)
    if occupation is not None:
        return ReadPart("occupation", (word,), _("%(word)s 관련 직종") % {"word": _shown(word)}, occupation)
    return None


def _shown(word: str) -> str:
    return word.upper() if word.isascii() else word


def _read_word(word: str, vocab: Vocabulary, depth: int = 0) -> list[ReadPart]:
    found = _match(word, vocab)
    if found is not None:
        return [found]
    for ending in ENDINGS:  # a particle or ending: 남동구에서, 기숙사있는
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            found = _match(word[: -len(ending)], vocab)
            if found is not None and found.kind != "occupation":
                return [replace(found, words=(word,))]
    if depth < 3:  # a name glued to the next word: 남동구용접, 기숙사용접
        for cut in range(len(word) - 2, 1, -1):
            head = _match(word[:cut], vocab)
            if head is not None and head.kind in ("condition", "complex", "place"):
                rest = _read_word(word[cut:], vocab, depth + 1)
                parts = [replace(head, words=())] + [replace(p, words=()) for p in rest]
                # the whole glued word belongs to its first part (removing it removes the word)
                return [replace(parts[0], words=(word,))] + parts[1:]
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            found = _match(word[: -len(ending)], vocab)
            if found is not None:
                return [replace(found, words=(word,))]
    return [ReadPart("text", (word,), word)]


@dataclass
class QueryReading:
    query: str
    parts: list[ReadPart]

    @property
    def text(self) -> str:
        """The free text left over, matched against the vacancies' words."""
        return " ".join(p.label for p in self.parts if p.kind == "text")

    @property
    def understood(self) -> list[ReadPart]:
        return [p for p in self.parts if p.kind != "text"]

    def summary(self) -> str:
        """How the query was read: "남동구 · 기숙사 제공 · 용접 관련 직종"."""
        return " · ".join(p.label for p in self.understood)

    def without(self, part: ReadPart) -> str:
        """The query with the words this part was read from removed."""
        drop = set(part.words)
        kept, dropped = [], set()
        for word in self.query.split():
            key = _normalise_word(word)
            if key in drop and key not in dropped:
                dropped.add(key)
                continue
            kept.append(word)
        return " ".join(kept)

    def places(self) -> list[Place]:
        return [p.value for p in self.parts if p.kind == "place" and isinstance(p.value, Place)]

    def apply(self, params: SearchParams, *, near: bool = False) -> SearchParams:
        """``params`` with the query's filters and its leftover free text."""
        regions: list[str] = []
        complexes: list[int] = []
        occupations = []
        flags: dict[str, bool] = {}
        shifts, employment = list(params.shifts), list(params.employment_types)
        read_shifts: list[str] = []
        read_employment: list[str] = []
        for part in self.understood:
            value = part.value
            if isinstance(value, Condition):
                if value.flag:
                    flags[value.flag] = True
                read_shifts += value.shifts
                read_employment += value.employment_types
            elif isinstance(value, Place):
                regions = _narrow(regions, list(value.codes))
            elif isinstance(value, Complex):
                complexes += value.ids
            elif isinstance(value, OccupationWord):
                occupations.append((value.alternatives, value.codes))
        if read_shifts:  # the form's boxes and the words together: both must hold
            shifts = [s for s in shifts if s in read_shifts] if shifts else list(dict.fromkeys(read_shifts))
            shifts = shifts or ["-"]  # 야간 typed with only 주간 ticked: nothing matches
        if read_employment:
            employment = (
                [e for e in employment if e in read_employment]
                if employment
                else list(dict.fromkeys(read_employment))
            )
            employment = employment or ["-"]
        if near:
            regions = nearby_codes(regions or ([params.region] if len(params.region) >= 5 else []))
        return replace(
            params,
            q=self.text,
            region="" if near and len(params.region) >= 5 else params.region,
            regions=tuple(dict.fromkeys(regions)),
            complex_ids=tuple(dict.fromkeys(complexes)),
            occupation_terms=tuple(occupations),
            shifts=shifts,
            employment_types=employment,
            dormitory=params.dormitory or flags.get("dormitory", False),
            commuter_bus=params.commuter_bus or flags.get("commuter_bus", False),
            meals=params.meals or flags.get("meals", False),
            foreigners=params.foreigners or flags.get("foreigners", False),
        )


def _narrow(current: list[str], codes: list[str]) -> list[str]:
    """Two places: the one inside the other ("인천 서구" → 인천의 서구), else either of them."""
    if not current:
        return codes
    inner = [c for c in codes if c.startswith(tuple(current))]
    if inner:
        return inner
    outer = [c for c in current if c.startswith(tuple(codes))]
    return outer or current + codes


def _normalise_word(word: str) -> str:
    from .search import normalise

    return "".join(_WORD.findall(normalise(word)))


def read_query(query: str | None) -> QueryReading:
    """Read a query into parts (see the module docstring)."""
    raw = [w for w in (query or "").split() if _normalise_word(w)][:MAX_WORDS]
    words = [_normalise_word(w) for w in raw]
    vocab = vocabulary()
    parts: list[ReadPart] = []
    i = 0
    while i < len(words):
        if i + 1 < len(words):  # two words written apart: 시화 공단, 안산시 단원구, 주야 2교대
            pair = _match(words[i] + words[i + 1], vocab)
            if pair is not None and pair.kind != "occupation":
                parts.append(replace(pair, words=(words[i], words[i + 1])))
                i += 2
                continue
        parts.extend(_read_word(words[i], vocab))
        i += 1
    return QueryReading(" ".join(raw), _merge(parts))


def _merge(parts: list[ReadPart]) -> list[ReadPart]:
    """One part per reading: "야간 야간근무" reads as one 야간 근무."""
    out: list[ReadPart] = []
    for part in parts:
        same = next((p for p in out if p.kind == part.kind and p.label == part.label), None)
        if same is None:
            out.append(part)
        else:
            out[out.index(same)] = replace(same, words=same.words + part.words)
    return out


def nearby_codes(codes: list[str]) -> list[str]:
    """The 시군구 codes whose centre lies within ``NEAR_KM`` of a given place's 시군구 (inclusive)."""
    vocab = vocabulary()
    own = {code[:5] for code in codes if len(code) >= 5}
    for code in codes:
        if len(code) == 2:  # a 시도: its own 시군구
            own |= {c for c in vocab.centres if c.startswith(code)}
    centres = [vocab.centres[c] for c in own if c in vocab.centres]
    near = {
        code
        for code, (lat, lon) in vocab.centres.items()
        if any(haversine_km(lat, lon, lat0, lon0) <= NEAR_KM for lat0, lon0 in centres)
    }
    return sorted(own | near)
