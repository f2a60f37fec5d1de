import pytest

from jobmatch.jargon import LATIN, LEXICON, TRANSLITERATIONS, expand, expansion_terms


@pytest.mark.parametrize(
    ("title", "term"),
    [
        ("시아게원", "마무리"),
        ("빠우공", "버핑"),
        ("아시바 설치", "비계"),
        ("데모도", "보조"),
        ("mct 가공", "머시닝센터"),
        ("파티셰", "제과"),
        ("압출기 오퍼레이터", "조작원"),
    ],
)
def test_jargon_gets_its_standard_term(title, term):
    assert term in expansion_terms(title)


def test_longest_key_wins_and_terms_are_unique():
    # "노가다" is one word (막일), not "노" + "가다" (형틀)
    assert "형틀" not in expansion_terms("노가다")
    assert "막일" in expansion_terms("노가다")
    terms = expansion_terms("빠우 빠우")
    assert len(terms) == len(set(terms))


def test_latin_keys_match_whole_words_only():
    assert "수치제어" in expansion_terms("nc 선반")
    assert expansion_terms("ncs 교육") == []  # "nc" inside another word is not the abbreviation


def test_plain_standard_title_is_left_alone():
    assert expansion_terms("용접원") == []
    assert expand("용접원") == "용접원"
    assert expand("셰프").startswith("셰프 ")


def test_lexicon_keys_are_normalised_and_unique():
    keys = [k for k, _ in LEXICON] + [k for k, _ in LATIN] + [k for k, _ in TRANSLITERATIONS]
    assert len(keys) == len(set(keys))
    assert all(k == k.strip().lower() and k for k in keys)
    assert all(v.strip() for _, v in LEXICON + LATIN)


@pytest.mark.parametrize(
    ("title", "term"),
    [
        ("주방 헬퍼", "보조"),
        ("라인쿡", "조리사"),
        ("몰드 세팅", "금형"),
        ("인젝션 오퍼레이터", "사출"),
        ("페인팅", "도장"),
        ("아씨바 설치", "비계"),
        ("건물 미화원", "청소원"),
    ],
)
def test_hangul_spelling_of_an_english_word_gets_its_standard_term(title, term):
    assert term in expansion_terms(title)


def test_hangul_and_latin_spellings_of_a_word_read_alike():
    latin = dict(LATIN)
    for _hangul, english in TRANSLITERATIONS:
        assert english in latin, english
    assert expansion_terms("인젝션") == expansion_terms("injection")
    assert expansion_terms("헬퍼") == expansion_terms("helper")


def test_a_loanword_inside_another_word_does_not_fire_when_a_longer_key_covers_it():
    # 스킨케어 is skin care (피부 관리), not care work (돌봄)
    assert "돌봄" not in expansion_terms("스킨케어")
    assert "피부" in expansion_terms("스킨케어")


def test_keys_are_found_as_by_trying_every_key_in_order():
    """``_hangul_hits`` looks only for the keys whose first character is in the word; the hits are
    those of trying every key, longest first, without overlaps."""
    import random

    from jobmatch import jargon

    def every_key(word):
        hits, taken = [], [False] * len(word)
        for k in jargon._HANGUL_KEYS:
            start = word.find(k)
            while start >= 0:
                span = range(start, start + len(k))
                if not any(taken[i] for i in span):
                    taken[start : start + len(k)] = [True] * len(k)
                    hits.append(k)
                start = word.find(k, start + 1)
        return hits

    rng = random.Random(3)
    keys = list(jargon._HANGUL_KEYS)
    words = [
        "".join(rng.choice(keys)[: rng.randint(1, 4)] for _ in range(rng.randint(1, 4))) for _ in range(3000)
    ]
    assert sum(bool(every_key(w)) for w in words) > 1000
    assert [jargon._hangul_hits(w) for w in words] == [every_key(w) for w in words]
