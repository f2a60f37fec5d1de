import numpy as np
import pytest

from jobmatch.batch import batch_topk
from jobmatch.engine import EngineConfig, candidate_topk
from jobmatch.online import MatchIndex

from . import factories as f
from .test_ranking import _random_world


def test_online_query_equals_batch_ranking(encoder):
    s, v, vocab = _random_world(encoder, n_s=60, n_v=80, seed=3)
    cfg = EngineConfig(k=10)
    batch = candidate_topk(s, v, cfg)
    idx = MatchIndex(s, v, encoder, vocab, cfg)
    for r in range(len(s)):
        online = [m.id for m in idx.vacancies_for_seeker(int(s.ids[r]), k=10, explain=False)]
        assert online == [int(v.ids[j]) for j in batch.idx[r] if j >= 0]


def test_new_vacancy_is_visible_without_rebuild_and_replaces_its_old_version(encoder):
    seeker = f.seeker(codes=[("8131", 1.0)])  # 금형원
    st, vt, vocab = f.tables([seeker], [f.vacancy(code="8241")], encoder)
    idx = MatchIndex(st, vt, encoder, vocab)
    assert [m.id for m in idx.vacancies_for_seeker(seeker.id)] == []  # 8241 is another 중분류 (82 vs 81)
    mold = f.vacancy(code="8131", text="프레스 금형 제작")
    idx.upsert_vacancies([mold])
    assert [m.id for m in idx.vacancies_for_seeker(seeker.id)] == [mold.id]
    # the same vacancy edited into another field disappears for this seeker
    mold.code = "5322"
    idx.upsert_vacancies([mold])
    assert idx.vacancies_for_seeker(seeker.id) == []
    assert idx.n_vacancies == 2


def test_removed_vacancy_and_seeker_are_not_recommended(encoder):
    v1, v2 = f.vacancy(), f.vacancy()
    s1 = f.seeker()
    st, vt, vocab = f.tables([s1], [v1, v2], encoder)
    idx = MatchIndex(st, vt, encoder, vocab)
    assert idx.remove_vacancy(v1.id)
    assert [m.id for m in idx.vacancies_for_seeker(s1.id)] == [v2.id]
    assert idx.remove_seeker(s1.id)
    assert idx.seekers_for_vacancy(v2.id) == []
    assert not idx.remove_vacancy(v1.id)


def test_seekers_for_vacancy_ranks_the_matching_seeker_first(encoder):
    welder = f.seeker(codes=[("8241", 1.0)], held=["용접기능사"])
    caster = f.seeker(codes=[("8233", 1.0)])
    v = f.vacancy(code="8241", required=["용접기능사"])
    st, vt, vocab = f.tables([caster, welder], [v], encoder)
    idx = MatchIndex(st, vt, encoder, vocab)
    got = idx.seekers_for_vacancy(v.id, k=5)
    assert [m.id for m in got] == [welder.id, caster.id]
    assert got[0].score > got[1].score
    assert got[0].as_dict()["reasons"][0]["code"] == "occ_same"


def test_adhoc_records_can_be_queried_without_storing(encoder):
    v = f.vacancy()
    st, vt, vocab = f.tables([f.seeker()], [v], encoder)
    idx = MatchIndex(st, vt, encoder, vocab)
    got = idx.vacancies_for_seeker(f.seeker(), k=3)
    assert [m.id for m in got] == [v.id]
    assert idx.n_seekers == 1


def test_local_process_executor_equals_serial(encoder):
    s, v, _ = _random_world(encoder, n_s=150, n_v=60, seed=5)
    cfg = EngineConfig(k=10)
    a = batch_topk(s, v, cfg, executor="serial", chunk=40)
    b = batch_topk(s, v, cfg, executor="local", workers=2, chunk=40)
    assert np.array_equal(a.idx, b.idx)
    assert np.array_equal(a.score, b.score)


@pytest.fixture(scope="module")
def dask_client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None)
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_dask_executor_gives_identical_results_to_local(encoder, dask_client):
    s, v, _ = _random_world(encoder, n_s=150, n_v=60, seed=6)
    cfg = EngineConfig(k=10)
    local = batch_topk(s, v, cfg, executor="local", workers=2, chunk=40)
    dask = batch_topk(s, v, cfg, executor="dask", dask_client=dask_client, chunk=40)
    assert np.array_equal(local.idx, dask.idx)
    assert np.array_equal(local.score, dask.score)
    assert (local.idx[:, 0] >= 0).any()


def test_unknown_executor_is_rejected(encoder):
    s, v, _ = _random_world(encoder, n_s=5, n_v=5)
    with pytest.raises(ValueError, match="unknown executor"):
        batch_topk(s, v, executor="spark")


def test_online_seekers_for_vacancy_equals_brute_force(encoder):
    from jobmatch.engine import _topk_rows
    from jobmatch.fastscore import block_scores

    s, v, vocab = _random_world(encoder, n_s=150, n_v=30, seed=8)
    cfg = EngineConfig(k=10)
    idx = MatchIndex(s, v, encoder, vocab, cfg)
    all_s = np.arange(len(s))
    for j in range(len(v)):
        sc = block_scores(s, all_s, v, np.array([j]), cfg.scoring, cfg.filters).T
        top, tsc = _topk_rows(sc, 10)
        want = [int(s.ids[i]) for i, x in zip(top[0], tsc[0], strict=True) if np.isfinite(x)]
        assert [m.id for m in idx.seekers_for_vacancy(int(v.ids[j]), k=10, explain=False)] == want
