"""The curated licence → occupation table that matching reads instead of the noisy co-occurrence links."""

import csv

import pytest

from iljari.matching import bridge
from iljari.taxonomy.licences import DATA, licence_occupations, occupations_of_licence
from tests import factories as f


def test_every_row_names_a_licence_and_valid_codes_once():
    with open(DATA, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 50
    names = [r["licence"] for r in rows]
    assert len(names) == len(set(names))
    for r in rows:
        codes = r["keco_codes"].split(";")
        assert codes and all(len(c) == 4 and c.isdigit() for c in codes), r
    assert len(licence_occupations()) == len(rows)


@pytest.mark.parametrize(
    ("licence", "code", "not_code"),
    [
        ("지게차운전기능사", "6230", "8521"),  # not 타이어·고무제품
        ("열처리기능사", "8211", "8261"),  # not 유리 제조
        ("용접 기능사", "8241", None),  # spacing as people type it
        ("컴퓨터응용선반기능사", "8132", None),
        ("사출금형설계기사", "8131", None),
    ],
)
def test_the_noisy_links_are_clean(licence, code, not_code):
    codes = occupations_of_licence(licence)
    assert code in codes and not_code not in codes


@pytest.mark.django_db
def test_a_seeker_holding_a_licence_gets_its_occupation_in_matching():
    seeker = f.SeekerFactory()
    from iljari.taxonomy.models import Qualification

    q = Qualification.objects.get_or_create(name="지게차운전기능사", defaults={"grade": "기능사"})[0]
    f.QualificationHeldFactory(seeker=seeker, qualification=q)
    pools = bridge.get_pools()
    pool = pools.recommender.pool_seekers([bridge.seeker_profile(seeker)])
    assert 6230 in set(pool.table.codes[0].tolist())
