"""Settings shared by every environment, all read from the environment.

local.py, test.py and production.py only adjust these; no secret lives in this file.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="django-insecure-endast-for-utveckling")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "axes",
    "csp",
    "django_celery_beat",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "kunskapsstyrning.pagecache",
    "kunskapsstyrning.organisation",
    "kunskapsstyrning.declarations",
    "kunskapsstyrning.nominations",
    "kunskapsstyrning.notices",
    "kunskapsstyrning.accounts",
    "kunskapsstyrning.api",
    "nkk",
    "nkk.consultations",
    "svf",
    "plans",
    "npo",
    "nsg",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous pages from the cache, exact by the database's content version (pagecache/).
    # Before the session: a hit runs nothing below; what it stored already has their headers.
    "kunskapsstyrning.pagecache.middleware.PageCacheMiddleware",
    # An API key's GET of a list or detail from the same cache, before the session (api/).
    "kunskapsstyrning.api.response_cache.ApiResponseCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kunskapsstyrning.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    # Staff who must use a second factor reach nothing else until they have (accounts).
    "kunskapsstyrning.accounts.middleware.SecondFactorMiddleware",
    # Request user and URL as the audit log's context for the events the triggers write.
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kunskapsstyrning.urls"
WSGI_APPLICATION = "kunskapsstyrning.wsgi.application"

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
                "kunskapsstyrning.organisation.context_processors.roles",
                "kunskapsstyrning.notices.context_processors.unread_notices",
            ],
        },
    },
]

# PostgreSQL only. Unset, DATABASE_URL is the embedded server that `make run` starts from
# var/postgres (scripts/embedded_pg.py, DEFAULT_PORT), so manage.py works beside a running portal.
EMBEDDED_DATABASE_URL = "postgres://portal@127.0.0.1:15432/portal"
DATABASES = {
    "default": env.db("DATABASE_URL", default=EMBEDDED_DATABASE_URL),
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "Portalen kräver PostgreSQL: DATABASE_URL ska börja med postgres://. Utan DATABASE_URL "
        "används den inbyggda PostgreSQL som `make run` startar i var/postgres."
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out login before any password is checked (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Sign-in through the organisation (OpenID Connect); only answers the /oidc/callback/ request.
    "kunskapsstyrning.accounts.oidc.PortalOIDCBackend",
    # Object permissions: the `rules` predicates in each app's permissions.py.
    "rules.permissions.ObjectPermissionBackend",
]
# Sessions in the database, so that a person can list theirs and end them all (accounts).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "notices:my_page"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("Engelska"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
# Generated files (the summary PDFs of plans/); a shared volume when web and worker are apart.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Consultation answers' attachments: not under MEDIA_ROOT, served only after a permission check.
CONSULTATION_ATTACHMENTS_DIR = env.path("CONSULTATION_ATTACHMENTS_DIR", default=str(VAR_DIR / "remissvar"))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Kunskapsstyrningsportalen <noreply@localhost>")

# Celery. The embedded default is kombu's filesystem transport: no broker server needed.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    _processed_dir = VAR_DIR / "celery" / "processed"
    _control_dir = VAR_DIR / "celery" / "control"  # kombu's default is ./control, in the checkout
    for _dir in (_queue_dir, _processed_dir, _control_dir):
        _dir.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(_processed_dir),
        "control_folder": str(_control_dir),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The schedule lives in the database (django-celery-beat): staff change it in the admin
# (Periodic tasks); notices' migration 0005 creates the reminder entries. Run ONE beat process:
# every beat fires every entry, so two would double the work. Nothing would be sent twice (the
# reminders are decided under a unique constraint and claimed with SKIP LOCKED), but the
# guarantee should not be spent on a configuration mistake.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Entries kept in code are synced into the database by the scheduler at start-up:
CELERY_BEAT_SCHEDULE: dict = {
    # NKK: publish the publishing dates that have come, all or nothing per date. 06:00 Stockholm
    # (CELERY_TIMEZONE), outside the night of the daylight-saving change; safe to run twice.
    "nkk-publish-due-dates": {
        "task": "nkk.tasks.publish_due_dates",
        "schedule": crontab(hour=6, minute=0),
    },
}
# The crontab entries are in Europe/Stockholm (CELERY_TIMEZONE): 07:00 is 07:00 local in summer
# and winter, and no entry runs in the night of the daylight-saving change.
DJANGO_CELERY_BEAT_TZ_AWARE = True
# One queue name per environment; the tests give each real worker its own.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")

# Reminders (notices/services.py). PORTAL_URL: the address the e-mails link to.
PORTAL_URL = env("PORTAL_URL", default="http://127.0.0.1:8000")
NOTICES_SEND_HOUR = env.int("NOTICES_SEND_HOUR", default=7)  # local hour a day's reminders go out
NOTICES_CATCH_UP_DAYS = 7  # a reminder whose day was missed (beat down) is still sent this long after
NOTICES_LEASE_SECONDS = env.int("NOTICES_LEASE_SECONDS", default=300)  # a dead worker's claim expires
NOTICES_MAX_ATTEMPTS = env.int("NOTICES_MAX_ATTEMPTS", default=6)
NOTICES_RETRY_BASE_SECONDS = env.int("NOTICES_RETRY_BASE_SECONDS", default=60)  # 1, 2, 4 … times this
NOTICES_SMTP_TIMEOUT = 30
NOTICES_BATCH_SIZE = 50

# The REST API (/api/v1/, kunskapsstyrning/api/): deny by default, the same rules as the pages.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so that a request without credentials is a 401 with WWW-Authenticate: Bearer.
        "kunskapsstyrning.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Deny unless a view names its rule; the rules decide per object (kunskapsstyrning/api/permissions.py).
    "DEFAULT_PERMISSION_CLASSES": ["kunskapsstyrning.api.permissions.RulesPermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "kunskapsstyrning.api.pagination.StableCursorPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "kunskapsstyrning.api.throttles.AnonymousThrottle",
        "kunskapsstyrning.api.throttles.UserThrottle",
        "kunskapsstyrning.api.throttles.TokenThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_RATE_ANONYMOUS", default="120/min"),
        "user": env("API_RATE_USER", default="600/min"),
        "token": env("API_RATE_TOKEN", default="1200/min"),
    },
    "EXCEPTION_HANDLER": "kunskapsstyrning.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "kunskapsstyrning.api.schema.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Throttle counts live in this cache: Redis (CACHE_URL, or the Redis broker), shared by every
# web process; without Redis (make run on one process) a local-memory cache.
_redis_url = env("CACHE_URL", default="") or (CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis://") else "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "api": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url, "KEY_PREFIX": "api"}
        if _redis_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "api"}
    ),
}
API_THROTTLE_CACHE = "api"

# The page cache (kunskapsstyrning/pagecache): anonymous and logged-in pages, keyed by the content version that
# the database bumps in the same transaction as every write, so any entry is correct as long as
# it lives; the timeout only clears out old versions. Shared by every process: Redis when there
# is one, otherwise files under var/ (the embedded default, no server).
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE = "pages"
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", default=60 * 60 * 24)
# Logged-in pages are kept per session; shorter, so that the cache holds the pages in use.
PAGE_CACHE_PRIVATE_TIMEOUT = env.int("PAGE_CACHE_PRIVATE_TIMEOUT", default=30 * 60)
# What identifies the deployed code in the key (e.g. the commit); unset, a digest of the files.
PAGE_CACHE_RELEASE = env("PAGE_CACHE_RELEASE", default="")
CACHES["pages"] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url, "KEY_PREFIX": "pages"}
    if _redis_url
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "pagecache"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
)

SPECTACULAR_SETTINGS = {
    "TITLE": "Kunskapsstyrningsportalens API",
    "DESCRIPTION": (
        "Strukturen i Nationellt system för kunskapsstyrning hälso- och sjukvård för regionernas egna "
        "system: sjukvårdsregioner, regioner, grupper med värdskap, relationer och speglingar, uppdrag "
        "och personer. Koderna (typer, roller, felkoder) är ett offentligt kontrakt: de ändras inte."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "GroupKindEnum": "kunskapsstyrning.organisation.choices.GroupKind",
        "RoleEnum": "kunskapsstyrning.organisation.choices.Role",
        "HostingKindEnum": "kunskapsstyrning.organisation.choices.HostingKind",
        "RelationKindEnum": "kunskapsstyrning.organisation.choices.RelationKind",
        "RelationPurposeEnum": "kunskapsstyrning.organisation.choices.RelationPurpose",
        "PathwayStateEnum": "svf.choices.PathwayState",
        "ImplementationStageEnum": "svf.follow_up_choices.Stage",
        "IndicatorKindEnum": "svf.follow_up_choices.IndicatorKind",
        "TargetDirectionEnum": "svf.follow_up_choices.TargetDirection",
        "ReportKindEnum": "svf.follow_up_choices.ReportKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "kunskapsstyrning.api.schema.add_error_responses",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# Log-in throttling (django-axes). The failures live in the database (AccessAttempt), so every
# web server behind the load balancer sees the same count. Five failed passwords for one user
# name, from any address, lock that account for 15 minutes; a successful log-in resets the
# count. Only the user name counts, not the address: a region's staff often share one outgoing
# address, and one person's typos must not lock out the colleagues. The per-(name, address) case
# is contained in the per-name one. Applies to /logga-in/ and the admin log-in alike.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_VERBOSE = False  # no banner on every manage.py start
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 warns that without 'ip_address' a client could rotate its User-Agent or cookies to
# dodge the count; that holds for lock keys made of those, not for the user name alone, which
# counts every attempt against the account whatever the client sends.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
# Attempts refused while locked do not extend the lock: the time on the lockout page holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "kunskapsstyrning.views.lockout"
AXES_HTTP_RESPONSE_CODE = 429
# The client's address (kunskapsstyrning/clientip.py): REMOTE_ADDR, unless TRUSTED_PROXY_COUNT
# says how many reverse proxies in front of the app append to X-Forwarded-For; then the address
# that many entries from the right, which no client can choose by sending the header itself.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "kunskapsstyrning.clientip.client_ip"

# Content-Security-Policy (django-csp 4). The templates have no inline scripts or styles and
# load nothing from other hosts; the favicon is an empty data: URL.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Accounts (kunskapsstyrning/accounts). SITE_URL is the portal's address in e-mails sent by the
# worker, which has no request to build it from.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)
# Where a person lands after accepting an invitation: their own page.
INVITATION_LANDING_URL = "organisation:my_assignments"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2
PASSWORD_RESET_WINDOW_MINUTES = env.int("PASSWORD_RESET_WINDOW_MINUTES", default=60)
PASSWORD_RESET_PER_ADDRESS = env.int("PASSWORD_RESET_PER_ADDRESS", default=3)
PASSWORD_RESET_PER_CLIENT = env.int("PASSWORD_RESET_PER_CLIENT", default=20)
# Support staff and admins who sign in with a password must also give a TOTP code (django-otp).
OTP_REQUIRED_FOR_STAFF = env.bool("OTP_REQUIRED_FOR_STAFF", default=False)
OTP_TOTP_ISSUER = "Kunskapsstyrningsportalen"
# Personal data of someone who has left every group is kept this long after the last mandate
# ended; then support staff may pseudonymise it.
PSEUDONYMISATION_RETENTION_DAYS = env.int("PSEUDONYMISATION_RETENTION_DAYS", default=365 * 2)

# Sign-in through the organisation's identity provider (OpenID Connect, mozilla-django-oidc).
# Off unless OIDC_RP_CLIENT_ID is set; every endpoint comes from the environment.
OIDC_PROVIDER_NAME = env("OIDC_PROVIDER_NAME", default="din organisation")
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", default="")
OIDC_OP_ISSUER = env("OIDC_OP_ISSUER", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", default="openid email profile")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
# A path, not a URL name: mozilla-django-oidc redirects to it as it is.
LOGIN_REDIRECT_URL_FAILURE = "/logga-in/misslyckades/"
