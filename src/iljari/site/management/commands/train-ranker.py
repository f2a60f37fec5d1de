"""iljari train-ranker [--held-out 0.3] [--seed 0] [--output FILE] — learn a ranker from outcomes.

Reads the applications, accepted referrals and hires on record, learns LambdaMART over the
engine's features from the earlier period and judges it on the later one against the hand weights
(nDCG@10, hire recall@10, 95 % intervals). The model and its evaluation are written to FILE
(default ``ILJARI_LEARNED_RANKER_FILE``); the recommender uses it after a restart only when
``ILJARI_LEARNED_RANKER=1`` and the evaluation beat the hand weights.
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from iljari.matching.bridge import get_pools
from iljari.site.outcomes import train_ranker


class Command(BaseCommand):
    help = "결과(지원·알선 동의·취업)로 추천 순위 모델을 학습하고, 나중 기간에서 수작업 가중치와 비교합니다."

    def add_arguments(self, parser):
        parser.add_argument("--held-out", type=float, default=0.3, help="나중 기간으로 남길 비율 (기본 0.3)")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--output", default=None, help="모델 파일 (기본 ILJARI_LEARNED_RANKER_FILE)")

    def handle(self, *args, **options):
        held_out = options["held_out"]
        if not 0.05 <= held_out <= 0.9:
            raise CommandError("--held-out은 0.05에서 0.9 사이여야 합니다.")
        rec = get_pools().recommender
        saved, rec.ranker = rec.ranker, None
        try:
            model = train_ranker(rec, held_out=held_out, seed=options["seed"], path=options["output"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            rec.ranker = saved
        ev = model.evaluation
        self.stdout.write(json.dumps(ev, ensure_ascii=False))
        used = ev["beats_hand"] and settings.ILJARI_LEARNED_RANKER
        self.stdout.write(
            f"beats the hand weights: {ev['beats_hand']}; "
            f"used by the recommender: {'yes (after a restart)' if used else 'no (hand weights)'}"
        )
