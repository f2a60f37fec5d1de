"""Outcome check on the demo world: recall@10 of held-out hires by time split (issue 14, point 5).

    python bench/run.py outcomes [--scale small] [--held-out 0.3] [--json]

Seeds the demo world into the runner's scratch database when it has no seekers yet (like the
pages benchmark), orders its placements with a vacancy by hire date and holds out the latest share.
For each held-out hire, every ranker orders the demo world's vacancies (open and closed) for that
seeker; recall@10 is the share of held-out hires whose vacancy is in the seeker's top 10. The hand
weights learn nothing from the earlier hires, so the earlier part is reported only as its size.

Rankers: the engine (the 추천 pages' recommender, ``bridge.get_pools().recommender``, on profiles read
by the bridge), ``rule`` (same 4-digit code as one of the seeker's, then same 3-digit group, then
nearer), ``random``. The demo seeder draws a hire's vacancy at random among all vacancies, so this
world carries little signal: the figures say what the demo data can say, no more.
"""

from __future__ import annotations

import argparse
import json
import math
import random


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="bench/run.py outcomes", description=(__doc__ or "").splitlines()[0]
    )
    parser.add_argument("--scale", default="small", choices=["small", "medium", "large"])
    parser.add_argument("--held-out", type=float, default=0.3, help="latest share of hires held out")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from bench.pages import ensure_world
    from bench.scratch import assert_scratch_connection

    assert_scratch_connection()
    say = (lambda m: None) if args.json else (lambda m: print(m, flush=True))
    ensure_world(args.scale, say)

    from iljari.matching.bridge import get_pools, seeker_profile, vacancy_profile
    from iljari.referrals.models import Placement, PlacementStatus
    from iljari.seekers.models import Seeker
    from iljari.vacancies.models import Vacancy, VacancyStatus
    from jobmatch.scoring import great_circle_km

    hires = list(
        Placement.objects.filter(vacancy__isnull=False)
        .exclude(status=getattr(PlacementStatus, "CANCELLED", "__none__"))
        .order_by("hire_date", "id")
        .values_list("seeker_id", "vacancy_id", "hire_date")
    )
    if len(hires) < 10:
        print(f"only {len(hires)} hires with a vacancy in this world", flush=True)
        return 2
    cut = int(len(hires) * (1 - args.held_out))
    held = hires[cut:]
    vacancies = list(
        Vacancy.objects.filter(status__in=[VacancyStatus.PUBLISHED, VacancyStatus.CLOSED])
        .select_related("work_region", "employer", "employer__industry", "occupation")
        .prefetch_related("required_qualifications", "preferred_qualifications")
    )
    vac_ids = {v.pk for v in vacancies}
    held = [h for h in held if h[1] in vac_ids]
    seekers = {
        s.pk: s
        for s in Seeker.objects.filter(pk__in={h[0] for h in held})
        .select_related("home_region")
        .prefetch_related(
            "desired_regions",
            "desired_occupations",
            "experiences__occupation",
            "qualifications_held__qualification",
        )
    }
    held = [h for h in held if h[0] in seekers]
    rec = get_pools().recommender
    vpool = rec.pool_vacancies([vacancy_profile(v) for v in vacancies])
    order = sorted(seekers)
    spool = rec.pool_seekers([seeker_profile(seekers[i]) for i in order])
    ranked = {
        sid: [r.id for r in rs]
        for sid, rs in zip(order, rec.rank_for_seekers(spool, vpool, top=10), strict=True)
    }

    # rule: occupation codes the bridge read (the person's or the normaliser's) and distance
    v_code = {v.pk: (v.occupation.code if v.occupation_id and v.occupation else None) for v in vacancies}
    rng = random.Random(args.seed)

    def rule(sid: int) -> list[int]:
        s = seekers[sid]
        mine = {e.occupation.code for e in s.experiences.all() if e.occupation_id and e.occupation}
        mine |= {o.code for o in s.desired_occupations.all()}

        def key(v):
            c = v_code[v.pk] or ""
            level = 2 if c in mine else (1 if any(c[:3] == m[:3] for m in mine if c) else 0)
            km = (
                great_circle_km(s.lat, s.lon, v.lat, v.lon)
                if None not in (s.lat, s.lon, v.lat, v.lon)
                else 999.0
            )
            return (-level, float(km) if not math.isnan(float(km)) else 999.0)

        return [v.pk for v in sorted(vacancies, key=key)[:10]]

    ids = [v.pk for v in vacancies]
    out_rankers = {
        "engine": [h[1] in ranked.get(h[0], []) for h in held],
        "rule": [h[1] in rule(h[0]) for h in held],
        "random": [h[1] in rng.sample(ids, min(10, len(ids))) for h in held],
    }
    result = {
        "hires_with_vacancy": len(hires),
        "train_hires_before_cut": cut,
        "held_out_hires": len(held),
        "cut_date": str(hires[cut][2]),
        "vacancies_ranked": len(vacancies),
        "recall_at_10": {k: round(sum(v) / len(v), 4) if v else None for k, v in out_rankers.items()},
        "random_expected": round(10 / len(vacancies), 4),
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(
            f"outcome check: {len(held)} held-out hires (hired on or after {result['cut_date']}), "
            f"{len(vacancies):,} vacancies ranked"
        )
        for k, v in result["recall_at_10"].items():
            print(f"  {k:8} recall@10 {v}")
        print(json.dumps(result, ensure_ascii=False))
    return 0
