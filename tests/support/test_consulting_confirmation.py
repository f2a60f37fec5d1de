"""Issue 15 #11: consulting requests cannot relay mail — confirm by link, fixed text, rate limits,
and production refuses e-mail settings that would not send (or would log) the messages."""

import datetime as dt
import io
import os
import subprocess
import sys

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from iljari.core.settings_checks import production_email_problems
from iljari.support.models import ConsultingRequest
from tests.referrals.helpers import IMMEDIATE_TASKS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]

HOSTILE = {
    "company_name": "스팸상사 WIN-A-PRIZE",
    "contact_name": "당첨자 CLICKNAME",
    "contact_email": "victim@example.kr",
    "field": "technology",
    "subject": "축하합니다 PRIZE-SUBJECT http://evil.example/prize",
    "body": "아래 링크에서 상품을 받으세요 BODY-PAYLOAD http://evil.example/phish",
    "contact_phone": "010-1234-5678",
}


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE_TASKS


def _submit_api(client, captured, **changes):
    with captured(execute=True):
        return client.post("/api/support/consulting", {**HOSTILE, **changes}, content_type="application/json")


def _user_text(message) -> list[str]:
    """Submitted words found anywhere in a sent message (subject, body, alternatives)."""
    texts = [
        message.subject,
        message.body,
        *(content for content, _type in getattr(message, "alternatives", [])),
    ]
    words = ["WIN-A-PRIZE", "CLICKNAME", "PRIZE-SUBJECT", "BODY-PAYLOAD", "evil.example", "1234-5678"]
    return [w for w in words if any(w in t for t in texts)]


def _token(message) -> str:
    return message.body.split("/support/consulting/confirm/")[1].split("/")[0]


def test_an_anonymous_request_mails_only_a_fixed_confirmation_link(
    client, django_capture_on_commit_callbacks
):
    response = _submit_api(client, django_capture_on_commit_callbacks)
    assert response.status_code == 201
    assert response.json()["status"] == "unconfirmed" and "due_on" not in response.json()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["victim@example.kr"]
    assert _user_text(message) == []  # no name, subject, body, company or phone from the sender
    assert "/support/consulting/confirm/" in message.body
    request = ConsultingRequest.objects.get()
    assert request.status == "unconfirmed" and request.confirmed_at is None
    assert _token(message) not in request.confirm_token_hash  # only the hash is stored


def test_the_web_form_also_asks_for_confirmation_first(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post("/support/consulting/new/", HOSTILE)
    assert page.status_code == 200 and "이메일을 확인해 주세요" in page.text
    assert len(mail.outbox) == 1 and _user_text(mail.outbox[0]) == []


def test_confirming_the_link_routes_the_request_and_sends_the_receipt(
    client, program_manager, client_for, django_capture_on_commit_callbacks
):
    _submit_api(client, django_capture_on_commit_callbacks)
    token = _token(mail.outbox[0])
    staff = client_for(program_manager)
    assert staff.get("/api/support/consulting").json() == []  # not routed while unconfirmed
    assert "PRIZE-SUBJECT" not in staff.get("/support/consulting/").text
    page = client.get(f"/support/consulting/confirm/{token}/")  # opening shows a button, changes nothing
    assert page.status_code == 200 and "신청 확인" in page.text
    assert ConsultingRequest.objects.get().status == "unconfirmed" and len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(f"/support/consulting/confirm/{token}/")
    assert done.status_code == 200 and "자문 신청을 접수했습니다" in done.text
    request = ConsultingRequest.objects.get()
    assert request.status == "received" and request.confirmed_at is not None
    assert request.due_on == timezone.localdate() + dt.timedelta(days=14)
    assert [row["id"] for row in staff.get("/api/support/consulting").json()] == [request.pk]
    assert [m.subject for m in mail.outbox][1].endswith("PRIZE-SUBJECT http://evil.example/prize")
    again = client.post(f"/support/consulting/confirm/{token}/")  # the link works once
    assert again.status_code == 400 and "이미 사용" in again.text
    assert len(mail.outbox) == 2


def test_a_forged_or_expired_token_is_refused(client, django_capture_on_commit_callbacks):
    _submit_api(client, django_capture_on_commit_callbacks)
    token = _token(mail.outbox[0])
    forged = client.post(f"/support/consulting/confirm/{token[:-2]}xx/")
    assert forged.status_code == 400 and "올바르지 않거나" in forged.text
    ConsultingRequest.objects.update(confirm_expires_at=timezone.now() - dt.timedelta(minutes=1))
    expired = client.post(f"/support/consulting/confirm/{token}/")
    assert expired.status_code == 400 and "유효 기간이 지났습니다" in expired.text
    assert ConsultingRequest.objects.get().status == "unconfirmed" and len(mail.outbox) == 1


def test_expired_unconfirmed_requests_are_purged_nightly(client, django_capture_on_commit_callbacks):
    _submit_api(client, django_capture_on_commit_callbacks)
    _submit_api(client, django_capture_on_commit_callbacks, contact_email="other@example.kr")
    ConsultingRequest.objects.filter(contact_email="victim@example.kr").update(
        confirm_expires_at=timezone.now() - dt.timedelta(hours=1)
    )
    out = io.StringIO()
    call_command("purge-expired", "--apply", stdout=out)
    assert "unconfirmed_consulting_deleted: 1" in out.getvalue()
    assert list(ConsultingRequest.objects.values_list("contact_email", flat=True)) == ["other@example.kr"]


def test_requests_are_rate_limited_per_address_and_per_target_email(
    client, settings, django_capture_on_commit_callbacks
):
    settings.ILJARI_RATE_LIMITS = {
        **settings.ILJARI_RATE_LIMITS,
        "consulting": (3, 3600),
        "consulting_email": (2, 86400),
    }
    assert _submit_api(client, django_capture_on_commit_callbacks).status_code == 201
    assert _submit_api(client, django_capture_on_commit_callbacks).status_code == 201
    refused = _submit_api(client, django_capture_on_commit_callbacks)  # third mail to one address
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["status"] == 429 and "요청이 너무 많습니다" in refused.json()["title"]
    assert len(mail.outbox) == 2 and ConsultingRequest.objects.count() == 2
    page = client.post("/support/consulting/new/", {**HOSTILE, "contact_email": "new@example.kr"})
    assert page.status_code == 429 and "요청이 너무 많습니다" in page.text  # fourth from one address
    assert ConsultingRequest.objects.count() == 2 and len(mail.outbox) == 2


def test_staff_entering_a_mailed_request_skip_the_link(
    client_for, program_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(program_manager).post(
            "/api/support/consulting", {**HOSTILE, "channel": "email"}, content_type="application/json"
        )
    assert response.status_code == 201 and response.json()["status"] == "received"
    assert [m.subject for m in mail.outbox] == ["[일자리센터] 자문 요청 접수: " + HOSTILE["subject"]]


@override_settings(TASKS=IMMEDIATE_TASKS)
def test_production_settings_refuse_mail_that_is_not_sent():
    assert any(
        "EMAIL_BACKEND" in p
        for p in production_email_problems(
            "django.core.mail.backends.console.EmailBackend",
            "smtp.example.kr",
            "jobs@example.kr",
            "https://x.kr",
        )
    )
    assert any(
        "EMAIL_HOST" in p
        for p in production_email_problems(
            "django.core.mail.backends.smtp.EmailBackend", "", "jobs@example.kr", "https://x.kr"
        )
    )
    assert any(
        "DEFAULT_FROM_EMAIL" in p
        for p in production_email_problems(
            "django.core.mail.backends.smtp.EmailBackend",
            "smtp.example.kr",
            "iljari@localhost",
            "https://x.kr",
        )
    )
    assert (
        production_email_problems(
            "django.core.mail.backends.smtp.EmailBackend",
            "smtp.example.kr",
            "jobs@example.kr",
            "https://x.kr",
        )
        == []
    )


PRODUCTION_ENV = {
    "ILJARI_PRODUCTION": "1",
    "SECRET_KEY": "k" * 60,
    "ILJARI_AUDIT_KEY": "audit-" + "a" * 40,
    "ILJARI_BACKUP_KEY": "gvCCv3Y0JQ3I8WJp8ZJ3oKpX2zq7E9nZb1n8nUq2l4M=",
    "EMAIL_HOST": "smtp.example.go.kr",
    "DEFAULT_FROM_EMAIL": "jobs@example.go.kr",
    "ILJARI_SITE_URL": "https://jobs.example.go.kr",
}


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}, "EMAIL_BACKEND"),
        ({"EMAIL_HOST": ""}, "EMAIL_HOST"),
        ({"DEFAULT_FROM_EMAIL": ""}, "DEFAULT_FROM_EMAIL"),
        ({"ILJARI_SITE_URL": ""}, "ILJARI_SITE_URL"),
        ({}, None),
    ],
)
def test_production_refuses_to_start_without_real_mail_settings(tmp_path, changes, named):
    env = {**os.environ, **PRODUCTION_ENV, "ILJARI_VAR_DIR": str(tmp_path), **changes}
    for name in ("EMAIL_BACKEND", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        if name not in changes:
            env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "iljari.manage", "check"], env=env, capture_output=True, text=True, check=False
    )
    if named is None:
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr and named in result.stderr
