"""The order in which apps add to the demo world.

Each listed module defines ``seed(ctx: DemoContext) -> None`` and may read what earlier seeders
left on ``ctx`` (users, employers, vacancies, seekers).
"""

from iljari.counseling import demo as counseling_demo
from iljari.fairs import demo as fairs_demo
from iljari.matching import demo as matching_demo
from iljari.notifications import demo as notifications_demo
from iljari.programs import demo as programs_demo
from iljari.referrals import demo as referrals_demo
from iljari.support import demo as support_demo
from iljari.vacancies import demo as vacancies_demo

from .world import DemoContext, build_core_world

APP_SEEDERS = [
    vacancies_demo,
    referrals_demo,
    counseling_demo,
    support_demo,
    fairs_demo,
    programs_demo,
    notifications_demo,
    matching_demo,
]


def app_seeders():
    for module in APP_SEEDERS:
        yield module.__name__, module.seed


def build_world(ctx: DemoContext) -> None:
    build_core_world(ctx)
    for name, seed in app_seeders():
        ctx.say(f"  + {name.split('.')[1]}")
        seed(ctx)
