"""The persona world for the matrix tests: the demo generator at a tiny scale (in the test's
transaction), and a finder for one object of each kind, preferring the personas' own."""

import datetime as dt
import random

from django.apps import apps

from iljari.accounts.models import User
from iljari.demo import world as demo_world
from iljari.demo.registry import build_world
from tests.conftest import ensure_reference_data

PERSONA_USERS = {
    "seeker": "seeker",
    "other_seeker": "seeker2",
    "employer": "employer",
    "other_employer": "employer2",
    "counselor": "counselor",
    "other_counselor": "counselor2",
    "manager": "manager",
    "official": "official",
    "admin": "admin",
}
PERSONAS = ["anonymous", *PERSONA_USERS]


def build_persona_world() -> dict[str, User]:
    ensure_reference_data()
    demo_world.SCALES.setdefault("tiny", {"employers": 8, "vacancies": 24, "seekers": 24})
    ctx = demo_world.DemoContext(rng=random.Random(7), scale="tiny", today=dt.date.today())
    build_world(ctx)
    return {name: User.objects.get(username=username) for name, username in PERSONA_USERS.items()}


def model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def first(label: str, **filters):
    m = model(label)
    if m is None:
        return None
    try:
        obj = m.objects.filter(**filters).order_by("pk").first()
    except Exception:  # noqa: BLE001 - a field name another app renamed
        obj = None
    return obj or m.objects.order_by("pk").first()


def persona_users(persona_world: dict[str, int]) -> dict[str, User]:
    return {name: User.objects.get(pk=pk) for name, pk in persona_world.items()}
