"""The curated licence → occupation table that matching reads instead of the noisy co-occurrence links."""

import csv

import pytest

from iljari.matching import bridge
from iljari.taxonomy.licences import DATA, licence_occupations, occupations_of_licence
from tests import factories as f


def test_every_row_names_a_licence_and_valid_codes_once():
    with open(DATA, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert sum(r["basis"] == "curated" for r in rows) >= 50
    keys = [(r["qualification"], r["scheme"], r["code"]) for r in rows]
    assert len(keys) == len(set(keys))
    for r in rows:
        assert (r["scheme"], len(r["code"])) in {("keco", 4), ("ksco", 4), ("ksco", 5)} and r[
            "code"
        ].isdigit(), r
    from jobmatch.model import normalise_qualification

    licences = {normalise_qualification(r["qualification"]) for r in rows if r["scheme"] == "keco"}
    assert set(licence_occupations()) == licences


@pytest.mark.parametrize(
    ("licence", "code", "not_code"),
    [
        ("지게차운전기능사", "6230", "8521"),  # not 타이어·고무제품
        ("열처리기능사", "8212", "8261"),  # 열처리원's 세분류 in the job dictionary; not 유리 제조
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
