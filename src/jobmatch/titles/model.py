"""The title normaliser's model: the blend of signals, candidates and the calibrated confidence."""

from __future__ import annotations

import hashlib
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import diskcache
from ..text import char_ngrams, normalise, tokens_many, with_compound_parts
from .clean import clean_title, query_text, stem_title
from .data import BUILTIN_SUBSET, OccupationData, load_builtin, load_dictionary
from .dense import DenseReranker, encode
from .features import _per_code_max, _train_softmax, _Vectoriser


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
CONFIDENCE = (-1.686, 5.097, 7.204)  # refitted for VERSION 5, also 6 (VERSION 4: -1.742, 5.127, 7.479)
#: the same, fitted the same way, for a model whose dense encoder reorders the top three (``dense``)
CONFIDENCE_DENSE = (-2.436, 4.747, 5.881)
#: below this calibrated probability the normaliser says "모르겠음" and offers its three candidates
CONFIDENT_AT = 0.5
#: added to the blend score of a code implied by a recognised skill (``skills.IMPLIED_CODE``)
SKILL_PRIOR = 0.08
UNSURE = "모르겠음"
#: the confidence ceiling when a recognised skill implies another 소분류 than the first candidate
DISAGREE_CONFIDENCE = 0.3


def confidence(s1: float, s2: float, coef: tuple[float, float, float] = CONFIDENCE) -> float:
    b, a1, a2 = coef
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

    # 5: the KECO tree's code names are names of the code too; 6: the same model, built again where
    # a database's KECO names of the codes renumbered in 2025 changed (the reference data's fix)
    VERSION = 6
    use_lexicon = True  # expand jargon and loanwords in queries (see ``jargon``)
    dense: DenseReranker | None = None  # the optional second signal (``titles.dense``)
    use_dense = True  # with a dense encoder: let it reorder the top three

    def __init__(self, data: OccupationData, weights: TitleWeights | None = None, dense: bool = False):
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
        if dense:
            self.dense = DenseReranker(name_txt, self.name_code, len(self.codes))

    @property
    def dense_on(self) -> bool:
        return self.dense is not None and self.use_dense

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
        if self.dense_on and titles:
            assert self.dense is not None
            s = self.dense.rerank(s, encode([query_text(t, self.use_lexicon) for t in titles]))
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
        from ..skills import implied_codes  # skills imports the jargon lexicon too; keep import local

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
                coef = CONFIDENCE_DENSE if self.dense_on else CONFIDENCE
                conf = confidence(s1, s2, coef) if cands else 0.0
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
        cls,
        data_dir: str | os.PathLike | None = None,
        cache_dir: str | os.PathLike | None = None,
        dense: bool = False,
    ) -> TitleNormaliser:
        """Build once, then reuse a pickle in ``cache_dir`` keyed by the source files' size/mtime."""
        src = []
        if data_dir is not None:
            for name in ("job_dictionary.csv", "job_title_index.csv", "keco2018_codes.csv"):
                p = Path(data_dir) / "occupations" / name
                if p.exists():
                    st = p.stat()
                    src.append(f"{p}:{st.st_size}:{st.st_mtime_ns}")
        if not src:
            st = BUILTIN_SUBSET.stat()
            src.append(f"{BUILTIN_SUBSET}:{st.st_size}:{st.st_mtime_ns}")
        extra = f"|v{cls.VERSION}" + ("|dense" if dense else "")
        key = hashlib.sha256(("|".join(src) + extra).encode()).hexdigest()[:16]

        def build():
            return cls.build(data_dir if len(src) and data_dir is not None else None, dense=dense)

        if cache_dir is None:
            return build()
        return diskcache.cached(Path(cache_dir) / f"titles-{key}.pkl", build)  # one builder at a time
