"""iljari restore --from DIR (--yes | --dry-run) — verify a backup completely, restore it into a
new database, compare every table, and only then switch; the replaced database is kept. The
access log is then the backup's: its anchors start again from its head."""

from django.core.management.base import BaseCommand, CommandError

from iljari.audit.chain import reset_anchor
from iljari.core.backup.common import BackupError
from iljari.core.backup.restore import restore
from iljari.core.progressbar import progress_bar


class Command(BaseCommand):
    help = (
        "Restore a backup made by `iljari backup`. Everything is verified first and restored into a "
        "new database; the current one is kept as a dated copy. --dry-run checks without switching."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="from_dir", required=True)
        parser.add_argument("--yes", action="store_true", help="confirm that the current data is replaced")
        parser.add_argument("--dry-run", action="store_true", help="verify and test-restore, change nothing")

    def handle(self, *args, **options):
        if not options["yes"] and not options["dry_run"]:
            raise CommandError("restore replaces every table: add --yes to confirm (or --dry-run to check)")
        try:
            with progress_bar("restore") as bar:
                report = restore(options["from_dir"], dry_run=options["dry_run"], progress=bar.step)
        except BackupError as exc:
            raise CommandError(f"backup refused, nothing was changed: {exc}") from exc
        if not report["dry_run"]:
            reset_anchor()
        summary = f"{report['tables']} tables, {report['rows']} rows match the backup's manifest"
        if report["dry_run"]:
            self.stdout.write(
                f"dry run: {options['from_dir']} verified and test-restored ({summary}); nothing changed"
            )
        else:
            self.stdout.write(f"restored from {options['from_dir']}: {summary}")
            self.stdout.write(f"the previous database is kept as: {report['previous']}")
