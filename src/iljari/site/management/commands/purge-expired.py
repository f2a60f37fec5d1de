"""iljari purge-expired --dry-run|--apply — enforce the retention rules (docs/privacy.md).

* seekers inactive for ILJARI_SEEKER_RETENTION_DAYS (3 years) are anonymised
  (iljari.accounts.privacy.do_delete_account, actor "system:retention");
* failed-login records (django-axes) older than 1 year and expired sessions are deleted;
* consulting requests whose e-mail confirmation link ran out unconfirmed are deleted
  (iljari.support.actions.do_purge_unconfirmed_consulting).
The personal-data access log is never purged here: it is kept at least 2 years and its hash
chain must stay verifiable (archive older rows with `iljari backup` before any manual pruning).
The command spans accounts, seekers, support, sessions and login records: it belongs to the site app.
"""

import datetime as dt

from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from iljari.accounts.privacy import do_delete_account
from iljari.seekers.retention import inactive_seekers
from iljari.support.actions import do_purge_unconfirmed_consulting


class Command(BaseCommand):
    help = (
        "Anonymise seekers past the retention period and drop expired login records (--dry-run or --apply)."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", help="only count (the default)")
        mode.add_argument("--apply", action="store_true", help="really anonymise and delete")
        parser.add_argument("--limit", type=int, default=0, help="at most this many seekers (0 = all)")

    def handle(self, *args, **options):
        if options["limit"] < 0:
            raise CommandError("--limit must be 0 or more")
        now = timezone.now()
        seekers = inactive_seekers(now)
        if options["limit"]:
            seekers = seekers[: options["limit"]]
        seekers = list(seekers)
        year_ago = now - dt.timedelta(days=365)
        attempts = AccessAttempt.objects.filter(attempt_time__lt=year_ago)
        failures = AccessFailureLog.objects.filter(attempt_time__lt=year_ago)
        sessions = Session.objects.filter(expire_date__lt=now)
        counts = {
            "seekers_to_anonymise": len(seekers),
            "login_attempts_to_delete": attempts.count() + failures.count(),
            "expired_sessions_to_delete": sessions.count(),
            "unconfirmed_consulting_to_delete": do_purge_unconfirmed_consulting(now=now, apply=False),
        }
        if not options["apply"]:
            for key, value in counts.items():
                self.stdout.write(f"{key}: {value}")
            self.stdout.write("dry run: nothing changed (use --apply)")
            return
        done = 0
        for seeker in seekers:
            with transaction.atomic():
                do_delete_account(seeker.user, None, reason="보유기간 경과(3년 미활동)", end_sessions=False)
            done += 1
        attempts.delete()
        failures.delete()
        sessions.delete()
        purged = do_purge_unconfirmed_consulting(now=now)
        self.stdout.write(f"seekers_anonymised: {done}")
        self.stdout.write(f"login_attempts_deleted: {counts['login_attempts_to_delete']}")
        self.stdout.write(f"expired_sessions_deleted: {counts['expired_sessions_to_delete']}")
        self.stdout.write(f"unconfirmed_consulting_deleted: {purged}")
