"""The reference data shipped with the project (src/iljari/taxonomy/data/), loaded by conftest."""

import gzip

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from iljari.taxonomy.loader import load_reference_data
from iljari.taxonomy.models import (
    IndustrialComplex,
    Industry,
    JobDescription,
    JobTitle,
    Occupation,
    Qualification,
    Region,
    RegionChange,
)
from iljari.taxonomy.sources import DATA_DIR, FILES, ShippedSource, grade_of

pytestmark = pytest.mark.django_db


def test_every_table_is_loaded_in_full():
    assert Occupation.objects.filter(scheme="keco").count() == 677 + 21
    assert Occupation.objects.filter(scheme="ksco").count() == 1999
    assert Industry.objects.count() == 2038
    assert Region.objects.filter(level=1).count() == 17
    assert Region.objects.filter(level=2).count() == 254
    assert Region.objects.filter(level=3).count() == 5027
    assert JobDescription.objects.count() == 6313
    assert JobTitle.objects.count() == 15188
    assert Qualification.objects.count() >= 1050
    assert Occupation.objects.get(scheme="keco", code="8241").parent.code == "824"
    assert Industry.objects.get(code="25921").name == "금속 열처리업"


def test_the_shipped_files_are_compact_and_nothing_outside_the_package_is_read():
    assert ShippedSource().is_available()
    total = sum((DATA_DIR / name).stat().st_size for name in FILES)
    assert total < 3_000_000, total
    with gzip.open(DATA_DIR / "regions.csv.gz", "rt", encoding="utf-8") as f:
        assert f.readline().strip() == "code,level,sido,sigungu,emd,lat,lon"


def test_loading_twice_creates_and_changes_nothing(capsys):
    before = {m: m.objects.count() for m in (Occupation, Region, Qualification, JobTitle, RegionChange)}
    call_command("load-reference-data", "--no-models")
    out = capsys.readouterr().out
    assert "occupations: 2,697 rows (0 new, 0 updated)" in out
    assert "regions: 5,298 rows (0 new, 0 updated)" in out
    assert {m: m.objects.count() for m in before} == before


def test_an_edited_row_is_restored_by_a_reload():
    Occupation.objects.filter(scheme="keco", code="8241").update(name="잘못된 이름")
    report = load_reference_data()
    assert report.counts["occupations"]["updated"] == 1
    assert Occupation.objects.get(scheme="keco", code="8241").name == "용접원"


def test_industrial_complexes_stand_in_current_regions():
    assert IndustrialComplex.objects.get(name="남동국가산업단지").region.emd == "고잔동"
    geomdan = IndustrialComplex.objects.get(name="검단일반산업단지").region
    assert (geomdan.code, geomdan.sigungu, geomdan.emd) == ("28290108", "검단구", "오류동")


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


def test_a_folder_without_the_data_files_is_an_error(tmp_path):
    with pytest.raises(CommandError):
        call_command("load-reference-data", str(tmp_path), "--no-models")


def test_loading_also_prepares_the_matching_text_models(capsys, settings):
    """The full model is built once per data version and kept in MATCHING_CACHE_DIR (var/cache)."""
    from iljari.taxonomy import titles

    titles._resources.clear()
    call_command("load-reference-data")
    out = capsys.readouterr().out
    assert "occupations ready" in out
    ready = int(out.split("matching text models: ")[-1].split(" occupations")[0].replace(",", ""))
    assert ready > 400  # every KECO 세분류 of the job dictionary, not a subset
    cached = sorted(p.name for p in settings.MATCHING_CACHE_DIR.iterdir())
    assert any(name.startswith("titles-db-") for name in cached), cached
    assert any(name.startswith("encoder-db-") for name in cached), cached


def test_classify_title_answers_from_the_full_job_dictionary(monkeypatch):
    """The subset answered 지게차 → 보일러 설치 및 정비원 and 셰프 → 금형원."""
    import io
    import json

    monkeypatch.setattr("sys.stdin", io.StringIO("지게차\n셰프\n열처리\n"))
    out = io.StringIO()
    call_command("classify-title", "--top", "1", stdout=out)
    top = [json.loads(line)["candidates"][0]["code"] for line in out.getvalue().splitlines()]
    assert top == ["6230", "5311", "8212"]


def test_a_code_the_job_dictionary_files_under_is_named_as_the_dictionary_means_it():
    """KECO 2025 renumbered about 50 세분류: 2018's 6244 하역·적재 종사원 is 2025's 6244 선박 승무원.
    Every code the site files comes from the (2018) job dictionary, so its name must be the
    dictionary's occupation, never the 2025 occupation that now has the number."""
    from jobmatch.titles.data import same_occupation_names

    dictionary = dict(JobDescription.objects.values_list("keco_code", "keco_name"))
    names = dict(Occupation.objects.filter(scheme="keco", level=4).values_list("code", "name"))
    assert set(dictionary) <= set(names)
    kept = same_occupation_names(names, dictionary)
    assert sorted(set(dictionary) - set(kept)) == []  # each name reads as the dictionary's occupation
    assert names["6244"] == "하역·적재 종사원" and names["6151"] == "상점 판매원"
    assert names["8241"] == "용접원" and names["6230"] == "물품이동장비 조작원(크레인·호이스트·지게차)"


def test_a_title_is_filed_under_an_occupation_named_for_what_it_is():
    from iljari.taxonomy.titles import occupation_for

    assert occupation_for("물류센터 상하차").name == "하역·적재 종사원"
    assert occupation_for("편의점 판매원").name == "상점 판매원"


def test_a_person_picks_among_the_occupations_titles_are_filed_under():
    from iljari.taxonomy.titles import fileable_occupations

    rows = list(fileable_occupations().values_list("code", "name"))
    codes = {code for code, _ in rows}
    assert codes == set(JobDescription.objects.values_list("keco_code", flat=True))
    assert "6244" in codes and "6245" not in codes and "6158" not in codes  # KECO 2025's new codes
    assert len({name for _, name in rows}) == len(rows)  # no occupation offered twice
    groups = fileable_occupations(levels=(1, 2, 3, 4)).filter(level=3).count()
    assert groups == Occupation.objects.filter(scheme="keco", level=3).count()


@pytest.mark.parametrize(
    ("title", "codes"),
    [
        ("생산직", {"8900"}),  # not 생산·품질 사무원
        ("생산직 모집 (주간)", {"8900"}),
        ("배송 기사", {"6241", "6223"}),  # not 운송 관리자
        ("미화", {"5611", "5612"}),  # not 구두 미화원
        ("식당 설거지", {"5323"}),
        ("판매직", {"6151"}),
        ("데모도", {"7060"}),  # a building site's helper, not 연극·영화 종사원
    ],
)
def test_the_words_people_use_for_a_kind_of_work_are_filed_where_that_work_is(title, codes):
    from iljari.taxonomy.titles import suggest

    assert suggest(title).candidates[0].code in codes
