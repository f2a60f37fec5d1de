"""The one place for the tests' data: factory_boy factories of the domain and builders that walk
an object through its real actions (a referral to a status, a fair with approved booths).

They use the reference data shipped with the project, loaded once per session (tests/conftest.py).
The other source of test data is the persona world (tests/trust/world.py: the demo generator at a
tiny scale). The matching engine's own tests build plain records (tests/jobmatch/factories.py):
``jobmatch`` never imports Django.
Builders import the actions they call when called, so a test module importing this file does not
pull every app's actions in.
"""

import datetime as dt

import factory
from django.utils import timezone

from iljari.accounts.models import ConsentRecord, ConsentText, Role, Team, User
from iljari.employers.models import (
    Employer,
    EmployerMember,
    EmployerStatus,
    Invitation,
    ReferralRequest,
    RootSector,
)
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
from iljari.seekers.models import Experience, QualificationHeld, Seeker
from iljari.taxonomy.models import Occupation, Qualification, Region
from iljari.vacancies.models import Application, Vacancy, VacancyStatus

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


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    seeker = factory.SubFactory(SeekerFactory)
    vacancy = factory.SubFactory(VacancyFactory)
    message = "성실히 일하겠습니다."


# --- employer portal ------------------------------------------------------------------------


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    employer = factory.SubFactory(EmployerFactory)
    email = factory.Sequence(lambda n: f"colleague{n}@example.kr")
    token = factory.Sequence(lambda n: f"token-{n:04d}-abcdefghijklmnop")
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))


class ReferralRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferralRequest

    vacancy = factory.SubFactory(VacancyFactory)
    message = "CO2 용접 경력자 3명 부탁드립니다."


# --- consents -------------------------------------------------------------------------------


class ConsentTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentText

    purpose = "share_employers"
    version = 1
    required = False
    title = "알선 기업에 이력 정보 제공"
    body = "동의합니다."


def demo_consent_texts():
    """The consent texts the demo and a fresh installation ship (the signup form's checkboxes)."""
    from iljari.accounts.actions import current_consent_texts
    from iljari.demo.world import seed_consent_texts

    seed_consent_texts()
    return current_consent_texts()


def grant_share_consent(user, employer=None):
    """The seeker's optional consent "알선 기업에 이력 정보 제공" (naming ``employer`` when given)."""
    text, _ = ConsentText.objects.get_or_create(
        purpose="share_employers",
        version=1,
        defaults={"required": False, "title": "알선 기업에 이력 정보 제공", "body": "동의합니다."},
    )
    return ConsentRecord.objects.create(user=user, text=text, granted=True, employer=employer)


# --- referrals, interviews, counseling cases ------------------------------------------------


def referral_at(status, *, seeker, vacancy, counselor):
    """A referral moved through the flow to ``status`` (proposed → … → status)."""
    from iljari.referrals.actions import do_create_referral, do_move_referral

    order = ["proposed", "seeker_accepted", "employer_review", "interview"]
    referral = do_create_referral(seeker=seeker, vacancy=vacancy, counselor=counselor)
    target = order.index(status) if status in order else len(order) - 1
    for state in order[1 : target + 1]:
        referral = do_move_referral(referral=referral, to_status=state, actor=counselor)
    if status not in order:
        referral = do_move_referral(referral=referral, to_status=status, actor=counselor)
    return referral


def tomorrow_at(hour=10):
    day = timezone.localdate() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def accompanied(referral, counselor, *, starts_at=None):
    """An accompanied interview (동행면접) of the referral, tomorrow at 10 unless told."""
    from iljari.referrals.interviews import do_schedule_interview

    return do_schedule_interview(
        referral=referral,
        actor=counselor,
        starts_at=starts_at or tomorrow_at(),
        place="(주)남동용접 본관 2층",
        kind="accompanied",
        meeting_point="남동공단역 2번 출구",
        transport_note="수인분당선 남동공단역 도보 10분",
    )


def open_case(seeker, counselor, **kwargs):
    from iljari.counseling.actions import do_open_case

    return do_open_case(seeker=seeker, counselor=counselor, actor=counselor, **kwargs)


# --- job fairs ------------------------------------------------------------------------------


def make_event(organiser, **kw):
    """A fair in two weeks (10:00–12:00, 20-minute slots), created by ``organiser``."""
    from iljari.fairs import actions
    from iljari.fairs.models import EventKind, EventMode

    fields = dict(
        title="남동 뿌리산업 채용박람회",
        kind=EventKind.FAIR,
        mode=EventMode.OFFLINE,
        venue="남동구청 대강당",
        halls="1관",
        date=timezone.localdate() + dt.timedelta(days=14),
        start_time=dt.time(10, 0),
        end_time=dt.time(12, 0),
        slot_minutes=20,
    )
    fields.update(kw)
    return actions.do_create_event(actor=organiser, **fields)


def open_event(event, organiser):
    from iljari.fairs import actions
    from iljari.fairs.models import EventStatus

    return actions.do_move_event(event=event, to_status=EventStatus.OPEN, actor=organiser)


def approved_booth(event, organiser, interviewers=1, **booth):
    """A new employer's participation with one vacancy, approved (and its booth set when told)."""
    from iljari.fairs import actions

    employer = EmployerFactory()
    vacancy = VacancyFactory(employer=employer)
    part = actions.do_apply_participation(
        event=event, employer=employer, actor=organiser, interviewers=interviewers, vacancies=[vacancy]
    )
    part = actions.do_review_participation(participation=part, approve=True, actor=organiser)
    if booth:
        part = actions.do_update_booth(participation=part, actor=organiser, **booth)
    return part


def registered(event, parts, **kw):
    """A new seeker registered for the fair, asking for interviews at ``parts``."""
    from iljari.fairs import actions

    seeker = SeekerFactory()
    return actions.do_register_seeker(event=event, seeker=seeker, actor=seeker.user, choices=parts, **kw)


# --- job programmes and their results -------------------------------------------------------


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
    """A hire recorded directly (the referrals app's actions own the real path)."""

    class Meta:
        model = Placement

    seeker = factory.SubFactory(SeekerFactory, user__password=None)  # no hashing
    employer = factory.SubFactory(EmployerFactory)
    hire_date = dt.date(2026, 3, 15)
    monthly_wage = 2_900_000
    source = "referral"


# --- form payloads and import files -------------------------------------------------------


#: the employer signup form: a new HR contact registering the company in one go
EMPLOYER_SIGNUP = {
    "username": "hr_kim",
    "password": "Gojan-precision-2026!",
    "password2": "Gojan-precision-2026!",
    "full_name": "김인사",
    "contact_phone": "010 2222 3333",
    "email": "hr@gojan.co.kr",
    "name": "(주)고잔정밀",
    "business_number": "2208162517",
    "root_sector": "mold",
    "region_code": "28200",
    "address": "남동대로 1",
    "employees": "28",
    "commuter_bus": "on",
    "agree": "on",
}


def vacancy_post(**overrides):
    """The employer portal's vacancy form, filled in."""
    data = {
        "title": "CO2 용접공 모집 (남동공단, 주간)",
        "duties": "철구조물 CO2 용접",
        "openings": "2",
        "wage_type": "monthly",
        "wage_amount": "3200000",
        "employment_type": "permanent",
        "shift": "day",
        "work_hours": "08:30~17:30",
        "work_days_per_week": "5",
        "experience_years_min": "1",
        "education_min": "none",
        "closing_date": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
        "commuter_bus": "on",
    }
    data.update(overrides)
    return data


def seeker_signup_data(texts, **overrides):
    """The seeker signup form, accepting the required ``texts`` (consent texts), with overrides
    (None leaves a field out)."""
    data = {
        "username": "welder55",
        "password": "Ironwork-2026!",
        "password2": "Ironwork-2026!",
        "full_name": "박용접",
        "birth_year": "1971",
        "education": "high",
        "sigungu": "28200",
        "dong": "28200111",
        "phone": "010 2345 6789",
    }
    for text in texts:
        if text.required:
            data[f"consent_{text.purpose}"] = "on"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def worknet_wanted(
    auth_no,
    *,
    company="(주)남동용접",
    title="CO2 용접공 모집",
    sal_type="월급",
    min_sal="2800000",
    region="인천 남동구",
    close=None,
    emp="10",
    extra="",
):
    """One vacancy (<wanted>) of a 고용24 (Worknet) export, as the importer reads it."""
    close = close or (timezone.localdate() + dt.timedelta(days=20)).strftime("%y-%m-%d")
    return f"""<wanted><wantedAuthNo>{auth_no}</wantedAuthNo><company>{company}</company>
<title>{title}</title><salTpNm>{sal_type}</salTpNm><sal>{sal_type} 280만원</sal><minSal>{min_sal}</minSal>
<region>{region}</region><holidayTpNm>주5일근무</holidayTpNm><minEdubg>고졸</minEdubg><career>경력(2년 이상)</career>
<regDt>24-01-01</regDt><closeDt>채용시까지 {close}</closeDt><empTpCd>{emp}</empTpCd>{extra}</wanted>"""


def worknet_document(*items) -> bytes:
    """A 고용24 (Worknet) export holding the ``worknet_wanted`` items."""
    return f"<?xml version='1.0' encoding='UTF-8'?><wantedRoot><total>{len(items)}</total>{''.join(items)}</wantedRoot>".encode()
