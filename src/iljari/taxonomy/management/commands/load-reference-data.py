"""iljari load-reference-data [DIR] — import occupations, industries, regions, qualifications.

Without DIR: the reference data shipped with the project (src/iljari/taxonomy/data/, see its
README.md). Idempotent: a second run creates and changes nothing. Then it builds the text models
of that dictionary (iljari.taxonomy.titles: the title normaliser and the duty-text encoder).
"""

import time

from django.core.management.base import BaseCommand, CommandError

from iljari.core.progressbar import progress_bar
from iljari.taxonomy.loader import load_reference_data
from iljari.taxonomy.sources import FILES, ShippedSource
from iljari.taxonomy.titles import text_resources


class Command(BaseCommand):
    help = (
        "Load the reference data shipped with the project (occupations, industries, regions, qualifications)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory",
            nargs="?",
            help="a folder laid out like taxonomy/data/ (default: the data shipped with the project)",
        )
        parser.add_argument(
            "--no-models",
            action="store_true",
            help="do not build the matching text models (title normaliser, encoder) afterwards",
        )

    def handle(self, *args, **options):
        source = ShippedSource(options["directory"])
        if not source.is_available():
            raise CommandError(f"No reference data in {source.root} (expected {', '.join(FILES)}).")
        with progress_bar("reference data", unit="step") as bar:
            report = load_reference_data(source, progress=bar.step)
        for line in report.lines():
            self.stdout.write(line)
        if not options["no_models"]:
            self.build_text_models()

    def build_text_models(self):
        """Build (or find cached) the title normaliser and text encoder of this job dictionary,
        so that `iljari classify-title`, recommendations and the first web requests only load them."""
        started = time.perf_counter()
        self.stdout.write("matching text models: building or loading from the cache …")
        resources = text_resources()
        self.stdout.write(
            f"matching text models: {len(resources.normaliser.codes):,} occupations ready "
            f"in {time.perf_counter() - started:.1f} s"
        )
