"""factory_boy factories for the domain; they use the reference data shipped with the project, loaded per session."""

import datetime as dt

import factory
from django.utils import timezone

from iljari.accounts.models import Role, Team, User
from iljari.employers.models import Employer, EmployerMember, EmployerStatus, RootSector
from iljari.seekers.models import Experience, QualificationHeld, Seeker
from iljari.taxonomy.models import Occupation, Qualification, Region
from iljari.vacancies.models import Vacancy, VacancyStatus

PASSWORD = "test-pass-2026!"


def region(code: str = "28200111") -> Region:
    """남동구 고잔동 (남동국가산업단지) by default."""
    return Region.objects.get(code=code)


def occupation(code: str = "8241") -> Occupation:
    return Occupation.objects.get(scheme="keco", code=code)


def qualification(name: str = "용접기능사") -> Qualification:
    return Qualification.objects.get(name=name)


def valid_business_number(n: int) -> str:
    digits = [int(c) for c in f"{1000000 + n * 7:09d}"[-9:]]
    digits[0] = digits[0] or 1
    total = sum(d * w for d, w in zip(digits, (1, 3, 7, 1, 3, 7, 1, 3, 5), strict=True)) + digits[8] * 5 // 10
    digits.append((10 - total % 10) % 10)
    text = "".join(map(str, digits))
    return f"{text[:3]}-{text[3:5]}-{text[5:]}"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = "남동 취업지원팀"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"김테스트{n}")
    role = Role.SEEKER
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.kr")
    phone = "010-1234-5678"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"(주)테스트금속{n}")
    business_number = factory.Sequence(valid_business_number)
    root_sector = RootSector.WELDING
    address = "인천광역시 남동구 고잔동 1"
    region = factory.LazyFunction(region)
    lat = 37.401
    lon = 126.699
    employees = 30
    commuter_bus = True
    status = EmployerStatus.APPROVED


class EmployerMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerMember

    user = factory.SubFactory(UserFactory, role=Role.EMPLOYER)
    employer = factory.SubFactory(EmployerFactory)


class SeekerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seeker

    user = factory.SubFactory(UserFactory, role=Role.SEEKER)
    birth_year = 1975
    home_region = factory.LazyFunction(lambda: region("28200107"))  # 남동구 남촌동
    lat = 37.4248
    lon = 126.7109
    max_commute_minutes = 60
    desired_monthly_wage = 2_800_000
    shift_preferences = factory.LazyFunction(lambda: ["day"])


class ExperienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Experience

    seeker = factory.SubFactory(SeekerFactory)
    job_title = "CO2 용접공"
    occupation = factory.LazyFunction(occupation)
    years = 5
    duties = "CO2 용접기로 철구조물을 용접한다."


class QualificationHeldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QualificationHeld

    seeker = factory.SubFactory(SeekerFactory)
    qualification = factory.LazyFunction(qualification)


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    employer = factory.SubFactory(EmployerFactory)
    title = factory.Sequence(lambda n: f"CO2 용접공 모집 {n}")
    duties = "CO2 용접기를 사용하여 철판을 용접한다."
    occupation = factory.LazyFunction(occupation)
    wage_amount = 3_000_000
    work_region = factory.LazyAttribute(lambda o: o.employer.region)
    lat = factory.LazyAttribute(lambda o: o.employer.lat)
    lon = factory.LazyAttribute(lambda o: o.employer.lon)
    status = VacancyStatus.PUBLISHED
    closing_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    published_at = factory.LazyFunction(timezone.now)
