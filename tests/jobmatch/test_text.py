from jobmatch.text import (
    char_ngrams,
    normalise,
    split_compound,
    tokens,
    tokens_many,
    with_compound_parts,
)


def test_mold_is_one_token():
    assert "금형" in tokens("금형 제작 및 수리")
    assert "금" not in tokens("금형")


def test_heat_treatment_is_one_token():
    assert tokens("열처리 작업")[0] == "열처리"


def test_finishing_and_buffing_are_kept():
    assert tokens("사상 및 버핑") == ["사상", "버핑"]


def test_die_casting_is_one_token():
    assert tokens("다이캐스팅 오퍼레이터") == ["다이캐스팅", "오퍼레이터"]


def test_co2_welding_keeps_co2_together():
    toks = tokens("CO2 용접공 모집")
    assert "co2" in toks and "용접" in toks


def test_empty_and_none_give_no_tokens():
    assert tokens("") == []
    assert tokens(None) == []
    assert tokens_many(["", None, "용접"]) == [[], [], ["용접"]]


def test_normalise_full_width_and_case():
    assert normalise("ＣＯ２  용접") == "co2 용접"


def test_char_ngrams_have_word_boundaries():
    grams = char_ngrams("용접원")
    assert "<용" in grams and "원>" in grams and "용접원" in grams


VOCAB = frozenset({"향료", "교반기", "조작원", "주름", "도포"})


def test_unknown_compound_splits_into_known_words():
    assert split_compound("향료교반기조작원", VOCAB) == ["향료", "교반기", "조작원"]
    assert split_compound("주름기조작원", VOCAB) == ["주름", "조작원"]  # a leftover "기" is allowed


def test_compound_without_enough_known_words_is_not_split():
    assert split_compound("시아게원", VOCAB) == []
    assert split_compound("향료", VOCAB) == []  # one piece is no split
    assert split_compound("가나다라도포", VOCAB) == []  # "도포" covers too little


def test_compound_parts_are_added_only_to_unknown_tokens():
    assert with_compound_parts(["향료교반기조작원"], VOCAB) == [
        "향료교반기조작원",
        "향료",
        "교반기",
        "조작원",
    ]
    assert with_compound_parts(["조작원", "향료"], VOCAB) == ["조작원", "향료"]
    # a token the caller already knows stays whole
    assert with_compound_parts(["주름기조작원"], VOCAB, known={"주름기조작원"}) == ["주름기조작원"]
