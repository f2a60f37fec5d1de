"""A real server (gunicorn or Django's threaded runserver) on 127.0.0.1 over a copy of the test
database, for tests that need several processes or threads writing at once."""

import contextlib
import http.client
import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import Client

HOST = "127.0.0.1"
SRC = Path(__file__).resolve().parents[2] / "src"
CSRF = "t15csrfsecretvalue0123456789abcd"  # 32 characters: accepted as cookie and header


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def copy_sqlite_database(target: Path) -> str:
    """Copy the test database (in memory or a file) into ``target``; return its DATABASE_URL."""
    connection.ensure_connection()
    out = sqlite3.connect(target)
    try:
        connection.connection.backup(out)
    finally:
        out.close()
    return f"sqlite:///{target}"


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def server_env(database_url: str, var_dir: Path, **extra: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "ILJARI_VAR_DIR": str(var_dir)}
    env["PYTHONPATH"] = f"{SRC}{os.pathsep}{env.get('PYTHONPATH', '')}"
    env.update({"DEBUG": "0", "ILJARI_PRODUCTION": "0", "ILJARI_REQUIRE_STAFF_2FA": "0", "AXES_ENABLED": "0"})
    env.update({"ILJARI_SEARCH_ANSWER_CACHE": "0", "LOG_LEVEL": "WARNING"})
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    for key in ("ILJARI_AUDIT_KEY", "ILJARI_BACKUP_KEY", "SECRET_KEY"):
        value = getattr(settings, key, None)
        if value:
            env[key] = value
    anchor = getattr(settings, "ILJARI_AUDIT_ANCHOR_FILE", None)
    if anchor:
        env["ILJARI_AUDIT_ANCHOR_FILE"] = str(anchor)
    env.update(extra)
    return env


@contextlib.contextmanager
def serve(env: dict, kind: str = "gunicorn", workers: int = 4, log: Path | None = None):
    """Start the server, wait until it answers, yield its port, stop it."""
    port = free_port()
    if kind == "gunicorn":
        cmd = [sys.executable, "-m", "gunicorn", "iljari.wsgi:application", "--bind", f"{HOST}:{port}"]
        cmd += ["--workers", str(workers), "--timeout", "60", "--graceful-timeout", "5"]
    else:
        cmd = [sys.executable, "-m", "iljari.manage", "runserver", f"{HOST}:{port}", "--noreload"]
        cmd += ["--nothreading"] if kind == "runserver-single" else []
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode}")
            try:
                status, _ = request(port, "GET", "/healthz")
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log:
            out.close()


def request(port: int, method: str, path: str, body=None, session: str | None = None, timeout=60):
    headers = {"Host": "127.0.0.1", "Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if session:
        headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={session}; csrftoken={CSRF}"
        headers["X-CSRFToken"] = CSRF
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def all_at_once(calls: list) -> list:
    """Run each zero-argument callable in its own thread, released together; return results."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        try:
            results[i] = call()
        except Exception as exc:  # the test reports it
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results
