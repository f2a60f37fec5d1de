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
