"""Every page, every persona: nobody gets a 2xx from a page the matrix does not grant them.

The URLs come from the resolver at run time; ``permission_matrix.MATRIX`` must classify each
one (an unknown URL fails). Objects in URL parameters belong to the first persona of each pair
(``seeker``, ``employer``, ``counselor``), so ``other_*`` personas probe object-level checks.
A page answering GET with 405 is probed with an empty POST by the personas it denies.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from iljari.accounts.permissions import employer_ids_of, has_capability

from .permission_matrix import MATRIX
from .world import PERSONAS, first, persona_users

pytestmark = pytest.mark.django_db

DENIED_STATUSES = {301, 302, 303, 307, 401, 403, 404, 405}


def url_patterns(patterns=None, prefix="", namespace=None):
    """(url name, route, converter names) of every page outside /admin/ and /api/."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            route = str(pattern.pattern)
            if route.startswith(("admin/", "api/")):
                continue
            yield from url_patterns(pattern.url_patterns, prefix + route, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, prefix + str(pattern.pattern), list(pattern.pattern.converters)


def allowed_personas(rule: str, users: dict) -> set[str]:
    allowed: set[str] = set()
    for part in rule.split("|"):
        if part == "all":
            allowed |= set(PERSONAS)
        elif part == "auth":
            allowed |= set(users)
        elif part.startswith("cap:"):
            allowed |= {name for name, user in users.items() if has_capability(user, part[4:])}
        elif part == "role:seekers":
            allowed |= {"seeker", "other_seeker"}
        elif part == "role:employers":
            allowed |= {"employer", "other_employer"}
        elif part.startswith("role:"):
            allowed.add(part[5:])
        else:
            raise AssertionError(f"unknown rule {part!r}")
    return allowed


def object_params(users) -> dict[str, tuple]:
    """Values for each object kind, in the order of the URL's parameters (None: not in the world)."""
    seeker = users["seeker"].seeker
    employer_id = min(employer_ids_of(users["employer"]))
    vacancy = first("vacancies.Vacancy", employer_id=employer_id, status="published")
    from iljari.referrals.actions import do_create_referral
    from iljari.vacancies.actions import do_apply

    application = first("vacancies.Application", seeker=seeker, vacancy__employer_id=employer_id)
    if application is None or application.seeker_id != seeker.pk:
        application = do_apply(seeker=seeker, vacancy=vacancy)
    referral = first("referrals.Referral", seeker=seeker, vacancy__employer_id=employer_id)
    if referral is None or referral.seeker_id != seeker.pk:
        other_vacancy = first(
            "vacancies.Vacancy", employer_id=employer_id, status="published", pk__gt=vacancy.pk
        )
        referral = do_create_referral(
            seeker=seeker, vacancy=other_vacancy or vacancy, counselor=users["counselor"]
        )
    referral_request = first("employers.ReferralRequest", vacancy__employer_id=employer_id)
    if referral_request is None:
        from iljari.employers.actions import do_request_referral

        referral_request = do_request_referral(vacancy=vacancy, actor=users["employer"])
    member = first("employers.EmployerMember", employer_id=employer_id)
    invitation = first("employers.Invitation", employer_id=employer_id)
    if invitation is None:
        from iljari.employers.actions import do_invite_member
        from iljari.employers.models import Employer

        employer = Employer.objects.get(pk=employer_id)
        invitation = do_invite_member(employer=employer, actor=users["employer"], email="new@example.com")
    case = first("counseling.Case", seeker=seeker)
    attachment = first("counseling.Attachment", case=case)
    if attachment is None and case is not None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from iljari.counseling.actions import do_add_attachment

        pdf = SimpleUploadedFile("note.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
        attachment = do_add_attachment(case=case, actor=users["counselor"], uploaded=pdf)
    event = first("fairs.Event")
    participation = first("fairs.Participation", event=event, employer_id=employer_id)
    registration = first("fairs.Registration", event=event, seeker=seeker)
    fair_interview = first("fairs.Interview")
    job = first("jobs.Job")
    if job is None:
        from iljari.jobs.models import Job

        job = Job.objects.create(
            kind="vacancies.import", target="vacancies.import:1", owner=users["counselor"]
        )
    plan = first("programs.Plan")
    survey = first("programs.Survey")

    def pk(obj):
        return obj.pk if obj is not None else None

    def some(*values):
        return None if any(v is None for v in values) else tuple(values)

    from iljari.accounts.actions import do_issue_api_token

    api_token = first("accounts.ApiToken", user=users["seeker"], revoked_at__isnull=True)
    if api_token is None:
        api_token = do_issue_api_token(user=users["seeker"], name="matrix", scopes=["vacancies:read"])[0]

    return {
        "api_token": (api_token.pk,),
        "vacancy": some(pk(vacancy)),
        "search_list": ("occupation",),
        "employer": (employer_id,),
        "employer_member": some(employer_id, pk(member)),
        "employer_invitation": some(employer_id, pk(invitation)),
        "invitation_token": some(getattr(invitation, "token", None)),
        "application": some(pk(application)),
        "referral": some(pk(referral)),
        "referral_answer": some(pk(referral), "accept"),
        "experience": some(pk(first("seekers.Experience", seeker=seeker))),
        "qualification_held": some(pk(first("seekers.QualificationHeld", seeker=seeker))),
        "seeker": (seeker.pk,),
        "seeker_query": (),
        "queue_key": ("seekers",),
        "referral_request": some(pk(referral_request)),
        "interview": some(pk(first("referrals.Interview", referral__seeker=seeker))),
        "placement": some(pk(first("referrals.Placement", seeker=seeker))),
        "follow_up": some(pk(first("referrals.RetentionFollowUp"))),
        "case": some(pk(case)),
        "plan_item": some(pk(first("counseling.ActionItem", case=case))),
        "attachment": some(pk(attachment)),
        "visit": some(pk(first("support.Visit", employer_id=employer_id))),
        "suggestion": some(pk(first("support.Suggestion", employer_id=employer_id))),
        "consulting": some(pk(first("support.ConsultingRequest", employer_id=employer_id))),
        "consulting_token": ("no-such-token",),
        "service": some(getattr(first("support.SupportService"), "slug", None)),
        "support_application": some(pk(first("support.ServiceApplication", employer_id=employer_id))),
        "delivery": some(pk(first("notifications.Delivery"))),
        "fair": some(pk(event)),
        "fair_participation": some(pk(event), pk(participation)),
        "fair_token": some(pk(event), getattr(registration, "token", None)),
        "fair_interview": some(pk(event), pk(fair_interview)),
        "plan": some(pk(plan)),
        "job": some(pk(job)),
        "password_reset": ("MQ", "set-password"),
        "plan_report": some(pk(plan), "plan", "xlsx"),
        "project": some(pk(first("programs.Project"))),
        "result": some(pk(first("programs.ManualResult"))),
        "survey": some(pk(survey)),
        "survey_token": some(getattr(survey, "token", None)),
    }


def probe(path: str, users: dict, method: str = "get") -> dict[str, int]:
    statuses = {}
    for persona in PERSONAS:
        client = Client(raise_request_exception=False)
        if persona != "anonymous":
            client.force_login(users[persona])
        response = getattr(client, method)(path)
        statuses[persona] = response.status_code
    return statuses


def test_every_page_is_classified_in_the_matrix():
    names = {name for name, _route, _params in url_patterns()}
    unclassified = sorted(names - set(MATRIX))
    assert unclassified == [], f"classify these pages in tests/trust/permission_matrix.py: {unclassified}"


def page_group(url_name: str) -> str:
    """The URL namespace (an app's pages): the unit one matrix test probes."""
    return url_name.split(":", 1)[0] if ":" in url_name else "root"


NOT_PROBED = {"accounts:logout", "set_language"}  # state-changing by design; covered elsewhere
PAGE_GROUPS = sorted({page_group(name) for name, _route, _params in url_patterns()})


@pytest.mark.slow
@pytest.mark.parametrize("group", PAGE_GROUPS)
def test_no_persona_gets_a_page_the_matrix_does_not_grant(group, settings, persona_world):
    """One test per page group, so xdist spreads the probing; every page of the group is probed,
    in the persona world its module built once."""
    settings.ILJARI_REQUIRE_STAFF_2FA = False
    users = persona_users(persona_world)
    params = object_params(users)
    leaks, errors, unprobed, probed = [], [], [], []
    for name, _route, converters in url_patterns():
        if page_group(name) != group or name not in MATRIX or name in NOT_PROBED:
            continue
        rule, kind = MATRIX[name]
        values = params.get(kind, ()) if kind else ()
        kwargs = dict(zip(converters, values, strict=False)) if converters and values else {}
        if values is None or len(kwargs) != len(converters):
            unprobed.append(f"{name} (no {kind} in the persona world)")
            continue
        path = reverse(name, kwargs=kwargs)
        if kind == "seeker_query":
            path += f"?seeker={users['seeker'].seeker.pk}"
        allowed = allowed_personas(rule, users)
        statuses = probe(path, users)
        probed.append(name)
        if set(statuses.values()) == {405}:
            denied = [p for p in PERSONAS if p not in allowed]
            statuses = {p: s for p, s in zip(denied, probe_post(path, users, denied), strict=True)}
        for persona, status in statuses.items():
            if status >= 500:
                errors.append(f"{status} {path} as {persona}")
            elif persona not in allowed and status not in DENIED_STATUSES:
                leaks.append(f"{status} {path} ({name}) as {persona}")
    assert errors == [], errors
    assert leaks == [], "permission leaks:\n" + "\n".join(leaks)
    assert unprobed == [], f"pages the matrix could not probe: {unprobed}"
    assert probed or group in {page_group(n) for n in NOT_PROBED}, f"no page of {group!r} was probed"


def probe_post(path: str, users: dict, personas: list[str]) -> list[int]:
    result = []
    for persona in personas:
        client = Client(raise_request_exception=False)
        if persona != "anonymous":
            client.force_login(users[persona])
        result.append(client.post(path, {}).status_code)
    return result
