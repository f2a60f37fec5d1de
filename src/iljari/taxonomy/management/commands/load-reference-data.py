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
        parser.add_argument(
            "--no-models",
            action="store_true",
            help="do not build the matching text models (title normaliser, encoder) afterwards",
        )

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
        if not options["no_models"]:
            self.build_text_models()

    def build_text_models(self):
        """Build (or find cached) the title normaliser and text encoder of this job dictionary,
        so that `iljari classify-title`, recommendations and the first web requests only load them."""
        import time

        from iljari.matching.bridge import text_resources

        started = time.perf_counter()
        self.stdout.write("matching text models: building or loading from the cache …")
        resources = text_resources()
        self.stdout.write(
            f"matching text models: {len(resources.normaliser.codes):,} occupations ready "
            f"in {time.perf_counter() - started:.1f} s"
        )
