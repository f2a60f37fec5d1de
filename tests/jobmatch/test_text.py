from jobmatch.text import char_ngrams, normalise, tokens, tokens_many


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
