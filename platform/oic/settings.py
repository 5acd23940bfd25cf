"""Settings for the Open Innovation City platform.

Twelve-factor: everything comes from environment variables, with embedded defaults that let a
fresh machine run the platform on SQLite and an in-memory channel layer. The defaults are for
development only; production sets DEBUG=0 and must then provide SECRET_KEY and ALLOWED_HOSTS.
"""

import json
import os
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("OIC_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value else default


DEBUG = env_bool("DEBUG", True)

# --- Development defaults, loudly marked -----------------------------------------------------
# DEVELOPMENT ONLY: this key is public. Production (DEBUG=0) refuses to start without its own.
_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-6c1f0e5b"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _DEV_SECRET_KEY

_hosts = os.environ.get("ALLOWED_HOSTS", "")
if _hosts:
    ALLOWED_HOSTS = [h.strip() for h in _hosts.split(",") if h.strip()]
elif DEBUG:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")

CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# --- Applications ----------------------------------------------------------------------------
INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "csp",
    "django_tasks",
    "django_tasks.backends.database",
    "ops",
    "mail",
    "accounts",
    "realtime",
    "privacy",
    "opendata",
    "moderation",
    "challenges",
    "ideas",
    "ideas.evaluation",
    "ideas.gatherings",
    "votes",
    "notifications",
    "bench",
    # The project package itself, for the commands that wire every app together (seed_demo).
    "oic",
    "frontend",
]

MIDDLEWARE = [
    # First: counts and times every request, static files and refusals included (ops).
    "ops.middleware.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Repeated anonymous GETs of the public lists, answered for a second from memory (after
    # WhiteNoise, so static files never pay its URL lookup).
    "core.microcache.MicroCacheMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Blocked people read but do not write (after authentication; see docs/moderation.md).
    "moderation.middleware.BlockedWritesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "oic.urls"
ASGI_APPLICATION = "oic.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "frontend.context_processors.brand",
                "frontend.context_processors.notifications",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'oic.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # The write lock is taken at BEGIN, so two concurrent read-then-write transactions
        # queue up instead of one failing with "database is locked". In WAL mode EXCLUSIVE
        # is the same as IMMEDIATE (readers go on); django-tasks' worker requires the name.
        "transaction_mode": "EXCLUSIVE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DB_POOL", DATABASES["default"]["CONN_MAX_AGE"] == 0
):
    # Under ASGI, CONN_MAX_AGE must stay 0 (persistent connections leak one per request
    # thread), so without a pool every request pays a new PostgreSQL connection: a backend
    # fork and authentication, several ms of CPU on both sides. psycopg's pool keeps a few
    # open per process and hands them out per request. Size: one per thread that runs views
    # at once (the sync-view thread plus a few), well under PostgreSQL's max_connections
    # times the number of processes. DB_POOL=0 turns it off (e.g. behind PgBouncer).
    DATABASES["default"]["OPTIONS"] = {
        "pool": {
            "min_size": env_int("DB_POOL_MIN_SIZE", 2),
            "max_size": env_int("DB_POOL_MAX_SIZE", 8),
            "timeout": env_int("DB_POOL_TIMEOUT_SECONDS", 10),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Threads per server process that run HTTP requests (middleware and view; see
# core.asgi.OneHopASGIHandler). Each holds at most one database connection while it works,
# so keep it at or below DB_POOL_MAX_SIZE. More requests wait for a free thread.
ASGI_SYNC_THREADS = env_int("ASGI_SYNC_THREADS", 4)
# Anonymous answers of the views marked `core.microcache.microcached` (the idea list) are
# shared for this many seconds per process (0: off), in at most MICROCACHE_MAX_BYTES.
MICROCACHE_SECONDS = env_float("MICROCACHE_SECONDS", 1.0)
MICROCACHE_MAX_BYTES = env_int("MICROCACHE_MAX_BYTES", 16 * 1024 * 1024)

# --- Redis: channel layer and cache ----------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # One PUBLISH per group instead of one message per member: far cheaper fan-out.
            # It drops what is sent while disconnected; the outbox and `since` replay cover that.
            # realtime's subclass reports a lost subscription, so open sockets reconnect.
            "BACKEND": "realtime.layers.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        # redis-py 8 defaults to a 5 s read timeout, which kills idle
                        # subscriptions; a subscriber must be able to wait forever.
                        "socket_timeout": None,
                        "socket_connect_timeout": 2,
                        "max_connections": 10_000,
                    }
                ],
                "capacity": 1_000,
                # Redis pub/sub ignores the database number: two sites on one Redis with
                # different /db would hear each other's streams. The prefix separates them.
                "prefix": os.environ.get(
                    "CHANNEL_LAYER_PREFIX", "oic" + (urlparse(REDIS_URL).path.strip("/") or "0")
                ),
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "oic",
        }
    }
else:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels.layers.InMemoryChannelLayer",
            # A process joins each stream's group once (realtime.fanout) and stays for as long
            # as a socket watches it; the layer's default one-day expiry would silently drop
            # a stream watched longer than that.
            "CONFIG": {"group_expiry": 10 * 365 * 24 * 3600},
        }
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts --------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "frontend:login"
LOGIN_REDIRECT_URL = "frontend:home"
LOGOUT_REDIRECT_URL = "frontend:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if env_bool("OIC_FAST_PASSWORD_HASHER", False):
    # Tests and benchmarks create thousands of users; never set this in production.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Failed logins allowed per window (the policy: docs/security.md, "Login throttling"): per
# account and address; per address over all accounts; per account, counted against the
# addresses that failed on it only, so nobody can lock the owner out.
LOGIN_ATTEMPTS_PER_ACCOUNT_AND_ADDRESS = env_int("LOGIN_ATTEMPTS_PER_ACCOUNT_AND_ADDRESS", 5)
LOGIN_ATTEMPTS_PER_ACCOUNT = env_int("LOGIN_ATTEMPTS_PER_ACCOUNT", 10)
LOGIN_ATTEMPTS_PER_ADDRESS = env_int("LOGIN_ATTEMPTS_PER_ADDRESS", 30)
LOGIN_ATTEMPTS_WINDOW_SECONDS = env_int("LOGIN_ATTEMPTS_WINDOW_SECONDS", 900)

# Sign-up, "send the link again" and forgotten-password requests, counted per email address
# and per client address over the window; more answer 429.
ACCOUNT_MAIL_REQUESTS_PER_EMAIL = env_int("ACCOUNT_MAIL_REQUESTS_PER_EMAIL", 3)
ACCOUNT_MAIL_REQUESTS_PER_ADDRESS = env_int("ACCOUNT_MAIL_REQUESTS_PER_ADDRESS", 20)
ACCOUNT_MAIL_REQUESTS_WINDOW_SECONDS = env_int("ACCOUNT_MAIL_REQUESTS_WINDOW_SECONDS", 3600)
# How long a mailed link lives: the forgotten-password link (Django's setting) and the link
# that confirms an email address.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3600)
EMAIL_CONFIRMATION_TIMEOUT = env_int("EMAIL_CONFIRMATION_TIMEOUT", 3 * 24 * 3600)
# Where mailed links point: the public address of the site.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Mail and background work ----------------------------------------------------------------
# SMTP when EMAIL_HOST is set; otherwise (development) every mail is written as a file into
# var/mail/, where `make run` says it is. Mail is only ever sent by the worker (mail.tasks).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587 if env_bool("EMAIL_USE_TLS", False) else 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Open Innovation City <no-reply@oic.example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend"
)
# A failed send is tried again after 30 s, 1, 2, 4 … minutes (at most an hour apart); after
# MAIL_MAX_ATTEMPTS it is marked failed in the admin, where staff can send it again.
MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 12)
MAIL_RETRY_BASE_SECONDS = env_int("MAIL_RETRY_BASE_SECONDS", 30)
MAIL_RETRY_MAX_SECONDS = env_int("MAIL_RETRY_MAX_SECONDS", 3600)
# Django's tasks API (the django-tasks backport) on the database: no broker, works on SQLite
# and PostgreSQL; `manage.py db_worker` runs the tasks (as many workers as needed).
TASKS = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}
# Notifications (docs/operations.md): read ones older than this many days are pruned by
# `manage.py prune_notifications`; unsubscribe links in mails work for this many days.
NOTIFICATIONS_KEEP_READ_DAYS = env_int("NOTIFICATIONS_KEEP_READ_DAYS", 90)
NOTIFICATIONS_UNSUBSCRIBE_DAYS = env_int("NOTIFICATIONS_UNSUBSCRIBE_DAYS", 60)

# --- REST API --------------------------------------------------------------------------------
# A request body larger than this is refused (API: 413, site forms: 400) before it is parsed.
# The largest legitimate body (an idea's 20,000-character description, 4 bytes a character at
# most, and its other fields) stays far below; nothing is uploaded as a file.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 256 * 1024)

REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate challenge makes DRF answer 401 (not 403) to a request
    # that is not signed in; session-authenticated browsers are unaffected.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # DRF's, sharing its one lookup with moderation's middleware (core.authentication).
        "core.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # JSON only (the site's scripts and every client send JSON; forms and multipart were
    # unused surface), bounded by DATA_UPLOAD_MAX_MEMORY_SIZE and in nesting (DRF's own
    # parser reads past both).
    "DEFAULT_PARSER_CLASSES": ["core.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["core.throttling.WriteRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "writes": os.environ.get("THROTTLE_WRITES", "120/min"),
        # Accounts younger than a day (core.throttling.NEWCOMER_AGE): a spam guard.
        "writes_newcomer": os.environ.get("THROTTLE_WRITES_NEWCOMER", "30/min"),
        "register": os.environ.get("THROTTLE_REGISTER", "20/hour"),
    },
    "EXCEPTION_HANDLER": "oic.exceptions.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Open Innovation City API",
    "DESCRIPTION": "Challenges, ideas, comments and votes of the Open Innovation City platform.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation documents its error answers (400/401/403/404/409/413/415/429).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.schema.document_error_responses",
    ],
    # Ideas and challenges both have a `status`; name each choice set once, after its model.
    "ENUM_NAME_OVERRIDES": {
        "IdeaStatusEnum": "ideas.models.IdeaStatus",
        "ChallengeStatusEnum": "challenges.models.ChallengeStatus",
        "DecisionKindEnum": "moderation.models.DecisionKind",
        "OrganisationKindEnum": "accounts.models.Organisation.Kind",
        "EventKindEnum": "ideas.gatherings.models.EventKind",
        "EventStatusEnum": "ideas.gatherings.models.EventStatus",
        "RegistrationStatusEnum": "ideas.gatherings.models.Registration.Status",
        "TeamRoleEnum": "ideas.gatherings.models.TeamRole",
        "MembershipRoleEnum": "accounts.models.Membership.Role",
        "JoinRequestStatusEnum": "ideas.gatherings.models.JoinRequestStatus",
    },
}

# --- Realtime --------------------------------------------------------------------------------
REALTIME_RETENTION_DAYS = env_int("REALTIME_RETENTION_DAYS", 30)
# A transaction can commit after a later-numbered one; replays reach this far behind `since`
# so the late event is still delivered (clients drop duplicates by id).
REALTIME_REPLAY_GRACE_SECONDS = env_int("REALTIME_REPLAY_GRACE_SECONDS", 10)
REALTIME_MAX_FRAME_BYTES = 64 * 1024
REALTIME_MAX_FRAMES_PER_10S = env_int("REALTIME_MAX_FRAMES_PER_10S", 100)
REALTIME_MAX_STREAMS = env_int("REALTIME_MAX_STREAMS", 50)
# Events with the same coalescing key (e.g. one idea's tallies) sent to one socket at most
# this often; the latest always arrives. REALTIME_VOTE_COALESCE_MS is the name before 2026-12.
REALTIME_COALESCE_MS = env_int("REALTIME_COALESCE_MS", env_int("REALTIME_VOTE_COALESCE_MS", 250))
# Replay per socket: at most this many frames within REALTIME_REPLAY_BUDGET_SECONDS; a
# subscription past it gets `resync` (reload by HTTP) instead of its replay.
REALTIME_REPLAY_BUDGET = env_int("REALTIME_REPLAY_BUDGET", 2_000)
REALTIME_REPLAY_BUDGET_SECONDS = env_int("REALTIME_REPLAY_BUDGET_SECONDS", 60)
# daphne sends text frames straight to the socket, framed without autobahn's generic path
# (realtime/wirefast.py); off, every frame takes daphne's and autobahn's own path.
REALTIME_WIRE_SHIM = env_bool("REALTIME_WIRE_SHIM", True)
# Pages of other origins (scheme, host and port) that may open a socket besides the site's
# own; by default the CSRF-trusted ones (realtime/origins.py).
REALTIME_ALLOWED_ORIGINS = [
    o.strip()
    for o in os.environ.get("REALTIME_ALLOWED_ORIGINS", ",".join(CSRF_TRUSTED_ORIGINS)).split(",")
    if o.strip()
]

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "frontend" / "locale"]
# English dates as a German city writes them (day first, 24 hours): see frontend/formats.
FORMAT_MODULE_PATH = ["frontend.formats"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Static files ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "core.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Source maps (the API docs' bundles bring 4 MB each) are for browser devtools only: not worth
# compressing at every collectstatic (two thirds of its CPU time).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
if DEBUG:
    # WhiteNoise warns on every request when STATIC_ROOT is missing; in development the files
    # come from the app folders (finders) and the directory just has to exist.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- Open Brand: one place to rebrand the platform -------------------------------------------
OIC_BRAND = {
    "name": "Open Innovation City",
    "city": "Bielefeld",
    "owner": "Digitalisierungsbüro der Stadt Bielefeld",
    "logo": "frontend/img/logo.svg",
    "primary_color": "#005a9c",
    "accent_color": "#e2001a",
    "contact_email": "digitalisierung@example.org",
    # The legal pages (docs/privacy.md): who runs the site, who answers for data protection
    # and accessibility. `legal_pages` may replace a page's text per language with Markdown:
    # {"impressum": {"de": "...", "en": "..."}, "privacy": {...}, "accessibility": {...}}.
    "address": "Stadt Bielefeld, Niederwall 23, 33602 Bielefeld",
    "phone": "+49 521 51-0",
    "representative": "Oberbürgermeister der Stadt Bielefeld",
    "vat_id": "",
    "data_protection_officer": (
        "Stadt Bielefeld, Niederwall 23, 33602 Bielefeld, datenschutz@example.org"
    ),
    "supervisory_authority": (
        "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen, "
        "Kavalleriestraße 2–4, 40213 Düsseldorf"
    ),
    "accessibility_email": "",
    "accessibility_enforcement": (
        "Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen"
    ),
    "accessibility_statement_date": "2026-12-04",
    "legal_pages": {},
    # GovData's contributor URI of the city (http://dcat-ap.de/def/contributors/…), for the
    # open-data catalogue; empty until the city has one.
    "govdata_contributor_id": "",
    # Where events take place unless they name another address (ideas.gatherings).
    "office_address": "Open Innovation Office, Altstädter Kirchstraße 14, 33602 Bielefeld",
}
if os.environ.get("OIC_BRAND_FILE"):
    OIC_BRAND.update(json.loads(Path(os.environ["OIC_BRAND_FILE"]).read_text(encoding="utf-8")))

# --- Privacy: exports, deleted accounts, retention (docs/privacy.md, docs/operations.md) ----
# A data export can be downloaded for this many hours, in the session that asked for it only.
PRIVACY_EXPORT_HOURS = env_int("PRIVACY_EXPORT_HOURS", 24)
# How long each kind of record is kept; `manage.py enforce_retention` (daily) deletes older
# ones, and the privacy page states these same numbers.
PRIVACY_MAIL_RETENTION_DAYS = env_int("PRIVACY_MAIL_RETENTION_DAYS", 30)
PRIVACY_TASK_RESULT_RETENTION_DAYS = env_int("PRIVACY_TASK_RESULT_RETENTION_DAYS", 7)
PRIVACY_SESSION_RETENTION_DAYS = env_int("PRIVACY_SESSION_RETENTION_DAYS", 14)
PRIVACY_EXPORT_RETENTION_DAYS = env_int("PRIVACY_EXPORT_RETENTION_DAYS", 2)
ACCOUNTS_UNCONFIRMED_RETENTION_DAYS = env_int("ACCOUNTS_UNCONFIRMED_RETENTION_DAYS", 14)
# Server logs are written to stdout; the log system the operator runs must keep them no longer.
PRIVACY_LOG_RETENTION_DAYS = env_int("PRIVACY_LOG_RETENTION_DAYS", 7)
SESSION_COOKIE_AGE = PRIVACY_SESSION_RETENTION_DAYS * 24 * 3600
# The shared account that keeps contributions of deleted people ("gelöschtes Konto").
PRIVACY_DELETED_ACCOUNT_EMAIL = "deleted-account@invalid"
PRIVACY_DELETED_ACCOUNT_NAME = "gelöschtes Konto"
PRIVACY_FEEDBACK_PER_HOUR = env_int("PRIVACY_FEEDBACK_PER_HOUR", 5)

# --- Open data (docs/opendata.md) -------------------------------------------------------------
# "cc-by-4.0" or "dl-de-by-2.0"; pseudonymous author ids are HMACs keyed with this secret (keep
# it stable: a new key gives every author a new id).
OPENDATA_LICENSE = os.environ.get("OPENDATA_LICENSE", "cc-by-4.0")
OPENDATA_PSEUDONYM_KEY = os.environ.get("OPENDATA_PSEUDONYM_KEY", "") or SECRET_KEY
OPENDATA_DIR = Path(os.environ.get("OPENDATA_DIR", VAR_DIR / "opendata"))

# --- Security --------------------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers and Prometheus ask daphne directly over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# --- Operations: proxy, probes, metrics (platform/ops, docs/operations.md) ------------------
# Who may set X-Forwarded-For/-Proto and X-Request-ID: addresses or networks of the proxies
# in front (nginx), and `unix` for daphne on a Unix socket. Empty: nobody (development).
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("TRUSTED_PROXIES", "").split(",") if p.strip()]
# Who may read /metrics (after TRUSTED_PROXIES has given the client's real address).
METRICS_ALLOWED_ADDRESSES = [
    a.strip()
    for a in os.environ.get("METRICS_ALLOWED_ADDRESSES", "127.0.0.1/32,::1/128").split(",")
    if a.strip()
]
# /readyz wants a worker heartbeat at most this old; READYZ_REQUIRE_WORKER=0 reports a missing
# worker without taking the site out of the load balancer.
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 10)
READYZ_WORKER_MAX_AGE_SECONDS = env_int("READYZ_WORKER_MAX_AGE_SECONDS", 60)
READYZ_REQUIRE_WORKER = env_bool("READYZ_REQUIRE_WORKER", True)

# --- Logging ---------------------------------------------------------------------------------
# LOG_FORMAT=json: one JSON object per line with the request id (production); else plain.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ops.requestid.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"},
        "json": {"()": "ops.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- The city team's workbench (ideas/evaluation/) -------------------------------------------
# An idea under review for longer than this many days is back in the inbox.
OIC_INBOX_REVIEW_DAYS = env_int("OIC_INBOX_REVIEW_DAYS", 14)
# deploy/backup keeps dumps this long; the privacy page states it (ops registers the rule).
OIC_BACKUP_RETENTION_DAYS = env_int("OIC_BACKUP_RETENTION_DAYS", 30)
# The city's population by sector (shares summing to 1): the charts compare participation
# with it. Defaults are placeholders; an operator sets the city's figures by OIC_CITY_SECTOR_SHARE
# (JSON, e.g. {"citizen": 0.8, "business": 0.08, …}).
OIC_CITY_SECTOR_SHARE = {
    "citizen": 0.80,
    "civil_society": 0.05,
    "business": 0.08,
    "research": 0.04,
    "administration": 0.03,
}
if os.environ.get("OIC_CITY_SECTOR_SHARE"):
    OIC_CITY_SECTOR_SHARE = json.loads(os.environ["OIC_CITY_SECTOR_SHARE"])

# --- Moderation (docs/moderation.md) ---------------------------------------------------------
# Distinct people whose open reports hide an item automatically, pending a moderator's review.
MODERATION_AUTO_HIDE_REPORTS = int(os.environ.get("MODERATION_AUTO_HIDE_REPORTS", "3"))
# Reports of illegal content without an account, per client address and hour.
MODERATION_ANONYMOUS_REPORTS_PER_HOUR = int(
    os.environ.get("MODERATION_ANONYMOUS_REPORTS_PER_HOUR", "5")
)
# The writes a blocked person may still make (URL names): signing in and out, the language,
# the password, the appeal against the block, their data (export, deleting the account) and
# what they hear from the platform (notifications read, mail settings, follows, unsubscribe).
MODERATION_WRITES_WHILE_BLOCKED = frozenset(
    {
        "frontend:login",
        "frontend:logout",
        "frontend:set_language",
        "frontend:password_change",
        "frontend:password_forgot",
        "frontend:password_reset",
        "frontend:moderation_appeal",
        # The rights a block does not take away: one's data, leaving, and quiet.
        "frontend:privacy_export",
        "frontend:account_delete",
        "frontend:notification_read",
        "frontend:notifications_read_all",
        "frontend:notification_settings",
        "frontend:follow",
        "frontend:unsubscribe",
        "notifications-api:notification-read",
        "notifications-api:notification-read-all",
        "notifications-api:notification-preferences",
        "notifications-api:follow",
        "accounts-api:token",
        "accounts-api:password-change",
        "accounts-api:password-forgot",
        "accounts-api:password-reset",
        "moderation-api:appeal",
    }
)
