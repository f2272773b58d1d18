"""Django settings. Every setting that differs between installations comes from the environment.

Safe defaults make `./navet demo` work with nothing configured: SQLite in `var/`, a secret key
generated into `var/` on first run (never committed), DEBUG off unless NAVET_DEBUG=1.
"""

import os
import secrets
from datetime import timedelta

import dj_database_url

from navet.paths import REPO_ROOT, VAR_DIR, read_or_create

VAR_DIR.mkdir(exist_ok=True)


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    return read_or_create(VAR_DIR / "secret_key", lambda: secrets.token_urlsafe(50))


def _env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


BASE_DIR = REPO_ROOT
SECRET_KEY = _secret_key()
DEBUG = _env_flag("NAVET_DEBUG")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "navet.organisation",
    "navet.residents",
    "navet.activity",
    "navet.access",
    "navet.citizen",
    "navet.listing",
    "navet.synth",
    "navet.followup",
    "navet.roadmap",
    "navet.messaging",
    "navet.plans",
    "navet.mobile",
    "navet.payment",
    "navet.transitions",
    "navet.reception",
    "navet.monitoring",
    "navet.remote",
    "navet.deviations",
    "navet.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "navet.access.middleware.SessionTimeoutMiddleware",
    "navet.access.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "navet.access.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "navet.urls"
WSGI_APPLICATION = "navet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "navet.web.context_processors.navigation",
                "navet.messaging.context_processors.inbox",
                "navet.transitions.context_processors.deadlines",
                "navet.deviations.context_processors.open_deviations",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'navet.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while a generator run writes; IMMEDIATE avoids
    # "database is locked" surprises when two requests write at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("NAVET_SQLITE_TEST_NAME")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# django-axes first: it refuses a locked-out username/IP before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:start"
LOGOUT_REDIRECT_URL = "web:login"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("NAVET_SESSION_HOURS", "8")) * 60 * 60  # absolute limit
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
NAVET_SESSION_IDLE_MINUTES = int(os.environ.get("NAVET_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_SECURE = _env_flag("NAVET_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HTTPS in production: HSTS (default one year once NAVET_SECURE_COOKIES says we are behind HTTPS),
# redirect to HTTPS, and trust the proxy's X-Forwarded-Proto only when told to.
SECURE_HSTS_SECONDS = int(
    os.environ.get("NAVET_HSTS_SECONDS", "31536000" if SESSION_COOKIE_SECURE else "0")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("NAVET_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _env_flag("NAVET_HSTS_PRELOAD")
SECURE_SSL_REDIRECT = _env_flag("NAVET_SSL_REDIRECT")
if _env_flag("NAVET_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Login hardening: lock-out after repeated failures (django-axes), TOTP for staff (django-otp).
AXES_FAILURE_LIMIT = int(os.environ.get("NAVET_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("NAVET_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "access/locked_out.html"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "Navet"
# Staff (every role but the resident's, and admins) must use a second factor unless their
# account is in the group "otp_optional" (the demo users) or they logged in through OIDC.
NAVET_STAFF_OTP_REQUIRED = _env_flag("NAVET_STAFF_OTP_REQUIRED", True)

# Audit rows of reads commit without waiting for the WAL flush on PostgreSQL (docs/trust.md §5);
# NAVET_AUDIT_DURABLE_READS=1 makes them wait like every other write.
NAVET_AUDIT_DURABLE_READS = _env_flag("NAVET_AUDIT_DURABLE_READS")

# OIDC login (mozilla-django-oidc) for production identity providers: see docs/trust.md.
NAVET_OIDC_ENABLED = _env_flag("NAVET_OIDC_ENABLED")
if NAVET_OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.insert(1, "navet.access.oidc.NavetOIDCBackend")
    OIDC_RP_CLIENT_ID = os.environ["OIDC_RP_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ["OIDC_RP_CLIENT_SECRET"]
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["OIDC_OP_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["OIDC_OP_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid profile")
    OIDC_CREATE_USER = False  # accounts are provisioned in Navet, never by the login
    NAVET_OIDC_STAFF_CLAIM = os.environ.get("NAVET_OIDC_STAFF_CLAIM", "hsa_id")
    NAVET_OIDC_PERSON_CLAIM = os.environ.get("NAVET_OIDC_PERSON_CLAIM", "personal_identity_number")
    LOGIN_REDIRECT_URL_FAILURE = "/logga-in/"

# A strict policy: no inline script or style, no third-party origins; htmx comes from our static.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
    }
}

# Roadmap: an open activity without a follow-up for this many weeks counts as stalled on its
# forum's page (a forum may set its own number).
NAVET_ROADMAP_STALL_WEEKS = int(os.environ.get("NAVET_ROADMAP_STALL_WEEKS", "8"))
# Background tasks (Django's Tasks backport, django-tasks): stored in the database and run by
# `./navet manage db_worker` (a service beside the web server; `./navet demo` starts one).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("NAVET_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# Indicator runs (docs/dashboards.md): the default last day of the period (ISO date; empty: the
# last day of the previous month, or a generated county's end date), a run still unfinished after
# this many hours counts as failed, and how many successful runs keep their results.
NAVET_INDICATORS_TO = os.environ.get("NAVET_INDICATORS_TO", "")
NAVET_INDICATOR_RUN_TIMEOUT_HOURS = float(os.environ.get("NAVET_INDICATOR_RUN_TIMEOUT_HOURS", "6"))
NAVET_INDICATOR_RUNS_KEPT = int(os.environ.get("NAVET_INDICATOR_RUNS_KEPT", "3"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "navet@localhost")
# Where users reach Navet, for links in e-mail (the inbox notices).
NAVET_BASE_URL = os.environ.get("NAVET_BASE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("NAVET_LOG_LEVEL", "WARNING")},
}
