"""Connecting to PostgreSQL and running its tools (pg_dump, pg_restore) for backup and restore."""

from __future__ import annotations

import os
import subprocess

from django.db import connection

from .common import BackupError


def _pg_params(dbname: str) -> dict:
    params = connection.get_connection_params()
    params = {k: v for k, v in params.items() if k in ("host", "port", "user", "password", "sslmode")}
    params["dbname"] = dbname
    return params


def pg_connect(dbname: str, autocommit: bool = False):
    import psycopg

    return psycopg.connect(**_pg_params(dbname), autocommit=autocommit)


def pg_args(dbname: str) -> tuple[list[str], dict]:
    db = connection.settings_dict
    args = ["--dbname", dbname]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def run_tool(cmd: list[str], env: dict) -> str:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{cmd[0]} failed ({result.returncode}): {result.stderr.strip()[:2000]}")
    return result.stdout


def db_name(base: str, suffix: str) -> str:
    return base[: 63 - len(suffix)] + suffix
