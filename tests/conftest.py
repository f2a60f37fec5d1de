"""Shared fixtures: the reference data shipped with the project, persona users, and a real Chromium.

Personas (Healthchecks-style): a seeker, another seeker, an employer member, another
employer's member, a counselor, a counselor of another team, a program manager,
an official, an admin — and the anonymous visitor (the plain ``client``).
"""

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright sync API runs an event loop
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from iljari.accounts.models import Role
from iljari.taxonomy.loader import load_reference_data
from iljari.taxonomy.models import Occupation

from . import factories as f
from .db_template import start_from_template

# CI (CI=true) replays the same generated examples on every run, so a submission is judged on what
# was tried before it; a developer's runs keep drawing new ones and find the new counter-examples
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


#: the reference rows as first loaded in this process, to copy back when a test changed them
_reference_rows: list[tuple[type, list[dict]]] = []


def _reference_models() -> list[type]:
    from django.apps import apps

    taxonomy = list(apps.get_app_config("taxonomy").get_models(include_auto_created=True))
    return [*taxonomy, apps.get_model("vacancies", "MinimumWage")]  # the latter from a data migration


def ensure_reference_data() -> None:
    """The full shipped data (taxonomy/data/), loaded once per database (bulk inserts); if a
    transactional test changed the reference tables (the flush then empties them too, see
    ``flush_keeps_reference_tables``), the rows of the first load are copied back."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    if Occupation.objects.exists():
        return
    if not _reference_rows:
        load_reference_data()
        _reference_rows.extend((model, list(model.objects.values())) for model in _reference_models())
        return
    with transaction.atomic():  # foreign keys (a region's parent) are checked at commit
        for model, rows in _reference_rows:
            model.objects.all().delete()
            model.objects.bulk_create([model(**row) for row in rows], batch_size=2000)
    with connection.cursor() as cursor:  # PostgreSQL: the id sequences continue after the copied ids
        for sql in connection.ops.sequence_reset_sql(no_style(), [m for m, _rows in _reference_rows]):
            cursor.execute(sql)


@pytest.fixture(scope="session", autouse=True)
def flush_keeps_reference_tables():
    """A transactional test (live server, concurrency) ends with a flush of every table; loading
    ~34,000 reference rows again took 5–10 s per test. The flush keeps the reference tables
    when they still hold exactly the rows of the first load (same count per table), and
    empties them otherwise, so that the next test copies them back."""
    from django.core.management.commands import flush

    original = flush.sql_flush

    def sql_flush(style, connection, reset_sequences=True, allow_cascade=False):
        tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        if _reference_rows:
            expected = {model._meta.db_table: len(rows) for model, rows in _reference_rows}
            with connection.cursor() as cursor:
                for table in expected:
                    cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                    if cursor.fetchone()[0] != expected[table]:
                        break
                else:
                    tables = [t for t in tables if t not in expected]
        return connection.ops.sql_flush(
            style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )

    flush.sql_flush = sql_flush
    yield
    flush.sql_flush = original


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """PBKDF2's deliberate slowness is for production, not for thousands of test logins."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def access_log_anchor_per_test(settings, tmp_path):
    """The access log's head is anchored in a file outside the database: each test's database
    starts empty (or is rolled back), so each test anchors in its own file."""
    settings.ILJARI_AUDIT_ANCHOR_FILE = str(tmp_path / "audit-anchors.log")


@pytest.fixture(autouse=True)
def fresh_rate_limits(settings):
    """Each test gets its own (in-memory) rate-limit counters: parallel workers and earlier
    tests must not use up a test's allowance."""
    import uuid

    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": uuid.uuid4().hex,
        },
    }


@pytest.fixture(autouse=True)
def search_index_checked_before_every_search(settings):
    """Each test's data are new (and rolled back after it): a web process's 0.25 s between two
    looks at the search log would let one test see the index of the one before."""
    settings.SEARCH_INDEX_CHECK_SECONDS = 0


@pytest.fixture(autouse=True)
def taxonomy_tables_read_per_test(settings):
    """The pickers' copy of the classifications (vacancies/pickers/table.py) is asked about before
    every use and dropped between tests: a rolled-back test's rows must not linger in it."""
    from iljari.vacancies.pickers import table

    settings.TAXONOMY_CHECK_SECONDS = 0
    table.forget()
    yield
    table.forget()


@pytest.fixture(autouse=True)
def keep_test_connection_across_wsgi_calls(request):
    """Tests that call the WSGI application directly (schemathesis' from_wsgi) must not have
    Django close the test transaction's connection at the end of each request — Django's own
    test client disconnects the same handlers. Live-server tests keep the normal behaviour."""
    if "live_server" in request.fixturenames:
        yield
        return
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request):
    """Just before the test databases are made: start them from the migrated template with the
    reference data (tests/db_template.py)."""
    if not request.config.getvalue("nomigrations"):
        start_from_template()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ensure_reference_data()
        if not _reference_rows:  # the database was kept from an earlier run (--reuse-db)
            _reference_rows.extend((model, list(model.objects.values())) for model in _reference_models())


@pytest.fixture
def reference_data(db):
    """For transactional tests (live_server), whose flush empties the tables."""
    ensure_reference_data()


@pytest.fixture
def seeker(db):
    return f.SeekerFactory(user__username="seeker_a", user__full_name="홍길동")


@pytest.fixture
def other_seeker(db):
    return f.SeekerFactory(user__username="seeker_b", user__full_name="김영희")


@pytest.fixture
def employer(db):
    return f.EmployerFactory(name="(주)남동용접")


@pytest.fixture
def other_employer(db):
    return f.EmployerFactory(name="(주)부평금형")


@pytest.fixture
def employer_member(employer):
    return f.EmployerMemberFactory(employer=employer, user__username="employer_a").user


@pytest.fixture
def other_employer_member(other_employer):
    return f.EmployerMemberFactory(employer=other_employer, user__username="employer_b").user


@pytest.fixture
def team(db):
    return f.TeamFactory(name="남동 취업지원팀")


@pytest.fixture
def other_team(db):
    return f.TeamFactory(name="부평 취업지원팀")


@pytest.fixture
def counselor(team):
    return f.UserFactory(username="counselor_a", role=Role.COUNSELOR, team=team, full_name="김상담")


@pytest.fixture
def other_team_counselor(other_team):
    return f.UserFactory(username="counselor_b", role=Role.COUNSELOR, team=other_team, full_name="이상담")


@pytest.fixture
def program_manager(db):
    return f.UserFactory(username="manager_a", role=Role.PROGRAM_MANAGER)


@pytest.fixture
def official(db):
    return f.UserFactory(username="official_a", role=Role.OFFICIAL)


@pytest.fixture
def admin_user(db):
    return f.UserFactory(username="admin_a", role=Role.ADMIN, is_superuser=True, is_staff=True)


@pytest.fixture
def vacancy(employer):
    return f.VacancyFactory(employer=employer)


@pytest.fixture
def consent_texts(db):
    """The consent texts a fresh installation ships (the signup form's checkboxes)."""
    return f.demo_consent_texts()


@pytest.fixture
def client_for(client):
    """``client_for(user)`` → a test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


# --- real Chromium -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (the CI script does this)")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def warm_up_models() -> None:
    """Load the search index, the Korean analyser and the matching text models before a browser
    test's clock runs (the live server shares this process), as `iljari serve` does before it
    takes traffic; built once per process, cached on disk after the first build."""
    from iljari.taxonomy.titles import text_resources
    from iljari.vacancies import search_index
    from jobmatch.text import kiwi

    search_index.current()
    kiwi()
    text_resources()


@pytest.fixture
def page(browser, live_server, reference_data):
    warm_up_models()
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_for_swapped_list(page, selector: str) -> None:
    """Wait until htmx has swapped in a list whose first field (``selector``) takes the keyboard and
    has wired its ``hx-*`` attributes. The focus alone is not enough: the browser may honour the
    ``autofocus`` of an inserted field before htmx's settle step (20 ms later) reads the attributes,
    and a change made in between would send no request."""
    page.locator(f"{selector}:focus").wait_for()
    page.locator(".htmx-added").first.wait_for(state="detached")


def login_in_browser(page, username: str, password: str = f.PASSWORD) -> None:
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#main-content button[type=submit]")
    page.wait_for_load_state("networkidle")


@pytest.fixture(autouse=True)
def back_to_the_default_language():
    """A request with ``Accept-Language: en`` leaves English active in this thread (LocaleMiddleware
    never deactivates); later tests that call actions directly would get English messages."""
    yield
    translation.deactivate()


def pytest_collection_modifyitems(config, items):
    """Browser tests are slow by nature: ``make test-fast`` (``-m "not slow"``) leaves them out,
    ``make test`` and CI run them."""
    for item in items:
        if item.get_closest_marker("browser") and not item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.slow)
