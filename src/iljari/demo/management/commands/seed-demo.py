"""iljari seed-demo [--scale small|medium|large] [--if-empty] [--seed N]"""

import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from iljari.demo.registry import build_world
from iljari.demo.world import DEMO_PASSWORD, SCALES, DemoContext
from iljari.employers.models import Employer
from iljari.taxonomy.models import JobDescription


class Command(BaseCommand):
    help = "Seed a realistic, deterministic demo world (Incheon root industries)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--if-empty", action="store_true", help="do nothing when employers already exist")

    def handle(self, *args, **options):
        if options["if_empty"] and Employer.objects.exists():
            self.stdout.write("The database already has data: demo seeding skipped.")
            return
        if not JobDescription.objects.exists():
            raise CommandError("Load reference data first: iljari load-reference-data")
        ctx = DemoContext(
            rng=random.Random(options["seed"]),
            scale=options["scale"],
            today=timezone.localdate(),
            stdout=self.stdout,
        )
        with transaction.atomic():
            build_world(ctx)
        self.stdout.write(
            f"Demo world ({options['scale']}): {len(ctx.employers):,} employers, {len(ctx.vacancies):,} vacancies, "
            f"{len(ctx.seekers):,} seekers."
        )
        self.stdout.write(f"Demo accounts (password '{DEMO_PASSWORD}'): " + ", ".join(sorted(ctx.users)))
