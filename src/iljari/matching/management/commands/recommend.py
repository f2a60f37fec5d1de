"""iljari recommend --input FILE [--top N] --json — the public evaluation interface of the matching.

Reads seekers and vacancies from a JSON file (no database rows needed, not even the reference
data: without it the shipped copy is read; the format is in docs/matching.md) and prints one JSON line per seeker:
{"seeker": id, "results": [{"vacancy": id, "score": float, "reasons": [str], "relaxed": [str]}]}.
The ranking is the one the 추천 pages use (``jobmatch.recommend.Recommender``, built on the same
text resources as ``matching.bridge``); reasons are rendered by ``matching.reasons`` in the active
language (``--lang en`` for English).
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from iljari.matching.bridge import get_pools
from iljari.matching.reasons import render_all
from iljari.taxonomy.licences import licence_occupations
from iljari.taxonomy.titles import database_has_dictionary, shipped_text_resources


class Command(BaseCommand):
    help = (
        "JSON 파일의 구직자·공고로 추천을 계산해 구직자마다 JSON 한 줄을 출력합니다 (평가용, DB 행 불필요)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="입력 JSON 파일 경로 ('-'는 표준 입력)")
        parser.add_argument("--top", type=int, default=10, help="구직자당 추천 수 (기본 10)")
        parser.add_argument("--json", action="store_true", help="JSON lines로 출력 (현재 유일한 형식)")
        parser.add_argument("--lang", default="ko", choices=["ko", "en"], help="이유 문장의 언어 (기본 ko)")

    def handle(self, *args, **options):
        from jobmatch.recommend import InputError, read_input

        top = options["top"]
        if top < 1:
            raise CommandError("--top은 1 이상이어야 합니다.")
        path = options["input"]
        try:
            if path == "-":
                data = json.load(sys.stdin)
            else:
                with open(path, encoding="utf-8") as f:
                    data = json.load(f)
        except FileNotFoundError:
            raise CommandError(f"입력 파일을 찾을 수 없습니다: {path}") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise CommandError(f"입력 파일이 올바른 JSON이 아닙니다: {exc}") from None
        try:
            seekers, vacancies = read_input(data)
        except InputError as exc:
            raise CommandError(f"입력 오류 — {exc}") from None
        rec = _recommender()
        for k, s in enumerate(seekers):
            for name in s.desired_regions:
                if not rec.gazetteer.knows(name):
                    self.stderr.write(
                        f"알 수 없는 지역 이름은 빼고 추천합니다 — seekers[{k}].desired_regions: {name}"
                    )
        vpool = rec.pool_vacancies(vacancies)
        spool = rec.pool_seekers(seekers)
        with translation.override(options["lang"]):
            for s, results in zip(seekers, rec.rank_for_seekers(spool, vpool, top=top), strict=True):
                line = {
                    "seeker": s.id,
                    "results": [
                        {
                            "vacancy": r.id,
                            "score": r.score,
                            "reasons": render_all(r.reasons),
                            "relaxed": r.relaxed,
                        }
                        for r in results
                    ],
                }
                self.stdout.write(json.dumps(line, ensure_ascii=False))


def _recommender():
    """The 추천 pages' recommender (text resources from the database's job dictionary); when the
    database has no reference data (not migrated, or ``load-reference-data`` not run), the same
    engine on the reference data the project ships (``shipped_text_resources``)."""
    from jobmatch.recommend import Recommender

    if database_has_dictionary():
        return get_pools().recommender
    res = shipped_text_resources()
    return Recommender(res.normaliser, res.encoder, res.occ_names, licence_links=licence_occupations())
