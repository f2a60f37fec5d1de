"""Reading a query word by word into conditions, complexes, places, occupations and free text."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from iljari.taxonomy.models import RegionLevel
from jobmatch.complexes import COMPLEX_SUFFIX
from jobmatch.jargon import LATIN, LEXICON, expansion_terms
from jobmatch.titles import stem_title

from .conditions import CONDITIONS, ENDINGS, FILLERS, Condition
from .vocabulary import Complex, OccupationWord, Place, Vocabulary, nearby_codes, vocabulary

if TYPE_CHECKING:
    from ..search import SearchParams

MAX_WORDS = 12
_WORD = re.compile(r"[0-9a-z가-힣]+")

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
    if COMPLEX_SUFFIX.search(word):
        return _complex_word(word, vocab)
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


def _complex_word(word: str, vocab: Vocabulary) -> ReadPart | None:
    """A word ending like a complex that names no known one: a place's name with the complex word
    ("구미산단", "울산공단": the place), or the complex word alone ("공단", "산업단지": every
    complex, not 구미's 공단동)."""
    stem = COMPLEX_SUFFIX.sub("", word)
    if not stem:
        ids = tuple(sorted({i for c in vocab.complexes.values() for i in c.ids}))
        label = _("모든 산업단지")
        return ReadPart("complex", (word,), label, Complex(label, ids)) if ids else None
    place = vocab.places.get(stem) or vocab.bare_places.get(stem)
    if place is None or place.level == RegionLevel.EMD:  # complexes are named after a 시도 or 시군구
        return None
    return ReadPart("place", (word,), place.label, place)


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
            no_experience=params.no_experience or flags.get("no_experience", False),
            five_days=params.five_days or flags.get("five_days", False),
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
    from ..search import normalise

    return "".join(_WORD.findall(normalise(word)))


def read_query(query: str | None) -> QueryReading:
    """Read a query into parts (see the module docstring)."""
    raw = [w for w in (query or "").split() if _normalise_word(w)][:MAX_WORDS]
    words = [_normalise_word(w) for w in raw]
    vocab = vocabulary()
    parts: list[ReadPart] = []
    i = 0
    while i < len(words):
        if words[i] in FILLERS and not (i + 1 < len(words) and words[i] + words[i + 1] in CONDITIONS):
            i += 1
            continue
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
