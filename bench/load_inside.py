# ruff: noqa: S603, S607 - runs our own commands with fixed arguments
"""The load scenario's steps that run inside the seeded database's environment (as subprocesses of
``bench/run.py load``): the plan of applications and referrals, the tasks queued during the
worker's outage, and the count of what reached the database."""

from __future__ import annotations

import os
import random
import secrets
import time

# --- the parts that run inside the seeded database's environment (subprocesses) -----------------


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iljari.settings")
    import django

    django.setup()


def prepare_plan(n_seekers: int, n_applications: int, n_referrals: int, seed: int) -> dict:
    """API tokens for seekers, (seeker, vacancy) pairs to apply to and to refer, counselor logins."""
    _django()
    from iljari.accounts.models import Role, User
    from iljari.referrals.models import Referral
    from iljari.seekers.models import Seeker
    from iljari.site.views import open_vacancies
    from iljari.vacancies.models import Application

    rng = random.Random(seed)
    seekers = list(
        Seeker.objects.filter(user__is_active=True, anonymised_at__isnull=True).order_by("id")[:n_seekers]
    )
    # Signed-in browser sessions with CSRF, as the seeker portal's pages call the API, created
    # directly instead of n password logins.
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    tokens = {}
    for seeker in seekers:
        session = SessionStore()
        session[SESSION_KEY] = str(seeker.user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = seeker.user.get_session_auth_hash()
        session.create()
        tokens[seeker.pk] = session.session_key
    cookie_name = settings.SESSION_COOKIE_NAME
    vacancies = list(open_vacancies().order_by("id").values_list("id", flat=True))
    applied = set(Application.objects.values_list("seeker_id", "vacancy_id"))
    referred = set(Referral.objects.values_list("seeker_id", "vacancy_id"))
    pairs = [(s.pk, v) for s in seekers for v in vacancies]
    rng.shuffle(pairs)
    apply_pairs = [p for p in pairs if p not in applied][:n_applications]
    taken = set(apply_pairs)
    refer_pairs = [p for p in pairs if p not in referred and p not in taken][:n_referrals]
    counselors = list(
        User.objects.filter(role=Role.COUNSELOR, is_active=True)
        .order_by("id")
        .values_list("username", flat=True)
    )
    return {
        "session_cookie": cookie_name,
        "csrf_secret": secrets.token_hex(16),
        "tokens": {str(k): v for k, v in tokens.items()},
        "apply": apply_pairs,
        "refer": refer_pairs,
        "counselors": counselors,
        "vacancies": vacancies[:200],
        "applications_before": Application.objects.count(),
        "referrals_before": Referral.objects.count(),
    }


def enqueue_heartbeats(n: int) -> list[str]:
    _django()
    from iljari.core.opstasks import heartbeat

    return [str(heartbeat.enqueue(i).id) for i in range(n)]


def count_outcome(apply_pairs: list, refer_pairs: list, task_ids: list[str], wait_s: float) -> dict:
    _django()
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from iljari.core.models import TransitionLog
    from iljari.referrals.models import Referral
    from iljari.vacancies.models import Application

    deadline = time.monotonic() + wait_s
    while task_ids and time.monotonic() < deadline:
        pending = DBTaskResult.objects.filter(id__in=task_ids, status__in=["READY", "RUNNING"]).count()
        if pending == 0:
            break
        time.sleep(0.5)
    statuses = dict(
        DBTaskResult.objects.filter(id__in=task_ids).values_list("status").annotate(n=Count("id")).order_by()
    )
    apps = set(Application.objects.values_list("seeker_id", "vacancy_id"))
    duplicates = (
        Application.objects.values("seeker_id", "vacancy_id").annotate(n=Count("id")).filter(n__gt=1).count()
    )
    app_type = ContentType.objects.get_for_model(Application)
    logged = set(TransitionLog.objects.filter(content_type=app_type).values_list("object_id", flat=True))
    planned_ids = [
        pk
        for pk, s, v in Application.objects.values_list("id", "seeker_id", "vacancy_id")
        if (s, v) in {tuple(p) for p in apply_pairs}
    ]
    refs = set(Referral.objects.values_list("seeker_id", "vacancy_id"))
    return {
        "applications_total": Application.objects.count(),
        "planned_applications_present": [tuple(p) in apps for p in apply_pairs],
        "application_duplicates": duplicates,
        "applications_without_log": sum(1 for pk in planned_ids if pk not in logged),
        "planned_referrals_present": [tuple(p) in refs for p in refer_pairs],
        "referrals_total": Referral.objects.count(),
        "tasks": statuses,
        "stale_running_tasks": DBTaskResult.objects.filter(status="RUNNING").count(),
    }
