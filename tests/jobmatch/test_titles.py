import numpy as np
import pytest

from jobmatch.titles import TitleNormaliser, clean_title, query_text, stem_title
from jobmatch.titles.dense import DenseReranker, encode


def test_clean_title_strips_recruiting_noise():
    assert clean_title("CO2 용접공 모집(남동공단, 주야2교대)") == "co2 용접공"
    assert clean_title("[급구] 금형 사상 경력자 채용") == "금형 사상"


def test_clean_title_never_empties_real_input():
    assert clean_title("모집") == "모집"
    assert clean_title("   ") == ""


def test_stem_title_removes_job_suffixes():
    assert stem_title("용접공") == "용접"
    assert stem_title("금형원") == "금형"


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("CO2 용접공 모집(남동공단, 주야2교대)", "8241"),
        ("다이캐스팅 오퍼레이터", "8234"),
        ("프레스 금형 조립", "8131"),
        ("아연도금 작업자", "8252"),
        ("열처리로 조작", "8211"),
        ("사상 및 버핑", "8900"),
    ],
)
def test_root_industry_titles_map_to_their_occupation(normaliser, title, code):
    best = normaliser.classify(title, top=3)
    assert best[0].code == code


def test_query_text_appends_standard_terms_of_jargon():
    assert query_text("시아게 작업자 모집") == "시아게 작업자 마무리 사상"
    assert query_text("테노나(tenoner) 오퍼레이터").startswith("테노나 오퍼레이터 ")
    assert query_text("CO2 용접공 모집") == "co2 용접공"
    assert query_text("시아게 작업자 모집", lexicon=False) == clean_title("시아게 작업자 모집")


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("빠우공", "8900"),  # 빠우 = 버핑
        ("시아게 작업자", "8900"),  # 시아게 = 마무리·사상
        ("웰더 구함", "8241"),
        ("포크리프트 드라이버", "6230"),
        ("뺑끼공", "8251"),  # 뺑끼 = 페인트, 도장
        ("야끼 작업", "8211"),  # 야끼 = 열처리
        ("welder", "8241"),
        ("인젝션 오퍼레이터", "8522"),  # 인젝션 = injection = 사출
        ("몰드 수리", "8131"),  # 몰드 = mold = 금형
        ("스프레이 페인팅", "8251"),  # 페인팅 = painting = 도장
    ],
)
def test_shop_floor_jargon_ranks_its_occupation_in_the_top_3(normaliser, title, code):
    assert code in [c.code for c in normaliser.classify(title, top=3)]


def test_candidates_are_sorted_and_limited(normaliser):
    c = normaliser.classify("용접", top=4)
    assert len(c) == 4
    assert [x.score for x in c] == sorted((x.score for x in c), reverse=True)
    assert set(c[0].as_dict()) == {"code", "name", "score"}


def test_empty_title_gives_no_candidates(normaliser):
    assert normaliser.classify_many(["", "   ", "용접공"], top=2)[:2] == [[], []]


def test_nonsense_does_not_crash(normaliser):
    assert isinstance(normaliser.classify("☃☃☃ zzz 123"), list)


def test_cache_round_trip(tmp_path):
    a = TitleNormaliser.load_or_build(None, tmp_path)
    assert list(tmp_path.glob("titles-*.pkl"))
    b = TitleNormaliser.load_or_build(None, tmp_path)
    assert a.classify("도금공")[0].code == b.classify("도금공")[0].code == "8252"


def test_dense_encoder_only_reorders_the_lexical_top_three(normaliser, tmp_path):
    dense = TitleNormaliser.load_or_build(None, tmp_path, dense=True)
    assert dense.dense is not None and normaliser.dense is None
    titles = ["용접 보조", "사출 성형 오퍼레이터", "지게차 운전", "금형 사상", "도금 라인 작업자", "☃☃☃", ""]
    for lexical, reranked in zip(
        normaliser.classify_many(titles, top=3), dense.classify_many(titles, top=3), strict=True
    ):
        assert {c.code for c in reranked} == {c.code for c in lexical}
    # the vectors travel with the cached model
    again = TitleNormaliser.load_or_build(None, tmp_path, dense=True)
    assert again.dense is not None and again.dense.vectors.shape == dense.dense.vectors.shape


def test_dense_encoder_moves_the_semantically_nearest_code_first(normaliser):
    codes = normaliser.codes
    scores = np.zeros((1, len(codes)), dtype=np.float32)
    a, b = codes.index("8241"), codes.index("8251")  # 용접원, 도장원
    scores[0, a], scores[0, b] = 0.50, 0.49  # lexically 용접원 first, by a hair
    rr = DenseReranker(normaliser.name_txt, normaliser.name_code, len(codes))
    out = rr.rerank(scores, encode(["스프레이 페인트 칠하는 일"]))
    assert out[0, b] > out[0, a]  # the encoder reads 페인트 칠 as painting
    assert (out[0, [i for i in range(len(codes)) if i not in (a, b)]] == 0).all()
