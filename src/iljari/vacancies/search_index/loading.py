"""Reading a snapshot from the database: the filter and sort columns of the published vacancies and
the token postings, grouped by the database; whole (``build_snapshot``) or only what was
re-indexed since a version (``apply_changes``)."""

from __future__ import annotations

import math

import numpy as np
from django.db import connection

from .snapshot import ENCODED, FIELDS, MIN_DATE_ORDINAL, Columns, Snapshot


def _vacancy_rows(queryset):
    from ..search import monthly_wage_expression

    return queryset.annotate(monthly_wage_won=monthly_wage_expression()).values_list(
        "id",
        "closing_date",
        "published_at",
        "monthly_wage_won",
        "shift",
        "employment_type",
        "work_region__code",
        "occupation__code",
        "employer__industry__code",
        "employer__industrial_complex_id",
        "employer_id",
        "commuter_bus",
        "dormitory",
        "meals",
        "foreigners_welcome",
        "experience_years_min",
        "work_days_per_week",
        "lat",
        "lon",
    )


def _load_columns(queryset) -> dict[str, list]:
    """The filter and sort values of the vacancies in ``queryset`` (ordered by id), as lists."""
    raw: dict[str, list] = {name: [] for name in FIELDS if name != "alive"}
    for (
        pk,
        closing,
        published,
        wage,
        shift,
        employment,
        region,
        occupation,
        industry,
        complex_id,
        employer_id,
        bus,
        dorm,
        meals,
        foreign,
        experience,
        days,
        lat,
        lon,
    ) in _vacancy_rows(queryset).iterator(chunk_size=5000):
        raw["ids"].append(pk)
        raw["closing"].append(closing.toordinal() if closing else MIN_DATE_ORDINAL)
        raw["published"].append(published.timestamp() if published else math.nan)
        raw["wage"].append(wage or 0)
        raw["shift"].append(shift or "")
        raw["employment"].append(employment or "")
        raw["region"].append(region or "")
        raw["occupation"].append(occupation or "")
        raw["industry"].append(industry or "")
        raw["complex"].append(complex_id if complex_id is not None else -1)
        raw["employer"].append(employer_id)
        raw["bus"].append(bool(bus))
        raw["dorm"].append(bool(dorm))
        raw["meals"].append(bool(meals))
        raw["foreign"].append(bool(foreign))
        raw["beginner"].append(not experience)
        raw["days"].append(days or 0)
        raw["lat"].append(lat if lat is not None else math.nan)
        raw["lon"].append(lon if lon is not None else math.nan)
    return raw


def _token_postings(
    ids: np.ndarray, first_row: int, changed_since: int | None = None
) -> dict[str, np.ndarray]:
    """token → sorted rows, read from the ``VacancyToken`` table (grouped by the database, so
    that millions of (token, vacancy) pairs never become Python objects one by one).

    ``ids`` are the vacancy ids of rows ``first_row, first_row + 1, …`` in ascending order;
    tokens of other vacancies (not published) are dropped. ``changed_since`` limits the read to
    the vacancies re-indexed after that version (a subquery: no list of ids as parameters).
    """
    from ..models import Vacancy, VacancyToken

    table = connection.ops.quote_name(VacancyToken._meta.db_table)
    vacancies = connection.ops.quote_name(Vacancy._meta.db_table)
    if connection.vendor == "postgresql":
        aggregate = "string_agg(vacancy_id::text, ',')"
    else:
        aggregate = "group_concat(vacancy_id, ',')"
    if not len(ids):
        return {}
    where, args = "", []
    if changed_since is not None:
        where = f"WHERE vacancy_id IN (SELECT id FROM {vacancies} WHERE search_version > %s)"  # noqa: S608
        args = [changed_since]
    sql = f"SELECT token, {aggregate} FROM {table} {where} GROUP BY token"  # noqa: S608 - fixed SQL
    postings: dict[str, np.ndarray] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        for token, joined in cursor.fetchall():
            vacancy_ids = np.array(joined.split(","), dtype=np.int64)
            rows = np.searchsorted(ids, vacancy_ids)
            rows[rows >= len(ids)] = 0
            found = ids[rows] == vacancy_ids if len(ids) else np.zeros(len(rows), dtype=bool)
            if found.any():
                postings[token] = np.sort(rows[found].astype(np.int32) + first_row)
    return postings


def _columns(raw: dict[str, list], vocab: dict[str, list[str]]) -> tuple[Columns, dict[str, list[str]]]:
    """Encode raw lists into arrays, extending ``vocab`` with new distinct values."""
    vocab = {name: list(values) for name, values in vocab.items()}
    arrays: dict[str, np.ndarray] = {}
    for name in ENCODED:
        values = vocab.setdefault(name, [])
        position = {v: i for i, v in enumerate(values)}
        for v in raw[name]:
            if v not in position:
                position[v] = len(values)
                values.append(v)
        arrays[name] = np.fromiter((position[v] for v in raw[name]), dtype=np.int32, count=len(raw[name]))
    n = len(raw["ids"])
    arrays.update(
        ids=np.asarray(raw["ids"], dtype=np.int64),
        alive=np.ones(n, dtype=bool),
        closing=np.asarray(raw["closing"], dtype=np.int32),
        published=np.asarray(raw["published"], dtype=np.float64),
        wage=np.asarray(raw["wage"], dtype=np.int64),
        complex=np.asarray(raw["complex"], dtype=np.int64),
        employer=np.asarray(raw["employer"], dtype=np.int64),
        bus=np.asarray(raw["bus"], dtype=bool),
        dorm=np.asarray(raw["dorm"], dtype=bool),
        meals=np.asarray(raw["meals"], dtype=bool),
        foreign=np.asarray(raw["foreign"], dtype=bool),
        beginner=np.asarray(raw["beginner"], dtype=bool),
        days=np.asarray(raw["days"], dtype=np.int8),
        lat=np.asarray(raw["lat"], dtype=np.float64),
        lon=np.asarray(raw["lon"], dtype=np.float64),
    )
    return Columns(**arrays), vocab


def build_snapshot(version: int, token: str) -> Snapshot:
    from ..models import Vacancy, VacancyStatus

    raw = _load_columns(Vacancy.objects.filter(status=VacancyStatus.PUBLISHED).order_by("id"))
    columns, vocab = _columns(raw, {})
    return Snapshot(
        columns=columns,
        vocab=vocab,
        postings=_token_postings(columns.ids, 0),
        row_of={int(pk): i for i, pk in enumerate(columns.ids)},
        version=version,
        token=token,
    )


def apply_changes(snapshot: Snapshot, since: int, version: int, token: str) -> Snapshot:
    """A new snapshot with the vacancies re-indexed after version ``since`` replaced."""
    from ..models import Vacancy, VacancyStatus

    changed = Vacancy.objects.filter(search_version__gt=since)
    changed_ids = list(changed.values_list("id", flat=True))
    first = len(snapshot.columns.ids)
    raw = _load_columns(changed.filter(status=VacancyStatus.PUBLISHED).order_by("id"))
    alive = snapshot.columns.alive.copy()
    row_of = dict(snapshot.row_of)
    # (a vacancy re-indexed between these two reads is in ``raw`` only: retire its old row too)
    for pk in {*changed_ids, *raw["ids"]}:
        old = row_of.pop(pk, None)
        if old is not None:
            alive[old] = False
    added, vocab = _columns(raw, snapshot.vocab)
    old_columns = Columns(**{name: getattr(snapshot.columns, name) for name in FIELDS})
    old_columns.alive = alive
    columns = Columns.concat(old_columns, added)
    for offset, pk in enumerate(raw["ids"]):
        row_of[int(pk)] = first + offset
    postings = dict(snapshot.postings)
    for t, rows in _token_postings(added.ids, first, changed_since=since).items():
        postings[t] = rows if t not in postings else np.concatenate([postings[t], rows])
    return Snapshot(columns, vocab, postings, row_of, version, token)
