"""The order in which apps add to the demo world.

Each listed module (``iljari.<app>.demo``) defines ``seed(ctx: DemoContext) -> None``
and may read what earlier seeders left on ``ctx`` (users, employers, vacancies, seekers).
A module that does not exist yet is skipped, so apps can add theirs independently.
"""

import importlib

from .world import DemoContext, build_core_world

APP_SEEDERS = [
    "iljari.vacancies.demo",
    "iljari.referrals.demo",
    "iljari.counseling.demo",
    "iljari.support.demo",
    "iljari.fairs.demo",
    "iljari.programs.demo",
    "iljari.notifications.demo",
    "iljari.matching.demo",
]


def app_seeders():
    for name in APP_SEEDERS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        yield name, module.seed


def build_world(ctx: DemoContext) -> None:
    build_core_world(ctx)
    for name, seed in app_seeders():
        ctx.say(f"  + {name.split('.')[1]}")
        seed(ctx)
