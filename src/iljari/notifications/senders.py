"""Channel senders. E-mail goes through Django's mail framework; SMS/알림톡 through a pluggable
provider named by ``settings.ILJARI_SMS_SENDER`` (default: log only, nothing leaves the machine)."""

import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
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
