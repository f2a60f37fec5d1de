"""Qualifications (Q-Net names with grade and field) and the curated licence → occupation table."""

import csv

import pytest

from iljari.taxonomy.models import Qualification
from iljari.taxonomy.sources import DATA_DIR

from .. import factories as f

pytestmark = pytest.mark.django_db


def _links(name: str) -> set[tuple[str, str]]:
    return {(o.scheme, o.code) for o in Qualification.objects.get(name=name).occupations.all()}


def test_forklift_licence_is_a_graded_qualification_accepted_on_a_resume():
    from iljari.seekers.actions import do_add_qualification, qualification_choices

    forklift = Qualification.objects.get(name="지게차운전기능사")
    assert (forklift.grade, forklift.field) == ("기능사", "건설기계운전")
    assert qualification_choices().filter(name="지게차운전기능사").exists()
    seeker = f.SeekerFactory()
    held = do_add_qualification(seeker=seeker, actor=seeker.user, name="지게차운전기능사")
    assert held.qualification == forklift


def test_root_industry_qualifications_carry_exam_codes_and_fields():
    welding = Qualification.objects.get(name="용접기능사")
    assert (welding.code, welding.grade, welding.field, welding.root_industry) == (
        "6223",
        "기능사",
        "용접",
        "용접",
    )
    assert Qualification.objects.filter(grade="기능사").count() > 150
    assert Qualification.objects.filter(grade="기술사").count() > 50


@pytest.mark.parametrize(
    ("name", "wanted", "never"),
    [
        ("지게차운전기능사", {("keco", "6230"), ("ksco", "87304")}, {("keco", "8521"), ("keco", "6244")}),
        ("열처리기능사", {("keco", "8212"), ("ksco", "84155")}, {("keco", "8261")}),
        ("용접기능사", {("keco", "8241")}, {("keco", "8150")}),
        ("특수용접기능사", {("keco", "8241")}, {("keco", "8171")}),
        ("주조기능사", {("keco", "8233")}, set()),
        ("금형기능사", {("keco", "8131")}, {("keco", "1511")}),
        ("표면처리기능사", {("keco", "8252")}, {("keco", "8524")}),
    ],
)
def test_licences_lead_to_the_occupation_they_license(name, wanted, never):
    links = _links(name)
    assert wanted <= links, links
    assert not (never & links), links


def test_the_licence_table_is_clean():
    with (DATA_DIR / "licence_occupations.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    names = set(Qualification.objects.values_list("name", flat=True))
    assert len(rows) > 600
    assert {r["basis"] for r in rows} == {"curated", "job_dictionary_top"}
    assert all(r["qualification"] in names for r in rows)
    pairs = [(r["qualification"], r["scheme"], r["code"]) for r in rows]
    assert len(pairs) == len(set(pairs))
    # a graded licence links to at most its two nearest 세분류 (never a 3rd-ranked stray)
    per_licence: dict[str, int] = {}
    for r in rows:
        if r["scheme"] == "keco":
            per_licence[r["qualification"]] = per_licence.get(r["qualification"], 0) + 1
    assert max(per_licence.values()) <= 2
