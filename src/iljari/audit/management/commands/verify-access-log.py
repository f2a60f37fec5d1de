"""iljari verify-access-log — check the access log's keyed hash chain against its anchor.

Run it hourly with the other timers (docs/operations.md): it exits 1 when the chain is broken,
and writes the verified head as a signed line to the application log (an anchor kept off the
database, in the journal).
"""

from django.core.management.base import BaseCommand, CommandError

from iljari.audit import chain
from iljari.audit.models import AccessLog


class Command(BaseCommand):
    help = "Verify the personal-data access log's hash chain (exit status 1 if broken)."

    def handle(self, *args, **options):
        report = chain.check()
        if not report.intact:
            raise CommandError(
                f"access log broken: {report.reason} (row id {report.broken_id}; "
                f"{report.rows} rows verified, anchored head {report.anchored_seq})"
            )
        head = AccessLog.objects.order_by("-seq").values_list("seq", "row_hash").first()
        if head:
            chain.write_anchor(*head, kind="verified")
        self.stdout.write(f"access log intact: {report.rows} rows, anchored head {report.anchored_seq}")
