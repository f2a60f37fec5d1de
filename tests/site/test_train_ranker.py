"""iljari train-ranker: learns from the recorded outcomes, judges on the later ones, stores both."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from iljari.matching import bridge
from iljari.referrals.models import Placement
from iljari.site.outcomes import outcome_events
from iljari.vacancies.models import Application
from jobmatch.ltr import GRADES, LearnedRanker
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_pools():
    bridge.reset_pools()
    yield
    bridge.reset_pools()


def _outcomes(n_seekers: int):
    employer = f.EmployerFactory()
    vacancies = [
        f.VacancyFactory(employer=employer, wage_amount=2_800_000 + 100_000 * j, lat=37.42 + 0.004 * j)
        for j in range(6)
    ]
    start = timezone.now() - dt.timedelta(days=90)
    for i in range(n_seekers):
        seeker = f.SeekerFactory()
        f.ExperienceFactory(seeker=seeker)
        for j in (5, 4, i % 4):
            app = Application.objects.create(seeker=seeker, vacancy=vacancies[j])
            Application.objects.filter(pk=app.pk).update(created_at=start + dt.timedelta(days=3 * i + j))
        Placement.objects.create(
            seeker=seeker,
            employer=employer,
            vacancy=vacancies[5],
            hire_date=(start + dt.timedelta(days=3 * i + 20)).date(),
            monthly_wage=3_300_000,
        )
    return vacancies


def test_outcomes_are_graded_applications_then_hires():
    _outcomes(2)
    grades = sorted({g for _s, _v, g, _d in outcome_events()})
    assert grades == [GRADES["application"], GRADES["hire"]]


def test_train_ranker_stores_a_model_with_its_held_out_evaluation(tmp_path, capsys):
    _outcomes(20)
    out = tmp_path / "ranker.json"
    call_command("train-ranker", "--output", str(out), "--held-out", "0.3")
    model = LearnedRanker.load(out)
    ev = model.evaluation
    assert ev["held_out_queries"] == 6 and ev["train_queries"] == 14
    assert {"hand", "ltr"} <= set(ev["rankers"])
    assert isinstance(ev["beats_hand"], bool)
    printed = capsys.readouterr().out
    assert "beats the hand weights" in printed
    assert "used by the recommender: no" in printed  # the setting is off by default


def test_train_ranker_refuses_too_few_outcomes(tmp_path):
    _outcomes(3)
    with pytest.raises(CommandError, match="too few"):
        call_command("train-ranker", "--output", str(tmp_path / "r.json"))
    with pytest.raises(CommandError, match="held-out"):
        call_command("train-ranker", "--held-out", "0.99")
