"""The demo world holds a past fair with outcomes and an upcoming one open for registration."""

import random

import pytest
from django.utils import timezone

from iljari.demo.world import DemoContext, build_core_world
from iljari.fairs import demo as fairs_demo
from iljari.fairs import scheduling
from iljari.fairs import timetable as tt
from iljari.fairs.models import Event, EventStatus
from iljari.fairs.report import event_report
from iljari.referrals.models import Placement, PlacementSource

pytestmark = pytest.mark.django_db


def test_demo_has_a_past_fair_with_outcomes_and_an_open_upcoming_fair():
    ctx = DemoContext(rng=random.Random(5), scale="small", today=timezone.localdate())
    build_core_world(ctx)
    fairs_demo.seed(ctx)
    past = Event.objects.get(status=EventStatus.FINISHED)
    assert past.date < ctx.today
    report = event_report(past)
    assert report["figures"]["companies"] >= 10
    assert report["figures"]["first_interviews"] > 0 and report["figures"]["hires"] > 0
    assert (
        Placement.objects.filter(source=PlacementSource.FAIR, source_ref=f"fair:{past.pk}").count()
        == report["figures"]["hires"]
    )
    problem = scheduling.build_problem(past, include_fixed=False)
    ivs = [tt.Interview(iv.slot, iv.participation_id, iv.registration_id) for iv in past.interviews.all()]
    assert tt.check_timetable(problem, ivs) == []
    upcoming = Event.objects.get(kind="fair", status=EventStatus.OPEN)
    assert upcoming.date > ctx.today and upcoming.registrations.exists()
    assert not upcoming.registrations.filter(seeker__user__username="seeker").exists()
    assert Event.objects.filter(kind="briefing", mode="online").exclude(video_url="").exists()
