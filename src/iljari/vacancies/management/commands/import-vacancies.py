"""iljari import-vacancies FILE — import a 고용24(워크넷) job-listing XML and report what happened."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from iljari.core.progressbar import progress_bar
from iljari.vacancies.importer import MAX_BYTES, import_vacancies_xml


class Command(BaseCommand):
    help = "Import vacancies from a 고용24/워크넷 Open API-style XML file (created, updated, refused)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the XML file (wantedRoot/wanted)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"파일을 찾을 수 없습니다: {path}")
        if path.stat().st_size > MAX_BYTES:  # refused before reading it into memory
            raise CommandError(f"파일이 너무 큽니다 (최대 {MAX_BYTES // (1024 * 1024)}MB): {path}")
        try:
            with progress_bar("고용24 공고", unit="건") as bar:
                report = import_vacancies_xml(path.read_bytes(), progress=bar.update_to)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        for line in report.lines():
            self.stdout.write(line)
        if report.refused and not (report.created or report.updated):
            raise SystemExit(1)
