"""A benchmark never writes to the configured database: it runs on a marked scratch database of
its own, and refuses one that holds rows without the mark (bench/scratch.py, bench/run.py)."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bench import scratch

ROOT = Path(__file__).resolve().parents[2]
RUN = str(ROOT / "bench" / "run.py")
PG = os.environ.get("BENCH_PG", scratch.DEFAULT_PG)


def _real_sqlite(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE accounts_user (id INTEGER PRIMARY KEY, username TEXT)")
    con.execute("INSERT INTO accounts_user (username) VALUES ('counselor')")
    con.commit()
    con.close()


def _dump(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def _env(var: Path, database_url: str) -> dict:
    env = {**os.environ, "ILJARI_VAR_DIR": str(var), "DATABASE_URL": database_url}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def test_runner_refuses_a_scratch_file_that_holds_unmarked_rows(tmp_path):
    var = tmp_path / "var"
    _real_sqlite(var / "bench" / "search.sqlite3")
    before = _dump(var / "bench" / "search.sqlite3")
    done = subprocess.run(  # noqa: S603 - our runner
        [sys.executable, RUN, "search", "--vacancies", "10", "--scratch-db", "sqlite"],
        env=_env(var, f"sqlite:///{tmp_path / 'configured.sqlite3'}"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "refused" in done.stderr and "holds rows" in done.stderr
    assert _dump(var / "bench" / "search.sqlite3") == before


def test_the_configured_sqlite_file_is_never_a_scratch_database(tmp_path):
    path = tmp_path / "iljari.sqlite3"
    with pytest.raises(scratch.RefusedDatabase, match="configured"):
        scratch.prepare_sqlite(path, f"sqlite:///{path}")
    assert not path.exists()


def test_an_empty_or_marked_file_becomes_a_marked_scratch_database(tmp_path):
    path = tmp_path / "bench" / "x.sqlite3"
    url = scratch.prepare_sqlite(path, "sqlite:///elsewhere.sqlite3")
    assert url == f"sqlite:///{path.resolve()}"
    assert scratch.sqlite_marked(path)
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (a)")
    con.execute("INSERT INTO t VALUES (1)")
    con.commit()
    con.close()
    scratch.prepare_sqlite(path, "sqlite:///elsewhere.sqlite3")  # its own rows: reused, not refused
    assert scratch.sqlite_rows(path) == 1


@pytest.mark.skipif(not scratch.postgres_reachable(PG), reason="PostgreSQL not reachable")
def test_postgres_scratch_refuses_unmarked_rows_and_drops_only_marked_databases():
    import psycopg

    name = f"test_bench_refuse_{os.getpid()}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        with psycopg.connect(f"{PG}/{name}", autocommit=True) as conn:
            conn.execute("CREATE TABLE accounts_user (id int, username text)")
            conn.execute("INSERT INTO accounts_user VALUES (1, 'counselor')")
        with pytest.raises(scratch.RefusedDatabase, match="holds rows"):
            scratch.prepare_postgres(PG, name, "sqlite:///x.sqlite3")
        scratch.drop_postgres(PG, name)  # not marked: left alone
        assert scratch.pg_exists(PG, name) and scratch.pg_rows(PG, name) == 1
        with pytest.raises(scratch.RefusedDatabase, match="configured"):
            scratch.prepare_postgres(PG, name, f"{PG}/{name}")
    finally:
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    url = scratch.prepare_postgres(PG, name, "sqlite:///x.sqlite3")
    assert url.endswith(f"/{name}") and scratch.pg_marked(PG, name)
    scratch.drop_postgres(PG, name)
    assert not scratch.pg_exists(PG, name)


def test_runner_options_name_a_kept_world_and_reuse_refuses_a_missing_one(tmp_path):
    from bench import run as runner

    opts, rest = runner._split_runner_options(["--seekers", "5", "--keep-world", "h_world", "--json"])
    assert (opts.world, opts.keep, opts.reuse, rest) == ("h_world", True, False, ["--seekers", "5", "--json"])
    opts, rest = runner._split_runner_options(["--reuse-world=h_world", "--scratch-db", "postgres"])
    assert (opts.world, opts.keep, opts.reuse, opts.kind, rest) == ("h_world", True, True, "postgres", [])
    with pytest.raises(scratch.RefusedDatabase):
        runner._split_runner_options(["--keep-world", "Bad-Name"])
    var = tmp_path / "var"
    done = subprocess.run(  # noqa: S603 - our runner
        [sys.executable, RUN, "nightly", "--scratch-db", "sqlite", "--reuse-world", "nothing_here"],
        env=_env(var, f"sqlite:///{tmp_path / 'configured.sqlite3'}"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "no kept world" in done.stderr, done.stderr
    assert not (var / "bench" / "nothing_here.sqlite3").exists()


# --- the scratch template (bench/template.py) ------------------------------------------------------


def _marked_template(path: Path) -> Path:
    scratch.prepare_sqlite(path, "sqlite:///elsewhere.sqlite3")
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE taxonomy_occupation (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO taxonomy_occupation (name) VALUES ('용접원')")
    con.commit()
    con.close()
    return path


def test_a_new_scratch_file_is_a_copy_of_the_template_and_a_kept_world_is_left_alone(tmp_path):
    template = _marked_template(tmp_path / "template-x.sqlite3")
    dest = tmp_path / "bench" / "search.sqlite3"
    scratch.prepare_sqlite(dest, "sqlite:///elsewhere.sqlite3", template=template)
    assert scratch.sqlite_marked(dest) and _dump(dest) == _dump(template)
    con = sqlite3.connect(dest)
    con.execute("INSERT INTO taxonomy_occupation (name) VALUES ('the kept world')")
    con.commit()
    con.close()
    kept = _dump(dest)
    scratch.prepare_sqlite(dest, "sqlite:///elsewhere.sqlite3", template=template)
    assert _dump(dest) == kept  # not copied over again


def test_an_unmarked_template_is_refused(tmp_path):
    _real_sqlite(tmp_path / "template-x.sqlite3")
    dest = tmp_path / "bench" / "search.sqlite3"
    with pytest.raises(scratch.RefusedDatabase, match="not a benchmark scratch database"):
        scratch.prepare_sqlite(dest, "sqlite:///elsewhere.sqlite3", template=tmp_path / "template-x.sqlite3")
    assert not dest.exists()


def test_the_sqlite_template_is_built_once_and_kept_under_its_key(tmp_path, monkeypatch):
    from bench import template

    builds = []

    def fake_build(url, conf):  # the child process's work: a table with a row
        builds.append(url)
        path = scratch.sqlite_path(url)
        assert path is not None and path.name.endswith(".building") and scratch.sqlite_marked(path)
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE t (a)")
        con.execute("INSERT INTO t VALUES (1)")
        con.commit()
        con.close()

    monkeypatch.setattr(template, "_build", fake_build)
    monkeypatch.setenv("ILJARI_BENCH_TEMPLATE_DIR", str(tmp_path / "templates"))
    folder = tmp_path / "templates"
    folder.mkdir()
    for i in range(template.KEEP):  # older templates (other keys); the oldest goes
        (folder / f"template-old{i}.sqlite3").write_bytes(b"")
        os.utime(folder / f"template-old{i}.sqlite3", (1_000_000 + i, 1_000_000 + i))
    (folder / f"template-{template.key()}.sqlite3.building").write_bytes(b"half a build")
    conf = scratch.Configured(f"sqlite:///{tmp_path / 'iljari.sqlite3'}", tmp_path, tmp_path, tmp_path)
    first = template.sqlite_template(conf)
    assert first == template.sqlite_template(conf) and len(builds) == 1
    assert first.name == f"template-{template.key()}.sqlite3" and scratch.sqlite_rows(first) == 1
    assert sorted(p.name for p in folder.glob("template-*")) == sorted(
        [first.name] + [f"template-old{i}.sqlite3" for i in range(1, template.KEEP)]
    )


def test_the_template_key_follows_migrations_and_reference_data(tmp_path, monkeypatch):
    import shutil

    from bench import template

    taxonomy = tmp_path / "taxonomy"
    shutil.copytree(ROOT / "src" / "iljari" / "taxonomy", taxonomy)
    real = template._package_dir
    monkeypatch.setattr(template, "_package_dir", lambda m: taxonomy if m == "iljari.taxonomy" else real(m))
    key = template.key()
    assert template.key() == key
    migration = sorted((taxonomy / "migrations").glob("0*.py"))[-1]
    original = migration.read_bytes()
    migration.write_bytes(original + b"\n# changed\n")
    assert template.key() != key
    migration.write_bytes(original)
    assert template.key() == key
    data = taxonomy / "data" / "licence_occupations.csv"
    data.write_bytes(data.read_bytes() + b"\n")
    assert template.key() != key


@pytest.mark.skipif(not scratch.postgres_reachable(PG), reason="PostgreSQL not reachable")
def test_a_new_postgres_scratch_database_is_a_copy_of_a_marked_template():
    import psycopg

    tmpl, dest, bad = (f"test_bench_{what}_{os.getpid()}" for what in ("tmpl", "copy", "unmarked"))
    try:
        scratch.prepare_postgres(PG, tmpl, "sqlite:///x.sqlite3")
        with psycopg.connect(f"{PG}/{tmpl}", autocommit=True) as conn:
            conn.execute("CREATE TABLE taxonomy_occupation (id int, name text)")
            conn.execute("INSERT INTO taxonomy_occupation VALUES (1, '용접원')")
        url = scratch.prepare_postgres(PG, dest, "sqlite:///x.sqlite3", fresh=False, template=tmpl)
        assert url.endswith(f"/{dest}") and scratch.pg_marked(PG, dest) and scratch.pg_rows(PG, dest) == 1
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{bad}"')
        with pytest.raises(scratch.RefusedDatabase, match="not a benchmark scratch database"):
            scratch.prepare_postgres(PG, f"{dest}_2", "sqlite:///x.sqlite3", template=bad)
        assert not scratch.pg_exists(PG, f"{dest}_2")
    finally:
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            for name in (tmpl, dest, bad, f"{dest}_2"):
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
