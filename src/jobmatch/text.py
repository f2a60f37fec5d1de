"""Korean text handling for the matching engine: one kiwipiepy instance per process.

Root-industry vocabulary (금형, 열처리, 사상, 다이캐스팅, CO2 용접 …) is registered as user words
so that the analyser keeps the terms whole; ``tokens()`` returns normalised content tokens
(nouns, roots of verbs, foreign words, "CO2"-style alphanumerics) for TF-IDF / BM25.
"""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from collections.abc import Container, Iterable

# Words the analyser must keep whole. Compounds that are job names in the field.
ROOT_INDUSTRY_WORDS: tuple[str, ...] = (
    "금형",
    "열처리",
    "소성가공",
    "사상",
    "다이캐스팅",
    "도금",
    "주조",
    "용접",
    "표면처리",
    "뿌리산업",
    "사출",
    "프레스",
    "단조",
    "압연",
    "압출",
    "인발",
    "버핑",
    "연마",
    "도장",
    "아노다이징",
    "양극산화",
    "탈지",
    "침탄",
    "담금질",
    "뜨임",
    "풀림",
    "고주파",
    "주형",
    "사형",
    "정밀주조",
    "로스트왁스",
    "용해",
    "탕도",
    "절삭",
    "선반",
    "밀링",
    "머시닝센터",
    "방전가공",
    "와이어커팅",
    "연삭",
    "래핑",
    "티그",
    "미그",
    "알곤",
    "특수용접",
    "배관용접",
    "판금",
    "제관",
    "취부",
    "지게차",
    "오퍼레이터",
    "샌딩",
    "쇼트",
    "쇼트블라스트",
    "분체도장",
    "전착도장",
    "아연도금",
    "크롬도금",
    "니켈도금",
    "무전해도금",
    "레이저",
    "로봇용접",
    "스폿용접",
    "CNC",
    "NC",
    "PLC",
)

# Tags kept as content tokens.
_KEEP = {"NNG", "NNP", "NR", "SL", "SH", "XR", "VV", "VA", "NNB"}
_DROP_NNB = {"것", "수", "등", "때", "중", "곳", "데", "바", "개", "명", "년", "월", "일"}

_lock = threading.Lock()
_kiwi = None


def kiwi():
    """The process-wide Kiwi analyser with the root-industry user dictionary (lazy, ~1-2 s)."""
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                k = Kiwi()
                for w in ROOT_INDUSTRY_WORDS:
                    if re.fullmatch(r"[가-힣]+", w):
                        k.add_user_word(w, "NNG", 0.0)
                _kiwi = k
    return _kiwi


def release_kiwi() -> None:
    """Let go of this process's analyser (≈ 250 MB once used; the next call builds a new one). The
    nightly job calls it before forking its workers: each worker builds its own analyser anyway
    (``_forget_kiwi_in_child``), so a parent's copy would only sit, unused, in every process."""
    global _kiwi
    with _lock:
        _kiwi = None


_FORKED_AWAY: list = []


def _forget_kiwi_in_child() -> None:
    """A forked child (the nightly batch's workers) cannot use the parent's Kiwi: its thread pool did
    not survive the fork and a call would wait forever. The child builds its own on first use; the
    parent's copy is kept referenced (freeing it waits on the same dead threads)."""
    global _kiwi, _lock
    if _kiwi is not None:
        _FORKED_AWAY.append(_kiwi)
    _kiwi = None
    _lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_kiwi_in_child)


_ws = re.compile(r"\s+")


def normalise(text: str | None) -> str:
    """NFKC, lower-case Latin, collapse whitespace. ``None`` → ""."""
    if not text:
        return ""
    t = unicodedata.normalize("NFKC", str(text))
    t = t.replace("·", " ").replace("ㆍ", " ")
    return _ws.sub(" ", t).strip().lower()


def _post(toks) -> list[str]:
    out: list[str] = []
    prev = None
    for t in toks:
        tag = t.tag.split("-")[0]
        form = t.form.lower()
        # glue "co" + "2" → "co2" (CO2 용접), "tig" etc. stay as Latin words
        if tag == "SN" and prev is not None and prev[1] == "SL" and out and out[-1] == prev[0]:
            out[-1] = out[-1] + form
            prev = (out[-1], "SL")
            continue
        if tag in _KEEP:
            if tag == "NNB" and form in _DROP_NNB:
                prev = None
                continue
            if tag in ("VV", "VA"):
                form = form + "다"
            out.append(form)
            prev = (form, tag)
        else:
            prev = None
    return out


def tokens(text: str | None) -> list[str]:
    """Content tokens of one text (empty list for empty/None)."""
    t = normalise(text)
    if not t:
        return []
    return _post(kiwi().tokenize(t))


def tokens_many(texts: Iterable[str | None]) -> list[list[str]]:
    """Content tokens of many texts (batched through kiwi, much faster than a loop); each distinct
    normalised text is analysed once per process (remembered, bounded: duty texts recur)."""
    texts = [normalise(x) for x in texts]
    todo = [t for t in dict.fromkeys(texts) if t and t not in _TOKENS]
    if todo and len(_TOKENS) + len(todo) > _TOKENS_MAX:
        _TOKENS.clear()
        todo = [t for t in dict.fromkeys(texts) if t]
    if todo:
        for t, toks in zip(todo, kiwi().tokenize(todo), strict=True):
            _TOKENS[t] = _post(toks)
    return [list(_TOKENS.get(t, ())) if t else [] for t in texts]


_TOKENS: dict[str, list[str]] = {}
_TOKENS_MAX = 300_000


_HANGUL = re.compile(r"[가-힣]+")


def split_compound(word: str, vocab: set[str] | frozenset[str], max_part: int = 8) -> list[str]:
    """Known words inside an unknown Hangul compound ("향료교반기조작원" → 향료, 교반기, 조작원).

    Dynamic programming over the fewest pieces, each a ``vocab`` word (two characters or more) or a
    leftover single character (counted as two pieces). Returns the vocabulary pieces, or ``[]`` when
    they cover less than 60 % of the word or there are fewer than two of them.
    """
    n = len(word)
    inf = n * 3 + 1
    best: list[tuple[int, int, int]] = [(0, 0, 0)] + [(inf, 0, 0)] * n  # (cost, covered, start)
    for j in range(1, n + 1):
        for i in range(max(0, j - max_part), j):
            piece = word[i:j]
            if piece in vocab and j - i >= 2:
                cand = (best[i][0] + 1, best[i][1] + j - i, i)
            elif j - i == 1:
                cand = (best[i][0] + 2, best[i][1], i)
            else:
                continue
            if cand[0] < best[j][0] or (cand[0] == best[j][0] and cand[1] > best[j][1]):
                best[j] = cand
    if best[n][1] < 0.6 * n:
        return []
    parts, j = [], n
    while j > 0:
        i = best[j][2]
        parts.append(word[i:j])
        j = i
    known = [p for p in reversed(parts) if p in vocab and len(p) >= 2]
    return known if len(known) >= 2 else []


def with_compound_parts(
    toks: list[str], vocab: set[str] | frozenset[str], known: Container[str] | None = None, min_len: int = 4
) -> list[str]:
    """``toks`` plus the ``vocab`` parts of every Hangul token of ``min_len``+ characters not ``known``.

    ``known`` (a container of tokens, default ``vocab``) holds the tokens that need no splitting.

    Kiwi keeps an unknown compound ("주름기조작원") as one proper noun that matches nothing; its parts
    ("주름", "조작원") do.
    """
    known = vocab if known is None else known
    extra: list[str] = []
    for t in toks:
        if len(t) >= min_len and t not in known and _HANGUL.fullmatch(t):
            extra.extend(split_compound(t, vocab))
    return toks + extra if extra else toks


def char_ngrams(text: str, n_min: int = 1, n_max: int = 3) -> list[str]:
    """Character n-grams of a normalised title, per word, with boundary markers."""
    out: list[str] = []
    for w in normalise(text).split(" "):
        if not w:
            continue
        s = f"<{w}>"
        for n in range(n_min, n_max + 1):
            if n == 1:
                out.extend(w)
                continue
            out.extend(s[i : i + n] for i in range(len(s) - n + 1))
    return out
