"""iljari load-reference-data [DIR] — import occupations, industries, regions, qualifications."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from iljari.taxonomy.loader import load_reference_data
from iljari.taxonomy.sources import BuiltinSource, PublicDataSource


class Command(BaseCommand):
    help = "Load the public reference data (or the built-in subset when the folder is absent)."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", help="data folder (default: ILJARI_DATA_DIR)")
        parser.add_argument("--builtin", action="store_true", help="load only the built-in subset")

    def handle(self, *args, **options):
        if options["builtin"]:
            source = BuiltinSource()
        else:
            directory = Path(options["directory"] or settings.ILJARI_DATA_DIR)
            source = PublicDataSource(directory)
            if not source.is_available():
                if options["directory"]:
                    raise CommandError(
                        f"No reference data in {directory} (expected occupations/keco_tree.csv)."
                    )
                self.stdout.write(f"{directory} not found: loading the built-in subset.")
                source = BuiltinSource()
        report = load_reference_data(source)
        for line in report.lines():
            self.stdout.write(line)
