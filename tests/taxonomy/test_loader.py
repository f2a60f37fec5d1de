from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from iljari.taxonomy.loader import load_reference_data
from iljari.taxonomy.models import IndustrialComplex, JobTitle, Occupation, Qualification, Region
from iljari.taxonomy.sources import BuiltinSource, PublicDataSource, grade_of

pytestmark = pytest.mark.django_db


def test_builtin_subset_is_loaded_with_root_industry_codes_and_incheon_regions():
    assert Occupation.objects.get(scheme="keco", code="8241").name == "용접원"
    assert Occupation.objects.get(scheme="keco", code="8241").parent.code == "824"
    gojan = Region.objects.get(code="28200111")
    assert (gojan.sigungu, gojan.emd) == ("남동구", "고잔동")
    assert gojan.parent.code == "28200"
    assert Qualification.objects.get(name="용접기능사").grade == "기능사"
    assert IndustrialComplex.objects.get(name="남동국가산업단지").region == gojan


def test_loading_twice_creates_no_duplicates():
    before = {m: m.objects.count() for m in (Occupation, Region, Qualification, JobTitle)}
    report = load_reference_data(BuiltinSource())
    assert all(c["created"] == 0 and c["updated"] == 0 for c in report.counts.values())
    assert {m: m.objects.count() for m in before} == before


def test_an_edited_row_is_restored_by_a_reload():
    Occupation.objects.filter(scheme="keco", code="8241").update(name="잘못된 이름")
    report = load_reference_data(BuiltinSource())
    assert report.counts["occupations"]["updated"] == 1
    assert Occupation.objects.get(scheme="keco", code="8241").name == "용접원"


def test_qualifications_link_to_their_occupations():
    welding = Qualification.objects.get(name="용접기능사")
    assert welding.code == "6223"


@pytest.mark.parametrize(
    ("name", "grade"),
    [
        ("용접기능사", "기능사"),
        ("금형제작기능장", "기능장"),
        ("용접산업기사", "산업기사"),
        ("지게차운전", "기타"),
    ],
)
def test_grade_is_read_from_the_qualification_name(name, grade):
    assert grade_of(name) == grade


def test_public_data_loads_every_row(capsys):
    """The real ../shared/data (present on the developers' and CI machines beside the repo)."""
    data_dir = Path(settings.ILJARI_DATA_DIR)
    assert PublicDataSource(data_dir).is_available(), f"reference data expected at {data_dir}"
    call_command("load-reference-data", str(data_dir), "--no-models")
    out = capsys.readouterr().out
    assert "occupations: 2,697 rows" in out
    assert Occupation.objects.filter(scheme="keco").count() == 677 + 21
    assert Occupation.objects.filter(scheme="ksco").count() == 1999
    assert Region.objects.filter(level=3).count() == 5026
    assert JobTitle.objects.count() == 15188
    call_command("load-reference-data", str(data_dir), "--no-models")
    assert JobTitle.objects.count() == 15188
    assert "(0 new, 0 updated)" in capsys.readouterr().out


def test_loading_also_prepares_the_matching_text_models(capsys, settings, tmp_path):
    from iljari.matching import bridge

    settings.MATCHING_CACHE_DIR = tmp_path / "cache" / "matching"
    bridge._resources.clear()
    call_command("load-reference-data", "--builtin")
    out = capsys.readouterr().out
    assert "occupations ready" in out
    cached = sorted(p.name for p in (tmp_path / "cache" / "matching").iterdir())
    assert any(name.startswith("titles-db-") for name in cached), cached
    assert any(name.startswith("encoder-db-") for name in cached), cached


def test_a_missing_directory_given_explicitly_is_an_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("load-reference-data", str(tmp_path))
