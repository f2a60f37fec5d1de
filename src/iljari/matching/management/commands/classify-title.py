"""iljari classify-title [--top K] — job titles on stdin (one per line) → JSON lines of KECO candidates.

Output per line: {"title": "...", "candidates": [{"code": "8241", "name": "용접원", "score": 0.93}, ...]}
The model is built from the job dictionary in the database (cached under MATCHING_CACHE_DIR, by default
VAR_DIR/cache/matching); without it (not migrated, or before ``load-reference-data``) from the
reference data the project ships, as ``iljari recommend`` does.
"""

import sys
from typing import TextIO

from django.core.management.base import BaseCommand, CommandError

from iljari.taxonomy.titles import command_line_text_resources
from jobmatch.cli import classify_stream


class Command(BaseCommand):
    help = "자유 텍스트 직무명을 KECO 직종 후보로 분류합니다 (stdin 한 줄에 하나, JSON lines 출력)."

    def add_arguments(self, parser):
        parser.add_argument("--top", type=int, default=5, help="후보 수 (기본 5)")

    def handle(self, *args, **options):
        top = options["top"]
        if top < 1:
            raise CommandError("--top은 1 이상이어야 합니다.")
        model = command_line_text_resources().normaliser
        if not model.codes:
            raise CommandError("직업사전이 비어 있습니다. 먼저 `iljari load-reference-data`를 실행하세요.")
        out: TextIO = getattr(self.stdout, "_out", sys.stdout)
        classify_stream(model, sys.stdin, out, top=top)
