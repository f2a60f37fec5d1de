"""The quality benchmark cannot grade itself: its truth comes from hidden variables, its titles
were held out of the normaliser, stated needs are never relevant when broken, and the metrics and
constraint checks count what they say (bench/world.py, bench/quality.py)."""

import numpy as np
import pytest

from bench import quality as Q
from bench import world as W
from bench.scratch import configured
from bench.titles import held_out_names, read_split
from jobmatch.titles import _squash, clean_title, load_dictionary

DATA = configured().data_dir
needs_data = pytest.mark.skipif(
    not (DATA / "occupations" / "job_dictionary.csv").exists(), reason="reference data not installed"
)


@pytest.fixture(scope="module")
def small_world():
    occ = W.load_occupations(DATA, read_split("dev"))
    return W.make_world(occ, W._places(DATA), 150, 400, seed=3, n_codes=40)


@needs_data
def test_truth_is_not_the_occupation_code(small_world):
    truth = small_world.truth
    s_code = np.array([int(c) for c in small_world.codes_seeker])[:, None]
    v_code = np.array([int(c) for c in small_world.codes_vacancy])[None, :]
    same = (s_code == v_code) & truth.feasible
    relevant = truth.grade > 0
    assert relevant.any()
    # relevant pairs across codes exist, and same-code feasible pairs are often not relevant
    assert (relevant & (s_code // 10 != v_code // 10)).sum() > 0
    assert (same & ~relevant).sum() > 0.2 * same.sum()


@needs_data
def test_a_pair_that_breaks_a_stated_need_is_never_relevant(small_world):
    truth = small_world.truth
    broken = np.logical_or.reduce(list(truth.violations.values()))
    assert broken.any() and (~broken).any()
    assert not (truth.grade[broken] > 0).any()
    assert (truth.feasible == ~broken).all()


@needs_data
def test_world_titles_are_not_names_the_benchmark_normaliser_was_built_from(small_world):
    model_names = load_dictionary(DATA, exclude_names=held_out_names()).names
    known = {_squash(n) for names in model_names.values() for n, _w in names}
    titles = [clean_title(v["title"]) for v in small_world.input["vacancies"]]
    titles += [clean_title(e["title"]) for s in small_world.input["seekers"] for e in s["experience"]]
    leaked = [t for t in titles if _squash(t) in known]
    assert titles and len(leaked) <= 0.02 * len(titles), leaked[:10]


@needs_data
def test_held_out_names_leave_the_model_with_their_spacing_variants_and_duty_mentions():
    names = {"의무기록사", "용접기조작원", "모터그레이더 조종사"}
    d = load_dictionary(DATA, exclude_names=names)
    known = {_squash(n) for lst in d.names.values() for n, _w in lst}
    assert not known & {"의무기록사", "용접기조작원", "모터그레이더조종사"}
    texts = " ".join(t for lst in d.duties.values() for t in lst) + " ".join(j[2] for j in d.jobs)
    assert "의무기록사" not in texts.replace(" ", "")
    full = load_dictionary(DATA)
    assert "의무기록사" in {_squash(n) for lst in full.names.values() for n, _w in lst}


@needs_data
def test_the_keco_tree_names_of_a_code_are_its_names_unless_held_out():
    # keco2018_codes.csv words 0111 '의회 의원', the dictionary's label '의회의원·고위공무원 및 공공단체임원'
    full = {_squash(n) for n, _w in load_dictionary(DATA).names["0111"]}
    assert "의회의원" in full
    held = {_squash(n) for n, _w in load_dictionary(DATA, exclude_names={"의회의원"}).names["0111"]}
    assert "의회의원" not in held
    # a renumbered code: KECO 2025's 6157 is 방문 판매원, the dictionary's 6157 주유원(가스충전원)
    assert "방문판매원" not in {_squash(n) for n, _w in load_dictionary(DATA).names["6157"]}


def test_metrics_count_what_they_say():
    grade = np.array([[2, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1]], np.int8)
    perfect = np.array([[0, 1, -1], [-1, -1, -1], [3, -1, -1]])
    nd, rc, n = Q.quality(perfect, grade, k=3)
    assert (nd, rc, n) == (1.0, 1.0, 2)
    wrong = np.array([[2, 3, -1], [0, 1, 2], [0, 1, 2]])
    assert Q.quality(wrong, grade, k=3)[:2] == (0.0, 0.0)


def test_violations_are_labelled_only_when_the_ranker_named_the_relaxed_constraint():
    viol = {"shift": np.array([[True, False]]), "commute": np.array([[True, True]])}
    truth = W.Truth(grade=np.zeros((1, 2), np.int8), feasible=np.zeros((1, 2), bool), violations=viol)
    ranked = np.array([[0, 1]])
    out = Q.violation_counts(ranked, truth, [[["shift"], ["commute"]]])
    assert out["pairs"] == 2 and out["labelled"] == 1 and out["unlabelled"] == 1
    assert out["by_constraint"] == {"shift": 1, "commute": 2}
    assert Q.violation_counts(ranked, truth, None)["unlabelled"] == 2


def test_stated_constraints_are_checked_as_stated():
    seeker = {
        "lat": 37.45,
        "lon": 126.7,
        "max_commute_minutes": 30,
        "shifts": ["day"],
        "employment": ["permanent"],
        "visa": "E-9",
        "needs_dormitory": True,
        "licences": ["용접기능사"],
        "min_wage_monthly": 2_800_000,
    }
    ok = {
        "lat": 37.45,
        "lon": 126.71,
        "shift": "day",
        "employment": "permanent",
        "accepts_visas": ["E-9"],
        "dormitory": True,
        "required_licences": ["용접기능사"],
        "wage": {"monthly": 3_000_000},
        "hours_per_week": 40,
    }
    bad = {
        **ok,
        "lat": 37.9,
        "shift": "night",
        "employment": "contract",
        "accepts_visas": [],
        "dormitory": False,
        "required_licences": ["지게차운전기능사"],
        "wage": {"hourly": 10_000},
    }
    v = W.violations([seeker], [ok, bad])
    assert not any(m[0, 0] for m in v.values())
    assert all(m[0, 1] for m in v.values()), {k: bool(m[0, 1]) for k, m in v.items()}


def test_the_title_benchmark_scores_the_test_half_only_when_asked(monkeypatch):
    import bench.titles as T

    scored = []
    halves = {"dev": {"dev-name": {"1111"}}, "test": {"test-name": {"2222"}}}
    monkeypatch.setattr(T, "read_split", lambda half, path=None: halves[half])
    monkeypatch.setattr(T, "heldout_normaliser", lambda *a, **k: None)
    monkeypatch.setattr(T, "heldout_data", lambda *a, **k: None)
    monkeypatch.setattr(T, "TitleNormaliser", lambda *a, **k: None)
    monkeypatch.setattr(T, "accuracy", lambda model, gold, comps=None: scored.extend(gold) or (0.5, 0.5))
    monkeypatch.setattr(T, "baseline", lambda model, gold: scored.extend(gold) or (0.4, 0.4))
    out = T.evaluate("unused")
    assert "test" not in out and out["dev"]["top1"] == 0.5
    assert "test-name" not in scored
    out = T.evaluate("unused", final=True)
    assert out["test"]["top1"] == 0.5 and "test-name" in scored
