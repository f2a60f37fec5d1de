"""Qualifications for the reference data: names cleaned and graded, field words, and the licence →
occupation links (curated by hand for the root industries and common licences, else the job
dictionary's top occupation). A step of ``build_reference_data.py``."""

import re
from pathlib import Path

from reference_io import rows

GRADE_SUFFIXES = ("기능장", "기술사", "산업기사", "기능사", "기사")

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
