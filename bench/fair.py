"""``bench/run.py fair``: CP-SAT timetable vs. the greedy first-come baseline on a generated
fair, both measured in the same run.

    python bench/run.py fair --booths 100 --seekers 2000 --requests 3 --slots 16 --json
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from iljari.fairs.timetable import check_timetable, first_come, generate_fair, solve


def run(
    booths: int, seekers: int, requests: int, slots: int, seed: int = 0, time_limit: float = 60.0
) -> dict:
    problem = generate_fair(booths, seekers, requests, slots, seed=seed)
    t0 = time.perf_counter()
    greedy = first_come(problem)
    greedy.seconds = time.perf_counter() - t0  # wall clock of the whole call, validation included
    t0 = time.perf_counter()
    cpsat = solve(problem, time_limit=time_limit, seed=seed)
    cpsat.seconds = time.perf_counter() - t0
    for name, result in (("greedy", greedy), ("cpsat", cpsat)):
        violations = check_timetable(problem, result.interviews)
        if violations:  # never expected; the benchmark must not report an invalid timetable
            raise SystemExit(f"{name} timetable violates constraints: {violations[:5]}")
    out: dict = {"booths": booths, "seekers": seekers, "requests": requests, "slots": slots}
    out["cpsat"] = cpsat.summary() | {"method": cpsat.method, "status": cpsat.status}
    out["greedy"] = greedy.summary(with_bound=False)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run.py fair", description="채용박람회 면접 시간표 벤치마크")
    parser.add_argument("--booths", type=int, default=100)
    parser.add_argument("--seekers", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=3)
    parser.add_argument("--slots", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time-limit", type=float, default=60.0, help="CP-SAT time limit in seconds")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args(argv)
    out = run(
        args.booths, args.seekers, args.requests, args.slots, seed=args.seed, time_limit=args.time_limit
    )
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        c, g = out["cpsat"], out["greedy"]
        print(
            f"fair: {args.booths} booths × {args.seekers} seekers × {args.requests} requests × {args.slots} slots"
        )
        print(
            f"  CP-SAT ({c['method']}, {c['status']}): {c['interviews']} interviews, value {c['value']} "
            f"(bound {c['bound']}, gap {c['gap']:.2%}), {c['seekers_with_interview']} seekers served, {c['seconds']} s"
        )
        print(
            f"  greedy first-come: {g['interviews']} interviews, value {g['value']}, "
            f"{g['seekers_with_interview']} seekers served, {g['seconds']} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
