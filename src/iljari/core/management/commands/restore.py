"""iljari restore --from DIR --yes — replace the database with a backup, then verify every table."""

from django.core.management.base import BaseCommand, CommandError

from iljari.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `iljari backup` (destroys the current data; needs --yes)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="from_dir", required=True)
        parser.add_argument("--yes", action="store_true", help="confirm that current data is replaced")

    def handle(self, *args, **options):
        if not options["yes"]:
            raise CommandError("restore replaces every table: add --yes to confirm")
        try:
            problems = restore(options["from_dir"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if problems:
            for table, problem in sorted(problems.items()):
                self.stderr.write(f"{table}: {problem}")
            raise CommandError(f"restored, but {len(problems)} tables differ from the backup")
        self.stdout.write(f"restored from {options['from_dir']}: every table matches the backup")
