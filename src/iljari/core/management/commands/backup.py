"""iljari backup --out DIR — a consistent copy of the database (and uploads) with a manifest."""

from django.core.management.base import BaseCommand, CommandError

from iljari.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump or SQLite online backup) and uploaded files into DIR."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="an empty or new directory")

    def handle(self, *args, **options):
        try:
            manifest = backup(options["out"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"backup written to {options['out']}: {manifest['engine']}, "
            f"{len(manifest['tables'])} tables, {rows} rows"
        )
