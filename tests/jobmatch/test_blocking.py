"""Blocked ranking (jobmatch.blocking) equals exhaustive scoring where the constraints say it must."""

import dataclasses

import numpy as np
import pytest

from jobmatch.blocking import Blocker
from jobmatch.recommend import Recommender, SeekerIn, VacancyIn

TITLES = [
    ("CO2 용접공", "CO2 용접 및 TIG 용접"),
    ("CNC 선반 오퍼레이터", "CNC 선반 가공"),
    ("지게차 운전원", "지게차 상하차"),
    ("사출기 오퍼레이터", "사출 성형 작업"),
    ("금형 설계", "CATIA 금형 설계"),
    ("도장공", "분체 도장"),
    ("사무 보조", "문서 정리와 전화 응대"),
    ("요양보호사", "어르신 돌봄"),
    ("경리 사무원", "회계 장부 정리"),
    ("조리원", "급식 조리"),
]
CITIES = [(37.38, 126.80), (37.56, 126.98), (35.18, 129.07), (36.35, 127.38), (33.50, 126.53)]
SHIFTS = ["day", "night", "two_shift", "three_shift"]


def _world(seed: int, n_s: int, n_v: int):
    rng = np.random.default_rng(seed)
    vac = []
    for j in range(n_v):
        t, d = TITLES[rng.integers(len(TITLES))]
        c = CITIES[rng.integers(4)]  # no vacancy on Jeju: its seekers only get relaxed results
        vac.append(
            VacancyIn(
                id=j,
                title=t,
                duties=d,
                lat=c[0] + rng.normal(0, 0.15),
                lon=c[1] + rng.normal(0, 0.15),
                wage_monthly=int(rng.integers(20, 40)) * 100_000,
                shift=SHIFTS[rng.integers(4)],
                employment="permanent" if rng.random() < 0.8 else "part_time",
                required_licences=["지게차운전기능사"] if "지게차" in t and rng.random() < 0.5 else [],
                accepts_visas=["E-9"] if rng.random() < 0.3 else [],
                dormitory=bool(rng.random() < 0.3),
                commuter_bus=bool(rng.random() < 0.2),
                openings=int(rng.integers(1, 4)),
            )
        )
    seekers = []
    for i in range(n_s):
        t, d = TITLES[rng.integers(len(TITLES))]
        c = CITIES[rng.integers(5)]
        seekers.append(
            SeekerIn(
                id=i,
                desired_titles=[t] if rng.random() < 0.8 else [],
                experience=[(TITLES[rng.integers(len(TITLES))][0], float(rng.integers(0, 10)))],
                lat=c[0] + rng.normal(0, 0.15),
                lon=c[1] + rng.normal(0, 0.15),
                max_commute_minutes=float(rng.choice([20, 30, 45, 60, 90])),
                shifts=["day"] if rng.random() < 0.4 else [],
                min_wage_monthly=int(rng.integers(20, 35)) * 100_000 if rng.random() < 0.5 else None,
                needs_dormitory=bool(rng.random() < 0.15),
                visa="E-9" if rng.random() < 0.1 else "",
                licences=["지게차운전기능사"] if rng.random() < 0.2 else [],
            )
        )
    return seekers, vac


def _costs_all(blocker, S, si, o_ok, c_ok):
    """The relax cost of si × every vacancy on the cheap tests (commute ``c_ok``, occupation ``o_ok``)."""
    return blocker._wish_costs(S, si) + blocker._test_costs(S, si, o_ok, c_ok)


@pytest.fixture(scope="module")
def rec(normaliser, encoder):
    from jobmatch.resources import occupation_names

    return Recommender(normaliser, encoder, occupation_names(None))


@pytest.mark.parametrize("seed", [1, 2])
def test_blocked_top_equals_exhaustive_including_relaxed_fallbacks(rec, seed):
    seekers, vacancies = _world(seed, 300, 400)
    V = rec.pool_vacancies(vacancies)
    S = rec.pool_seekers(seekers)
    wide, kv = 12, 2
    ex_i, ex_k, ex_vi, ex_vk = rec.top_keys(S, V, np.arange(len(seekers)), wide + 4, len(seekers))
    blocker = Blocker(rec, V, group=16)
    got = blocker.rank(S, wide, kv)
    # every seeker's keys equal exhaustive scoring, and so do the rows (ties aside)
    np.testing.assert_allclose(got.s_key, ex_k[:, :wide], rtol=0, atol=1e-3)
    unique = np.isclose(got.s_key[:, :, None], ex_k[:, None, :], atol=1e-3).sum(axis=2) == 1
    assert unique.mean() > 0.3  # the toy world has many equal scores
    assert (got.s_idx[unique] == ex_i[:, :wide][unique]).all()
    # blocking skipped most pairs, widened some seekers, and nobody is left without a list
    assert got.stats.pairs_scored < len(seekers) * len(vacancies)
    assert got.stats.widened > 0
    assert (got.s_idx[:, 0] >= 0).all()
    jeju = [i for i, s in enumerate(seekers) if s.lat < 34.5]
    assert jeju and (got.s_key[jeju, 0] < 0).all()  # labelled relaxed (commute), never empty
    # per vacancy: exact where it has at least kv exact-fit seekers
    vk_ex = -np.sort(-ex_vk, axis=1)[:, :kv]
    full = vk_ex[:, kv - 1] >= 0
    assert full.any()
    np.testing.assert_allclose(got.v_key[full], vk_ex[full], atol=1e-3)


def test_blocked_widens_a_seeker_with_few_candidates(rec):
    seekers, vacancies = _world(3, 5, 200)
    seekers.append(
        SeekerIn(id="far", desired_titles=["요양보호사"], lat=33.5, lon=126.5, max_commute_minutes=20)
    )
    V = rec.pool_vacancies(vacancies)
    S = rec.pool_seekers(seekers)
    got = Blocker(rec, V).rank(S, 10, 3)
    ex_i, ex_k, *_ = rec.top_keys(S, V, np.arange(len(seekers)), 10, 3)
    assert got.stats.widened >= 1
    np.testing.assert_allclose(got.s_key[-1], ex_k[-1], atol=1e-3)


def test_explanations_in_small_blocks_equal_one_block_over_every_pair(rec):
    seekers, vacancies = _world(4, 60, 90)
    V = rec.pool_vacancies(vacancies)
    S = rec.pool_seekers(seekers)
    rng = np.random.default_rng(4)
    pairs = [
        (int(i), int(j)) for i, j in zip(rng.integers(60, size=400), rng.integers(90, size=400), strict=True)
    ]
    score, viol, f = rec._block(S, np.arange(60), V, np.arange(90))
    for side in (True, False):
        one_block = [rec._result(S, i, V, j, i, j, score, viol, f, side) for i, j in pairs]
        assert rec.explain(S, V, pairs, seeker_side=side) == one_block
    assert rec.explain(S, V, [], seeker_side=True) == []


def test_chosen_pairs_score_bit_for_bit_as_the_whole_block(normaliser, encoder):
    """The nightly batch scores only each seeker's own candidates (``Sides`` in pairs mode): every
    feature, score and violation bit of a pair equals the whole block's, licence names included."""
    import dataclasses

    from jobmatch.resources import occupation_names

    rec = Recommender(normaliser, encoder, occupation_names(None))
    for n in range(130):  # past 128 names the masks share bits: the names are checked
        rec.vocab.id(f"가상자격{n}")
    seekers, vacancies = _world(5, 80, 120)
    rng = np.random.default_rng(5)
    # 지게차운전기능사 takes bit 130 % 128 = 2, which 가상자격2 shares: its mask passes, its name fails
    seekers = [
        dataclasses.replace(s, licences=["가상자격2"], desired_regions=["부산광역시"] if i % 7 == 0 else [])
        if i % 3 == 0
        else s
        for i, s in enumerate(seekers)
    ]
    V = rec.pool_vacancies(vacancies)
    S = rec.pool_seekers(seekers)
    si, vi = np.arange(80), np.arange(120)
    score, viol, f = rec._block(S, si, V, vi)
    r, c = np.nonzero(rng.random((80, 120)) < 0.2)
    p_score, p_viol, p_f = rec._block(S, si, V, vi, pairs=(r, c))
    assert np.array_equal(p_score, score[r, c])
    assert np.array_equal(p_viol, viol[r, c])
    for name in ("occ", "text", "qual", "commute", "wage", "skill", "title", "_req_ok", "_minutes"):
        assert np.array_equal(p_f[name], f[name][r, c], equal_nan=name == "_minutes"), name
    from jobmatch.profiles import CONSTRAINT_BIT

    licence, region = CONSTRAINT_BIT["licence"], CONSTRAINT_BIT["region"]
    assert (p_viol & region).any()
    assert ((p_viol & licence > 0) & p_f["_req_ok"]).any()  # the mask passed, the name did not
    held = [set(S.table.held_names[i]) for i in range(80)]
    every_name_held = [all(q in held[i] for q in V.table.req_names[j]) for i, j in zip(r, c, strict=True)]
    assert ((p_viol & licence) == 0).tolist() == every_name_held


def test_a_widened_groups_costs_are_the_rankings_own(normaliser, encoder):
    """``Blocker``'s costs (the wishes' vectors kept per set of wishes, plus the two cheap tests'
    verdicts: ``_costs_all``) give every pair the relax cost that ``Recommender._violations`` gives it
    on the same cheap tests."""
    import dataclasses

    from jobmatch.resources import occupation_names
    from jobmatch.sides import Sides

    rec = Recommender(normaliser, encoder, occupation_names(None))
    for n in range(130):  # past 128 names: the licence names are checked too
        rec.vocab.id(f"가상자격{n}")
    seekers, vacancies = _world(6, 70, 150)
    seekers = [
        dataclasses.replace(
            s,
            licences=["가상자격2"] if i % 4 == 0 else s.licences,
            desired_regions=["부산광역시"] if i % 5 == 0 else [],
            needs_dormitory=s.needs_dormitory or i % 6 == 0,
        )
        for i, s in enumerate(seekers)
    ]
    V = rec.pool_vacancies(vacancies)
    S = rec.pool_seekers(seekers)
    blocker = Blocker(rec, V, group=16)
    si, vi = np.arange(70), np.arange(150)
    o_ok = blocker.occupation_ok(S, si, vi)
    c_ok = blocker.reach.ok(S.table.lat[si], S.table.lon[si], blocker._smax(S, si), vi)
    zero = np.zeros((1, 1), np.float32)
    f = {
        "_related": o_ok,
        "text": zero,
        "title": zero,
        "_req_ok": blocker._req_ok(S, Sides(si, vi)),
        "_minutes": np.where(c_ok, np.float32(0.0), np.float32(np.inf)),
        "_smax": blocker._smax(S, si)[:, None],
    }
    expected = rec._cost(rec._violations(S, si, V, vi, f))
    got = _costs_all(blocker, S, si, o_ok, c_ok)
    assert np.array_equal(got, expected)
    assert len(np.unique(expected)) >= 4  # several needs relaxed at once: the sums were exercised


def test_a_widened_seeker_gets_its_whole_wide_list_as_exhaustive_scoring(rec):
    """Only the first ``exact`` places are promised for everyone; a seeker with fewer exact fits than
    that is widened, and its whole top-``wide`` (relaxed places included) is exhaustive scoring's."""
    seekers, vacancies = _world(5, 200, 300)
    V = rec.pool_vacancies(vacancies)
    S = rec.pool_seekers(seekers)
    wide, exact = 12, 4
    ex_i, ex_k, *_ = rec.top_keys(S, V, np.arange(len(seekers)), wide, 1)
    got = Blocker(rec, V, group=16).rank(S, wide, 2, exact=exact)
    np.testing.assert_allclose(got.s_key[:, :exact], ex_k[:, :exact], rtol=0, atol=1e-3)
    widened = got.s_key[:, exact - 1] < 0  # fewer than ``exact`` exact fits
    assert got.stats.widened >= widened.sum() > 5
    np.testing.assert_allclose(got.s_key[widened], ex_k[widened], rtol=0, atol=1e-3)


def test_a_widened_groups_columns_are_those_of_the_costs_over_the_whole_pool(rec):
    """``Blocker._tier`` tests occupations only where a pair can still be among a seeker's cheapest
    ``need``; its columns and mask are those of the exact costs over every vacancy (``_costs_all``),
    for groups near many vacancies (most of the pool left untested) and far from all (Jeju)."""
    from jobmatch.blocking import _limits

    seekers, vacancies = _world(8, 120, 400)
    V = rec.pool_vacancies(vacancies)
    S = rec.pool_seekers(seekers)
    blocker = Blocker(rec, V, group=16)
    st, m, need = S.table, len(vacancies), 12
    untested = 0
    for si in np.array_split(blocker._by_wishes(S, np.arange(len(seekers))), 12):
        vi = np.arange(m)
        o_ok = blocker.occupation_ok(S, si, vi)
        box = blocker.box(S, si)
        c_ok = np.zeros(o_ok.shape, bool)
        c_ok[:, box] = blocker.reach.ok(st.lat[si], st.lon[si], blocker._smax(S, si), box)
        cost = _costs_all(blocker, S, si, o_ok, c_ok)
        expected = cost <= _limits(cost, need)[:, None]
        cols, mask = blocker._tier(S, si, need)
        assert np.array_equal(cols, np.flatnonzero(expected.any(axis=0)))
        assert np.array_equal(mask, expected[:, cols])
        untested += m - box.size - np.isin(cols, box, invert=True).sum()
    assert untested > m // 10  # the shortcut was taken: columns beyond every box left untested


def test_region_vectors_agree_with_the_gazetteer_one_workplace_at_a_time(rec):
    """``_region_ok`` (names per distinct region, distances only inside a box around the places)
    says what ``Gazetteer.within`` says of each workplace, near a region's edge too."""
    seekers, vacancies = _world(7, 5, 300)
    g = rec.gazetteer
    rng = np.random.default_rng(7)
    for n, name in enumerate(["인천 남동구", "시흥시", "서울특별시 종로구", "수원시"]):
        places = np.asarray(g._matching(name), dtype=np.int64)
        assert len(places)
        # workplaces near the region's own places (0–6 km off), unknown-region, so distance decides
        k = rng.integers(len(places), size=300)
        lat = g.lat[places[k]] + rng.normal(0, 0.03, 300)
        lon = g.lon[places[k]] + rng.normal(0, 0.03, 300)
        V = rec.pool_vacancies(
            [
                dataclasses.replace(v, id=f"{n}-{j}", lat=float(lat[j]), lon=float(lon[j]))
                for j, v in enumerate(vacancies)
            ]
        )
        got = rec._region_ok(V, name)
        expected = [
            g.within([name], V.region[j], lat[j], lon[j], rec.cfg.region_border_km) for j in range(300)
        ]
        assert got.tolist() == expected
        assert 0 < got.sum() < 300  # some inside or within the slack, some not


def test_limits_are_each_rows_need_th_smallest_cost():
    from jobmatch.blocking import _limits

    rng = np.random.default_rng(7)
    for need in (1, 3, 20):
        cost = rng.choice(
            np.array([0, 1, 2, 3, 5, 8, 13], np.int16), size=(9, 200), p=[0.02, 0.1, 0.2, 0.2, 0.2, 0.2, 0.08]
        )
        assert _limits(cost, need).tolist() == np.sort(cost, axis=1)[:, need - 1].tolist()


def test_the_pairs_order_is_lexsorts_ties_included():
    from jobmatch.blocking import _by_major_best_minor

    rng = np.random.default_rng(3)
    for n_major, n_minor in ((40, 300), (40_000, 70_000), (2**15 + 5, 2**15 - 1)):
        major = rng.integers(0, n_major, 5000)
        minor = rng.integers(-1, n_minor, 5000)
        key = np.round(rng.normal(0, 2, 5000))  # many ties
        key[::50] = -np.inf
        got = _by_major_best_minor(major, n_major, key, minor, n_minor)
        assert got.tolist() == np.lexsort((minor, -key, major)).tolist()
        # without a minor key, the input's order breaks the ties
        assert _by_major_best_minor(major, n_major, key).tolist() == np.lexsort((-key, major)).tolist()


def test_vectorised_rounding_is_pythons_round_halves_included():
    from jobmatch.explain import round2

    rng = np.random.default_rng(11)
    w = np.float32(17.5)
    values = [
        w * rng.random(20000, dtype=np.float32),  # points as the explanations compute them
        rng.normal(0, 30, 20000),
        (rng.integers(-(10**6), 10**6, 20000) + 0.5) / 100,  # exact or near halves: 1.005, 0.125 …
        np.array([0.125, 1.005, 2.675, -0.125, -0.0, 0.0, 1e14, -1e300, np.inf, -np.inf, 0.285, 1.115]),
    ]
    for x in values:
        want = [round(float(v), 2) for v in x]
        got = round2(x)
        assert [repr(a) for a in got] == [repr(b) for b in want]
    nan = round2(np.array([np.nan]))[0]
    assert nan != nan
