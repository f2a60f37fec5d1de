"""iljari privacy-alerts [--hours N] — list bulk-access alerts and e-mail the privacy officers.

Run it hourly (systemd timer or cron, docs/operations.md).
"""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from iljari.audit.alerts import bulk_access_alerts, notify_privacy_officers


class Command(BaseCommand):
    help = "Report accounts that accessed many people's data within an hour."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=1)
        parser.add_argument("--no-mail", action="store_true")

    def handle(self, *args, **options):
        since = timezone.now() - dt.timedelta(hours=max(options["hours"], 1))
        alerts = bulk_access_alerts(since=since)
        for alert in alerts:
            self.stdout.write(
                f"{alert['hour']:%Y-%m-%d %H:00} {alert['actor']} subjects={alert['subjects']} "
                f"records={alert['records']} exports={alert['exports']}"
            )
        if not alerts:
            self.stdout.write("no bulk access")
        elif not options["no_mail"]:
            notify_privacy_officers(alerts)
