"""Medvirk settings: one file, driven by environment variables (see README "Configuration")."""

from __future__ import annotations

import shutil
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from medvirk.env import clock_time, env_bool, env_int, env_list, env_str, month_day

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MEDVIRK_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
DEMO = env_bool("MEDVIRK_DEMO", False)
TESTING = env_bool("MEDVIRK_TESTING", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or DEMO or TESTING):
        raise ImproperlyConfigured(
            "SECRET_KEY must be set (a long random string) unless DEBUG or MEDVIRK_DEMO is on."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG or DEMO else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "accounts",
    "audit",
    "orgs",
    "api",
    "surveys",
    "reports",
    "progress",
    "respond",
    "actions",
    "django_tasks",
    "django_tasks_db",
    "teams",
    "live",
    "meetings",
    "overviews",
    "committees",
    "conversations",
    "daily",
    # Serves the Swagger UI of /api/v1/docs from the django-ninja package instead of a CDN.
    "ninja",
]

# The Staff* classes are Django's and django-htmx's own, skipped for the anonymous respondent
# pages under /s/ and the live-meeting participant pages under /m/ (medvirk/middleware.py), as is RequireMfaMiddleware.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "medvirk.middleware.StaffSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "medvirk.middleware.StaffAuthenticationMiddleware",
    "accounts.middleware.PersonLanguageMiddleware",
    "medvirk.middleware.StaffMessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "medvirk.middleware.StaffHtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireMfaMiddleware",
]

ROOT_URLCONF = "medvirk.urls"
WSGI_APPLICATION = "medvirk.wsgi.application"

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
                "medvirk.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL, else a SQLite file under var/ in WAL mode.
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'medvirk.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=20000;"
        ),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg prepares a statement on its third run on one connection, but only statements
    # sent with server-side binding: the respondent pages' (respond/services.py). The ORM
    # binds client-side and never prepares. Off (DB_PREPARED_STATEMENTS=0) behind a pooler
    # that cannot keep prepared statements (PgBouncer before 1.21 in transaction mode).
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
        2 if env_bool("DB_PREPARED_STATEMENTS", True) else None
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast tests only

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: e-mail + password, no self sign-up, verified addresses only via admin import.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm"}
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_LOGIN_BY_CODE_ENABLED = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("LOGIN_RATE_LIMIT", "5/5m/ip,5/5m/key"),
    "reset_password": "5/m/ip,3/10m/key",
    "reset_password_from_key": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "Medvirk")

# Sessions expire after inactivity and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=300)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SECURE = env_bool("SECURE_COOKIES", not (DEBUG or DEMO or TESTING))
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY_SSL", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Background work (invitations, reminders, PDF batches): django-tasks with its database
# backend; run `medvirk db_worker` beside the web processes. Tests run tasks immediately.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TESTING and not env_bool("TASKS_USE_DATABASE", False)
        else "django_tasks_db.DatabaseBackend"
    }
}

# Unit report PDFs: headless Chromium (the default where it is installed) or WeasyPrint.
PDF_RENDERER = env_str(
    "MEDVIRK_PDF_RENDERER",
    "chromium"
    if any(
        shutil.which(name) for name in ("chromium-headless-shell", "chromium", "chromium-browser")
    )
    else "weasyprint",
)
if PDF_RENDERER not in ("chromium", "weasyprint"):
    raise ImproperlyConfigured(
        f"MEDVIRK_PDF_RENDERER must be chromium or weasyprint; got {PDF_RENDERER!r}"
    )

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("REDIS_URL"),
    }
    if env_str("REDIS_URL")
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "medvirk_cache"},
    # Per process, for fragments of pages that are the same for everybody (the respondent
    # start page's privacy text per language and thresholds): no round trip to read them.
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"},
}

# Internationalisation: Norwegian bokmål by default, English as the second language.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Europe/Oslo")
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
# Outside production, serve static files straight from the source folders.
WHITENOISE_USE_FINDERS = DEBUG or DEMO or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or DEMO or TESTING
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (DEBUG or DEMO or TESTING)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# E-mail: console in development, SMTP when EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Medvirk <medvirk@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The public address of this installation, for links in e-mail: personal survey links,
# personal team links and calendar files.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Action plans: whether a union representative co-signs an agreed plan (besides the safety
# representative), and how many days before a measure's due date its responsible person is
# reminded.
MEDVIRK_UNION_COSIGN = env_bool("MEDVIRK_UNION_COSIGN", False)
MEDVIRK_MEASURE_REMINDER_DAYS = env_int("MEDVIRK_MEASURE_REMINDER_DAYS", 7, minimum=1)

# Meetings: how many days after a meeting is marked held its participants may give anonymous
# feedback (meetings/feedback_views.py).
MEDVIRK_FEEDBACK_DAYS = env_int("MEDVIRK_FEEDBACK_DAYS", 14, minimum=1)
# Annual work-environment conversations (years without a survey): leaders of units without a
# planned conversation by this day of the year are reminded; one not held by the deadline is
# overdue (both MM-DD).
MEDVIRK_CONVERSATION_PLAN_BY = month_day(
    "MEDVIRK_CONVERSATION_PLAN_BY", env_str("MEDVIRK_CONVERSATION_PLAN_BY", "10-01")
)
MEDVIRK_CONVERSATION_DEADLINE = month_day(
    "MEDVIRK_CONVERSATION_DEADLINE", env_str("MEDVIRK_CONVERSATION_DEADLINE", "12-31")
)
if MEDVIRK_CONVERSATION_DEADLINE < MEDVIRK_CONVERSATION_PLAN_BY:
    raise ImproperlyConfigured(
        "MEDVIRK_CONVERSATION_DEADLINE must not come before MEDVIRK_CONVERSATION_PLAN_BY."
    )

# The daily jobs (reminders, closing rounds, response rates): the local time at which
# `medvirk scheduler` runs `medvirk daily`.
MEDVIRK_DAILY_AT = clock_time("MEDVIRK_DAILY_AT", env_str("MEDVIRK_DAILY_AT", "06:00"))

# REST API: list endpoints return at most this many items per request (?limit=).
NINJA_PAGINATION_PER_PAGE = 100
NINJA_PAGINATION_MAX_LIMIT = 500

# Upload limits for CSV imports (bytes).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every handler redacts survey tokens from paths (medvirk/logfilters.py, DESIGN §3).
    "filters": {"redact_tokens": {"()": "medvirk.logfilters.RedactSurveyTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Replace Django's own handlers for these (they would print paths unredacted).
        "django": {"handlers": ["console"], "propagate": False},
        "django.server": {"handlers": ["console"], "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}
