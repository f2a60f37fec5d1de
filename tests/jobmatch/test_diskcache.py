"""A built model is kept as a pickle and built by one process at a time (jobmatch/diskcache.py):
a process that starts while another builds the same file waits and loads what the first wrote."""

import multiprocessing
import os
import time

from jobmatch import diskcache


def _child(path, marker, out):
    def build():
        marker.write_text("built by the second process")
        return "the second process's model"

    out.put(diskcache.cached(path, build))


def test_a_second_process_waits_for_the_builder_and_loads_its_model(tmp_path):
    path, marker = tmp_path / "titles-x.pkl", tmp_path / "second-built"
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    with diskcache.build_lock(path):  # this process is the builder
        child = ctx.Process(target=_child, args=(path, marker, out))
        child.start()
        time.sleep(0.5)  # the child reaches the lock and must wait there, not build
        diskcache.store(path, "the builder's model")
    child.join(60)
    assert child.exitcode == 0
    assert out.get(timeout=5) == "the builder's model"
    assert not marker.exists()


def test_a_model_is_built_once_then_loaded(tmp_path):
    path, calls = tmp_path / "encoder-x.pkl", []

    def build():
        calls.append(1)
        return {"dim": 64}

    assert diskcache.cached(path, build) == {"dim": 64}
    assert diskcache.cached(path, build) == {"dim": 64}
    assert len(calls) == 1
    assert not [p for p in os.listdir(tmp_path) if ".tmp" in p]  # no half-written file left


def test_a_broken_pickle_is_built_again(tmp_path):
    path = tmp_path / "titles-x.pkl"
    path.write_bytes(b"not a pickle")
    assert diskcache.cached(path, lambda: "rebuilt") == "rebuilt"
    assert diskcache.load(path) == "rebuilt"


def test_a_cache_folder_that_cannot_be_written_builds_without_keeping(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    assert diskcache.cached(blocker / "titles-x.pkl", lambda: "built") == "built"
    assert blocker.read_text() == "a file where the cache folder should be"
