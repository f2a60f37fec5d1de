"""Bring stored regions to the current set (2026-07-01) and move everything that held an old
code: 인천 남구 → 미추홀구, 중구·동구·서구 → 제물포구·영종구·서해구·검단구, 부천시 구, 군위군,
강원·전북특별자치도 (see taxonomy/data/region_changes.csv).

A fresh database has no regions yet: nothing to do (``iljari load-reference-data`` loads the
current set). A database loaded before this change gets the current regions and the change
table here, and its seekers, employers, vacancies, organisations, industrial complexes,
desired regions and region-prefix rules are moved to the successor codes.
"""

from django.db import migrations

PREFIX_FIELDS = (
    ("programs", "AttributionRule", "region_prefix", False),
    ("support", "SupportService", "region_prefixes", True),
)


def forwards(apps, schema_editor):
    # here, not at the top: a migration module is loaded with every other (no app code at import)
    from iljari.taxonomy.regions import sync_regions
    from iljari.taxonomy.sources import ShippedSource

    Region = apps.get_model("taxonomy", "Region")
    if not Region.objects.exists():
        return
    source = ShippedSource()
    prefix_fields = []
    for app_label, model_name, field, many in PREFIX_FIELDS:
        try:
            prefix_fields.append((apps.get_model(app_label, model_name), field, many))
        except LookupError:
            continue
    sync_regions(
        region_model=Region,
        change_model=apps.get_model("taxonomy", "RegionChange"),
        regions=list(source.regions()),
        changes=list(source.region_changes()),
        all_models=apps.get_models(),
        prefix_fields=prefix_fields,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("taxonomy", "0003_region_change"),
        ("seekers", "0002_notificationpreference"),
        ("employers", "0002_invitation_referralrequest"),
        ("vacancies", "0003_search_index_log"),
        ("programs", "0002_results_change"),
        ("support", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
