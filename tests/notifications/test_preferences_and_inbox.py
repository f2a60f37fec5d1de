"""One preference store (OptOut by channel and topic) honoured by the sender; every message also
lands in the recipient's in-site inbox."""

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from iljari.notifications.actions import deliver, do_notify, do_opt_out, is_opted_out
from iljari.notifications.models import Delivery, Notice
from iljari.notifications.senders import LoggingSmsSender
from tests.notifications.test_notifications import CONTEXT
from tests.referrals.helpers import IMMEDIATE_TASKS

pytestmark = pytest.mark.django_db


def send_interview_notice(user, *, channels=("sms", "alimtalk", "email")):
    for delivery in do_notify(
        template_key="interview_scheduled", context=CONTEXT, user=user, channels=channels
    ):
        deliver(delivery.pk)
    return dict(Delivery.objects.filter(recipient=user).values_list("channel", "status"))


def test_a_seeker_who_turned_sms_off_on_the_settings_page_gets_no_sms(client, seeker):
    LoggingSmsSender.sent.clear()
    client.force_login(seeker.user)
    response = client.post(
        reverse("seekers:notifications"), {"by_email": "on", "application_updates": "on"}
    )  # 문자·알림톡 unticked
    assert response.status_code == 302
    statuses = send_interview_notice(seeker.user, channels=("sms", "email"))
    assert statuses == {"sms": "opted_out", "email": "sent"}
    assert LoggingSmsSender.sent == []
    assert len(mail.outbox) == 1


def test_turning_sms_back_on_sends_sms_again(client, seeker):
    LoggingSmsSender.sent.clear()
    client.force_login(seeker.user)
    client.post(reverse("seekers:notifications"), {"application_updates": "on"})
    client.post(reverse("seekers:notifications"), {"by_sms": "on", "application_updates": "on"})
    assert send_interview_notice(seeker.user, channels=("sms",)) == {"sms": "sent"}
    assert LoggingSmsSender.sent[-1]["to"] == seeker.user.phone


def test_a_topic_turned_off_stops_every_channel_but_not_the_inbox(client, seeker):
    client.force_login(seeker.user)
    client.post(reverse("seekers:notifications"), {"by_sms": "on", "by_email": "on"})  # 지원 진행 off
    statuses = send_interview_notice(seeker.user)
    assert set(statuses.values()) == {"opted_out"}
    assert Notice.objects.filter(recipient=seeker.user, template_key="interview_scheduled").count() == 1


def test_a_service_notice_without_a_topic_is_stopped_only_by_its_channel(seeker):
    do_opt_out(user=seeker.user, topic="applications")
    assert not is_opted_out(seeker.user, "email")  # a notice about no topic
    assert is_opted_out(seeker.user, "email", "applications")
    do_opt_out(user=seeker.user, channel="sms", topic="events")
    assert is_opted_out(seeker.user, "sms", "events") and not is_opted_out(seeker.user, "email", "events")


def test_the_settings_page_shows_what_is_stored(client, seeker):
    do_opt_out(user=seeker.user, channel="sms")
    do_opt_out(user=seeker.user, channel="alimtalk")
    client.force_login(seeker.user)
    form = client.get(reverse("seekers:notifications")).context["form"]
    assert form.initial["by_sms"] is False and form.initial["by_email"] is True


@override_settings(TASKS=IMMEDIATE_TASKS)
def test_every_notification_appears_once_in_the_recipients_inbox(client, seeker, other_seeker):
    for _ in range(2):
        do_notify(
            template_key="referral_proposed",
            context=CONTEXT | {"vacancy": "CO2 용접공"},
            user=seeker.user,
            channels=("sms",),
            dedupe_key="referral-proposed:9",
        )
    (notice,) = Notice.objects.filter(recipient=seeker.user)
    assert notice.subject == "[일자리센터] 채용 알선 제안: CO2 용접공"  # the e-mail text, with a subject
    client.force_login(seeker.user)
    response = client.get(reverse("notifications:inbox"))
    html = response.content.decode()
    assert "채용 알선 제안: CO2 용접공" in html and "새 알림" in html
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert "새 알림" not in client.get(reverse("notifications:inbox")).content.decode()
    client.force_login(other_seeker.user)
    assert "CO2 용접공" not in client.get(reverse("notifications:inbox")).content.decode()


def test_the_inbox_is_for_signed_in_users_and_in_their_menu(client, seeker):
    assert client.get(reverse("notifications:inbox")).status_code == 302
    client.force_login(seeker.user)
    html = client.get("/").content.decode()
    assert reverse("notifications:inbox") in html
