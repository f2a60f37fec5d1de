"""The pickers' copy of the classifications (``pickers/table.py``): read once, asked about at the
configured interval, read again when rows were added or after its maximum age."""

import pytest

from iljari.taxonomy.models import Occupation
from iljari.vacancies.pickers import OccupationPicker, table

pytestmark = pytest.mark.django_db


def _new_occupation() -> Occupation:
    group = Occupation.objects.get(scheme="keco", code="82")
    return Occupation.objects.create(scheme="keco", code="829999", name="시험용 직종", level=4, parent=group)


def test_the_copy_sees_new_rows_when_asked(settings, django_assert_num_queries):
    settings.TAXONOMY_CHECK_SECONDS = 0
    assert "8241" in table.nodes("occupation")
    with django_assert_num_queries(1):  # the size and newest id only: nothing changed
        table.nodes("occupation")
    _new_occupation()
    assert OccupationPicker("829999").label("829999") == "시험용 직종"


def test_between_two_looks_the_copy_is_used_as_it_is(settings, django_assert_num_queries, monkeypatch):
    settings.TAXONOMY_CHECK_SECONDS = 60
    table.nodes("occupation")
    _new_occupation()
    with django_assert_num_queries(0):
        assert "829999" not in table.nodes("occupation")
    clock = table.monotonic() + 61
    monkeypatch.setattr(table, "monotonic", lambda: clock)
    assert "829999" in table.nodes("occupation")


def test_a_rename_shows_after_the_maximum_age(settings, monkeypatch):
    settings.TAXONOMY_CHECK_SECONDS = 0
    table.nodes("occupation")
    Occupation.objects.filter(scheme="keco", code="8241").update(name="새 이름")
    assert table.nodes("occupation")["8241"].name != "새 이름"  # same size, same newest id
    clock = table.monotonic() + table.MAX_AGE_S + 1
    monkeypatch.setattr(table, "monotonic", lambda: clock)
    assert table.nodes("occupation")["8241"].name == "새 이름"
