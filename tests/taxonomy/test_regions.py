"""Regions as of 2026-07-01, their change table, the data migration and old codes arriving."""

import importlib

import pytest
from django.apps import apps

from iljari.taxonomy.models import Region, RegionChange
from iljari.taxonomy.regions import resolve_region_code

from .. import factories as f

pytestmark = pytest.mark.django_db

INCHEON_NOW = [
    "강화군",
    "옹진군",
    "계양구",
    "남동구",
    "미추홀구",
    "부평구",
    "연수구",
    "제물포구",
    "영종구",
    "서해구",
    "검단구",
]


def test_incheon_has_2_gun_9_gu_and_no_old_gu():
    gu = set(Region.objects.filter(level=2, sido="인천광역시").values_list("sigungu", flat=True))
    assert gu == set(INCHEON_NOW)
    assert not Region.objects.filter(sido="인천광역시", sigungu__in=["남구", "중구", "동구", "서구"]).exists()
    assert not Region.objects.filter(code__startswith="28170").exists()


@pytest.mark.parametrize(
    ("code", "sigungu", "emd"),
    [
        ("28290108", "검단구", "오류동"),
        ("28290103", "검단구", "마전동"),
        ("28155103", "영종구", "운서동"),
        ("28125108", "제물포구", "중앙동1가"),
        ("28125107", "제물포구", "송림동"),
        ("28275111", "서해구", "청라동"),
        ("28275108", "서해구", "석남동"),
        ("28177105", "미추홀구", "주안동"),
    ],
)
def test_official_codes_of_the_reorganised_districts(code, sigungu, emd):
    region = Region.objects.get(code=code)
    assert (region.sido, region.sigungu, region.emd) == ("인천광역시", sigungu, emd)
    assert region.parent.code == code[:5]


def test_reorganised_dong_keep_their_own_centroids_and_every_row_has_one():
    old_ori = (37.6088, 126.6443)  # not checked by value: each 동 differs from its 구's centre
    ori, majeon = Region.objects.get(code="28290108"), Region.objects.get(code="28290103")
    assert (ori.lat, ori.lon) != (majeon.lat, majeon.lon)
    assert (ori.lat, ori.lon) != (Region.objects.get(code="28290").lat, Region.objects.get(code="28290").lon)
    assert old_ori
    assert not Region.objects.filter(lat__isnull=True).exists()
    assert Region.objects.filter(lat__lt=33).count() == 0


@pytest.mark.parametrize(
    ("code", "sido", "sigungu"),
    [
        ("27720", "대구광역시", "군위군"),
        ("51110", "강원특별자치도", "춘천시"),
        ("52111", "전북특별자치도", "전주시 완산구"),
        ("41192", "경기도", "부천시 원미구"),
        ("41194", "경기도", "부천시 소사구"),
        ("41196", "경기도", "부천시 오정구"),
        ("41273", "경기도", "안산시 단원구"),
    ],
)
def test_other_changes_and_names_as_people_write_them(code, sido, sigungu):
    region = Region.objects.get(code=code)
    assert (region.sido, region.sigungu) == (sido, sigungu)
    assert not Region.objects.filter(code__regex=r"^(42|45|47720)").exists()


def test_names_are_spaced():
    assert Region.objects.get(code="41273").full_name == "경기도 안산시 단원구"
    assert not Region.objects.filter(sigungu__regex=r"시[^ ]+구$").exists()


def test_change_table_lists_old_code_new_code_date_and_reason():
    change = RegionChange.objects.get(old_code="28260119")
    assert (change.new_code, str(change.effective)) == ("28290108", "2026-07-01")
    assert "검단구" in change.reason and change.old_name == "인천광역시 서구 오류동"
    assert RegionChange.objects.get(old_code="28170").new_code == "28177"
    assert RegionChange.objects.filter(effective="2026-07-01", old_code__regex=r"^\d{8}$").count() == 80


def test_old_code_arriving_is_translated_with_a_note():
    region, note = resolve_region_code("2826011900")
    assert region.code == "28290108"
    assert "28260119" in note and "2026-07-01" in note
    assert resolve_region_code("28290108") == (Region.objects.get(code="28290108"), None)
    assert resolve_region_code("99999999") == (None, None)


def test_an_old_code_given_to_an_action_is_stored_as_the_new_one():
    from iljari.accounts.actions import current_consent_texts
    from iljari.demo.world import seed_consent_texts
    from iljari.seekers.actions import do_signup_seeker

    seed_consent_texts()

    seeker = do_signup_seeker(
        username="old_code_seeker",
        password="test-pass-2026!",
        full_name="최검단",
        birth_year=1990,
        region_code="28260113",  # 서구 마전동 before 2026-07-01
        consents={t.purpose: True for t in current_consent_texts()},
    )
    assert seeker.home_region.code == "28290103"


def _migration():
    return importlib.import_module("iljari.taxonomy.migrations.0004_regions_2026")


def test_data_migration_moves_holders_of_old_codes_to_current_ones():
    """A database loaded before 2026-07-01: regions under old codes, people recorded there."""
    incheon = Region.objects.get(code="28")
    old_seo = Region.objects.create(
        code="28260", level=2, sido="인천광역시", sigungu="서구", lat=37.55, lon=126.66, parent=incheon
    )
    old_ori = Region.objects.create(
        code="28260119",
        level=3,
        sido="인천광역시",
        sigungu="서구",
        emd="오류동",
        lat=37.60,
        lon=126.63,
        parent=old_seo,
    )
    old_nam = Region.objects.create(
        code="28170", level=2, sido="인천광역시", sigungu="남구", lat=37.45, lon=126.67, parent=incheon
    )
    old_juan = Region.objects.create(
        code="28170106",
        level=3,
        sido="인천광역시",
        sigungu="남구",
        emd="주안동",
        lat=37.46,
        lon=126.68,
        parent=old_nam,
    )
    in_geomdan = f.SeekerFactory(home_region=old_ori)
    in_namgu = f.SeekerFactory(home_region=old_juan)
    in_namgu.desired_regions.add(old_nam, old_seo)
    employer = f.EmployerFactory(region=old_juan)
    vacancy = f.VacancyFactory(employer=employer, work_region=old_ori)

    _migration().forwards(apps, None)

    in_geomdan.refresh_from_db()
    in_namgu.refresh_from_db()
    employer.refresh_from_db()
    vacancy.refresh_from_db()
    assert (in_geomdan.home_region.code, in_geomdan.home_region.sigungu) == ("28290108", "검단구")
    assert (in_namgu.home_region.code, in_namgu.home_region.sigungu) == ("28177105", "미추홀구")
    assert sorted(r.code for r in in_namgu.desired_regions.all()) == ["28177", "28275"]
    assert employer.region.code == "28177105"
    assert vacancy.work_region.code == "28290108"
    assert not Region.objects.filter(code__in=["28260", "28260119", "28170", "28170106"]).exists()


def test_data_migration_does_nothing_on_a_fresh_database():
    Region.objects.all().delete()
    _migration().forwards(apps, None)
    assert not Region.objects.exists()


def test_region_api_finds_the_new_gu_and_translates_an_old_code(client):
    found = client.get("/api/taxonomy/regions", {"q": "검단구", "level": 2}).json()
    assert [(r["code"], r["name"]) for r in found] == [("28290", "인천광역시 검단구")]
    assert client.get("/api/taxonomy/regions", {"q": "인천 남구"}).json() == []
    old = client.get("/api/taxonomy/regions", {"q": "28260119"}).json()
    assert old[0]["code"] == "28290108" and "2026-07-01" in old[0]["note"]
    assert client.get("/api/taxonomy/regions", {"q": "28290108"}).json()[0]["note"] is None


def test_the_signup_page_offers_the_new_gu_and_not_the_old_ones(client):
    from django.urls import reverse

    html = client.get(reverse("seekers:signup")).content.decode()
    for gu in ("검단구", "영종구", "제물포구", "서해구", "미추홀구"):
        assert f">인천광역시 {gu}</option>" in html, gu
    for old in ("남구", "서구", "중구", "동구"):
        assert f">인천광역시 {old}</option>" not in html, old
    assert ">경기도 부천시 원미구</option>" in html and ">대구광역시 군위군</option>" in html
