"""The demo's applications come from hidden skills, wages and travel (demo/outcomes.py), not chance."""

import random

import pytest
from django.utils import timezone

from iljari.demo.world import DemoContext, build_core_world
from iljari.vacancies.models import Application, Vacancy

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    ctx = DemoContext(rng=random.Random(7), scale="small", today=timezone.localdate())
    build_core_world(ctx)
    return ctx


def test_applications_follow_the_hidden_trade_and_keep_stated_needs(world):
    apps = list(Application.objects.select_related("seeker", "vacancy__occupation"))
    assert len(apps) > len(world.seekers) * 0.5  # hundreds on the small world
    trade = {s.pk: code for s, code in zip(world.seekers, world.seeker_codes, strict=True)}
    same_group = sum(a.vacancy.occupation.code[:3] == trade[a.seeker_id][:3] for a in apps) / len(apps)
    vacancies = list(Vacancy.objects.select_related("occupation"))
    chance = sum(v.occupation.code[:3] == trade[s.pk][:3] for s in world.seekers[:50] for v in vacancies) / (
        50 * len(vacancies)
    )
    assert same_group > 2 * chance, (same_group, chance)
    for a in apps:
        s, v = a.seeker, a.vacancy
        assert not s.needs_dormitory or v.dormitory
        assert not s.shift_preferences or v.shift in s.shift_preferences
        assert v.published_at <= a.created_at <= timezone.now()
    assert {u.pk for u in (world.users["seeker"], world.users["seeker2"])}.isdisjoint(
        a.seeker.user_id for a in apps
    )


def test_a_referral_goes_where_the_seeker_would_go_and_would_be_hired(world):
    market_choice = world.choose_vacancy
    seeker = world.seekers[10]
    pool = [v for v in world.vacancies if v.published_at is not None]
    picked = market_choice(seeker, pool, pool[0], True)
    again = market_choice(seeker, pool, pool[0], True)
    assert picked in pool
    # the choice is the seeker's liking, not the drawn default, whenever any vacancy qualifies
    others = [market_choice(s, pool, pool[0], False) for s in world.seekers[2:40]]
    assert sum(v.pk != pool[0].pk for v in others) > 20
    assert again in pool
