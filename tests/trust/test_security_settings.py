"""Security headers, CSP, deploy checks, lockout, two-factor gate, session expiry, passwords."""

import os
import subprocess
import sys
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from iljari.accounts.actions import do_create_user
from iljari.accounts.models import Role
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_content_security_policy_and_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self';" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert len(response["X-Request-ID"]) >= 8


def test_signed_in_pages_are_not_cached(client_for, seeker):
    response = client_for(seeker.user).get(reverse("accounts:my_data"))
    assert response["Cache-Control"] == "no-store, private"


def test_check_deploy_is_clean_with_the_production_environment(tmp_path):
    env = {
        **os.environ,
        "ILJARI_PRODUCTION": "1",
        "DEBUG": "0",
        "SECRET_KEY": "k" * 20 + "-production-secret-0123456789abcdefghijklmnop",
        "ALLOWED_HOSTS": "jobs.example.go.kr",
        "ILJARI_VAR_DIR": str(tmp_path),
        "ILJARI_AUDIT_KEY": "audit-" + "a" * 40,
        "ILJARI_BACKUP_KEY": "gvCCv3Y0JQ3I8WJp8ZJ3oKpX2zq7E9nZb1n8nUq2l4M=",
        "EMAIL_HOST": "smtp.example.go.kr",
        "DEFAULT_FROM_EMAIL": "jobs@example.go.kr",
        "ILJARI_SITE_URL": "https://jobs.example.go.kr",
    }
    env.pop("EMAIL_BACKEND", None)
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the test suite for Playwright only
    result = subprocess.run(
        [sys.executable, "-m", "iljari.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["ILJARI_AUDIT_KEY", "ILJARI_BACKUP_KEY"])
def test_production_refuses_to_start_without_the_audit_and_backup_keys(tmp_path, missing):
    env = {
        **os.environ,
        "ILJARI_PRODUCTION": "1",
        "SECRET_KEY": "k" * 60,
        "ILJARI_AUDIT_KEY": "audit-" + "a" * 40,
        "ILJARI_BACKUP_KEY": "gvCCv3Y0JQ3I8WJp8ZJ3oKpX2zq7E9nZb1n8nUq2l4M=",
        "ILJARI_VAR_DIR": str(tmp_path),
    }
    env.pop(missing)
    result = subprocess.run(
        [sys.executable, "-m", "iljari.manage", "check"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_the_development_secret_key(tmp_path):
    env = {**os.environ, "ILJARI_PRODUCTION": "1", "ILJARI_VAR_DIR": str(tmp_path)}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-m", "iljari.manage", "check"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(seeker):
    client = Client()
    for _ in range(5):
        response = client.post(reverse("accounts:login"), {"username": "seeker_a", "password": "wrong-1234"})
        assert response.status_code in (200, 429)
    locked = client.post(reverse("accounts:login"), {"username": "seeker_a", "password": f.PASSWORD})
    assert locked.status_code == 429
    assert "로그인이 잠시 제한" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_good_password_signs_in_through_the_lockout_backend(seeker):
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "seeker_a", "password": f.PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(seeker.user.pk)


def test_staff_must_confirm_a_totp_code_when_two_factor_is_required(settings, counselor):
    settings.ILJARI_REQUIRE_STAFF_2FA = True
    client = Client()
    client.force_login(counselor)
    response = client.get("/counselor/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_setup"))
    api = client.get("/api/privacy/me")
    assert api.status_code == 403
    assert api["Content-Type"] == "application/problem+json"
    setup = client.get(reverse("accounts:otp_setup"))
    assert setup.status_code == 200
    device = TOTPDevice.objects.get(user=counselor)
    assert not device.confirmed
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    done = client.post(reverse("accounts:otp_setup"), {"token": code})
    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("accounts:my_data")).status_code == 200


def test_staff_with_a_device_are_sent_to_verification_and_a_wrong_code_is_refused(settings, counselor):
    settings.ILJARI_REQUIRE_STAFF_2FA = True
    device = TOTPDevice.objects.create(user=counselor, name="앱", confirmed=True)
    client = Client()
    client.force_login(counselor)
    response = client.get(reverse("accounts:my_data"))
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    wrong = "123456" if code != "123456" else "654321"
    refused = client.post(reverse("accounts:otp_verify"), {"token": wrong})
    assert "인증 코드가 맞지 않습니다" in refused.content.decode()
    assert client.get(reverse("accounts:my_data")).status_code == 302


def test_seekers_are_never_asked_for_a_second_factor(settings, seeker):
    settings.ILJARI_REQUIRE_STAFF_2FA = True
    client = Client()
    client.force_login(seeker.user)
    assert client.get(reverse("accounts:my_data")).status_code == 200


def test_an_idle_session_is_signed_out(settings, seeker):
    settings.SESSION_IDLE_TIMEOUT = 60
    client = Client()
    client.force_login(seeker.user)
    assert client.get(reverse("accounts:my_data")).status_code == 200
    session = client.session
    session["_iljari_last_seen"] = int(time.time()) - 3600
    session.save()
    response = client.get(reverse("accounts:my_data"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(
    "password",
    ["abcdefghijkl", "1234567890123", "짧은비번1", "a" * 129 + "1"],
)
def test_weak_passwords_are_refused_with_korean_messages(password):
    with pytest.raises(ValidationError) as error:
        do_create_user(username="newbie", password=password, role=Role.SEEKER)
    assert any("비밀번호" in m for m in error.value.messages)


def test_a_mixed_password_is_accepted():
    user = do_create_user(username="newbie", password="welder-2026-nam", role=Role.SEEKER)
    assert user.check_password("welder-2026-nam")


def test_readiness_reports_database_and_migrations(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["checks"]["database"] == "ok"


def test_a_worker_is_not_ready_until_its_warm_up_is_done(client, monkeypatch):
    from iljari.core import readiness

    monkeypatch.setenv("ILJARI_WARM_UP", "1")
    monkeypatch.setattr(readiness, "_done", threading.Event())
    cold = client.get("/readyz")
    assert cold.status_code == 503
    assert cold.json()["checks"]["warm_up"] == "in progress"
    assert cold["Retry-After"]
    readiness.mark_warm()
    warm = client.get("/readyz")
    assert warm.status_code == 200
    assert warm.json()["checks"]["warm_up"] == "ok"


def test_a_database_outage_is_a_retryable_503_not_a_500(client, monkeypatch):
    from iljari.vacancies import views

    def down(request, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(views, "search", down)
    from django.urls import clear_url_caches

    clear_url_caches()
    import importlib

    import iljari.urls
    import iljari.vacancies.urls

    importlib.reload(iljari.vacancies.urls)
    importlib.reload(iljari.urls)
    try:
        response = Client(raise_request_exception=False).get("/jobs/")
    finally:
        monkeypatch.undo()
        importlib.reload(iljari.vacancies.urls)
        importlib.reload(iljari.urls)
        clear_url_caches()
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "잠시 후 다시 시도" in response.content.decode()


def test_a_session_lookup_during_an_outage_is_a_503_even_for_the_request_log(seeker, monkeypatch):
    """The session (and so the user) is loaded lazily; when the database is away, neither the
    middleware that touches request.user nor the request log may turn that into a 500."""
    from django.contrib.sessions.backends.db import SessionStore

    client = Client(raise_request_exception=False)
    client.force_login(seeker.user)

    def down(self, *args, **kwargs):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(SessionStore, "_get_session_from_db", down)
    for url in ("/api/applications/", "/me/"):
        response = client.get(url, HTTP_ACCEPT="application/json")
        assert response.status_code == 503, (url, response.status_code)
        assert response["Retry-After"] == "5"


def test_a_session_save_during_an_outage_is_a_503_not_a_400(seeker, monkeypatch):
    """Saving the session after the view (the idle-timeout stamp) fails when the database went
    away: a retry-able 503, not Django's 400 "session interrupted"."""
    from django.db.models import Model

    client = Client(raise_request_exception=False)
    client.force_login(seeker.user)
    real_save = Model.save

    def save(self, *args, **kwargs):
        if type(self).__name__ == "Session":
            raise OperationalError("the database system is shutting down")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Model, "save", save)
    response = client.get("/me/", HTTP_ACCEPT="application/json")
    assert response.status_code == 503, response.status_code
    assert response["Retry-After"] == "5"


def test_structured_log_lines_are_json_with_the_request_id():
    import json
    import logging

    from iljari.core.logformat import JsonFormatter, request_id_var

    token = request_id_var.set("req-12345678")
    try:
        record = logging.makeLogRecord(
            {"msg": "GET %s", "args": ("/jobs/",), "status": 200, "name": "iljari"}
        )
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id_var.reset(token)
    assert line["msg"] == "GET /jobs/"
    assert line["status"] == 200
    assert line["request_id"] == "req-12345678"


def test_an_outage_while_reading_the_seekers_profile_is_a_503_not_a_refusal(seeker, vacancy, monkeypatch):
    """Found by the load run: a PostgreSQL restart while the API looked up the caller's seeker
    profile answered 403 "only seekers may apply" — a wrong answer the client would not retry."""
    from django.db.models.query import QuerySet

    from iljari.vacancies.models import Application

    client = Client(raise_request_exception=False)
    client.force_login(seeker.user)
    real_get = QuerySet.get

    def get(self, *args, **kwargs):
        if self.model.__name__ == "Seeker":
            raise OperationalError("the database system is shutting down")
        return real_get(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "get", get)
    response = client.post("/api/applications/", {"vacancy_id": vacancy.pk}, content_type="application/json")
    assert response.status_code == 503, (response.status_code, response.content[:200])
    assert response["Retry-After"] == "5"
    monkeypatch.undo()
    assert not Application.objects.filter(seeker=seeker).exists()
