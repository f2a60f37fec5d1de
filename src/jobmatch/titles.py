"""Title normaliser: messy free-text job title → ranked KECO 세분류 (4-digit) occupations.

Model (all sparse TF-IDF, cosine similarity, built from the 한국직업사전 CSVs whose paths the caller
passes; a small built-in root-industry subset is used when no data dir is given):

* ``name``  — character 1–3-grams of every known name (canonical titles, alternate names,
  related names at a lower weight), nearest name per occupation code (max over its names);
* ``stem``  — the same on names with the job-suffix (…원, …공, …사, 작업자, 오퍼레이터 …) removed,
  so that "용접공" meets "용접원";
* ``tok``   — kiwipiepy content tokens of all names of a code (one document per code);
* ``duty``  — kiwipiepy tokens of the duties summary/description and qualifications of a code.

The final score is a weighted blend (weights in ``TitleWeights``; tuned on a *dev* half of the held-out
``similar`` names, reported on the other half: ``bench/titles.py``, outside the package).
"""

from __future__ import annotations

import csv
import hashlib
import math
import os
import pickle
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from .jargon import expansion_terms
from .text import char_ngrams, normalise, tokens_many, with_compound_parts

# --- query cleaning -----------------------------------------------------------------------------

_BRACKETS = re.compile(r"[\(\[\{<【〔（][^\)\]\}>】〕）]*[\)\]\}>】〕）]?")
_NOISE_WORDS = {
    "모집",
    "채용",
    "구인",
    "급구",
    "구함",
    "모십니다",
    "채용합니다",
    "모집합니다",
    "신입",
    "경력",
    "경력자",
    "신입및경력",
    "정규직",
    "계약직",
    "일용직",
    "아르바이트",
    "알바",
    "파트타임",
    "주간",
    "야간",
    "주야",
    "주야간",
    "2교대",
    "3교대",
    "교대",
    "남",
    "여",
    "남녀",
    "무관",
    "우대",
    "가능",
    "및",
    "담당",
    "담당자",
    "직원",
    "사원",
    "인원",
    "명",
    "00명",
    "즉시",
    "출근",
    "상시",
    "외국인",
    "내국인",
    "숙식제공",
    "기숙사",
    "통근버스",
}
_SPLIT = re.compile(r"[,/|·ㆍ&+~\-_:;!?\"'“”‘’…]+")

# Job-name suffixes, longest first.
_SUFFIXES = (
    "오퍼레이터",
    "엔지니어",
    "기술자",
    "작업자",
    "기능공",
    "기능원",
    "조작원",
    "종사원",
    "관리자",
    "종사자",
    "전문가",
    "기사",
    "반장",
    "조장",
    "원",
    "공",
    "사",
    "자",
    "수",
)


def clean_title(title: str | None) -> str:
    """Strip recruiting noise: bracketed notes, '모집/채용', shift words, headcounts."""
    t = normalise(title)
    if not t:
        return ""
    t = _BRACKETS.sub(" ", t)
    t = _SPLIT.sub(" ", t)
    words = []
    for w in t.split():
        w2 = re.sub(r"\d+명$", "", w)
        for suf in ("모집", "채용", "구인", "구함"):
            if w2.endswith(suf) and len(w2) > len(suf):
                w2 = w2[: -len(suf)]
        if not w2 or w2 in _NOISE_WORDS or re.fullmatch(r"\d+", w2):
            continue
        words.append(w2)
    out = " ".join(words)
    return out or t  # never return empty for non-empty input


def query_text(title: str | None, lexicon: bool = True) -> str:
    """The cleaned title plus the standard terms of its shop-floor jargon and loanwords.

    The jargon is looked up in the whole title, bracketed notes included ("테노나(tenoner)").
    ``lexicon=False`` gives the cleaned title alone.
    """
    cleaned = clean_title(title)
    extra = expansion_terms(normalise(title)) if lexicon else []
    return f"{cleaned} {' '.join(extra)}" if extra else cleaned


def stem_title(title: str) -> str:
    """Remove job-name suffixes from every word ("용접공" → "용접", "금형원" → "금형")."""
    out = []
    for w in title.split():
        for suf in _SUFFIXES:
            if w.endswith(suf) and len(w) - len(suf) >= 2:
                w = w[: -len(suf)]
                break
        out.append(w)
    return " ".join(out)


# --- sparse TF-IDF helpers ----------------------------------------------------------------------


class _Vectoriser:
    def __init__(self, docs: list[list[str]], min_df: int = 1, max_df_ratio: float = 1.0):
        df: Counter[str] = Counter()
        for d in docs:
            df.update(set(d))
        n = len(docs)
        vocab = [t for t, c in df.items() if c >= min_df and c <= max_df_ratio * n]
        vocab.sort()
        self.vocab = {t: i for i, t in enumerate(vocab)}
        self.idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in vocab], dtype=np.float32)

    def transform(self, docs: list[list[str]]) -> sp.csr_matrix:
        rows, cols, vals = [], [], []
        for r, d in enumerate(docs):
            c = Counter(t for t in d if t in self.vocab)
            for t, k in c.items():
                j = self.vocab[t]
                rows.append(r)
                cols.append(j)
                vals.append((1.0 + math.log(k)) * self.idf[j])
        m = sp.csr_matrix(
            (np.asarray(vals, dtype=np.float32), (rows, cols)), shape=(len(docs), len(self.vocab))
        )
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1.0 / norms) @ m, dtype=np.float32)


def _per_code_max(sim: np.ndarray, code_of: np.ndarray, n_codes: int) -> np.ndarray:
    """Row-wise maximum of ``sim[:, j]`` over the columns ``j`` of each code (0 for codes without any)."""
    out = np.zeros((sim.shape[0], n_codes), dtype=np.float32)
    if sim.shape[1] == 0:
        return out
    order = np.argsort(code_of, kind="stable")
    sc = code_of[order]
    starts = np.flatnonzero(np.r_[True, sc[1:] != sc[:-1]])
    out[:, sc[starts]] = np.maximum.reduceat(sim[:, order], starts, axis=1)
    return out


def _train_softmax(
    x: sp.csr_matrix, y: np.ndarray, sw: np.ndarray, n_codes: int, epochs: int = 30, lr: float = 0.05
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted multinomial logistic regression, full-batch Adam, float32 (deterministic)."""
    w = np.zeros((x.shape[1], n_codes), dtype=np.float32)
    b = np.zeros(n_codes, dtype=np.float32)
    if x.shape[0] == 0:
        return w, b
    xt = x.T.tocsr()
    onehot = np.zeros((len(y), n_codes), dtype=np.float32)
    onehot[np.arange(len(y)), y] = 1.0
    m1 = np.zeros_like(w)
    m2 = np.zeros_like(w)
    step = np.empty_like(w)
    tot = float(sw.sum())
    for ep in range(1, epochs + 1):
        z = x @ w + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot) * sw[:, None]
        gw = xt @ g
        gw *= np.float32(1.0 / tot)
        gw += np.float32(1e-5) * w
        # Adam, in place (the weight matrix is features × codes: avoid temporaries of that size)
        m1 *= np.float32(0.9)
        m1 += np.float32(0.1) * gw
        np.multiply(gw, gw, out=gw)
        m2 *= np.float32(0.999)
        m2 += np.float32(0.001) * gw
        np.divide(m2, np.float32(1 - 0.999**ep), out=step)
        np.sqrt(step, out=step)
        step += np.float32(1e-8)
        np.divide(m1, step, out=step)
        step *= np.float32(lr / (1 - 0.9**ep))
        w -= step
        b -= 0.5 * g.sum(axis=0) / tot
    return w, b


# --- data loading -------------------------------------------------------------------------------


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


BUILTIN_SUBSET = Path(__file__).with_name("data") / "root_occupations.csv"


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
    """Read ``occupations/job_dictionary.csv`` and ``job_title_index.csv`` under ``data_dir``.

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
    d = finalise(d)
    if ex:  # a code label equal to a held-out name is not a name of the model either
        d.names = {code: [(n, w) for n, w in names if keep(n)] for code, names in d.names.items()}
    return d


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


# --- the model ----------------------------------------------------------------------------------


@dataclass
class TitleWeights:
    # tuned on the dev half of the held-out ``similar`` names (see docs/matching.md)
    name: float = 1.0
    stem: float = 0.3
    tok: float = 0.4
    duty: float = 0.5
    centroid: float = 0.0
    lr: float = 2.5
    jduty: float = 2.0  # best single job's duties (tokens), per code
    jgram: float = 1.2  # best single job's name + summary (character 2–3-grams), per code


@dataclass
class Candidate:
    code: str
    name: str
    score: float

    def as_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "score": round(float(self.score), 4)}


#: logistic calibration of "the first candidate is right" on (bias, top-1 score, top-1 − top-2 margin),
#: fitted on the DEV half of the held-out names by ``scripts/calibrate_title_confidence.py`` (the test
#: half is never read); see docs/matching.md for the reliability table.
CONFIDENCE = (-1.742, 5.127, 7.479)
#: below this calibrated probability the normaliser says "모르겠음" and offers its three candidates
CONFIDENT_AT = 0.5
#: added to the blend score of a code implied by a recognised skill (``skills.IMPLIED_CODE``)
SKILL_PRIOR = 0.08
UNSURE = "모르겠음"
#: the confidence ceiling when a recognised skill implies another 소분류 than the first candidate
DISAGREE_CONFIDENCE = 0.3


def confidence(s1: float, s2: float) -> float:
    b, a1, a2 = CONFIDENCE
    z = b + a1 * s1 + a2 * (s1 - s2)
    return float(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))


@dataclass
class Suggestion:
    """The normaliser's answer for one title: up to three candidates and how sure it is."""

    title: str
    candidates: list[Candidate]
    confidence: float  # calibrated probability that ``candidates[0]`` is right

    @property
    def sure(self) -> bool:
        return bool(self.candidates) and self.confidence >= CONFIDENT_AT

    @property
    def code(self) -> str | None:
        """The first candidate's code when sure, else None ("모르겠음": ask the person)."""
        return self.candidates[0].code if self.sure else None

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "code": self.code,
            "confidence": round(self.confidence, 3),
            "sure": self.sure,
            "candidates": [c.as_dict() for c in self.candidates],
        }


class TitleNormaliser:
    """Free text → KECO 4-digit occupation candidates. Build with ``build()`` or ``load_or_build()``."""

    VERSION = 4
    use_lexicon = True  # expand jargon and loanwords in queries (see ``jargon``)

    def __init__(self, data: OccupationData, weights: TitleWeights | None = None):
        self.weights = weights or TitleWeights()
        self.codes = sorted(data.label)
        self.labels = [data.label[c] for c in self.codes]
        cidx = {c: i for i, c in enumerate(self.codes)}
        name_code, name_w, name_txt = [], [], []
        for c in self.codes:
            for n, w in data.names.get(c, []):
                name_code.append(cidx[c])
                name_w.append(w)
                name_txt.append(n)
        self.name_code = np.asarray(name_code, dtype=np.int32)
        self.name_w = np.asarray(name_w, dtype=np.float32)
        self.name_txt = name_txt
        # character n-grams of names and of suffix-stripped names
        grams = [char_ngrams(n) for n in name_txt]
        self.v_name = _Vectoriser(grams)
        self.m_name = self.v_name.transform(grams).T.tocsr()  # feat × names
        sgrams = [char_ngrams(stem_title(n)) for n in name_txt]
        self.v_stem = _Vectoriser(sgrams)
        self.m_stem = self.v_stem.transform(sgrams).T.tocsr()
        # centroid: all names' n-grams per code
        cg: list[list[str]] = [[] for _ in self.codes]
        for g, ci in zip(grams, name_code, strict=True):
            cg[ci].extend(g)
        self.v_cent = _Vectoriser(cg)
        self.m_cent = self.v_cent.transform(cg).T.tocsr()
        # kiwi tokens of names per code, and duties/quals per code
        ntoks = tokens_many(name_txt)
        ct: list[list[str]] = [[] for _ in self.codes]
        for t, ci in zip(ntoks, name_code, strict=True):
            ct[ci].extend(t)
        self.v_tok = _Vectoriser(ct)
        self.m_tok = self.v_tok.transform(ct).T.tocsr()
        # one document per job: tokens of its names + duties (job-level match), and per code their union
        jobs = [j for j in data.jobs if j[0] in cidx]
        self.job_code = np.asarray([cidx[j[0]] for j in jobs], dtype=np.int32)
        jt = tokens_many([j[2] for j in jobs])
        self.v_jduty = _Vectoriser(jt, max_df_ratio=0.3)
        self.m_jduty = self.v_jduty.transform(jt).T.tocsr()
        jg = [char_ngrams(j[1], 2, 3) for j in jobs]
        self.v_jgram = _Vectoriser(jg)
        self.m_jgram = self.v_jgram.transform(jg).T.tocsr()
        qtok = tokens_many([" ".join(data.quals.get(c, [])) for c in self.codes])
        dt = [list(q) for q in qtok]
        for t, ci in zip(jt, self.job_code, strict=True):
            dt[ci].extend(t)
        if not jobs:  # data without job rows: fall back to the per-code duty texts
            dt = tokens_many(
                [" ".join(data.duties.get(c, [])) + " " + " ".join(data.quals.get(c, [])) for c in self.codes]
            )
        # per-code name + duty tokens, kept (not pickled) so a TextEncoder can reuse them
        self.corpus_tokens = [a + b for a, b in zip(ct, dt, strict=True)]
        self.v_duty = _Vectoriser(dt, max_df_ratio=0.5)
        self.m_duty = self.v_duty.transform(dt).T.tocsr()
        # supervised: softmax regression over n-grams + tokens, trained on names (weight 1) and
        # duty summaries (weight 0.3)
        feats = self._lr_feats([clean_title(n) for n in name_txt], [list(t) for t in ntoks])
        y = list(name_code)
        sw = [1.0] * len(feats)
        for c, summaries in data.summaries.items():
            if c not in cidx:
                continue
            for tk in tokens_many(summaries):
                feats.append(["t:" + x for x in tk])
                y.append(cidx[c])
                sw.append(0.3)
        self.v_lr = _Vectoriser(feats, min_df=2)
        self.lr_w, self.lr_b = _train_softmax(
            self.v_lr.transform(feats),
            np.asarray(y),
            np.asarray(sw, dtype=np.float32),
            n_codes=len(self.codes),
        )

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("corpus_tokens", None)
        state.pop("_word_vocab", None)  # derived from the vectorisers on first use
        return state

    @staticmethod
    def _lr_feats(cleaned: list[str], toks: list[list[str]]) -> list[list[str]]:
        return [
            char_ngrams(t) + ["s:" + g for g in char_ngrams(stem_title(t), 2, 3)] + ["t:" + x for x in tk]
            for t, tk in zip(cleaned, toks, strict=True)
        ]

    # -- scoring --
    @property
    def word_vocab(self) -> frozenset[str]:
        """Hangul words (2+ characters) of the duty texts: the pieces unknown query compounds split into."""
        v = self.__dict__.get("_word_vocab")
        if v is None:
            words = set(self.v_duty.vocab) | set(self.v_jduty.vocab)
            v = frozenset(w for w in words if len(w) >= 2 and re.fullmatch(r"[가-힣]+", w))
            self.__dict__["_word_vocab"] = v
        return v

    def _query_tokens(self, cleaned: list[str]) -> list[list[str]]:
        """Kiwi tokens of the queries, plus the known parts of compounds kiwi could not split."""
        known = self.v_duty.vocab
        vocab = self.word_vocab
        return [with_compound_parts(t, vocab, known) for t in tokens_many(cleaned)]

    def _components(self, titles: list[str]) -> dict[str, np.ndarray]:
        cleaned = [query_text(t, self.use_lexicon) for t in titles]
        n_codes = len(self.codes)
        q_name = self.v_name.transform([char_ngrams(t) for t in cleaned])
        q_stem = self.v_stem.transform([char_ngrams(stem_title(t)) for t in cleaned])
        q_cent = self.v_cent.transform([char_ngrams(t) for t in cleaned])
        qt = self._query_tokens(cleaned)
        q_tok = self.v_tok.transform(qt)
        q_duty = self.v_duty.transform(qt)
        z = (self.v_lr.transform(self._lr_feats(cleaned, qt)) @ self.lr_w) + self.lr_b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)

        s_name = _per_code_max((q_name @ self.m_name).toarray() * self.name_w, self.name_code, n_codes)
        s_stem = _per_code_max((q_stem @ self.m_stem).toarray() * self.name_w, self.name_code, n_codes)
        s_jduty = _per_code_max((self.v_jduty.transform(qt) @ self.m_jduty).toarray(), self.job_code, n_codes)
        q_jg = self.v_jgram.transform([char_ngrams(t, 2, 3) for t in cleaned])
        s_jgram = _per_code_max((q_jg @ self.m_jgram).toarray(), self.job_code, n_codes)
        return {
            "jduty": s_jduty,
            "jgram": s_jgram,
            "name": s_name,
            "stem": s_stem,
            "centroid": (q_cent @ self.m_cent).toarray(),
            "tok": (q_tok @ self.m_tok).toarray(),
            "duty": (q_duty @ self.m_duty).toarray(),
            "lr": np.sqrt(p),
        }

    def score_matrix(self, titles: list[str], comps: dict[str, np.ndarray] | None = None) -> np.ndarray:
        comps = comps if comps is not None else self._components(titles)
        w = self.weights
        total = w.name + w.stem + w.tok + w.duty + w.centroid + w.lr + w.jduty + w.jgram
        s = (
            w.jduty * comps["jduty"]
            + w.jgram * comps["jgram"]
            + w.lr * comps["lr"]
            + w.name * comps["name"]
            + w.stem * comps["stem"]
            + w.tok * comps["tok"]
            + w.duty * comps["duty"]
            + w.centroid * comps["centroid"]
        ) / total
        return s

    def classify_many(self, titles: list[str], top: int = 5, chunk: int = 256) -> list[list[Candidate]]:
        """Ranked candidates for every title (empty list for an empty/blank title)."""
        out: list[list[Candidate]] = []
        for i in range(0, len(titles), chunk):
            part = titles[i : i + chunk]
            s = self.score_matrix(part)
            k = min(top, s.shape[1])
            for r, t in enumerate(part):
                if not normalise(t):
                    out.append([])
                    continue
                row = s[r]
                idx = np.argpartition(-row, k - 1)[:k]
                idx = idx[np.argsort(-row[idx], kind="stable")]
                out.append(
                    [Candidate(self.codes[j], self.labels[j], float(row[j])) for j in idx if row[j] > 0]
                )
        return out

    def classify(self, title: str, top: int = 5) -> list[Candidate]:
        return self.classify_many([title], top=top)[0]

    def suggest_many(self, titles: list[str], k: int = 3, chunk: int = 256) -> list[Suggestion]:
        """Top-``k`` codes per title with a calibrated confidence that the first is right.

        The one entry point every caller uses (résumé builder, vacancy form, import, matching,
        search). The blend score is nudged towards the code a recognised shop-floor skill implies
        ("사출기 오퍼레이터" → 사출 → 플라스틱제품 생산기계 조작원; ``skills.IMPLIED_CODE``) when that
        code is known; when the first candidate is not in the skill's 소분류, the answer is unsure.
        ``Suggestion.sure`` is False below ``CONFIDENT_AT``: the caller then shows the
        three and asks the person to pick (“모르겠음” is the honest answer, not the first guess).
        """
        from .skills import implied_codes  # skills imports the jargon lexicon too; keep import local

        out: list[Suggestion] = []
        cidx = {c: i for i, c in enumerate(self.codes)}
        for i in range(0, len(titles), chunk):
            part = [t or "" for t in titles[i : i + chunk]]
            s = self.score_matrix(part)
            for r, t in enumerate(part):
                if not normalise(t):
                    out.append(Suggestion(t, [], 0.0))
                    continue
                row = s[r].copy()
                implied = implied_codes(t)
                for code in implied:
                    j = cidx.get(code)
                    if j is not None:
                        row[j] += SKILL_PRIOR
                kk = min(k + 1, row.shape[0])
                idx = np.argpartition(-row, kk - 1)[:kk]
                idx = idx[np.argsort(-row[idx], kind="stable")]
                s1 = float(row[idx[0]])
                s2 = float(row[idx[1]]) if len(idx) > 1 else 0.0
                cands = [
                    Candidate(self.codes[j], self.labels[j], float(row[j])) for j in idx[:k] if row[j] > 0
                ]
                conf = confidence(s1, s2) if cands else 0.0
                if cands and implied and not any(cands[0].code[:3] == c[:3] for c in implied):
                    # the words name a skill whose occupation the text model did not pick (often:
                    # an occupation missing from the data): not sure, whatever the scores say
                    conf = min(conf, DISAGREE_CONFIDENCE)
                out.append(Suggestion(t, cands, conf))
        return out

    def suggest(self, title: str, k: int = 3) -> Suggestion:
        return self.suggest_many([title], k=k)[0]

    def label(self, code: str) -> str | None:
        try:
            return self.labels[self.codes.index(code)]
        except ValueError:
            return None

    # -- persistence --
    @classmethod
    def build(cls, data_dir: str | os.PathLike | None = None, **kw) -> TitleNormaliser:
        if data_dir is not None and (Path(data_dir) / "occupations" / "job_dictionary.csv").exists():
            return cls(load_dictionary(data_dir), **kw)
        return cls(load_builtin(), **kw)

    @classmethod
    def load_or_build(
        cls, data_dir: str | os.PathLike | None = None, cache_dir: str | os.PathLike | None = None
    ) -> TitleNormaliser:
        """Build once, then reuse a pickle in ``cache_dir`` keyed by the source files' size/mtime."""
        src = []
        if data_dir is not None:
            for name in ("job_dictionary.csv", "job_title_index.csv"):
                p = Path(data_dir) / "occupations" / name
                if p.exists():
                    st = p.stat()
                    src.append(f"{p}:{st.st_size}:{st.st_mtime_ns}")
        if not src:
            st = BUILTIN_SUBSET.stat()
            src.append(f"{BUILTIN_SUBSET}:{st.st_size}:{st.st_mtime_ns}")
        key = hashlib.sha256(("|".join(src) + f"|v{cls.VERSION}").encode()).hexdigest()[:16]
        path = None
        if cache_dir is not None:
            path = Path(cache_dir) / f"titles-{key}.pkl"
            if path.exists():
                try:
                    with open(path, "rb") as f:
                        return pickle.load(f)  # noqa: S301 - our own cache file
                except Exception:  # noqa: BLE001 - a broken cache is rebuilt
                    path.unlink(missing_ok=True)
        model = cls.build(data_dir if len(src) and data_dir is not None else None)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".tmp")
                with open(tmp, "wb") as f:
                    pickle.dump(model, f, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)
            except OSError:
                pass
        return model
