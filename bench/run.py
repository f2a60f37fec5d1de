"""Run one benchmark: ``python bench/run.py NAME [ARGS…] [--json]``.

Names: matching, quality, fair, search, pages, outcomes, dashboard, nightly, load, titles. Each prints its figures
and its peers' figures from the same run (``--json``: one JSON document). ``ARGS`` are the
benchmark's own (``bench/run.py NAME --help``).

The Django benchmarks (search, pages, outcomes, dashboard, nightly) never touch the configured database: the runner
gives them a scratch database of their own (see ``bench/scratch.py``; a new one starts as a copy of
a migrated template holding the reference data, see ``bench/template.py``) —

    --scratch-db sqlite|postgres|both   which (default: the configured database's kind;
                                        ``both``: SQLite, then PostgreSQL when reachable)
    --scratch-keep                      keep a PostgreSQL scratch database for the next run
                                        (SQLite scratch files under var/bench/ are always kept)
    --keep-world NAME                   run in the scratch database NAME (PostgreSQL database or
                                        var/bench/NAME.sqlite3), generate or top up its world, keep it
    --reuse-world NAME                  run on the world kept in NAME as it is: nothing generated
                                        (refused when NAME is missing, unmarked or empty)

and refuse a scratch database that holds rows without the benchmarks' mark. The load scenario
creates, marks and drops its own database (``--database``, default ``ilj_load``).
"""

from __future__ import annotations

import importlib
import itertools
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(ROOT))

from bench import scratch, template  # noqa: E402 - after the path set-up above

# name → (module, kind): "plain" needs no database, "django" runs on a scratch database,
# "load" manages its own databases and servers
BENCHMARKS: dict[str, tuple[str, str]] = {
    "matching": ("bench.matching", "plain"),
    "quality": ("bench.quality", "plain"),
    "fair": ("bench.fair", "plain"),
    "titles": ("bench.titles", "plain"),
    "search": ("bench.search", "django"),
    "pages": ("bench.pages", "django"),
    "outcomes": ("bench.outcomes", "django"),
    "dashboard": ("bench.dashboard", "django"),
    "nightly": ("bench.nightly", "django"),
    "load": ("bench.load", "load"),
}
# benchmarks that share a scratch database (the demo world is seeded once for both)
SCRATCH_NAME = {"pages": "demo", "outcomes": "demo"}
RUN = str(Path(__file__).resolve())


def usage() -> str:
    return (__doc__ or "").split("\n\n")[0] + "\n\nbenchmarks: " + ", ".join(BENCHMARKS)


@dataclass
class RunnerOptions:
    kind: str | None = None
    keep: bool = False
    world: str | None = None  # the scratch database's own name (--keep-world / --reuse-world)
    reuse: bool = False


def _split_runner_options(argv: list[str]) -> tuple[RunnerOptions, list[str]]:
    opts, rest = RunnerOptions(), []
    it = iter(argv)
    for arg in it:
        name, eq, value = arg.partition("=")
        if name in ("--scratch-db", "--keep-world", "--reuse-world") and not eq:
            value = next(it, "")
        if name == "--scratch-db":
            opts.kind = value
        elif name == "--scratch-keep":
            opts.keep = True
        elif name in ("--keep-world", "--reuse-world"):
            opts.world, opts.keep, opts.reuse = scratch.check_name(value), True, name == "--reuse-world"
        else:
            rest.append(arg)
    return opts, rest


def _demo_world(argv: list[str]) -> bool:
    return "--world=demo" in argv or any(a == "--world" and b == "demo" for a, b in itertools.pairwise(argv))


def run_plain(name: str, argv: list[str]) -> int:
    module = importlib.import_module(BENCHMARKS[name][0])
    return int(module.main(argv) or 0)


def build_template() -> int:
    """In the child process whose DATABASE_URL is a new scratch template (bench/template.py)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iljari.settings")
    import django

    django.setup()
    template.fill()
    return 0


def run_inside(name: str, argv: list[str]) -> int:
    """In the child process whose DATABASE_URL is a scratch database: set up, guard, migrate, run."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iljari.settings")
    import django

    django.setup()
    from django.core.management import call_command

    scratch.assert_scratch_connection()
    call_command("migrate", verbosity=0, interactive=False)
    module = importlib.import_module(BENCHMARKS[name][0])
    return int(module.main(argv) or 0)


def run_on_scratch(name: str, kind: str, opts: RunnerOptions, argv: list[str]) -> int:
    conf = scratch.configured()
    bench_var = conf.var_dir / "bench"
    server = scratch.postgres_server(conf.database_url)
    scratch_name = opts.world or SCRATCH_NAME.get(name, name)
    pg_name = opts.world or f"iljari_bench_{scratch_name}"
    keep = opts.keep
    if kind == "postgres":
        if not scratch.postgres_reachable(server):
            print(f"PostgreSQL at {server} is not reachable", file=sys.stderr)
            return 2
        if opts.reuse and not (scratch.pg_exists(server, pg_name) and scratch.pg_marked(server, pg_name)):
            raise scratch.RefusedDatabase(f"no kept world '{pg_name}' (make it with --keep-world {pg_name})")
        # a new database is a copy of the migrated template with the reference data (bench/template.py)
        pg_template = None if scratch.pg_exists(server, pg_name) else template.postgres_template(server, conf)
        url = scratch.prepare_postgres(server, pg_name, conf.database_url, fresh=False, template=pg_template)
    else:
        path = bench_var / f"{scratch_name}.sqlite3"
        if opts.reuse and not (path.exists() and scratch.sqlite_marked(path)):
            raise scratch.RefusedDatabase(f"no kept world {path} (make it with --keep-world {scratch_name})")
        sqlite_template = template.sqlite_template(conf) if scratch.sqlite_blank(path) else None
        url = scratch.prepare_sqlite(path, conf.database_url, template=sqlite_template)
    (bench_var / "static").mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "ILJARI_VAR_DIR": str(bench_var),
        # the built text models depend only on the reference data: share the checkout's
        "ILJARI_MATCHING_CACHE_DIR": str(conf.matching_cache_dir),
        "ILJARI_DATA_DIR": str(conf.data_dir),
        "LOG_FORMAT": "plain",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        "ILJARI_BENCH_WORLD": "reuse" if opts.reuse else "keep" if opts.world else "",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    try:
        return subprocess.run([sys.executable, RUN, "--inside", name, *argv], env=env, cwd=ROOT).returncode  # noqa: S603 - this runner
    finally:
        if kind == "postgres" and not keep:
            scratch.drop_postgres(server, pg_name)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--inside"]:
        return run_inside(argv[1], argv[2:])
    if argv[:1] == ["--build-template"]:
        return build_template()
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in BENCHMARKS:
        print(usage(), file=sys.stderr)
        return 0 if argv[:1] in (["-h"], ["--help"]) else 2
    name, rest = argv[0], argv[1:]
    kind_name = BENCHMARKS[name][1]
    try:
        if kind_name == "plain":
            return run_plain(name, rest)
        if kind_name == "load":
            return run_plain(name, rest)
        if name == "outcomes" and not _demo_world(rest):
            return run_plain(name, _split_runner_options(rest)[1])  # the synthetic world needs no database
        opts, rest = _split_runner_options(rest)
        kind = opts.kind
        if "-h" in rest or "--help" in rest:
            return run_plain(name, rest)  # the benchmark's own help, no database needed
        conf = scratch.configured()
        kind = kind or ("postgres" if scratch.is_postgres(conf.database_url) else "sqlite")
        if kind not in ("sqlite", "postgres", "both"):
            print("--scratch-db must be sqlite, postgres or both", file=sys.stderr)
            return 2
        if kind != "both":
            return run_on_scratch(name, kind, opts, rest)
        status = run_on_scratch(name, "sqlite", opts, rest)
        if scratch.postgres_reachable(scratch.postgres_server(conf.database_url)):
            status = run_on_scratch(name, "postgres", opts, rest) or status
        else:
            print("PostgreSQL not reachable: SQLite only", file=sys.stderr)
        return status
    except scratch.RefusedDatabase as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
