"""iljari bench NAME [ARGS…] — run one benchmark; each prints its figures and its peers'.

A benchmark is a module with ``main(argv: list[str]) -> int``; the table below names them.
"""

import importlib

from django.core.management.base import BaseCommand, CommandError

BENCHMARKS = {
    "matching": "jobmatch.bench",
    "fair": "iljari.fairs.bench",
    "search": "iljari.vacancies.bench",
    "pages": "iljari.seekers.bench",
    "dashboard": "iljari.programs.bench",
    "load": "iljari.core.loadtest",
}


class Command(BaseCommand):
    help = "Run a benchmark: " + ", ".join(BENCHMARKS)

    def add_arguments(self, parser):
        parser.add_argument("name", choices=sorted(BENCHMARKS))
        parser.add_argument("args", nargs="*", help="passed to the benchmark (put them after --)")

    def run_from_argv(self, argv):
        # everything after the benchmark's name belongs to the benchmark's own parser
        if len(argv) >= 3 and argv[2] in BENCHMARKS:
            self.execute_benchmark(argv[2], argv[3:])
            return
        super().run_from_argv(argv)

    def handle(self, *args, **options):
        self.execute_benchmark(options["name"], options["args"])

    def execute_benchmark(self, name: str, argv: list[str]) -> None:
        try:
            module = importlib.import_module(BENCHMARKS[name])
        except ModuleNotFoundError as exc:
            raise CommandError(f"Benchmark '{name}' is not built yet ({exc.name}).") from exc
        status = module.main(list(argv))
        if status:
            raise SystemExit(status)
