"""Matching benchmark with default sizes that finish in a few minutes on 2 cores.

Runs ``jobmatch.bench`` (engine vs BM25, exact brute force and random, measured in the same run) and
prints its table and JSON, including the *extrapolated* 1,000,000 × 100,000 batch figures (scaled from
the measured run, not run at full size). Pass any ``jobmatch.bench`` options to override, e.g.
``--seekers 200000 --vacancies 100000`` for the large run.
"""

import sys

from jobmatch.bench import main

DEFAULTS = ["--seekers", "50000", "--vacancies", "50000", "--eval-seekers", "1000"]

if __name__ == "__main__":
    raise SystemExit(main(DEFAULTS + sys.argv[1:]))
