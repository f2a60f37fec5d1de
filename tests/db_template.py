"""Each test process's database starts as a copy of the benchmarks' scratch template — migrated,
with the reference data loaded (``bench/template.py``) — instead of running every migration and
loading ~34,000 reference rows again (about 20 s of CPU per test process). Django's ``migrate``
then finds nothing to apply, and ``ensure_reference_data`` (tests/conftest.py) finds the rows.

The template is keyed by the migration files and the reference data, built once per checkout
under a lock (parallel test workers wait for the first), and shared with the benchmarks and
their tests. ``ILJARI_TEST_DB_TEMPLATE=0`` migrates and loads as before.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

#: the connections that keep each in-memory test database alive until Django's own opens
_keep_open: list[sqlite3.Connection] = []


def start_from_template() -> None:
    if os.environ.get("ILJARI_TEST_DB_TEMPLATE", "1") == "0":
        return
    from django.db import connections

    from bench import scratch, template

    connection = connections["default"]
    conf = scratch.configured()
    if connection.vendor == "postgresql":
        server = scratch.postgres_server(conf.database_url)
        connection.settings_dict.setdefault("TEST", {})["TEMPLATE"] = template.postgres_template(server, conf)
        return
    if connection.vendor != "sqlite":
        return
    creation = connection.creation
    create = creation._create_test_db

    def _create_test_db(verbosity, autoclobber, keepdb=False):
        name = create(verbosity, autoclobber, keepdb)
        in_memory = creation.is_in_memory_db(name)
        if keepdb and not in_memory and Path(name).exists():
            return name  # --reuse-db: the kept database as it is
        source = sqlite3.connect(f"file:{template.sqlite_template(conf)}?mode=ro", uri=True)
        target = sqlite3.connect(name, uri=in_memory)
        try:
            source.backup(target)
            target.execute(f"DROP TABLE {scratch.MARK_TABLE}")  # a test database, not a scratch one
            target.commit()
        finally:
            source.close()
            if in_memory:
                _keep_open.append(target)
            else:
                target.close()
        return name

    creation._create_test_db = _create_test_db


def migrated_sqlite_file(path: Path) -> None:
    """A SQLite file for processes a test starts: a copy of the template (migrated, reference
    data loaded), as ``iljari migrate`` would leave it but without running the migrations."""
    from bench import scratch, template

    source = sqlite3.connect(f"file:{template.sqlite_template(scratch.configured())}?mode=ro", uri=True)
    target = sqlite3.connect(path)
    try:
        source.backup(target)
        target.execute(f"DROP TABLE {scratch.MARK_TABLE}")
        target.commit()
    finally:
        source.close()
        target.close()
