"""iljari export-vacancies [FILE] — the open vacancies as CSV (stdout when no file is given)."""

import sys

from django.core.management.base import BaseCommand

from iljari.vacancies.exporter import export_rows
from iljari.vacancies.search import SearchParams, search_queryset


class Command(BaseCommand):
    help = "Export the open (published, not closed) vacancies as CSV."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="output file (default: stdout)")
        parser.add_argument("--q", default="", help="free-text filter, as on the search page")

    def handle(self, *args, **options):
        qs = search_queryset(SearchParams(q=options["q"])).select_related(
            "employer", "work_region", "occupation"
        )
        if not options["file"]:
            sys.stdout.writelines(export_rows(qs))
            return
        with open(options["file"], "w", encoding="utf-8", newline="") as out:
            out.writelines(export_rows(qs))
