"""Vacancy search: a token index that works the same on SQLite and PostgreSQL.

Index: for every vacancy, the character bigrams of each word of its title, occupation name,
company name and duties. A query is reduced by kiwipiepy (with the root-industry user words of
``jobmatch.text``) to its content words (조사 and endings dropped: "용접을" → 용접), words of one
syllable are glued to their neighbour (spacing tolerance: "용접 공" → 용접공), and each word
must have all its bigrams among the vacancy's tokens. "용접" therefore finds "CO2용접공".

Filters and sorting are plain indexed SQL; the token test is one ``IN (SELECT …)`` per bigram.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, ExpressionWrapper, F, FloatField, IntegerField, Q, Value, When
from django.utils import timezone

from iljari.taxonomy.models import Industry, haversine_km

from .models import HOURS_PER_MONTH, Vacancy, VacancyStatus, VacancyToken, WageType

MAX_TOKEN_LEN = 40
MAX_QUERY_BIGRAMS = 12
CLOSING_SOON_DAYS = 7

_WORD = re.compile(r"[0-9a-z가-힣]+")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


def normalise(text: str | None) -> str:
    return unicodedata.normalize("NFKC", text or "").translate(_ZERO_WIDTH).lower()


def words(text: str | None) -> list[str]:
    return _WORD.findall(normalise(text))


def bigrams(word: str) -> list[str]:
    if len(word) < 2:
        return [word] if word else []
    return [word[i : i + 2] for i in range(len(word) - 1)]


def _content_words(text: str) -> list[str]:
    from jobmatch.text import tokens

    return [w for tok in tokens(text) for w in words(tok)]


def index_tokens(*texts: str | None) -> set[str]:
    """The search tokens of a vacancy's texts: the bigrams of every word (a one-letter word as is).

    Every substring of two or more letters of a word is then findable, which is what makes the
    search tolerant of compounds and spacing; kiwipiepy is needed only on the (short) query side.
    """
    out: set[str] = set()
    for word in words(" ".join(t for t in texts if t)):
        out.update(bigrams(word))
    return {t[:MAX_TOKEN_LEN] for t in out if t}


def query_terms(q: str | None) -> list[str]:
    """Content words of a query with one-syllable words glued to their neighbour."""
    q = normalise(q)[:200]
    if not words(q):
        return []
    terms = _content_words(q) or words(q)
    glued: list[str] = []
    for term in terms:
        if glued and (len(term) == 1 or len(glued[-1]) == 1):
            glued[-1] += term
        else:
            glued.append(term)
    seen: list[str] = []
    for term in glued:
        if term not in seen:
            seen.append(term)
    return seen


def query_tokens(q: str | None) -> list[str]:
    """The tokens every matching vacancy must have."""
    out: list[str] = []
    for term in query_terms(q):
        for token in bigrams(term):
            if token not in out:
                out.append(token[:MAX_TOKEN_LEN])
    return out[:MAX_QUERY_BIGRAMS]


# --- index maintenance ---------------------------------------------------------------------


def _texts(vacancy: Vacancy) -> tuple[str, ...]:
    occupation = vacancy.occupation.name if vacancy.occupation else ""
    return (vacancy.title, occupation, vacancy.employer.name, vacancy.duties[:600])


@transaction.atomic
def index_vacancies(vacancies) -> int:
    """(Re)build the tokens of these vacancies; returns how many were indexed."""
    vacancies = list(vacancies)
    if not vacancies:
        return 0
    ids = [v.pk for v in vacancies]
    VacancyToken.objects.filter(vacancy_id__in=ids).delete()
    rows = [(vacancy.pk, token) for vacancy in vacancies for token in index_tokens(*_texts(vacancy))]
    rows.sort(
        key=lambda row: (row[1], row[0])
    )  # in (token, vacancy) order: the unique index grows at its ends
    table = connection.ops.quote_name(VacancyToken._meta.db_table)
    sql = f"INSERT INTO {table} (vacancy_id, token) VALUES (%s, %s) ON CONFLICT DO NOTHING"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 20_000):
            cursor.executemany(sql, rows[start : start + 20_000])
    Vacancy.objects.filter(pk__in=ids).update(search_indexed=True)
    from .search_index import record_change

    record_change(ids)
    return len(ids)


def refresh_search_index(batch: int = 2000) -> int:
    """Index every vacancy whose text changed since it was last indexed (cheap when none)."""
    total = 0
    while Vacancy.objects.filter(search_indexed=False).exists():
        pending = list(
            Vacancy.objects.filter(search_indexed=False)
            .order_by()
            .select_related("employer", "occupation")
            .only("id", "title", "duties", "occupation__name", "employer__name")[:batch]
        )
        total += index_vacancies(pending)
    return total


def rebuild_search_index() -> int:
    Vacancy.objects.update(search_indexed=False)
    return refresh_search_index()


# --- the query -----------------------------------------------------------------------------

SORTS = {
    "recent": ("-published_at", "-id"),
    "closing": ("closing_date", "-id"),
    "wage": ("-monthly_wage_won", "-id"),
    "distance": ("distance_sq", "-id"),
}


def monthly_wage_expression():
    return Case(
        When(wage_type=WageType.HOURLY, then=F("wage_amount") * HOURS_PER_MONTH),
        When(wage_type=WageType.ANNUAL, then=F("wage_amount") / 12),
        default=F("wage_amount"),
        output_field=IntegerField(),
    )


@dataclass
class SearchParams:
    q: str = ""
    region: str = ""  # 시도/시군구/읍면동 code prefix
    complex_id: int | None = None
    occupation: str = ""  # KECO code prefix
    industry: str = ""  # KSIC code prefix, or a section letter (see industry_prefixes)
    wage_min: int | None = None  # monthly equivalent, won
    shifts: list[str] = field(default_factory=list)
    employment_types: list[str] = field(default_factory=list)
    commuter_bus: bool = False
    dormitory: bool = False
    closing_soon: bool = False
    meals: bool = False
    foreigners: bool = False
    no_experience: bool = False  # no experience asked for ("초보", "경력무관": read from the query)
    five_days: bool = False  # at most five days a week ("주5일": read from the query)
    # read from the query (``query_reader``): any of these 시도/시군구/읍면동 code prefixes, any of
    # these industrial complexes, and per occupation word (its text alternatives, KECO code
    # prefixes): a vacancy matches a word by its text or by its occupation
    regions: tuple[str, ...] = ()
    complex_ids: tuple[int, ...] = ()
    occupation_terms: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()
    employer_id: int | None = None
    origin: tuple[float, float] | None = None  # lat, lon of the visitor's 동
    max_km: float | None = None
    sort: str = "recent"


def industry_prefixes(code: str | None) -> list[str]:
    """The KSIC code prefixes an industry filter stands for (any of them matches).

    Stored KSIC codes are digits: "24" is itself; "C24" (section letter + division) is "24";
    a section alone ("C" = 제조업) spans divisions 10–34, which no single prefix can say, so it
    stands for each of its divisions.
    """
    code = (code or "").strip().upper()
    if not code:
        return []
    if code[0].isalpha():
        if code[1:]:
            return [code[1:]]
        divisions = Industry.objects.filter(level=2, parent__code=code).values_list("code", flat=True)
        return [code, *divisions]
    return [code]


def open_vacancies():
    return Vacancy.objects.filter(status=VacancyStatus.PUBLISHED, closing_date__gte=timezone.localdate())


def search_queryset(params: SearchParams):
    """Open vacancies matching ``params``, sorted; not yet sliced."""
    refresh_search_index()
    qs = open_vacancies()
    for token in query_tokens(params.q):
        qs = qs.filter(pk__in=VacancyToken.objects.filter(token=token).values("vacancy_id"))
    if params.region:
        qs = qs.filter(work_region__code__startswith=params.region)
    if params.regions:
        qs = qs.filter(reduce(or_, (Q(work_region__code__startswith=p) for p in params.regions)))
    if params.complex_ids:
        qs = qs.filter(employer__industrial_complex_id__in=params.complex_ids)
    for alternatives, codes in params.occupation_terms:
        either = [Q(occupation__code__startswith=code) for code in codes]
        for alternative in alternatives:
            has_all = Q()
            for token in query_tokens(alternative):
                has_all &= Q(pk__in=VacancyToken.objects.filter(token=token).values("vacancy_id"))
            if has_all:
                either.append(has_all)
        if either:
            qs = qs.filter(reduce(or_, either))
    if params.meals:
        qs = qs.filter(meals=True)
    if params.foreigners:
        qs = qs.filter(foreigners_welcome=True)
    if params.no_experience:
        qs = qs.filter(experience_years_min=0)
    if params.five_days:
        qs = qs.filter(work_days_per_week__lte=5)
    if params.complex_id:
        qs = qs.filter(employer__industrial_complex_id=params.complex_id)
    if params.occupation:
        qs = qs.filter(occupation__code__startswith=params.occupation)
    if params.industry:
        prefixes = industry_prefixes(params.industry)
        qs = qs.filter(reduce(or_, (Q(employer__industry__code__startswith=prefix) for prefix in prefixes)))
    if params.shifts:
        qs = qs.filter(shift__in=params.shifts)
    if params.employment_types:
        qs = qs.filter(employment_type__in=params.employment_types)
    if params.commuter_bus:
        qs = qs.filter(commuter_bus=True)
    if params.dormitory:
        qs = qs.filter(dormitory=True)
    if params.closing_soon:
        qs = qs.filter(closing_date__lte=timezone.localdate() + dt.timedelta(days=CLOSING_SOON_DAYS))
    if params.employer_id:
        qs = qs.filter(employer_id=params.employer_id)
    sort = params.sort if params.sort in SORTS else "recent"
    if params.wage_min is not None or sort == "wage":
        qs = qs.annotate(monthly_wage_won=monthly_wage_expression())
        if params.wage_min is not None:
            qs = qs.filter(monthly_wage_won__gte=params.wage_min)
    if params.origin is not None:
        lat0, lon0 = params.origin
        kx = math.cos(math.radians(lat0))
        qs = qs.annotate(
            distance_sq=ExpressionWrapper(
                (F("lat") - Value(lat0)) * (F("lat") - Value(lat0))
                + (F("lon") - Value(lon0)) * (F("lon") - Value(lon0)) * Value(kx * kx),
                output_field=FloatField(),
            )
        )
        if params.max_km:
            deg = params.max_km / 111.2
            qs = qs.filter(
                lat__range=(lat0 - deg, lat0 + deg),
                lon__range=(lon0 - deg / max(kx, 0.1), lon0 + deg / max(kx, 0.1)),
                distance_sq__lte=deg * deg,
            )
    elif sort == "distance":
        sort = "recent"
    return qs.order_by(*SORTS[sort])


class LazyPage:
    """A sliceable stand-in for a search queryset (for ``Paginator``): the sort runs over ids only,
    then the page's rows are fetched with their joins by primary key."""

    def __init__(self, queryset, related=()):
        self.queryset = queryset
        self.related = related
        self._count = None

    def count(self) -> int:
        if self._count is None:
            self._count = self.queryset.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            raise TypeError("LazyPage supports slices only")
        ids = list(self.queryset.values_list("pk", flat=True)[item])
        rows = Vacancy.objects.select_related(*self.related).in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]


class SearchResults:
    """The search's matches for ``Paginator``: counted and ranked by the in-memory index
    (``search_index``); only the page's rows are read from the database, with their joins."""

    def __init__(self, params: SearchParams, related=(), snapshot: Any = None, only=(), window=(0, 20)):
        self.params = params
        self.related = related
        self.only = only  # the columns the caller shows (fewer fields to read and convert)
        self.window = window  # the slice the caller will ask for: ranked along with the count
        self._count: int | None = None
        self._first: tuple[int, int, list[int]] | None = None
        self._snapshot: Any = snapshot

    def _search(self, start: int, stop: int) -> list[int]:
        from .search_index import current, search

        if self._snapshot is None:  # one freshness check per page, however it is sliced
            self._snapshot = current()
        self._count, ids = search(self.params, start, stop, self._snapshot)
        self._first = (start, stop, ids)
        return ids

    def count(self) -> int:
        if self._count is None:
            self._search(*self.window)  # the page the caller shows comes with the count
        assert self._count is not None
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice) or item.step not in (None, 1):
            raise TypeError("SearchResults supports plain slices only")
        start, stop = item.start or 0, item.stop if item.stop is not None else self.count()
        first = self._first
        # the last page is sliced up to the count: the window ranked with it holds the same rows
        if first is not None and first[0] == start and (first[1] == stop or first[1] >= stop == self._count):
            ids = first[2]
        else:
            ids = self._search(start, stop)
        from .page_rows import rows_by_id

        rows = rows_by_id(ids, self.related, self.only)
        return [rows[pk] for pk in ids if pk in rows]


def attach_distances(vacancies, origin: tuple[float, float] | None) -> None:
    for vacancy in vacancies:
        vacancy.distance_km = (
            round(haversine_km(origin[0], origin[1], vacancy.lat, vacancy.lon), 1) if origin else None
        )


def peer_queryset(params: SearchParams):
    """The plain-SQL peer (used by the benchmark): the same filters, the query as ILIKE on the texts."""
    qs = search_queryset(SearchParams(**{**params.__dict__, "q": ""}))
    for term in query_terms(params.q):
        qs = qs.filter(
            Q(title__icontains=term)
            | Q(duties__icontains=term)
            | Q(occupation__name__icontains=term)
            | Q(employer__name__icontains=term)
        )
    return qs
