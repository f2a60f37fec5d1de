import random

import pytest
from django.utils import timezone

from iljari.demo.world import SCALES, DemoContext, build_core_world
from iljari.employers.models import Employer
from iljari.seekers.models import Seeker
from iljari.taxonomy.models import haversine_km
from iljari.vacancies.models import Vacancy, VacancyStatus

pytestmark = pytest.mark.django_db


def build(seed=7):
    ctx = DemoContext(rng=random.Random(seed), scale="small", today=timezone.localdate())
    build_core_world(ctx)
    return ctx


def test_small_world_has_the_promised_sizes_and_every_role():
    ctx = build()
    assert len(ctx.employers) == SCALES["small"]["employers"]
    assert Vacancy.objects.count() == SCALES["small"]["vacancies"]
    assert Seeker.objects.count() == SCALES["small"]["seekers"] + 2
    assert {u.role for u in ctx.users.values()} == {
        "admin",
        "counselor",
        "program_manager",
        "official",
        "employer",
        "seeker",
    }


def test_companies_stand_in_their_industrial_complexes():
    build()
    for employer in Employer.objects.select_related("industrial_complex"):
        complex_ = employer.industrial_complex
        assert haversine_km(employer.lat, employer.lon, complex_.lat, complex_.lon) < 2.5, employer


def test_vacancies_are_root_industry_jobs_from_the_job_dictionary():
    build()
    published = Vacancy.objects.filter(status=VacancyStatus.PUBLISHED).select_related("occupation")
    assert published.count() > SCALES["small"]["vacancies"] * 0.7
    assert all(v.occupation.code.startswith(("81", "82")) for v in published)
    assert all(len(v.duties) > 10 for v in published)


def test_same_seed_gives_the_same_world():
    build(seed=11)
    first = list(Vacancy.objects.order_by("id").values_list("title", "wage_amount"))[:30]
    Vacancy.objects.all().delete()
    Seeker.objects.all().delete()
    Employer.objects.all().delete()
    from iljari.accounts.models import User

    User.objects.all().delete()
    build(seed=11)
    assert list(Vacancy.objects.order_by("id").values_list("title", "wage_amount"))[:30] == first
