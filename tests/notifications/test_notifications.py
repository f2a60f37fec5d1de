import pytest
from django.core import mail
from django.test import override_settings

from iljari.notifications.actions import deliver, do_notify, do_opt_out, do_retry_delivery
from iljari.notifications.models import Delivery, MessageTemplate
from iljari.notifications.senders import LoggingSmsSender
from tests.referrals.helpers import DB_TASKS, IMMEDIATE_TASKS, run_db_worker

pytestmark = pytest.mark.django_db

CONTEXT = {
    "name": "홍길동",
    "employer": "(주)남동용접",
    "when": "2026-12-01 10:00",
    "place": "본사",
    "accompanied": True,
    "counselor": "김상담",
    "meeting_point": "정문",
    "transport": "버스 14번",
}


@override_settings(TASKS=IMMEDIATE_TASKS)
def test_message_is_rendered_in_korean_and_sent_after_commit(seeker, django_capture_on_commit_callbacks):
    LoggingSmsSender.sent.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        deliveries = do_notify(
            template_key="interview_scheduled", context=CONTEXT, user=seeker.user, channels=("email", "sms")
        )
    assert {d.status for d in deliveries} == {"queued"}  # nothing leaves inside the request
    assert len(mail.outbox) == 0
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[일자리센터] 면접 일정 안내: (주)남동용접"
    assert "김상담님이 동행합니다" in mail.outbox[0].body
    assert LoggingSmsSender.sent[-1]["to"] == "010-1234-5678"
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


@override_settings(TASKS=IMMEDIATE_TASKS)
def test_opt_out_is_respected_and_logged(seeker, django_capture_on_commit_callbacks):
    do_opt_out(user=seeker.user, channel="sms")
    with django_capture_on_commit_callbacks(execute=True):
        do_notify(
            template_key="interview_reminder", context=CONTEXT, user=seeker.user, channels=("sms", "email")
        )
    statuses = dict(Delivery.objects.values_list("channel", "status"))
    assert statuses == {"sms": "opted_out", "email": "sent"}


def test_dedupe_key_queues_a_message_once(seeker):
    for _ in range(3):
        do_notify(
            template_key="referral_proposed",
            context=CONTEXT | {"vacancy": "용접공"},
            user=seeker.user,
            dedupe_key="referral-proposed:1",
        )
    assert Delivery.objects.count() == 1


@override_settings(ILJARI_SMS_SENDER="iljari.notifications.senders.FailingSmsSender")
def test_provider_failure_is_logged_and_can_be_retried(
    seeker, client_for, counselor, django_capture_on_commit_callbacks
):
    (delivery,) = do_notify(
        template_key="interview_reminder", context=CONTEXT, user=seeker.user, channels=("sms",)
    )
    assert deliver(delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert "unreachable" in delivery.error
    with override_settings(
        ILJARI_SMS_SENDER="iljari.notifications.senders.LoggingSmsSender", TASKS=IMMEDIATE_TASKS
    ):
        response = client_for(counselor).post(f"/notifications/log/{delivery.pk}/retry/")
        assert response.status_code == 302
        assert deliver(delivery.pk) == "sent"
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    with pytest.raises(Exception, match="실패한 메시지만"):
        do_retry_delivery(delivery=delivery)


def test_database_template_overrides_builtin_text(seeker):
    MessageTemplate.objects.create(
        key="interview_reminder", channel="sms", body="[센터] {{ name }}님 내일 면접!"
    )
    (delivery,) = do_notify(
        template_key="interview_reminder", context=CONTEXT, user=seeker.user, channels=("sms",)
    )
    assert delivery.body == "[센터] 홍길동님 내일 면접!"


@override_settings(TASKS=DB_TASKS)
def test_db_backend_keeps_messages_queued_until_the_worker_runs(
    seeker, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        do_notify(template_key="interview_reminder", context=CONTEXT, user=seeker.user, channels=("email",))
    assert Delivery.objects.get().status == "queued"
    run_db_worker(monkeypatch)
    assert Delivery.objects.get().status == "sent"
    assert len(mail.outbox) == 1


def test_settings_page_and_api_manage_opt_outs(client_for, seeker, counselor):
    client = client_for(seeker.user)
    assert client.post("/notifications/", {"opt_out": ["alimtalk"]}).status_code == 302
    assert client.get("/api/notifications/opt-outs").json()["channels"] == ["alimtalk"]
    assert client.put("/api/notifications/opt-outs/sms").json()["channels"] == ["alimtalk", "sms"]
    assert client.delete("/api/notifications/opt-outs/alimtalk").json()["channels"] == ["sms"]
    assert client.put("/api/notifications/opt-outs/pigeon").status_code == 422
    assert client.get("/notifications/log/").status_code == 403
    assert client.get("/api/notifications/deliveries").status_code == 403
    assert client_for(counselor).get("/notifications/log/").status_code == 200
