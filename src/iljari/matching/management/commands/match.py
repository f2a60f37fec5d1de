"""iljari match --all [--k K] [--dask ADDRESS|local] [--workers N]
   iljari match --seeker ID | --vacancy ID [--k K] [--json]

Batch: ranks every active seeker against every open vacancy (capacity-aware) and stores the
recommendations; the executor is local processes by default, Dask distributed with --dask.
Online: prints one seeker's (or one vacancy's) recommendations with reasons.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from iljari.core.progressbar import progress_bar
from iljari.matching import actions
from iljari.seekers.models import Seeker
from iljari.vacancies.models import Vacancy


class Command(BaseCommand):
    help = "일자리 매칭: 전체 배치(--all) 또는 구직자·공고 한 건의 추천을 계산합니다."

    def add_arguments(self, parser):
        g = parser.add_mutually_exclusive_group(required=True)
        g.add_argument("--all", action="store_true", help="모든 구직자·공고 배치 매칭 후 저장")
        g.add_argument("--seeker", type=int, help="구직자 ID 한 명의 추천 공고")
        g.add_argument("--vacancy", type=int, help="공고 ID 한 건의 추천 구직자")
        parser.add_argument("--k", type=int, default=10)
        parser.add_argument("--dask", metavar="SCHEDULER_ADDRESS", help="Dask 스케줄러 주소 또는 'local'")
        parser.add_argument("--workers", type=int, default=None)
        parser.add_argument(
            "--slack", type=float, default=3.0, help="공고 노출 상한 = slack × 모집인원 비례 몫"
        )
        parser.add_argument(
            "--no-vacancy-lists", action="store_true", help="공고별 추천 구직자 목록은 저장하지 않음"
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **o):
        k = o["k"]
        if k < 1 or k > 100:
            raise CommandError("--k는 1~100 사이여야 합니다.")
        if o["all"]:
            with progress_bar("matching", unit="list") as bar:
                run = actions.do_run_batch_matching(
                    progress=bar.update_to,
                    k=k,
                    executor="dask" if o["dask"] else "local",
                    dask_address=o["dask"],
                    workers=o["workers"],
                    slack=o["slack"],
                    for_vacancies=not o["no_vacancy_lists"],
                )
            if o["json"]:
                self.stdout.write(
                    json.dumps({"run": run.pk, "status": run.status, **run.stats}, ensure_ascii=False)
                )
            else:
                capped = run.stats.get("capped", {})
                self.stdout.write(
                    f"매칭 완료: 구직자 {run.n_seekers:,}명 × 공고 {run.n_vacancies:,}건 → 추천 {run.n_recommendations:,}건 "
                    f"({run.stats.get('seconds_total')}초, 최대 노출 비율 {capped.get('max_exposure_ratio')})"
                )
            return
        if o["seeker"] is not None:
            seeker = Seeker.objects.filter(pk=o["seeker"]).first()
            if seeker is None:
                raise CommandError(f"구직자 ID {o['seeker']}가 없습니다.")
            recs = actions.recommend_vacancies_for_seeker(seeker, k=k)
            items = [(r.vacancy.pk, r.vacancy.title, r) for r in recs]
        else:
            vacancy = Vacancy.objects.filter(pk=o["vacancy"]).first()
            if vacancy is None:
                raise CommandError(f"공고 ID {o['vacancy']}가 없습니다.")
            recs = actions.recommend_seekers_for_vacancy(vacancy, k=k)
            items = [(r.seeker.pk, r.seeker.initials, r) for r in recs]
        if o["json"]:
            self.stdout.write(
                json.dumps(
                    [
                        {
                            "id": i,
                            "label": label,
                            "score": r.score,
                            "reasons": r.reasons,
                            "contributions": r.contributions,
                        }
                        for i, label, r in items
                    ],
                    ensure_ascii=False,
                )
            )
            return
        if not items:
            self.stdout.write("추천 결과가 없습니다.")
        for i, label, r in items:
            self.stdout.write(f"{r.rank:>2}. [{i}] {label} — {r.score:.1f}점: " + ", ".join(r.reasons))
