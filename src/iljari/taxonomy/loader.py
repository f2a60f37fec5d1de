"""Import reference data into the database: idempotent upserts, parents linked afterwards.

``load_reference_data(source)`` returns counts per table: rows created, updated and total.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from .models import (
    IndustrialComplex,
    Industry,
    JobDescription,
    JobTitle,
    Occupation,
    Qualification,
    Region,
)

# Approximate centres of the industrial complexes (산업단지) where most root-industry
# factories of Incheon and western Gyeonggi stand, with the 법정동 they lie in.
INDUSTRIAL_COMPLEXES = [
    ("남동국가산업단지", "28200111", 37.4010, 126.6990),
    ("부평국가산업단지", "28237104", 37.5115, 126.7080),
    ("주안국가산업단지", "28260112", 37.4825, 126.6745),
    ("인천서부산업단지", "28260104", 37.5360, 126.6400),
    ("검단일반산업단지", "28260119", 37.5960, 126.6300),
    ("반월국가산업단지", "41273", 37.3070, 126.7720),
    ("시화국가산업단지", "41390", 37.3430, 126.7350),
]


@dataclass
class LoadReport:
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, table: str, created: int, updated: int, total: int) -> None:
        self.counts[table] = {"created": created, "updated": updated, "total": total}

    def lines(self) -> list[str]:
        return [
            f"{table}: {c['total']:,} rows ({c['created']:,} new, {c['updated']:,} updated)"
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


def region_parent_code(code: str) -> str | None:
    if len(code) == 8:
        return code[:5]
    if len(code) == 5:
        return code[:2]
    return None


def _load_regions(source, report: LoadReport) -> None:
    records = list(source.regions())
    created, updated = _upsert(Region, records, "code", ["level", "sido", "sigungu", "emd", "lat", "lon"])
    _link_parents(Region, {r["code"]: region_parent_code(r["code"]) for r in records})
    report.add("regions", created, updated, len(records))


def _load_qualifications(source, report: LoadReport) -> None:
    records: list[dict] = []
    occupation_codes: dict[str, set[str]] = {}
    for rec in source.qualifications():
        if rec["name"] in occupation_codes:
            occupation_codes[rec["name"]].update(rec["occupation_codes"])
            continue
        occupation_codes[rec["name"]] = set(rec["occupation_codes"])
        records.append(rec)
    created, updated = _upsert(Qualification, records, "name", ["code", "grade", "field", "root_industry"])
    keco = dict(Occupation.objects.filter(scheme="keco").values_list("code", "pk"))
    through = Qualification.occupations.through
    wanted = set()
    for qual_id, name in Qualification.objects.values_list("pk", "name"):
        for code in occupation_codes.get(name, ()):
            if code in keco:
                wanted.add((qual_id, keco[code]))
    have = set(through.objects.values_list("qualification_id", "occupation_id"))
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
    regions = {r.code: r for r in Region.objects.filter(code__in=[c[1] for c in INDUSTRIAL_COMPLEXES])}
    records = [
        {"name": name, "region": regions.get(code), "lat": lat, "lon": lon}
        for name, code, lat, lon in INDUSTRIAL_COMPLEXES
    ]
    created, updated = _upsert(IndustrialComplex, records, "name", ["region", "lat", "lon"])
    report.add("industrial_complexes", created, updated, len(records))


@transaction.atomic
def load_reference_data(source) -> LoadReport:
    report = LoadReport()
    _load_occupations(source, report)
    _load_industries(source, report)
    _load_regions(source, report)
    _load_qualifications(source, report)
    _load_job_dictionary(source, report)
    _load_industrial_complexes(report)
    return report
