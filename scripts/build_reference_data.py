"""Rebuild the reference data shipped in src/iljari/taxonomy/data/ from the public source files.

Developers only (never at run or test time):

    python scripts/build_reference_data.py /path/to/public-data

``/path/to/public-data`` is the folder of public classifications the project was given
(occupations/, industries/, regions/, qualifications/ — see src/iljari/taxonomy/data/README.md
for what each file is and where it comes from). The script writes compact gzip CSV files
with only the columns the loader reads, brings the 2023-09 region files up to
2026-07-01 (see REGION_CHANGES below and the README's sources), and writes the change
table ``region_changes.csv`` and the curated ``licence_occupations.csv``; the matching engine's
gazetteer (``src/jobmatch/data/regions.csv.gz``, ``region_renames.csv``) is written from the same
region rows.
"""

import csv
import gzip
import io
import re
import sys
from collections import defaultdict
from pathlib import Path

from reference_io import rows
from reference_qualifications import licence_occupations, qualifications
from reference_regions import engine_regions, regions

from jobmatch.titles.data import same_occupation_names

OUT = Path(__file__).resolve().parents[1] / "src" / "iljari" / "taxonomy" / "data"
ENGINE_OUT = Path(__file__).resolve().parents[1] / "src" / "jobmatch" / "data"


def write(name: str, header: list[str], records: list[dict], out: Path = OUT) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    for rec in records:
        writer.writerow({k: rec.get(k, "") for k in header})
    data = buffer.getvalue().encode("utf-8")
    path = out / name
    if name.endswith(".gz"):
        # mtime=0: the same input gives byte-identical files (clean diffs)
        with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
            gz.write(data)
    else:
        path.write_bytes(data)
    print(f"{name}: {len(records):,} rows")


# --- occupations, industries, job dictionary ------------------------------------------------------


def occupations(src: Path) -> list[dict]:
    """The KECO 2025 and KSCO trees, with the KECO-2018 세분류 of the job dictionary: every title,
    job and suggestion the site files carries a 2018 code, so a 4-digit code the dictionary uses
    means what the dictionary says. About 50 of them were renumbered in 2025 (2018's 6244 하역·적재
    종사원 is 2025's 선박 승무원, 2018's 6151 상점 판매원 2025's 소규모 상점 경영): those rows keep
    the dictionary's name (``same_occupation_names``, the rule the title normaliser uses), and the
    codes the 2025 tree lacks are added."""
    dictionary = {row["code"]: row["name"] for row in rows(src / "occupations" / "keco2018_codes.csv")}
    keco = list(rows(src / "occupations" / "keco_tree.csv"))
    tree = {row["code"]: row["name"] for row in keco if row["level"] == "4"}
    same = same_occupation_names(tree, dictionary)
    renamed = {code: name for code, name in dictionary.items() if code in tree and code not in same}
    out = [{**row, "name": renamed.get(row["code"], row["name"]), "scheme": "keco"} for row in keco]
    out += [{**row, "scheme": "ksco"} for row in rows(src / "occupations" / "ksco_tree.csv")]
    # KECO-2018 세분류 codes used by the job dictionary that the KECO 2025 tree lacks
    in_tree = {row["code"] for row in keco}
    out += [
        {"scheme": "keco", "code": code, "name": name, "level": 4, "parent": code[:3]}
        for code, name in dictionary.items()
        if code not in in_tree
    ]
    return out


def bracket_name(text: str) -> str:
    return re.sub(r"^\[[^\]]*\]", "", text or "").strip()


def job_dictionary(src: Path) -> list[dict]:
    return [
        {
            "djob_code": row["dJobCd"],
            "name": row["dJobNm"],
            "summary": row["workSum"],
            "duties": row["doWork"],
            "keco_code": row["dJobECd"],
            "keco_name": bracket_name(row["dJobECdNm"]),
            "ksco_code": row["dJobJCd"],
            "ksic_code": row["dJobICd"],
            "similar_names": row["similarNm"],
            "qualifications": row["certLic"],
            "education": row["eduLevel"],
            "skill_years": row["skillYear"],
            "work_strength": row["workStrong"],
        }
        for row in rows(src / "occupations" / "job_dictionary.csv")
    ]


def job_titles(src: Path) -> list[dict]:
    return [
        {
            "title": row["title"],
            "kind": row["kind"],
            "canonical_job": row["canonical_job"],
            "djob_code": row["djob_cd"],
            "keco_code": row["keco2018_cd"],
            "keco_name": row["keco2018_nm"],
        }
        for row in rows(src / "occupations" / "job_title_index.csv")
    ]


def main(src: Path) -> None:
    occ = occupations(src)
    write("occupations.csv.gz", ["scheme", "code", "name", "level", "parent"], occ)
    write(
        "industries.csv.gz",
        ["code", "name", "level", "parent"],
        list(rows(src / "industries" / "ksic_tree.csv")),
    )
    region_rows, changes = regions(src)
    write("regions.csv.gz", ["code", "level", "sido", "sigungu", "emd", "lat", "lon"], region_rows)
    write(
        "region_changes.csv", ["old_code", "old_name", "new_code", "new_name", "effective", "reason"], changes
    )
    places, renames = engine_regions(region_rows, changes)
    write("regions.csv.gz", ["sido", "sigungu", "emd", "lat", "lon"], places, ENGINE_OUT)
    write("region_renames.csv", list(renames[0]), renames, ENGINE_OUT)
    quals, top = qualifications(src)
    header = ["code", "name", "grade", "field", "field_source", "root_industry", "source"]
    write("qualifications.csv.gz", header, quals)
    names = {(r["scheme"], r["code"]): r["name"] for r in occ}
    links = licence_occupations(quals, top, names)
    write("licence_occupations.csv", ["qualification", "scheme", "code", "occupation", "basis"], links)
    descriptions = job_dictionary(src)
    write("job_dictionary.csv.gz", list(descriptions[0]), descriptions)
    header = ["title", "kind", "canonical_job", "djob_code", "keco_code", "keco_name"]
    write("job_titles.csv.gz", header, job_titles(src))
    counts = defaultdict(int)
    for r in region_rows:
        counts[r["level"]] += 1
    print("regions by level:", dict(counts))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]))
