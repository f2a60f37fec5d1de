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


def test_documented_accounts_are_as_the_readme_says():
    """README: seeker = a 52-year-old welder in 남동구; seeker2 = E-9, needs a dormitory."""
    build()
    today = timezone.localdate()
    seeker = Seeker.objects.select_related("home_region").get(user__username="seeker")
    assert today.year - seeker.birth_year == 52
    assert (seeker.home_region.sido, seeker.home_region.sigungu) == ("인천광역시", "남동구")
    assert seeker.experiences.get().occupation is None or seeker.experiences.get().occupation.code == "8241"
    assert seeker.experiences.get().years <= 52 - 18
    assert seeker.qualifications_held.filter(qualification__name="용접기능사").exists()
    seeker2 = Seeker.objects.get(user__username="seeker2")
    assert (seeker2.visa_type, seeker2.needs_dormitory) == ("E-9", True)


def test_experience_fits_every_seekers_age():
    from iljari.seekers.models import Experience

    build()
    year = timezone.localdate().year
    for exp in Experience.objects.select_related("seeker"):
        age = year - exp.seeker.birth_year
        assert exp.years <= max(age - 18, 0), (age, exp.years)


def test_job_names_are_the_dictionarys_own():
    from iljari.seekers.models import Experience
    from iljari.taxonomy.models import JobDescription, JobTitle

    build()
    canonical = set(JobDescription.objects.values_list("name", flat=True)) | set(
        JobTitle.objects.filter(kind="title").values_list("title", flat=True)
    )
    titles = set(Experience.objects.values_list("job_title", flat=True))
    assert titles <= canonical, titles - canonical
    assert not Vacancy.objects.filter(title__contains="체체판금").exists()
