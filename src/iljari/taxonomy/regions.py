"""Regions over time: bring the stored regions to the shipped current set and move what held
an old code, and translate an old code (or an old name) that arrives by import or API.

``sync_regions`` takes its model classes as arguments so the data migration can call it with the
historical models (``apps.get_model``) and the loader with the real ones.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


def region_parent_code(code: str) -> str | None:
    if len(code) == 8:
        return code[:5]
    if len(code) == 5:
        return code[:2]
    return None


def region_holders(all_models: Iterable, region_model) -> list[tuple]:
    """(model, field) for every foreign key and many-to-many field that points at a region."""
    label = region_model._meta.label_lower
    out = []
    for model in all_models:
        for f in model._meta.get_fields():
            if not (f.many_to_one or f.many_to_many) or f.auto_created or not f.concrete:
                continue
            if f.related_model is not None and f.related_model._meta.label_lower == label:
                if model._meta.label_lower == label and f.name == "parent":
                    continue
                out.append((model, f))
    return out


def successor_prefixes(prefix: str, changes: dict[str, str]) -> list[str]:
    """A code prefix (e.g. 28260 for the old 서구) → the prefixes now covering its area."""
    if not prefix:
        return []
    found = sorted(
        {
            new[: len(prefix)]
            for old, new in changes.items()
            if old.startswith(prefix) and len(old) >= len(prefix)
        }
    )
    exact = changes.get(prefix)
    if exact and exact[: len(prefix)] not in found:
        found.insert(0, exact[: len(prefix)])
    return found or [prefix]


def sync_regions(
    *,
    region_model,
    change_model,
    regions: list[dict],
    changes: list[dict],
    all_models: Iterable,
    prefix_fields: Iterable[tuple] = (),
) -> dict[str, int]:
    """Upsert the current regions and the change table, move every holder of an old code to its
    successor, then drop old regions nothing holds any more. Returns counts for the report."""
    stats = {"created": 0, "updated": 0, "moved": 0, "removed": 0}
    fields = ["level", "sido", "sigungu", "emd", "lat", "lon"]
    existing = {r.code: r for r in region_model.objects.all()}
    new, changed = [], []
    for rec in regions:
        obj = existing.get(rec["code"])
        if obj is None:
            new.append(region_model(code=rec["code"], **{f: rec[f] for f in fields}))
        elif any(getattr(obj, f) != rec[f] for f in fields):
            for f in fields:
                setattr(obj, f, rec[f])
            changed.append(obj)
    region_model.objects.bulk_create(new, batch_size=2000)
    if changed:
        region_model.objects.bulk_update(changed, fields, batch_size=2000)
    stats["created"], stats["updated"] = len(new), len(changed)

    # the change table
    have = {c.old_code: c for c in change_model.objects.all()}
    change_fields = ["old_name", "new_code", "new_name", "effective", "reason"]
    add, upd = [], []
    for rec in changes:
        values = {**rec, "effective": dt.date.fromisoformat(str(rec["effective"]))}
        obj = have.get(rec["old_code"])
        if obj is None:
            add.append(change_model(old_code=rec["old_code"], **{f: values[f] for f in change_fields}))
        elif any(getattr(obj, f) != values[f] for f in change_fields):
            for f in change_fields:
                setattr(obj, f, values[f])
            upd.append(obj)
    change_model.objects.bulk_create(add, batch_size=2000)
    if upd:
        change_model.objects.bulk_update(upd, change_fields, batch_size=2000)

    # parents
    by_code = {r.code: r for r in region_model.objects.all()}
    relinked = []
    for code, obj in by_code.items():
        parent = by_code.get(region_parent_code(code) or "")
        if obj.parent_id != (parent.pk if parent else None):
            obj.parent = parent
            relinked.append(obj)
    if relinked:
        region_model.objects.bulk_update(relinked, ["parent"], batch_size=2000)

    # move holders of old codes to their successors
    current = {rec["code"] for rec in regions}
    successor = {rec["old_code"]: rec["new_code"] for rec in changes}
    moves = {
        by_code[old].pk: by_code[new].pk
        for old, new in successor.items()
        if old in by_code and new in by_code and old not in current
    }
    for model, f in region_holders(all_models, region_model):
        if f.many_to_many:
            through = f.remote_field.through
            src, dst = f.m2m_field_name(), f.m2m_reverse_field_name()
            for old_pk, new_pk in moves.items():
                for row in through.objects.filter(**{f"{dst}_id": old_pk}):
                    owner = getattr(row, f"{src}_id")
                    if through.objects.filter(**{f"{src}_id": owner, f"{dst}_id": new_pk}).exists():
                        row.delete()
                    else:
                        setattr(row, f"{dst}_id", new_pk)
                        row.save(update_fields=[dst])
                    stats["moved"] += 1
        else:
            for old_pk, new_pk in moves.items():
                stats["moved"] += model._default_manager.filter(**{f"{f.name}_id": old_pk}).update(
                    **{f"{f.name}_id": new_pk}
                )
    # code prefixes kept as text (attribution rules, support-service eligibility)
    for model, name, many in prefix_fields:
        for obj in model._default_manager.all():
            value = getattr(obj, name)
            if many:
                translated = []
                for p in value or []:
                    for q in successor_prefixes(str(p), successor) if str(p) not in current else [str(p)]:
                        if q not in translated:
                            translated.append(q)
                if translated != list(value or []):
                    setattr(obj, name, translated)
                    obj.save(update_fields=[name])
                    stats["moved"] += 1
            elif value and value not in current and any(o.startswith(value) for o in successor):
                setattr(obj, name, successor_prefixes(value, successor)[0])
                obj.save(update_fields=[name])
                stats["moved"] += 1
    # old regions nothing holds any more (children first: a 법정동 before its 시군구)
    stale = sorted((c for c in successor if c in by_code and c not in current), key=len, reverse=True)
    for code in stale:
        obj = by_code[code]
        region_model.objects.filter(parent=obj).update(parent=None)
        try:
            obj.delete()
            stats["removed"] += 1
        except Exception:  # noqa: BLE001 - a holder we do not know about keeps it (PROTECT)
            log.warning("region %s kept: still referenced", code)
    return stats


# --- translating what arrives ---------------------------------------------------------------------


def _note(change) -> str:
    return _(
        "옛 지역 코드 %(old)s(%(old_name)s)는 %(date)s부터 %(new)s(%(new_name)s)입니다: 새 코드로 바꿔 저장했습니다."
    ) % {
        "old": change.old_code,
        "old_name": change.old_name,
        "date": change.effective.isoformat(),
        "new": change.new_code,
        "new_name": change.new_name,
    }


def resolve_region_code(code: str):
    """A region code as given (2/5/8 digits, or the 10-digit 법정동 form) → (current region, note).

    An old code is translated through the change table and the note says so; an unknown code
    gives (None, None)."""
    from .models import Region, RegionChange

    code = (code or "").strip()
    if len(code) == 10 and code.isdigit():
        code = code[:2] if code[2:] == "00000000" else code[:5] if code[5:] == "00000" else code[:8]
    region = Region.objects.filter(code=code).first()
    if region is not None:
        return region, None
    change = RegionChange.objects.filter(old_code=code).first()
    if change is None:
        return None, None
    region = Region.objects.filter(code=change.new_code).first()
    if region is None:
        return None, None
    note = _note(change)
    log.info("region code translated: %s → %s", change.old_code, change.new_code)
    return region, note


def resolve_region_name(sido: str, sigungu: str):
    """An old 시군구 name ('인천광역시', '남구') → (current region, note) through the change table."""
    from .models import Region, RegionChange

    candidates = RegionChange.objects.filter(old_name=f"{sido} {sigungu}".strip(), old_code__regex=r"^\d{5}$")
    change = candidates.order_by("-effective").first()
    if change is None:
        return None, None
    region = Region.objects.filter(code=change.new_code).first()
    return (region, _note(change)) if region is not None else (None, None)


def region_by_code(code: str, field: str = "region_code"):
    """The current region for a code; an old code (인천 남구, 서구 before 2026-07-01 …) is
    translated through the change table and the region carries ``translation_note`` saying so.
    An unknown code is a Korean ValidationError on ``field``."""
    region, note = resolve_region_code(str(code))
    if region is None:
        raise ValidationError(
            {field: _("알 수 없는 지역 코드입니다: %(code)s") % {"code": code}}, code="unknown"
        )
    region.translation_note = note
    return region
