"""What the title normaliser is built from: the 한국직업사전 CSVs, the database (through the caller),
or the small built-in root-industry subset; held-out names are removed here (``exclude_names``)."""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..text import normalise


@dataclass
class OccupationData:
    """What the normaliser is built from, per 4-digit code."""

    names: dict[str, list[tuple[str, float]]] = field(default_factory=dict)  # code → [(name, weight)]
    label: dict[str, str] = field(default_factory=dict)  # code → KECO name
    duties: dict[str, list[str]] = field(default_factory=dict)  # code → texts
    quals: dict[str, list[str]] = field(default_factory=dict)  # code → qualification names
    summaries: dict[str, list[str]] = field(default_factory=dict)  # code → one-line summaries
    jobs: list[tuple[str, str, str]] = field(default_factory=list)  # (code, name + summary, full text)

    def add_name(self, code: str, name: str, w: float) -> None:
        name = name.strip()
        if name:
            self.names.setdefault(code, []).append((name, w))


BUILTIN_SUBSET = Path(__file__).resolve().parent.parent / "data" / "root_occupations.csv"


def load_builtin() -> OccupationData:
    """The small hand-written root-industry subset shipped with the package."""
    d = OccupationData()
    with open(BUILTIN_SUBSET, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = row["code"]
            d.label[code] = row["name"]
            d.add_name(code, row["name"], 1.0)
            for a in filter(None, (x.strip() for x in row["aliases"].split(";"))):
                d.add_name(code, a, 1.0)
            d.duties.setdefault(code, []).append(row["duties"])
            d.summaries.setdefault(code, []).append(row["duties"])
            d.jobs.append(
                (
                    code,
                    f"{row['name']} {row['duties']}",
                    " ".join([row["name"], row["aliases"].replace(";", " "), row["duties"]]),
                )
            )
            d.quals.setdefault(code, []).extend(x for x in row["quals"].split(";") if x)
    return d


def _squash(name: str) -> str:
    """A name's comparison key for held-out exclusion: normalised, without spaces or punctuation."""
    return re.sub(r"[\s\-_/.,()\[\]]+", "", normalise(name))


def _trie_pattern(words: set[str]) -> str:
    """One regular expression matching any of ``words`` (longest first), spaces allowed between
    characters; built as a prefix tree so that thousands of names scan a text in one pass."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + r"\s*" + emit(child) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            alts.append("")  # the word may end here (tried last: longer matches win)
        if not alts:
            return ""
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(trie)


def load_dictionary(data_dir: str | os.PathLike, exclude_names: set[str] | None = None) -> OccupationData:
    """Read ``occupations/job_dictionary.csv`` and ``job_title_index.csv`` under ``data_dir`` (and the
    code names of ``keco2018_codes.csv`` when present).

    ``exclude_names`` are held out completely (honest evaluation, benchmark worlds): left out as
    names of every kind (titles, alternate and related names, code labels) compared without spaces
    and punctuation (so '모터그레이더 조종사' is out with '모터그레이더조종사'), and masked in the duty
    texts and summaries the model reads.
    """
    ex = {_squash(n) for n in exclude_names or ()} - {""}
    mask = re.compile(_trie_pattern(ex)) if ex else None

    def keep(name: str) -> bool:
        return _squash(name) not in ex

    def clean(text: str) -> str:
        return mask.sub(" ", normalise(text)) if mask is not None and text else text

    occ = Path(data_dir) / "occupations"
    d = OccupationData()
    with open(occ / "job_dictionary.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = row["dJobECd"].strip()
            if not re.fullmatch(r"\d{4}", code):
                continue
            label = re.sub(r"^\[\d+\]", "", row["dJobECdNm"]).strip()
            d.label.setdefault(code, label)
            if keep(row["dJobNm"]):
                d.add_name(code, row["dJobNm"], 1.0)
            for s in row["similarNm"].split(","):
                if s.strip() and keep(s):
                    d.add_name(code, s, 1.0)
            work_sum, do_work = clean(row["workSum"]), clean(row["doWork"])
            d.duties.setdefault(code, []).append(" ".join([work_sum, do_work]))
            sims = " ".join(x for x in row["similarNm"].split(",") if x.strip() and keep(x))
            head = row["dJobNm"] if keep(row["dJobNm"]) else ""
            d.jobs.append((code, f"{head} {work_sum}", " ".join([head, sims, work_sum, do_work])))
            if work_sum.strip():
                d.summaries.setdefault(code, []).append(work_sum)
            d.quals.setdefault(code, []).extend(c.strip() for c in row["certLic"].split(",") if c.strip())
    with open(occ / "job_title_index.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = row["keco2018_cd"].strip()
            if not re.fullmatch(r"\d{4}", code) or not keep(row["title"]):
                continue
            d.label.setdefault(code, row["keco2018_nm"])
            w = {"title": 1.0, "similar": 1.0, "related": 0.8}.get(row["kind"], 0.8)
            d.add_name(code, row["title"], w)
    # the code names of keco2018_codes.csv (the KECO tree's wording, e.g. '스포츠 및 레크리에이션
    # 강사' beside the dictionary's label) are names of the code too, weighted like the label
    codes_file = occ / "keco2018_codes.csv"
    if codes_file.exists():
        with open(codes_file, encoding="utf-8") as f:
            tree = {r["code"].strip(): (r.get("name") or "").strip() for r in csv.DictReader(f)}
        for code, name in same_occupation_names(tree, d.label).items():
            if keep(name):
                d.add_name(code, name, 0.9)
    d = finalise(d)
    if ex:  # a code label equal to a held-out name is not a name of the model either
        d.names = {code: [(n, w) for n, w in names if keep(n)] for code, names in d.names.items()}
    return d


def same_occupation_names(tree: dict[str, str], label: dict[str, str]) -> dict[str, str]:
    """The names of ``tree`` (code → the KECO tree's name) that name the occupation ``label`` gives
    the same code. The tree is KECO 2025, the job dictionary's codes KECO 2018: about 50 codes were
    renumbered (2018's 6157 주유원 is 2025's 6157 방문 판매원, 2018's 6156 방문 판매원), so a tree name
    is kept only when it is close to its own code's label (character n-gram cosine ≥ 0.3) and not
    clearly closer (by more than 0.1) to another code's label."""
    from ..text import char_ngrams
    from .features import _Vectoriser

    codes = sorted(c for c in label if tree.get(c))
    if not codes:
        return {}
    everyone = sorted(label)
    v = _Vectoriser([char_ngrams(label[c]) for c in everyone])
    sim = (
        v.transform([char_ngrams(tree[c]) for c in codes])
        @ v.transform([char_ngrams(label[c]) for c in everyone]).T
    ).toarray()
    at = {c: i for i, c in enumerate(everyone)}
    out = {}
    for r, c in enumerate(codes):
        own = sim[r, at[c]]
        if own >= 0.3 and own >= sim[r].max() - 0.1:
            out[c] = tree[c]
    return out


def finalise(d: OccupationData) -> OccupationData:
    """Add every code's label as a name and de-duplicate names per code (keeping the highest weight)."""
    for code in d.label:
        d.add_name(code, d.label[code], 0.9)
    for code, lst in d.names.items():
        best: dict[str, float] = {}
        for n, w in lst:
            k = normalise(n)
            best[k] = max(best.get(k, 0.0), w)
        d.names[code] = sorted(best.items())
    return d
