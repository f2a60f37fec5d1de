"""Job-fair timetable benchmark (run by ``make bench``): CP-SAT vs. greedy first-come.

Case 1: 100 booths × 2,000 seekers × 3 requests × 16 slots, 60 s (target: gap ≤ 1 %,
more interviews and seekers served than greedy).  Case 2: 300 booths × 10,000 seekers,
a feasible timetable within 5 minutes (time-block decomposition).
"""

import sys

from iljari.fairs.bench import main

CASES = [
    ["--booths", "100", "--seekers", "2000", "--requests", "3", "--slots", "16", "--time-limit", "60"],
    ["--booths", "300", "--seekers", "10000", "--requests", "3", "--slots", "16", "--time-limit", "280"],
]

if __name__ == "__main__":
    extra = sys.argv[1:]
    for case in CASES:
        main(case + ["--json"] + extra)
