"""Factories of the programs tests (placements are built directly: the referrals app owns them)."""

import datetime as dt

import factory

from iljari.programs.models import (
    Organisation,
    OrgKind,
    Plan,
    Program,
    ProgramType,
    Project,
    Strategy,
    Target,
)
from iljari.referrals.models import Placement
from tests import factories as f


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = "인천 뿌리산업 일자리센터"
    kind = OrgKind.CENTER


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    organisation = factory.SubFactory(OrganisationFactory)
    year = 2026
    title = factory.LazyAttribute(lambda o: f"{o.year}년 일자리 목표 공시")


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"핵심전략 {n}")


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    strategy = factory.SubFactory(StrategyFactory)
    name = factory.Sequence(lambda n: f"사업 {n}")
    program_type = ProgramType.SERVICE
    department = "일자리정책과"
    national_budget = 100_000_000
    city_budget = 50_000_000


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"세부사업 {n}")
    job_definition = "고용보험에 가입한 취업자 1명"


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    project = factory.SubFactory(ProjectFactory)
    year = 2026
    month = 0
    metric = "jobs"
    value = 100


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    seeker = factory.SubFactory(f.SeekerFactory, user__password=None)  # no slow hashing
    employer = factory.SubFactory(f.EmployerFactory)
    hire_date = dt.date(2026, 3, 15)
    monthly_wage = 2_900_000
    source = "referral"
