"""A pristine scratch template: one migrated database with the reference data loaded, copied
into each new scratch database instead of migrating it and loading ~34,000 reference rows again
(about 20 s per database).

The template is keyed by a hash of what its content follows from — every installed app's
migration files, the shipped reference data (``taxonomy/data/``) and the code that loads it —
so a changed migration or data file makes a new template, never a stale copy:

* SQLite: ``<dir>/template-<key>.sqlite3``, ``<dir>`` being ``ILJARI_BENCH_TEMPLATE_DIR`` or
  ``<var>/bench``; a new scratch file is a copy of it (SQLite's backup API);
* PostgreSQL: the database ``iljari_bench_template_<key>`` on the scratch server; a new scratch
  database is ``CREATE DATABASE … TEMPLATE`` it.

A template is built once, by the first run that needs it, under a lock (a file lock for SQLite,
an advisory lock on the server for PostgreSQL: parallel test workers and runs of other checkouts
against the same server wait for it, then copy it), into a marked scratch database under a
building name, and only renamed into place when complete. A template carries the scratch mark
like every scratch database (``bench/scratch.py``) and is refused without it. The newest few
templates are kept; older ones (other keys) are dropped when a new one is built.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib
import importlib.metadata
import importlib.util
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from bench import scratch

#: bump when the recipe below (what a template holds) changes
RECIPE = "migrate + load_reference_data v1"
PG_PREFIX = "iljari_bench_template_"
KEEP = 4  # templates (keys) kept per directory or server: checkouts on different branches share
#: the code whose result the reference tables are (besides the data files)
LOADER_FILES = ("loader.py", "regions.py", "sources.py")
_LOCK_ID = 0x696C6A617269  # the advisory lock of every template build on a server ("iljari")


def _package_dir(module: str) -> Path | None:
    """The folder of an installed app's package, found without importing it."""
    top, *rest = module.split(".")
    spec = importlib.util.find_spec(top)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)), *rest)


def key() -> str:
    """A hash of every installed app's migration files, the reference data and its loader (and
    of what else shapes the tables: the project's custom fields, Django's version)."""
    installed = importlib.import_module("iljari.settings").INSTALLED_APPS
    digest = hashlib.sha256(RECIPE.encode())
    files: list[tuple[str, Path]] = []
    for app in installed:
        folder = _package_dir(app)
        if folder is not None and (folder / "migrations").is_dir():
            files += [(f"{app}/{p.name}", p) for p in sorted((folder / "migrations").glob("*.py"))]
    taxonomy = _package_dir("iljari.taxonomy")
    assert taxonomy is not None
    files += [(f"data/{p.name}", p) for p in sorted((taxonomy / "data").iterdir()) if p.is_file()]
    files += [(f"taxonomy/{name}", taxonomy / name) for name in LOADER_FILES]
    core = _package_dir("iljari.core")
    assert core is not None
    files.append(("core/fields.py", core / "fields.py"))  # custom columns the migrations name
    digest.update(importlib.metadata.version("django").encode())  # its schema editor writes the DDL
    for name, path in files:
        digest.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def template_dir(conf: scratch.Configured) -> Path:
    return Path(os.environ.get("ILJARI_BENCH_TEMPLATE_DIR") or conf.var_dir / "bench")


def _build(url: str, conf: scratch.Configured) -> None:
    """Migrate the marked, empty database at ``url`` and load the reference data (a child process)."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "ILJARI_VAR_DIR": str(conf.var_dir / "bench"),
        "ILJARI_DATA_DIR": str(conf.data_dir),
        "LOG_FORMAT": "plain",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run = str(scratch.ROOT / "bench" / "run.py")
    done = subprocess.run(  # noqa: S603 - our runner
        [sys.executable, run, "--build-template"], env=env, cwd=scratch.ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"building the scratch template failed:\n{done.stderr[-3000:]}")


def fill() -> None:
    """Inside the template's build process (Django set up, connection guarded): its content."""
    from django.core.management import call_command

    from iljari.taxonomy.loader import load_reference_data

    scratch.assert_scratch_connection()
    call_command("migrate", verbosity=0, interactive=False)
    load_reference_data()


def reference_models() -> list:
    """The tables a template fills beyond the migrations' own rows: the taxonomy app's, and the
    minimum wages (a data migration's rows)."""
    from django.apps import apps

    taxonomy = list(apps.get_app_config("taxonomy").get_models(include_auto_created=True))
    return [*taxonomy, apps.get_model("vacancies", "MinimumWage")]


def ensure_reference_data() -> None:
    """Load the reference data unless the scratch database has it (a copy of the template has)."""
    from iljari.taxonomy.models import Occupation

    if not Occupation.objects.exists():
        from iljari.taxonomy.loader import load_reference_data

        load_reference_data()


def flush_keeping_reference_data() -> None:
    """``flush`` of every table but the reference ones (a world rebuilt on a copy of the template
    keeps the reference rows the copy brought)."""
    from django.core.management.color import no_style
    from django.core.management.sql import emit_post_migrate_signal
    from django.db import connection

    keep = {model._meta.db_table for model in reference_models()}
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    sql = connection.ops.sql_flush(no_style(), [t for t in tables if t not in keep], reset_sequences=True)
    connection.ops.execute_sql_flush(sql)
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)  # as flush does


# --- SQLite ----------------------------------------------------------------------------------------


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def sqlite_template(conf: scratch.Configured) -> Path:
    """The SQLite template of this checkout's migrations and data, built when missing."""
    folder = template_dir(conf)
    path = (folder / f"template-{key()}.sqlite3").resolve()
    if scratch.sqlite_path(conf.database_url) == path:
        raise scratch.RefusedDatabase(f"{path} is the configured database")
    with _file_lock(folder / "template.lock"):
        if path.exists():
            if not scratch.sqlite_marked(path):
                raise scratch.RefusedDatabase(f"{path} is not a benchmark scratch database")
            return path
        building = path.with_name(f"{path.name}.building")
        for leftover in (building, *(building.with_name(building.name + s) for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)  # a build that died half-way
        _build(scratch.prepare_sqlite(building, conf.database_url), conf)
        con = sqlite3.connect(building)
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            con.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            con.close()
        os.replace(building, path)
        old = sorted(folder.glob("template-*.sqlite3"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[KEEP:]:
            stale.unlink(missing_ok=True)
    return path


# --- PostgreSQL ------------------------------------------------------------------------------------


@contextlib.contextmanager
def _pg_lock(server: str, shared: bool) -> Iterator[None]:
    """The server-wide template lock: exclusive to build, shared to copy (CREATE DATABASE …
    TEMPLATE needs no one else connected to the template, which only a build is)."""
    with scratch._pg_connect(server, "postgres") as conn:
        conn.execute(
            "SELECT pg_advisory_lock_shared(%s)" if shared else "SELECT pg_advisory_lock(%s)", [_LOCK_ID]
        )
        yield


def postgres_template(server: str, conf: scratch.Configured) -> str:
    """The name of the PostgreSQL template of this checkout's migrations and data, built when missing."""
    name = scratch.check_name(PG_PREFIX + key())
    if scratch.is_postgres(conf.database_url) and scratch.pg_name(conf.database_url) == name:
        raise scratch.RefusedDatabase(f"'{name}' is the configured database")
    if scratch.pg_exists(server, name) and scratch.pg_marked(server, name):
        return name
    with _pg_lock(server, shared=False):
        if scratch.pg_exists(server, name):
            if not scratch.pg_marked(server, name):
                raise scratch.RefusedDatabase(f"database '{name}' is not a benchmark scratch database")
            return name
        building = name + "_new"
        scratch.drop_postgres(server, building)  # a build that died half-way (marked)
        _build(scratch.prepare_postgres(server, building, conf.database_url, fresh=True), conf)
        with scratch._pg_connect(server, "postgres") as conn:
            conn.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
            old = [
                row[0]
                for row in conn.execute(
                    "SELECT datname FROM pg_database WHERE datname LIKE %s ORDER BY oid DESC",
                    [PG_PREFIX.replace("_", r"\_") + "%"],
                )
            ]
        for stale in old[KEEP:]:
            scratch.drop_postgres(server, stale)  # only a marked one
    return name


def create_postgres_from(server: str, name: str, template: str) -> None:
    """``CREATE DATABASE name TEMPLATE template`` (the caller has checked ``name``)."""
    with _pg_lock(server, shared=True), scratch._pg_connect(server, "postgres") as conn:
        conn.execute(
            f'CREATE DATABASE "{scratch.check_name(name)}" TEMPLATE "{scratch.check_name(template)}"'
        )
