"""The page's rows read with SQL compiled once per shape are what ``in_bulk`` gives."""

import pytest

from iljari.vacancies import page_rows
from iljari.vacancies.api import LIST_RELATED, OUT_COLUMNS
from iljari.vacancies.models import Vacancy
from iljari.vacancies.views import CARD_COLUMNS, CARD_RELATED
from tests import factories as f

pytestmark = pytest.mark.django_db


def _fields(vacancy, names):
    out = {}
    for name in names:
        value = vacancy
        for part in name.split("__"):
            value = getattr(value, part) if value is not None else None
        out[name] = value
    return out


@pytest.mark.parametrize(("related", "only"), [(CARD_RELATED, CARD_COLUMNS), (LIST_RELATED, OUT_COLUMNS)])
def test_rows_by_id_match_in_bulk(employer, other_employer, related, only, django_assert_num_queries):
    page_rows.forget()
    vacancies = [f.VacancyFactory(employer=employer, commuter_bus=True) for _ in range(3)]
    vacancies.append(f.VacancyFactory(employer=other_employer, occupation=None, dormitory=False))
    ids = [v.pk for v in reversed(vacancies)] + [999_999]  # a missing id is left out, as in_bulk does
    expected = Vacancy.objects.select_related(*related).only(*only).in_bulk(ids)
    for _ in range(2):  # compiled the first time, reused the second
        with django_assert_num_queries(1):
            rows = page_rows.rows_by_id(ids, related, only)
        assert set(rows) == set(expected) == {v.pk for v in vacancies}
        for pk, vacancy in rows.items():
            assert type(vacancy) is Vacancy and vacancy.pk == pk
            assert _fields(vacancy, only) == _fields(expected[pk], only)
            assert type(vacancy.closing_date) is type(expected[pk].closing_date)
            assert type(vacancy.commuter_bus) is bool
    assert page_rows.rows_by_id([], related, only) == {}


def test_a_search_answers_row_is_vacancy_out_of_its_vacancy(employer, other_employer):
    """The API's search rows are made from plain values (``row_out``): the same dicts as
    ``vacancy_out`` makes of the model instances (the vacancy's own endpoint), with the distance."""
    from iljari.vacancies.api import ROW_FIELDS, row_out, vacancy_out
    from iljari.vacancies.models import WageType

    vacancies = [
        f.VacancyFactory(employer=employer, wage_type=WageType.HOURLY, wage_amount=12_000, meals=True),
        f.VacancyFactory(employer=other_employer, occupation=None, wage_type=WageType.ANNUAL),
    ]
    ids = [v.pk for v in vacancies]
    rows = page_rows.values_by_id(ids, ROW_FIELDS)
    models = Vacancy.objects.select_related(*LIST_RELATED).in_bulk(ids)
    origin = (37.45, 126.70)
    for pk in ids:
        expected = vacancy_out(models[pk], None)
        assert row_out(rows[pk], None) == expected
        with_distance = row_out(rows[pk], origin)
        assert with_distance["distance_km"] is not None
        assert {**with_distance, "distance_km": None} == expected
        assert type(rows[pk][ROW_FIELDS.index("commuter_bus") + 1]) is bool
