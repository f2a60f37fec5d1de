"""Title affinity, soft occupation credit and licence names with their specialty (issue 14)."""

import numpy as np
import pytest

from jobmatch.affinity import TitleSpace, candidate_weights, soft_occupation, title_affinity, title_key
from jobmatch.model import normalise_qualification
from jobmatch.titles import Candidate, Suggestion


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("용접기능사(특수)", "용접기능사 (특수)", True),
        ("용접기능사(특수)", "용접기능사(CO2)", False),
        ("용접기능사(특수)", "용접기능사", False),
        ("염색기능사(침염)", "염색기능사(날염)", False),
        ("용접 기능사", "용접기능사", True),
        ("생물공학기사(구.생물공학기사)", "생물공학기사", True),
        ("지게차운전기능사 2급", "지게차운전기능사", True),
    ],
)
def test_a_bracketed_specialty_is_part_of_the_licence(a, b, same):
    assert (normalise_qualification(a) == normalise_qualification(b)) is same


def test_title_key_drops_decorations_suffixes_and_spaces():
    assert title_key("[급구] 용접공 모집") == title_key("용접원")
    assert "사상" in title_key("시아게 작업자")  # the jargon's standard word is added


def test_title_affinity_prefers_the_seekers_own_job(normaliser):
    space = TitleSpace(normaliser)
    v = space.matrix(["(주)대성 CO2 용접공 모집", "지게차 기사", "사출기 오퍼레이터"]).tocsr()
    q = space.matrix(["용접원", "사출 오퍼레이터"]).tocsr()
    start = np.array([0, 1, 2])  # seeker 0: 용접원; seeker 1: 사출 오퍼레이터
    w = np.array([1.0, 0.9], np.float32)
    a = title_affinity(q, start, w, np.array([0, 1]), v, np.arange(3))
    assert a.shape == (2, 3)
    assert a[0].argmax() == 0 and a[1].argmax() == 2
    assert a[0, 0] > 0.15 and a[0, 1] < a[0, 0] / 2
    assert float(a.max()) <= 1.0


def test_title_affinity_without_a_name_space_is_zero():
    space = TitleSpace(object())
    v = space.matrix(["용접공"])
    q = space.matrix(["용접원"])
    a = title_affinity(q, np.array([0, 1]), np.ones(1, np.float32), np.array([0]), v, np.array([0]))
    assert a.tolist() == [[0.0]]


def test_candidate_weights_give_the_first_its_confidence_and_share_the_rest():
    sg = Suggestion(
        "x", [Candidate("8132", "a", 0.6), Candidate("8241", "b", 0.3), Candidate("8212", "c", 0.1)], 0.4
    )
    codes, weights = candidate_weights(sg)
    assert codes == [8132, 8241, 8212]
    assert weights == pytest.approx([0.4, 0.45, 0.15])
    assert candidate_weights(Suggestion("", [], 0.0)) == ([], [])


def test_soft_occupation_is_the_expected_credit_over_candidates():
    s_codes = np.array([[8241, -1], [1320, -1]])
    s_w = np.array([[1.0, 0.0], [1.0, 0.0]], np.float32)
    cand = np.array([[8132, 8241, 8242]])
    cand_w = np.array([[0.4, 0.45, 0.15]], np.float32)
    occ = soft_occupation(s_codes, s_w, cand, cand_w, 1.0, 0.6, 0.25)
    # seeker 0: 0.4 × another 중분류 (0) + 0.45 × same code (1.0) + 0.15 × same 소분류 (0.6)
    assert occ[0, 0] == pytest.approx(0.45 + 0.15 * 0.6)
    assert occ[1, 0] == 0.0
