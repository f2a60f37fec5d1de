"""Every API operation, every persona: exactly the personas ``api_matrix.API_MATRIX`` grants get a
2xx; everyone else a 401/403/404/405 — and a denied write changes nothing.

The operations come from the NinjaAPI's OpenAPI schema; an operation missing from the table (or a
table entry for an operation that is gone) fails. Objects in path parameters belong to the first
persona of each pair (``seeker``, ``employer``, ``counselor``), so ``other_seeker``,
``other_employer`` and ``other_counselor`` (another team) probe the object-level checks.

Calls go over HTTP through Django's test client, signed in with a session and, in a second
pass, with each persona's bearer token. Each call is rolled back, so every persona meets the
same world and an allowed write (with a valid minimal body) really succeeds.
"""

import datetime as dt
import re

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from iljari.accounts.actions import do_issue_api_token
from iljari.accounts.models import Role, User
from iljari.accounts.permissions import employer_ids_of
from tests import factories as f

from .api_matrix import API_MATRIX, Op
from .test_permission_matrix import allowed_personas
from .world import PERSONAS, persona_users

pytestmark = pytest.mark.django_db

DENIED_STATUSES = {401, 403, 404, 405}
REFUSED_STATUSES = {400, 409, 422}
PARAM = re.compile(r"{(\w+)}")


def api_operations() -> list[tuple[str, str]]:
    """(method, path) of every operation the API serves, path as in the OpenAPI schema."""
    from iljari.api import api

    schema = api.get_openapi_schema()
    return [(method.upper(), path) for path, ops in schema["paths"].items() for method in ops]


def test_every_api_operation_is_classified_in_the_matrix():
    served = {f"{method} {path}" for method, path in api_operations()}
    unclassified = sorted(served - set(API_MATRIX))
    stale = sorted(set(API_MATRIX) - served)
    assert unclassified == [], f"classify these operations in tests/trust/api_matrix.py: {unclassified}"
    assert stale == [], f"these operations no longer exist; remove them from api_matrix.py: {stale}"


def test_every_operation_with_path_parameters_names_its_object():
    missing = [key for key, op in API_MATRIX.items() if PARAM.search(key) and op.obj is None]
    assert missing == []


# --- the world's objects ------------------------------------------------------------------------


def _unused_business_number() -> str:
    from iljari.employers.models import Employer

    used = set(Employer.objects.values_list("business_number", flat=True))
    n = 900_000
    while f.valid_business_number(n) in used:
        n += 1
    return f.valid_business_number(n)


def _referral_in_interview(seeker, employer, counselor, admin):
    """The seeker's referral to the employer by the counselor, at 면접 (the company sees it)."""
    from iljari.referrals.actions import do_create_referral, do_move_referral
    from iljari.referrals.models import Referral, ReferralStatus

    referral = (
        Referral.objects.filter(
            seeker=seeker, vacancy__employer=employer, counselor=counselor, status=ReferralStatus.INTERVIEW
        )
        .order_by("pk")
        .first()
    )
    if referral is None:
        vacancy = f.VacancyFactory(employer=employer, title="면접 단계 알선 공고")
        referral = do_create_referral(seeker=seeker, vacancy=vacancy, counselor=counselor)
        for status in (
            ReferralStatus.SEEKER_ACCEPTED,
            ReferralStatus.EMPLOYER_REVIEW,
            ReferralStatus.INTERVIEW,
        ):
            referral = do_move_referral(referral=referral, to_status=status, actor=admin)
    return referral


def _expert_for(consulting_request):
    from iljari.support.models import Expert

    return next(
        e for e in Expert.objects.filter(active=True).order_by("pk") if consulting_request.field in e.fields
    )


def _consulting(status: str, employer, admin):
    from iljari.support import actions
    from iljari.support.models import ConsultingRequest, ConsultingStatus

    found = ConsultingRequest.objects.filter(status=status).order_by("-employer_id", "pk")
    consulting_request = found.filter(employer=employer).first() or found.first()
    if consulting_request is not None:
        return consulting_request
    consulting_request = actions.do_submit_consulting_request(
        employer=employer,
        actor=admin,
        channel="web",
        company_name=employer.name,
        contact_name="담당자",
        contact_email="contact@example.kr",
        field="technology",
        subject="자문 요청",
        body="자문을 요청합니다.",
    )
    if status in (ConsultingStatus.ASSIGNED, ConsultingStatus.REVIEWING):
        consulting_request = actions.do_assign_expert(
            consulting_request=consulting_request, expert=_expert_for(consulting_request), actor=admin
        )
    if status == ConsultingStatus.REVIEWING:
        consulting_request = actions.do_start_review(consulting_request=consulting_request, actor=admin)
    return consulting_request


def api_objects(users) -> tuple[dict[str, tuple], dict[str, object], dict[str, object]]:
    """(path values per object kind, the row each kind stands for, ``@name`` values for bodies)."""
    from iljari.counseling.models import Case, CaseStage
    from iljari.employers.models import Employer, EmployerStatus
    from iljari.fairs.models import Event, EventKind, EventStatus, Registration
    from iljari.programs.models import Attribution, Plan, ProgramSeries, Project
    from iljari.referrals.actions import do_record_placement
    from iljari.referrals.interviews import do_schedule_interview
    from iljari.referrals.models import FollowUpStatus, InterviewStatus, Placement, PlacementStatus
    from iljari.support import actions as support_actions
    from iljari.support.models import (
        Audience,
        ConsultingStatus,
        ServiceApplication,
        ServiceApplicationStatus,
        Suggestion,
        SuggestionStatus,
        SupportService,
    )
    from iljari.vacancies.actions import do_apply
    from iljari.vacancies.models import Vacancy, VacancyStatus

    seeker = users["seeker"].seeker
    counselor, admin = users["counselor"], users["admin"]
    employer = Employer.objects.get(pk=min(employer_ids_of(users["employer"])))
    assert employer.status == EmployerStatus.APPROVED
    today = timezone.localdate()

    vacancy = Vacancy.objects.filter(employer=employer, status=VacancyStatus.PUBLISHED).order_by("pk").first()
    vacancy = vacancy or f.VacancyFactory(employer=employer)
    fresh_vacancy = f.VacancyFactory(
        employer=employer, title="API 점검용 새 공고"
    )  # no application, no referral
    application = do_apply(seeker=seeker, vacancy=vacancy)
    pending_employer = f.EmployerFactory(
        status=EmployerStatus.PENDING, business_number=_unused_business_number(), name="(주)승인대기금속"
    )

    referral = _referral_in_interview(seeker, employer, counselor, admin)
    interview = referral.interviews.filter(status=InterviewStatus.SCHEDULED).order_by("pk").first()
    interview = interview or do_schedule_interview(
        referral=referral,
        actor=counselor,
        counselor=None,
        starts_at=timezone.now() + dt.timedelta(days=3),
        place="본사 회의실",
    )
    placement = (
        Placement.objects.filter(
            seeker=seeker, status=PlacementStatus.ACTIVE, follow_ups__status=FollowUpStatus.PENDING
        )
        .order_by("pk")
        .first()
    )
    placement = placement or do_record_placement(
        seeker=seeker,
        employer=employer,
        vacancy=None,
        hire_date=today - dt.timedelta(days=40),
        monthly_wage=2_600_000,
        employment_type=None,
        source="direct",
        source_ref="",
        actor=counselor,
    )
    follow_up = placement.follow_ups.filter(status=FollowUpStatus.PENDING).order_by("month").first()

    case = Case.objects.filter(seeker=seeker, counselor=counselor).exclude(stage=CaseStage.CLOSED).first()
    assert case is not None and case.stage in (CaseStage.JOB_SEARCH, CaseStage.PLANNING), case
    caseless_seeker = f.SeekerFactory()
    colleague = (
        User.objects.filter(role=Role.COUNSELOR, team_id=counselor.team_id, is_active=True)
        .exclude(pk=counselor.pk)
        .first()
    ) or f.UserFactory(username="counselor_colleague", role=Role.COUNSELOR, team=counselor.team)

    suggestion = Suggestion.objects.filter(employer=employer, status=SuggestionStatus.RECEIVED).first()
    suggestion = suggestion or support_actions.do_add_suggestion(
        employer=employer,
        visit=None,
        actor=counselor,
        category="workforce",
        title="건의",
        body="건의합니다.",
        department="일자리정책과",
    )
    consulting = {
        s: _consulting(s, employer, admin)
        for s in (ConsultingStatus.RECEIVED, ConsultingStatus.ASSIGNED, ConsultingStatus.REVIEWING)
    }
    expert = _expert_for(consulting["received"])
    employer_service = SupportService.objects.create(
        name="API 점검용 기업 서비스", slug="api-matrix-employer", audience=Audience.EMPLOYER, summary="점검"
    )
    support_application = (
        ServiceApplication.objects.filter(employer=employer, status=ServiceApplicationStatus.APPLIED).first()
    ) or support_actions.do_apply_service(
        service=SupportService.objects.create(
            name="API 점검용 신청 대상", slug="api-matrix-applied", audience=Audience.EMPLOYER, summary="점검"
        ),
        actor=users["employer"],
        employer=employer,
    )

    fair = (
        Event.objects.filter(
            kind=EventKind.FAIR, status__in=[EventStatus.OPEN, EventStatus.CLOSED, EventStatus.SCHEDULED]
        )
        .order_by("pk")
        .first()
    )
    assert fair is not None, "the persona world needs a job fair open to registrations"
    for persona in ("seeker", "other_seeker"):
        Registration.objects.get_or_create(event=fair, seeker=users[persona].seeker)

    plan = Plan.objects.filter(year__lte=today.year).order_by("-year", "pk").first()
    project = Project.objects.filter(program__strategy__plan=plan).order_by("pk").first()
    organisation = plan.organisation
    used_years = set(Plan.objects.filter(organisation=organisation).values_list("year", flat=True))
    free_year = next(y for y in range(2099, 2000, -1) if y not in used_years)
    unattributed = Placement.objects.exclude(
        pk__in=Attribution.objects.filter(project=project).values("placement_id")
    ).order_by("pk")[0]

    rows = {
        "vacancy": vacancy,
        "application": application,
        "employer": employer,
        "pending_employer": pending_employer,
        "seeker": seeker,
        "referral": referral,
        "interview": interview,
        "placement": placement,
        "follow_up": follow_up,
        "case": case,
        "suggestion": suggestion,
        "consulting_received": consulting["received"],
        "consulting_assigned": consulting["assigned"],
        "consulting_reviewing": consulting["reviewing"],
        "employer_service": employer_service,
        "support_application": support_application,
        "fair": fair,
        "plan": plan,
        "project": project,
        "series": ProgramSeries.objects.order_by("pk").first(),
    }
    missing = sorted(kind for kind, row in rows.items() if row is None)
    assert missing == [], f"the persona world lacks: {missing}"
    paths = {kind: (row.pk,) for kind, row in rows.items()}
    paths["employer_service"] = (employer_service.slug,)
    paths["employer_vacancy"] = (employer.pk, vacancy.pk)
    paths["channel"] = ("sms",)
    next_week = today + dt.timedelta(days=7)
    values = {
        "seeker": seeker.pk,
        "employer": employer.pk,
        "vacancy": vacancy.pk,
        "fresh_vacancy": fresh_vacancy.pk,
        "caseless_seeker": caseless_seeker.pk,
        "team_colleague": colleague.pk,
        "expert": expert.pk,
        "organisation": organisation.name,
        "free_plan_year": free_year,
        "unattributed_placement": unattributed.pk,
        "new_business_number": _unused_business_number(),
        "region_code": employer.region.code,
        "today": today.isoformat(),
        "next_week": next_week.isoformat(),
        "next_week_10am": dt.datetime.combine(
            next_week, dt.time(10), tzinfo=timezone.get_current_timezone()
        ).isoformat(),
    }
    return paths, rows, values


# --- probing ------------------------------------------------------------------------------------


def _substitute(data, values):
    if data is None:
        return None
    out = {}
    for key, value in data.items():
        if isinstance(value, str) and value.startswith("@"):
            value = values[value[1:]]
        out[key] = value
    return out


def _fingerprint_sql() -> str:
    """One query: the row count of every table of the project's apps (and the task queue)."""
    tables = sorted(
        {
            m._meta.db_table
            for m in apps.get_models()
            if m._meta.app_config.name.startswith(("iljari.", "django_tasks")) and m._meta.managed
        }
    )
    q = connection.ops.quote_name
    return "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {q(t)})" for t in tables)  # noqa: S608 - model table names


def _fingerprint(sql: str, row) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = tuple(cursor.fetchone())
    values = type(row).objects.filter(pk=row.pk).values().first() if row is not None else None
    return counts, values


def _clients(users, auth: str) -> dict[str, Client]:
    clients = {}
    for persona in PERSONAS:
        if persona == "anonymous":
            clients[persona] = Client(raise_request_exception=False)
        elif auth == "session":
            clients[persona] = Client(raise_request_exception=False)
            clients[persona].force_login(users[persona])
        else:
            _token, key = do_issue_api_token(user=users[persona], name="permission matrix")
            clients[persona] = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {key}")
    return clients


def _call(client: Client, method: str, path: str, op: Op, values) -> object:
    query = _substitute(op.query, values)
    body = _substitute(op.body, values)
    if method == "GET":
        return client.get(path, query or {})
    if query:
        from urllib.parse import urlencode

        path = f"{path}?{urlencode(query)}"
    return getattr(client, method.lower())(path, body or {}, content_type="application/json")


def test_the_write_guard_sees_a_new_row_and_a_changed_field():
    employer = f.EmployerFactory()
    sql = _fingerprint_sql()
    before = _fingerprint(sql, employer)
    f.VacancyFactory(employer=employer)
    assert _fingerprint(sql, employer) != before
    before = _fingerprint(sql, employer)
    type(employer).objects.filter(pk=employer.pk).update(description="바뀐 소개")
    assert _fingerprint(sql, employer) != before
    assert _fingerprint(sql, employer) == _fingerprint(sql, employer)


def check_every_operation(auth: str, settings, persona_world: dict[str, int]) -> None:
    settings.ILJARI_REQUIRE_STAFF_2FA = False
    # every persona submits a consulting request to the same address: the limits are tested in
    # tests/support/test_consulting_confirmation.py, here only who may call what
    settings.ILJARI_RATE_LIMITS = {
        **settings.ILJARI_RATE_LIMITS,
        "consulting": (1000, 3600),
        "consulting_email": (1000, 86400),
    }
    users = persona_users(persona_world)
    paths, rows, values = api_objects(users)
    clients = _clients(users, auth)
    sql = _fingerprint_sql()
    failures, leaks, probed = [], [], 0
    for method, template in api_operations():
        key = f"{method} {template}"
        op = API_MATRIX.get(key)
        if op is None:
            failures.append(f"unclassified: {key}")
            continue
        params = PARAM.findall(template)
        path_values = paths[op.obj] if op.obj else ()
        assert len(path_values) == len(params), f"{key}: {op.obj} gives {path_values} for {params}"
        path = template
        for name, value in zip(params, path_values, strict=True):
            path = path.replace("{" + name + "}", str(value), 1)
        allowed = allowed_personas(op.who, users)
        row = rows.get(op.obj) if op.obj else None
        for persona in PERSONAS:
            write = method != "GET"
            with transaction.atomic():
                before = _fingerprint(sql, row) if write else None
                response = _call(clients[persona], method, path, op, values)
                after = _fingerprint(sql, row) if write else None
                transaction.set_rollback(True)
            probed += 1
            status = response.status_code
            text = response.content[:300].decode(errors="replace")
            if persona in allowed:
                if not 200 <= status < 300:
                    failures.append(f"{status} {method} {path} as {persona} (allowed): {text}")
            elif 200 <= status < 300:
                leaks.append(f"{status} {method} {path} as {persona}: {text}")
            elif status not in (REFUSED_STATUSES if persona in op.refused else DENIED_STATUSES):
                failures.append(f"{status} {method} {path} as {persona} (denied): {text}")
            elif before != after:
                leaks.append(f"{status} {method} {path} as {persona} changed the database")
    print(f"{auth}: {probed} calls over {len(API_MATRIX)} operations")
    assert leaks == [], "permission leaks:\n" + "\n".join(leaks)
    assert failures == [], "\n".join(failures)


@pytest.mark.slow  # the persona world and every operation × persona
def test_every_persona_gets_exactly_what_the_matrix_grants_with_a_session(settings, persona_world):
    check_every_operation("session", settings, persona_world)


@pytest.mark.slow  # the persona world and every operation × persona
def test_every_persona_gets_exactly_what_the_matrix_grants_with_a_bearer_token(settings, persona_world):
    check_every_operation("bearer", settings, persona_world)
