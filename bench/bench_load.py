"""Load and faults against `iljari serve` on PostgreSQL (127.0.0.1 only): visitors searching,
seekers applying, counselors referring; the task worker is killed and PostgreSQL restarted
mid-run; applications and referrals are counted afterwards. Prints JSON figures.

    .venv/bin/python bench/bench_load.py [--duration 60] [--no-pg-restart]
"""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iljari.settings")
    import django

    django.setup()
    from iljari.core.loadtest import main

    sys.exit(main(sys.argv[1:]))
