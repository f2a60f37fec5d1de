"""Write the small built-in reference subset (src/iljari/taxonomy/data/) from the public data.

Run once by a maintainer when the public data changes:
    .venv/bin/python scripts/make_builtin_subset.py ../shared/data
The subset keeps the demo working without ../shared/data: root-industry occupations
(KECO 81–82 and their ancestors), manufacturing industries relevant to root industries,
Incheon and Gyeonggi regions (all 시군구, 읍면동 of Incheon's industrial districts),
root-industry qualifications, and a few job-dictionary entries per root-industry occupation
with shortened duty texts.
"""

import csv
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from iljari.taxonomy.sources import BUILTIN_DIR, PublicDataSource  # noqa: E402

ROOT_KECO_PREFIXES = ("81", "82")
KSIC_PREFIXES = ("C", "C24", "C25", "C29", "C22", "C30")
INDUSTRIAL_SIGUNGU = ("28200", "28237", "28260", "28170", "28245")
PER_OCCUPATION = 3
PER_ROOT_OCCUPATION = 10
ROOT_CODES = {
    "8131",
    "8132",
    "8150",
    "8211",
    "8212",
    "8221",
    "8222",
    "8223",
    "8224",
    "8231",
    "8232",
    "8233",
    "8234",
    "8241",
    "8242",
    "8251",
    "8252",
}
ROOT_WORDS = (
    "열처리",
    "용접",
    "금형",
    "주조",
    "주물",
    "도금",
    "단조",
    "프레스",
    "사출",
    "다이캐스팅",
    "연마",
    "사상",
    "도장",
    "판금",
    "제관",
    "절삭",
    "선반",
    "밀링",
    "CNC",
)
DUTIES_CHARS = 240


def write(name: str, rows: list[dict]) -> None:
    with (BUILTIN_DIR / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"{name}: {len(rows)} rows")


def main(root: str) -> None:
    src = PublicDataSource(Path(root))
    occupations = [o for o in src.occupations() if o["scheme"] == "keco" and not o.get("only_if_missing")]
    keep = {o["code"] for o in occupations if o["code"].startswith(ROOT_KECO_PREFIXES) or o["level"] == 1}
    keep |= {o["code"] for o in occupations if o["code"] in ("8",)}
    write(
        "occupations.csv",
        [
            {
                "scheme": "keco",
                "code": o["code"],
                "name": o["name"],
                "level": o["level"],
                "parent": o["parent"] or "",
            }
            for o in occupations
            if o["code"] in keep
        ],
    )
    industries = list(src.industries())
    by_code = {i["code"]: i for i in industries}

    def ksic_keep(code: str) -> bool:
        node = by_code[code]
        while node:
            if node["code"] in ("24", "25", "29", "22", "30"):
                return True
            node = by_code.get(node["parent"] or "")
        return code == "C"

    write(
        "industries.csv",
        [
            {"code": i["code"], "name": i["name"], "level": i["level"], "parent": i["parent"] or ""}
            for i in industries
            if ksic_keep(i["code"])
        ],
    )
    regions = [
        r
        for r in src.regions()
        if (r["level"] == 1 and r["code"] in ("11", "28", "41"))
        or (r["level"] == 2 and r["code"][:2] in ("28", "41"))
        or (r["level"] == 3 and r["code"][:5] in INDUSTRIAL_SIGUNGU)
    ]
    write(
        "regions.csv",
        [{k: r[k] for k in ("code", "level", "sido", "sigungu", "emd", "lat", "lon")} for r in regions],
    )
    quals = [
        q
        for q in src.qualifications()
        if q["root_industry"] or any(c.startswith(ROOT_KECO_PREFIXES) for c in q["occupation_codes"])
    ]
    seen, qual_rows = set(), []
    for q in quals:
        if q["name"] in seen:
            continue
        seen.add(q["name"])
        qual_rows.append(
            {
                "code": q["code"] or "",
                "name": q["name"],
                "grade": q["grade"],
                "field": q["field"],
                "root_industry": q["root_industry"],
                "occupation_codes": " ".join(c for c in q["occupation_codes"] if c in keep),
            }
        )
    write("qualifications.csv", qual_rows)
    per_code = defaultdict(int)
    descriptions = []
    candidates = [d for d in src.job_descriptions() if d["keco_code"].startswith(ROOT_KECO_PREFIXES)]
    candidates.sort(key=lambda d: (not any(w in d["name"] for w in ROOT_WORDS), d["djob_code"]))
    for d in candidates:
        limit = PER_ROOT_OCCUPATION if d["keco_code"] in ROOT_CODES else PER_OCCUPATION
        if per_code[d["keco_code"]] < limit:
            per_code[d["keco_code"]] += 1
            descriptions.append(
                {**d, "duties": d["duties"][:DUTIES_CHARS], "summary": d["summary"][:DUTIES_CHARS]}
            )
    write("job_descriptions.csv", descriptions)
    djobs = {d["djob_code"] for d in descriptions}
    write("job_titles.csv", [t for t in src.job_titles() if t["djob_code"] in djobs])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
