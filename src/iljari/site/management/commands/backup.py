"""iljari backup --out DIR — an encrypted, signed, consistent copy of the database and uploads.

iljari backup --new-key prints a new key for ILJARI_BACKUP_KEY (docs/operations.md).
"""

from django.core.management.base import BaseCommand, CommandError

from iljari.core.backup.common import BackupError
from iljari.core.backup.create import backup
from iljari.core.backup.keys import new_key
from iljari.core.progressbar import progress_bar


class Command(BaseCommand):
    help = "Back up the database (one consistent snapshot) and uploaded files into DIR, encrypted."

    def add_arguments(self, parser):
        parser.add_argument("--out", help="a new or empty directory (made 0700)")
        parser.add_argument("--new-key", action="store_true", help="print a new ILJARI_BACKUP_KEY and exit")

    def handle(self, *args, **options):
        if options["new_key"]:
            self.stdout.write(new_key())
            return
        if not options["out"]:
            raise CommandError("--out DIR is required")
        try:
            with progress_bar("backup") as bar:
                manifest = backup(options["out"], progress=bar.step)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"backup written to {options['out']}: {manifest['engine']}, "
            f"{len(manifest['tables'])} tables, {rows} rows, {len(manifest['media'])} uploaded files "
            "(encrypted; manifest signed)"
        )
