"""metrohub settings: every value that differs between machines comes from the environment.

Production is the default. A developer's machine says so explicitly with METROHUB_ENV=development
(`make demo`, `make serve` and the test suite's config.settings_test set it); only there may debug,
the demo accounts and the built-in keys be on. Production refuses each of them at start.

METROHUB_ENV          "production" (default) or "development"
DATABASE_URL          sqlite:///var/metrohub.sqlite3 (default) or postgres://user@host:5432/name
DJANGO_SECRET_KEY     required in production
METROHUB_FIELD_KEY    required in production: the Fernet key that encrypts TOTP secrets at rest
                      (metrohub.accounts.mfa); several, comma-separated, to rotate (first encrypts)
DJANGO_DEBUG          "1" is refused in production; on by default in development
METROHUB_DEMO         "1" (demo accounts, their exemption from the second factor): development only
METROHUB_TRUSTED_PROXIES  proxies in front of gunicorn (1 behind the documented nginx)
REDIS_URL             cache, rate limits, throttles and lockouts in Redis, shared by every node
                      (unset: the database's cache table, and lockouts in the database)
METROHUB_CACHE_KEY_PREFIX  this deployment's prefix in a Redis shared with others
DJANGO_ALLOWED_HOSTS  comma-separated host names
METROHUB_IATI_ORGANISATION  the network's IATI organisation identifier (the IATI file's reporting-org)
METROHUB_NETWORK_NAME the network this deployment serves, in titles, mail, the PDF (default Metropolis)
METROHUB_RELEASE_STORAGE  the storage alias release files are kept in for every node (default)
METROHUB_DEPLOY_ID    names the code deployed (say, its commit), for pages' cache validators
"""

import base64
import hashlib
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env, env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent
# Where this machine keeps its database (SQLite), uploads, releases and backups.
VAR_DIR = Path(env("METROHUB_VAR_DIR", default=str(BASE_DIR / "var")))

METROHUB_ENV = env("METROHUB_ENV", default="production")
if METROHUB_ENV not in {"production", "development"}:
    raise ImproperlyConfigured(f"METROHUB_ENV must be production or development, not {METROHUB_ENV!r}.")
DEVELOPMENT = METROHUB_ENV == "development"

DEBUG = env_bool("DJANGO_DEBUG", default=DEVELOPMENT)
if DEBUG and not DEVELOPMENT:
    raise ImproperlyConfigured(
        "DJANGO_DEBUG=1 is for a developer's machine (METROHUB_ENV=development); production refuses it."
    )

DEVELOPMENT_SECRET_KEY = "insecure-development-key-never-used-in-production"
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if not DEVELOPMENT and (not SECRET_KEY or SECRET_KEY == DEVELOPMENT_SECRET_KEY or "change-me" in SECRET_KEY):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set in production, to 50 random characters of its own "
        "(or set METROHUB_ENV=development on a developer's machine)."
    )
SECRET_KEY = SECRET_KEY or DEVELOPMENT_SECRET_KEY

# TOTP secrets (and recovery-code seeds) are encrypted with a key of their own, not one derived from
# SECRET_KEY: rotating SECRET_KEY (after a leak) must not lock every staff member out, and a leaked
# SECRET_KEY must not open the second factors. Keep it with the backups' keys, never in them.
METROHUB_FIELD_KEYS = env_list("METROHUB_FIELD_KEY", default=[])
if not METROHUB_FIELD_KEYS:
    if not DEVELOPMENT:
        raise ImproperlyConfigured(
            "METROHUB_FIELD_KEY must be set in production: make one with "
            '`python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`.'
        )
    METROHUB_FIELD_KEYS = [base64.urlsafe_b64encode(hashlib.sha256(SECRET_KEY.encode()).digest()).decode()]
for _key in METROHUB_FIELD_KEYS:
    try:
        Fernet(_key)
    except ValueError:
        raise ImproperlyConfigured(
            "METROHUB_FIELD_KEY must hold Fernet keys (32 bytes in url-safe base64), comma-separated."
        ) from None

# How many proxies stand in front of the web process (1 behind the documented nginx): the client's
# address is read that many hops back in X-Forwarded-For (metrohub.core.net.client_ip), for
# django-allauth's rate limits and django-axes' lockouts alike.
METROHUB_TRUSTED_PROXIES = int(env("METROHUB_TRUSTED_PROXIES", default="0"))
# Behind the documented nginx: a permitted download answers with X-Accel-Redirect and nginx sends
# the file from its internal /protected/ location; otherwise Django streams it (metrohub.core.files).
METROHUB_ACCEL_REDIRECT = env_bool("METROHUB_ACCEL_REDIRECT", default=False)

# The MEL dashboard's status rule: an indicator is "on track" from this share of its target up,
# "at risk" from the second, "off track" below. No source states these values: they are the
# thresholds metrohub's first MEL dashboard shipped with (common in TolaData/ActivityInfo-style
# dashboards), kept as they were; the policy team may set its own (environment, a share: 0.85).
METROHUB_MEL_ON_TRACK = env("METROHUB_MEL_ON_TRACK", default="0.85")
METROHUB_MEL_AT_RISK = env("METROHUB_MEL_AT_RISK", default="0.60")
# The network this deployment serves (one deployment per network): its name in page titles, mail,
# the annual report's PDF and the IATI export. The 2024 data keep the names the report gives.
METROHUB_NETWORK_NAME = env("METROHUB_NETWORK_NAME", default="Metropolis")
# What identifies the code deployed (say, its commit): part of every explorer page's ETag, so that
# a new deployment never answers 304 with a page drawn by the old one. Unset: a digest of the code.
METROHUB_DEPLOY_ID = env("METROHUB_DEPLOY_ID", default="")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Demo accounts (`make demo`) exist, and may skip the second factor, only where this is on.
METROHUB_DEMO = env_bool("METROHUB_DEMO", default=False)
if METROHUB_DEMO and not DEVELOPMENT:
    raise ImproperlyConfigured(
        "METROHUB_DEMO=1 is for a developer's machine (METROHUB_ENV=development); production refuses it."
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "csp",
    "ninja",
    "axes",
    "metrohub.core",
    "metrohub.accounts",
    "metrohub.network",
    "metrohub.mel",
    "metrohub.people",
    "metrohub.finance",
    "metrohub.calls",
    "metrohub.programs",
    "metrohub.fund",
    "metrohub.projects",
    "metrohub.events",
    "metrohub.comms",
    "metrohub.futures",
    "metrohub.reports",
    # After our apps, so that our templates restyle django-allauth's pages.
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions: a cross-origin preflight of the open API is answered without one.
    "metrohub.core.middleware.OpenApiCorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "metrohub.core.middleware.RefuseNullCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "metrohub.accounts.middleware.RequireMFAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a clear refusal.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "metrohub.accounts.context_processors.roles",
                "metrohub.people.context_processors.hr",
                "metrohub.core.context_processors.network",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'metrohub.sqlite3'}"),
        conn_max_age=0 if DEBUG else 60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; IMMEDIATE avoids "database is locked"
    # when a read transaction later wants to write.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out login before checking the password
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Every login goes through django-allauth (the admin's login page sends there: accounts.apps), with
# its rate limits and its second-factor stage; metrohub.accounts.middleware then holds staff sessions
# that did not use their second factor.
ACCOUNT_ADAPTER = "metrohub.accounts.adapter.AccountAdapter"
MFA_ADAPTER = "metrohub.accounts.mfa.MFAAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
# django-axes locks a username at one address after 5 failures; allauth's own limits are per client
# address (10 failures a minute, whatever the usernames) and per username from every address (10 in
# 15 minutes: above axes' 5, so that one client's failures never lock the username for the others).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,10/15m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "metrohub"
# Five failed logins for one username from one address lock that pair out for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "metrohub.accounts.lockout.attempted_username"
AXES_CLIENT_IP_CALLABLE = "metrohub.core.net.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

# Rate limits (django-allauth) live in the cache, so the cache is shared by every worker and machine:
# Redis where REDIS_URL is set, otherwise a table of the database (made by a migration of accounts).
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    try:
        import redis  # noqa: F401 — Django's RedisCache needs it, and would only say so at the first login
    except ImportError:
        raise ImproperlyConfigured("REDIS_URL is set but the redis package is not installed.") from None
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        # Several deployments (one per network) may share one Redis: each keeps to its prefix.
        "KEY_PREFIX": env("METROHUB_CACHE_KEY_PREFIX", default=""),
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "metrohub_cache"}
}
# Lockouts: with Redis, django-axes counts failures in the cache (atomic `add`/`incr`, expiring on
# their own after AXES_COOLOFF_TIME), so every node sees the same count without a write to the
# database per failed login; without Redis, in the database (its admin pages list the attempts).
# Either way no process keeps a count of its own.
if REDIS_URL:
    AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
# Sessions live in the database, which every node shares (a node lost loses no one's login).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Madrid"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("METROHUB_STATIC_ROOT", default=str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Serve files straight from the apps' static folders too, so a checkout (and the test server)
# works before `collectstatic` has run; production serves the collected, hashed files.
WHITENOISE_USE_FINDERS = True
STATICFILES_DIRS = [BASE_DIR / "metrohub" / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("METROHUB_MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Where published Metro Futures releases (Parquet, manifests) are kept for every node: a storage
# alias of STORAGES (metrohub.futures.release_files). Each node keeps a checked local copy with its
# DuckDB file, a cache it rebuilds from there.
METROHUB_RELEASE_STORAGE = env("METROHUB_RELEASE_STORAGE", default="default")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# Where Django's file backend writes each mail (the demo's: `make demo` sends mail there).
EMAIL_FILE_PATH = env("DJANGO_EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="metrohub <noreply@localhost>")

# Nothing is loaded from another host: every script, style, font and map is served from here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    # Production sits behind a TLS-terminating proxy (nginx) that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

# Pages list this many rows at a time; exports stop at the cap and say so.
METROHUB_PAGE_SIZE = 25
METROHUB_EXPORT_ROW_CAP = 50_000

# A panel whose share of women falls below this is flagged while it is composed (events).
METROHUB_PANEL_MIN_WOMEN_SHARE = float(env("METROHUB_PANEL_MIN_WOMEN_SHARE", default="0.4"))

# Throttles (metrohub.core.throttle), written "N/period" (5/hour, 120/min); empty means no limit.
# Newsletter sign-up: confirmation mails to one address, and sign-ups from one client address.
METROHUB_NEWSLETTER_ADDRESS_RATE = env("METROHUB_NEWSLETTER_ADDRESS_RATE", default="1/hour")
METROHUB_NEWSLETTER_CLIENT_RATE = env("METROHUB_NEWSLETTER_CLIENT_RATE", default="20/hour")
# Expressions of interest in membership (the public form), from one client address.
METROHUB_INTEREST_CLIENT_RATE = env("METROHUB_INTEREST_CLIENT_RATE", default="5/hour")
# The API for anonymous callers, per client address (a logged-in session is not limited).
METROHUB_API_ANON_RATE = env("METROHUB_API_ANON_RATE", default="300/min")
# A focal point's invitation link: how long it stays valid, and how often one client may open
# invitation links (a guesser meets the limit long before a 256-bit token).
METROHUB_INVITATION_DAYS = int(env("METROHUB_INVITATION_DAYS", default="7"))
METROHUB_INVITATION_CLIENT_RATE = env("METROHUB_INVITATION_CLIENT_RATE", default="30/hour")

# The IATI organisation identifier of the network (reporting-org/@ref of the published IATI file):
# the secretariat sets its registered one; unset, a private-use identifier made of the network's name.
METROHUB_IATI_ORGANISATION = env("METROHUB_IATI_ORGANISATION", default="")

# A Metro Futures publication that shows no sign of life for this long (queued with no worker, or
# a worker that died) no longer holds the lock: the next request takes it over.
METROHUB_PUBLICATION_STALE_SECONDS = int(env("METROHUB_PUBLICATION_STALE_SECONDS", default="900"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "metrohub.core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env("DJANGO_LOG_FORMAT", default="plain" if DEBUG else "json"),
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}
