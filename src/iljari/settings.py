"""Settings, driven by the environment. SQLite by default so a fresh checkout runs.

Every knob is read here, once, through the small helpers of ``iljari.core.env``.
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from iljari.core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent  # src/iljari
PROJECT_DIR = BASE_DIR.parent.parent  # the repository root


DEBUG = env_bool("DEBUG", False)
# ILJARI_PRODUCTION=1 turns on every transport-security default (HTTPS-only cookies, HSTS,
# SSL redirect behind the reverse proxy) and refuses the development SECRET_KEY.
PRODUCTION = env_bool("ILJARI_PRODUCTION", False)
_DEV_SECRET_KEY = "insecure-development-key-change-me-" + "x" * 20
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY)
if PRODUCTION and SECRET_KEY == _DEV_SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("ILJARI_PRODUCTION=1 needs SECRET_KEY (at least 50 random characters).")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
PORT = env_int("PORT", 8000)

VAR_DIR = Path(env_str("ILJARI_VAR_DIR", str(PROJECT_DIR / "var")))
# built matching text models (keyed by the job dictionary's content, so safe to share)
MATCHING_CACHE_DIR = Path(env_str("ILJARI_MATCHING_CACHE_DIR", str(VAR_DIR / "cache" / "matching")))
# A learned ranker (``iljari train-ranker``) reorders recommendations within the engine's tiers only
# when this allows it AND its stored evaluation beat the hand weights on a later period; otherwise
# the hand weights rank (docs/matching.md, "Learning from outcomes").
ILJARI_LEARNED_RANKER = env_bool("ILJARI_LEARNED_RANKER", False)
ILJARI_LEARNED_RANKER_FILE = Path(
    env_str("ILJARI_LEARNED_RANKER_FILE", str(VAR_DIR / "matching" / "ranker.json"))
)
# Rendered public search answers are kept in the "search_answers" cache (vacancies/answer_cache.py):
# files under var/cache/answers, shared by the machine's web processes (each process's own memory
# rendered every question once per process: 99 searches/s under the load scenario instead of 200+);
# point it at Redis or memcached when the web processes span machines.
SEARCH_ANSWER_CACHE = env_bool("ILJARI_SEARCH_ANSWER_CACHE", True)
# How often a web process asks the database whether its search index is current (seconds; its
# own changes it sees at once). 0: before every search.
SEARCH_INDEX_CHECK_SECONDS = float(env_str("ILJARI_SEARCH_INDEX_CHECK_SECONDS", "0.25"))
# How often a web process asks whether the occupation/industry classifications it keeps in memory
# for the search form's pickers changed (seconds; vacancies/pickers/table.py). 0: on every use.
TAXONOMY_CHECK_SECONDS = float(env_str("ILJARI_TAXONOMY_CHECK_SECONDS", "10"))
CACHES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "search_answers": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("ILJARI_SEARCH_ANSWER_CACHE_DIR", str(VAR_DIR / "cache" / "answers")),
        "TIMEOUT": 300,
        "OPTIONS": {"MAX_ENTRIES": 5000, "CULL_FREQUENCY": 4},
    },
    # Counters of the rate limits on anonymous writes (iljari.core.ratelimit), shared by the
    # machine's web processes.
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("ILJARI_RATELIMIT_CACHE_DIR", str(VAR_DIR / "cache" / "ratelimit")),
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 20000, "CULL_FREQUENCY": 4},
    },
}
# (attempts, seconds) per client address; see iljari.core.ratelimit.DEFAULT_LIMITS.
ILJARI_RATE_LIMITS = {
    "signup": (env_int("ILJARI_SIGNUP_LIMIT", 10), 3600),
    "consulting": (env_int("ILJARI_CONSULTING_LIMIT", 5), 3600),
    # confirmation mails per target address and day (support/actions/consulting.py)
    "consulting_email": (env_int("ILJARI_CONSULTING_EMAIL_LIMIT", 3), 86400),
    "consulting_confirm": (20, 3600),
    "survey": (env_int("ILJARI_SURVEY_LIMIT", 20), 3600),
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "iljari.core",
    "iljari.accounts",
    "iljari.audit",
    "iljari.jobs",
    "iljari.taxonomy",
    "iljari.employers",
    "iljari.seekers",
    "iljari.vacancies",
    "iljari.referrals",
    "iljari.counseling",
    "iljari.matching",
    "iljari.console",
    "iljari.support",
    "iljari.notifications",
    "iljari.fairs",
    "iljari.programs",
    "iljari.demo",
    "iljari.site",
]

MIDDLEWARE = [
    "iljari.core.middleware.RequestLogMiddleware",
    "iljari.core.input_guard.InputGuardMiddleware",  # Host, NUL, out-of-range: before any answer
    "django.middleware.security.SecurityMiddleware",
    "iljari.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "iljari.accounts.middleware.SessionIdleTimeoutMiddleware",
    "iljari.accounts.middleware.StaffTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "iljari.urls"
WSGI_APPLICATION = "iljari.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "iljari.site.context_processors.site",
            ],
        },
    }
]

_default_sqlite = f"sqlite:///{VAR_DIR / 'iljari.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _default_sqlite), conn_max_age=env_int("DB_CONN_MAX_AGE", 0)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    # Simultaneous writers (gunicorn workers, runserver threads) queue for the write lock instead
    # of failing: every transaction takes it at BEGIN (IMMEDIATE: a read lock is never upgraded,
    # which SQLite answers with "database is locked" at once, whatever the timeout), waits up to
    # 20 s for it, and readers never block the writer (WAL).
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        }
    )
    DATABASES["default"]["TEST"] = (
        {"NAME": str(VAR_DIR / "test.sqlite3")} if env_bool("ILJARI_TEST_DB_FILE") else {}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # 안전성 확보조치 기준: letters, digits and symbols mixed (at least three kinds for 8+, two for 10+)
    {"NAME": "iljari.accounts.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 2}},
    {"NAME": "iljari.accounts.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
]
# Login throttling and lockout (django-axes): 5 failures for the same account from the same
# address lock that account for that address for 15 minutes (others can still sign in to it). Authentication without a request (the test client's
# login(), shell scripts) skips the check (iljari.accounts.backends).
AUTHENTICATION_BACKENDS = [
    "iljari.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# How many reverse proxies append to X-Forwarded-For in front of iljari (1 behind the documented
# nginx). One helper reads the client's address from it for lockout, access log and consent.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "iljari.core.client_ip.client_ip"
AXES_VERBOSE = False
# TOTP two-factor sign-in for staff roles (counselor, program manager, official, admin).
# On by default in production; off with DEBUG (`make demo`) and in the test settings
# (iljari.settings_test) so the demo staff accounts work without a phone.
# Set ILJARI_REQUIRE_STAFF_2FA=1/0 to force it.
ILJARI_REQUIRE_STAFF_2FA = env_bool("ILJARI_REQUIRE_STAFF_2FA", not DEBUG)
OTP_TOTP_ISSUER = env_str("ILJARI_CENTER_NAME", "인천 뿌리산업 일자리센터")
OTP_TOTP_THROTTLE_FACTOR = 1
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "site:dashboard"
LOGOUT_REDIRECT_URL = "site:home"

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("한국어")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = (
    [("vendor", PROJECT_DIR / "node_modules")] if (PROJECT_DIR / "node_modules").exists() else []
)
WHITENOISE_USE_FINDERS = True

# Uploaded files (attachments, evidence) live outside the web root and are served
# only through views that check permissions.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-served/"
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Sessions: at most 8 hours, and signed out after 30 idle minutes
# (iljari.accounts.middleware.SessionIdleTimeoutMiddleware) or when the browser closes.
SESSION_ENGINE = "iljari.core.session_store"  # database sessions; an outage is a 503, not a 400
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "iljari_session"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "iljari.core.views.csrf_failure"  # a Korean page, not Django's "403 Forbidden"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind the reverse proxy (docs/operations.md), which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # the proxy's probes come over loopback HTTP
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
# Content-Security-Policy (iljari.core.middleware.SecurityHeadersMiddleware): our own static
# files only; no inline scripts or style attributes. ILJARI_CSP_REPORT_ONLY=1 to trial a change.
ILJARI_CSP_REPORT_ONLY = env_bool("ILJARI_CSP_REPORT_ONLY", False)
# base.html links KRDS's resources/css/component/output.css, whose icons are our own static
# copies (the bundled cdn/krds.min.css would fetch them from www.krds.go.kr): no other host.
ILJARI_CSP_EXTRA_IMG_SRC = env_list("ILJARI_CSP_EXTRA_IMG_SRC", "")
# Personal-data protection (docs/privacy.md)
ILJARI_ACCESS_LOG_RETENTION_DAYS = env_int("ILJARI_ACCESS_LOG_RETENTION_DAYS", 2 * 365 + 1)
ILJARI_SEEKER_RETENTION_DAYS = env_int("ILJARI_SEEKER_RETENTION_DAYS", 3 * 365)
ILJARI_BULK_ACCESS_THRESHOLD = env_int("ILJARI_BULK_ACCESS_THRESHOLD", 100)  # subjects per hour
ILJARI_PRIVACY_OFFICER_EMAILS = env_list("ILJARI_PRIVACY_OFFICER_EMAILS", "")
# The access log's chain key (HMAC-SHA256, iljari.audit.chain) and where its head is anchored
# outside the database. Keys live in the environment, never in the database; in production they
# must be set (at least 32 random characters each), in development they derive from SECRET_KEY.
ILJARI_AUDIT_KEY = env_str("ILJARI_AUDIT_KEY") or "dev-audit:" + SECRET_KEY
ILJARI_AUDIT_ANCHOR_FILE = env_str("ILJARI_AUDIT_ANCHOR_FILE") or None  # default: VAR_DIR/audit/
# Backups (iljari.core.backup): encrypted with Fernet keys (the first encrypts, any decrypts:
# rotate by putting the new key first) — `iljari backup --new-key` prints one; the manifest is
# signed (HMAC) with a key derived from the first.
ILJARI_BACKUP_KEYS = env_list("ILJARI_BACKUP_KEY", "")
if PRODUCTION:
    from django.core.exceptions import ImproperlyConfigured

    if len(env_str("ILJARI_AUDIT_KEY")) < 32:
        raise ImproperlyConfigured(
            "ILJARI_PRODUCTION=1 needs ILJARI_AUDIT_KEY (at least 32 random characters)."
        )
    if not ILJARI_BACKUP_KEYS:
        raise ImproperlyConfigured("ILJARI_PRODUCTION=1 needs ILJARI_BACKUP_KEY (iljari backup --new-key).")
ALLOWED_UPLOAD_TYPES = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/x-hwp": (".hwp",),
}
FILE_UPLOAD_PERMISSIONS = 0o640

# Background work: a persistent, database-backed queue (SQLite and PostgreSQL alike).
# Run the worker with `iljari db_worker`; tests may set TASK_BACKEND to the immediate backend.
TASKS = {
    "default": {
        "BACKEND": env_str("TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Long work runs as jobs (iljari.jobs) on that queue. A running job renews a lease with every
# progress report; when its worker dies the lease runs out and the job is marked failed.
ILJARI_JOB_LEASE_SECONDS = env_int("ILJARI_JOB_LEASE_SECONDS", 120)
# Fair timetables: the time a full optimisation may take (a job), and the quick
# re-optimisation on the day around the announced interviews.
ILJARI_FAIR_OPTIMISE_SECONDS = float(env_str("ILJARI_FAIR_OPTIMISE_SECONDS", "60"))
ILJARI_FAIR_REOPTIMISE_SECONDS = float(env_str("ILJARI_FAIR_REOPTIMISE_SECONDS", "3"))
# The site's own address for links in e-mails (e.g. https://iljari.example.kr); empty: paths only.
ILJARI_SITE_URL = env_str("ILJARI_SITE_URL", "")

# E-mail: the console backend in development (messages in the terminal); SMTP in production,
# where the settings below must be given (docs/operations.md, "E-mail").
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# SMS/알림톡 provider (default: log only); `make demo` writes e-mail and SMS to ILJARI_MESSAGE_LOG
ILJARI_SMS_SENDER = env_str("ILJARI_SMS_SENDER", "iljari.notifications.senders.LoggingSmsSender")
ILJARI_MESSAGE_LOG = env_str("ILJARI_MESSAGE_LOG", "")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "iljari@localhost")


if PRODUCTION:
    from django.core.exceptions import ImproperlyConfigured

    # only in production: the check needs nothing from the apps (settings load before them)
    from iljari.core.settings_checks import production_email_problems

    _email_problems = production_email_problems(
        EMAIL_BACKEND, EMAIL_HOST, DEFAULT_FROM_EMAIL, ILJARI_SITE_URL, tls=EMAIL_USE_TLS, ssl=EMAIL_USE_SSL
    )
    if _email_problems:
        raise ImproperlyConfigured(
            "ILJARI_PRODUCTION=1 needs working e-mail settings: " + " ".join(_email_problems)
        )

# Structured logs: one JSON object per line on stderr (LOG_FORMAT=json, the default outside
# DEBUG), with the request id, user id, method, path, status and duration of each request.
LOG_FORMAT = env_str("LOG_FORMAT", "plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "iljari.core.logformat.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.server": {"level": "INFO"},
        "axes": {"level": "WARNING"},
    },
}

# The center this installation serves: shown in the header, the footer, the login page, the
# 찾아오시는 길 page and the privacy policy (ILJARI_CENTER_* in the environment).
ILJARI = {
    "SITE_NAME": _("일자리"),
    "CENTER_NAME": env_str("ILJARI_CENTER_NAME", "인천 뿌리산업 일자리센터"),
    "CENTER_ADDRESS": env_str("ILJARI_CENTER_ADDRESS", "인천광역시 남동구 남동대로 215 (고잔동)"),
    "CENTER_PHONE": env_str("ILJARI_CENTER_PHONE", "032-000-1234"),
    "CENTER_HOURS": env_str(
        "ILJARI_CENTER_HOURS", "평일 09:00~18:00 (점심시간 12:00~13:00, 주말·공휴일 휴무)"
    ),
    "CENTER_EMAIL": env_str("ILJARI_CENTER_EMAIL", "help@iljari.example.go.kr"),
    "CENTER_TRANSIT": env_str(
        "ILJARI_CENTER_TRANSIT",
        "인천지하철 1호선 예술회관역 4번 출구에서 걸어서 10분 · 버스 남동공단 입구 정류장",
    ),
    "PRIVACY_OFFICER": env_str("ILJARI_PRIVACY_OFFICER", "일자리센터 개인정보 보호책임자"),
}
