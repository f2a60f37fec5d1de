"""Programs dashboard benchmark (run by ``make bench``): server time p95 with 100,000 placements.

Ours (cached report, full page render) against the un-cached ORM report and a naive per-row
Python aggregation, measured in the same run on a scratch database; target p95 ≤ 200 ms.
"""

import os
import sys

import django

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iljari.settings")
    django.setup()
    from iljari.programs.bench import main

    sys.exit(main(["--placements", "100000", *sys.argv[1:]]))
