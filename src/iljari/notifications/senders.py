"""Channel senders. E-mail goes through Django's mail framework; SMS/알림톡 through a pluggable
provider named by ``settings.ILJARI_SMS_SENDER`` (default: log only, nothing leaves the machine)."""

import logging
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger("iljari.notifications")


@dataclass
class SendResult:
    provider: str
    ref: str = ""


class SmsSender:
    """Interface of an SMS/알림톡 provider: raise an exception on failure."""

    name = "base"

    def send(self, *, to: str, body: str, channel: str, template_key: str) -> SendResult:  # pragma: no cover
        raise NotImplementedError


class LoggingSmsSender(SmsSender):
    """The default: writes the message to the log and to ``sent`` (for tests and demos)."""

    name = "logging"
    sent: list[dict] = []

    def send(self, *, to, body, channel, template_key):
        ref = uuid.uuid4().hex[:16]
        LoggingSmsSender.sent.append(
            {"to": to, "body": body, "channel": channel, "template_key": template_key}
        )
        logger.info("%s to %s (%s): %s", channel, to, template_key, body[:80])
        return SendResult(provider=self.name, ref=ref)


class FailingSmsSender(SmsSender):
    """A provider that is down (for tests of the failure path)."""

    name = "failing"

    def send(self, *, to, body, channel, template_key):
        raise ConnectionError("SMS gateway unreachable")


def sms_sender() -> SmsSender:
    path = getattr(settings, "ILJARI_SMS_SENDER", "iljari.notifications.senders.LoggingSmsSender")
    return import_string(path)()


def send_email(*, to: str, subject: str, body: str) -> SendResult:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
    return SendResult(provider="email:" + settings.EMAIL_BACKEND.rsplit(".", 2)[-2])


# --- the demo's message log: e-mail and SMS written where a person can read them ---------------

_log_lock = threading.Lock()


def write_message_log(channel: str, to: str, subject: str, body: str) -> None:
    """Append one message to ``settings.ILJARI_MESSAGE_LOG`` (var/messages.log in ``make demo``)."""
    path = Path(
        getattr(settings, "ILJARI_MESSAGE_LOG", "") or Path(settings.PROJECT_DIR) / "var" / "messages.log"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M:%S")
    lines = [f"=== {stamp} {channel} → {to}"]
    if subject:
        lines.append(f"제목: {subject}")
    lines += [body.rstrip(), ""]
    with _log_lock, path.open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


class MessageLogSmsSender(SmsSender):
    """SMS/알림톡 written to the message log instead of a provider (the demo)."""

    name = "message-log"

    def send(self, *, to, body, channel, template_key):
        write_message_log(channel, to, "", body)
        return SendResult(provider=self.name, ref=uuid.uuid4().hex[:16])


class MessageLogEmailBackend(BaseEmailBackend):
    """A Django e-mail backend writing each message to the message log (the demo)."""

    def send_messages(self, email_messages):
        for message in email_messages:
            write_message_log("email", ", ".join(message.to), str(message.subject), str(message.body))
        return len(email_messages)
