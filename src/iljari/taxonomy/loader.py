"""Import reference data into the database: idempotent upserts, parents linked afterwards.

``load_reference_data()`` loads the data shipped in ``taxonomy/data/`` (or ``source``, any
object with the same reader methods) and returns counts per table: rows created, updated, total.
Regions are brought to the current set: whatever held an old code is moved to its successor
(see ``regions.sync_regions``).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction

from jobmatch.complexes import industrial_complexes

from .models import (
    IndustrialComplex,
    Industry,
    JobDescription,
    JobTitle,
    Occupation,
    Qualification,
    Region,
    RegionChange,
)
from .regions import sync_regions
from .sources import ShippedSource


@dataclass
class LoadReport:
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, table: str, created: int, updated: int, total: int) -> None:
        self.counts[table] = {"created": created, "updated": updated, "total": total}

    def lines(self) -> list[str]:
        return [
            f"{table}: {c['total']:,} rows ({c['created']:,} new, {c['updated']:,} updated)"
            + (
                f"; {c['moved']:,} holders moved to current codes, {c['removed']:,} old rows removed"
                if "moved" in c
                else ""
            )
            for table, c in self.counts.items()
        ]


def _upsert(model, records: Iterable[dict], key: str | tuple[str, ...], fields: list[str]) -> tuple[int, int]:
    """Create missing rows and update changed ones, matched on ``key``; returns (created, updated)."""
    keys = (key,) if isinstance(key, str) else key
    existing = {tuple(getattr(o, k) for k in keys): o for o in model.objects.all()}
    new, changed, seen = [], [], set()
    for rec in records:
        ident = tuple(rec[k] for k in keys)
        if ident in seen:
            continue
        seen.add(ident)
        obj = existing.get(ident)
        if obj is None:
            new.append(model(**{k: rec[k] for k in (*keys, *fields)}))
        elif any(getattr(obj, f) != rec[f] for f in fields):
            for f in fields:
                setattr(obj, f, rec[f])
            changed.append(obj)
    model.objects.bulk_create(new, batch_size=2000)
    if changed:
        model.objects.bulk_update(changed, fields, batch_size=2000)
    return len(new), len(changed)


def _link_parents(model, parent_of: dict, key: str = "code", scope: dict | None = None) -> None:
    """Set ``parent`` from a {code: parent_code} map (one query per changed row batch)."""
    rows = model.objects.filter(**(scope or {}))
    by_code = {getattr(o, key): o for o in rows}
    changed = []
    for code, obj in by_code.items():
        parent = by_code.get(parent_of.get(code) or "")
        if obj.parent_id != (parent.pk if parent else None):
            obj.parent = parent
            changed.append(obj)
    if changed:
        model.objects.bulk_update(changed, ["parent"], batch_size=2000)


def _load_occupations(source, report: LoadReport) -> None:
    records: list[dict] = []
    parents: dict[str, dict[str, str | None]] = {"keco": {}, "ksco": {}}
    known = set()
    for rec in source.occupations():
        ident = (rec["scheme"], rec["code"])
        if rec.get("only_if_missing") and ident in known:
            continue
        known.add(ident)
        records.append(rec)
        parents[rec["scheme"]][rec["code"]] = rec["parent"]
    created, updated = _upsert(Occupation, records, ("scheme", "code"), ["name", "level"])
    for scheme, parent_of in parents.items():
        _link_parents(Occupation, parent_of, scope={"scheme": scheme})
    report.add("occupations", created, updated, len(records))


def _load_industries(source, report: LoadReport) -> None:
    records = list(source.industries())
    created, updated = _upsert(Industry, records, "code", ["name", "level"])
    _link_parents(Industry, {r["code"]: r["parent"] for r in records})
    report.add("industries", created, updated, len(records))


def prefix_fields() -> list[tuple]:
    """Fields that keep region code prefixes as text: (model, field name, is a list)."""
    out = []
    for label, name, many in (
        ("programs.AttributionRule", "region_prefix", False),
        ("support.SupportService", "region_prefixes", True),
    ):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if any(f.name == name for f in model._meta.get_fields()):
            out.append((model, name, many))
    return out


def _load_regions(source, report: LoadReport) -> None:
    records = list(source.regions())
    stats = sync_regions(
        region_model=Region,
        change_model=RegionChange,
        regions=records,
        changes=list(source.region_changes()),
        all_models=apps.get_models(),
        prefix_fields=prefix_fields(),
    )
    report.add("regions", stats["created"], stats["updated"], len(records))
    if stats["moved"] or stats["removed"]:
        report.counts["regions"].update(moved=stats["moved"], removed=stats["removed"])


def _load_qualifications(source, report: LoadReport) -> None:
    records = list(source.qualifications())
    created, updated = _upsert(Qualification, records, "name", ["code", "grade", "field", "root_industry"])
    occupation_pk = {(o.scheme, o.code): o.pk for o in Occupation.objects.only("scheme", "code")}
    quals = dict(Qualification.objects.values_list("name", "pk"))
    through = Qualification.occupations.through
    wanted = set()
    for link in source.licence_occupations():
        qual, occ = quals.get(link["qualification"]), occupation_pk.get((link["scheme"], link["code"]))
        if qual and occ:
            wanted.add((qual, occ))
    have = set(through.objects.values_list("qualification_id", "occupation_id"))
    for qual, occ in have - wanted:
        through.objects.filter(qualification_id=qual, occupation_id=occ).delete()
    through.objects.bulk_create(
        [through(qualification_id=q, occupation_id=o) for q, o in wanted - have], batch_size=2000
    )
    report.add("qualifications", created, updated, len(records))


def _load_job_dictionary(source, report: LoadReport) -> None:
    descriptions = list(source.job_descriptions())
    fields = [f for f in descriptions[0] if f != "djob_code"] if descriptions else []
    created, updated = _upsert(JobDescription, descriptions, "djob_code", fields)
    report.add("job_descriptions", created, updated, len(descriptions))
    titles = list(source.job_titles())
    created, updated = _upsert(
        JobTitle, titles, ("title", "kind", "djob_code"), ["canonical_job", "keco_code", "keco_name"]
    )
    report.add("job_titles", created, updated, len(titles))


def _load_industrial_complexes(report: LoadReport) -> None:
    complexes = industrial_complexes()  # the engine's rows: one list of complexes for both
    regions = {r.code: r for r in Region.objects.filter(code__in=[c.region_code for c in complexes])}
    records = [
        {"name": c.name, "region": regions.get(c.region_code), "lat": c.lat, "lon": c.lon} for c in complexes
    ]
    created, updated = _upsert(IndustrialComplex, records, "name", ["region", "lat", "lon"])
    report.add("industrial_complexes", created, updated, len(records))


@transaction.atomic
def load_reference_data(source=None, progress=None) -> LoadReport:
    """Load every reference table; ``progress(step, done, total)`` (optional) hears of each."""
    source = source or ShippedSource()
    report = LoadReport()
    steps = [
        ("occupations", lambda: _load_occupations(source, report)),
        ("industries", lambda: _load_industries(source, report)),
        ("regions", lambda: _load_regions(source, report)),
        ("qualifications", lambda: _load_qualifications(source, report)),
        ("job dictionary", lambda: _load_job_dictionary(source, report)),
        ("industrial complexes", lambda: _load_industrial_complexes(report)),
    ]
    for i, (name, load) in enumerate(steps):
        if progress is not None:
            progress(name, i, len(steps))
        load()
    if progress is not None:
        progress("done", len(steps), len(steps))
    return report
