"""Settings for frontwork, read from the environment (see README.md, "Configuration").

Unset variables fall back to embedded defaults: SQLite in var/, a file-system Celery broker,
e-mail printed to the console. Set DATABASE_URL, CELERY_BROKER_URL and EMAIL_URL for production.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from frontwork.env import (
    env_bool,
    env_broker,
    env_database,
    env_email,
    env_int,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("FRONTWORK_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
# Demo mode loads the 2016 demo conference and the demo users (one per role).
DEMO_MODE = env_bool("DEMO", DEBUG)

if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-only-for-debug-mode-0123456789")
else:
    SECRET_KEY = env_str("SECRET_KEY", "")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be set (at least 50 characters) when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "simple_history",
    "axes",
    "frontwork.accounts",
    "frontwork.notifications",
    "conferences",
    "recommendations",
    "reports",
    "reports.signing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "frontwork.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "frontwork.urls"
WSGI_APPLICATION = "frontwork.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
            "libraries": {"links": "frontwork.links", "crispy_fields": "frontwork.crispy_fields"},
        },
    },
]
FORM_RENDERER = "frontwork.renderer.FormRenderer"  # inputs and textareas written without templates

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'frontwork.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; IMMEDIATE takes the write lock at
    # BEGIN, so two writers queue on busy_timeout instead of failing half-way with "locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # A file, not memory, so that a real Celery worker process can share the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
# Keep connections between requests (opening one costs more than a simple page's queries).
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: after 5 failures from one address for one user name, that pair waits
# 15 minutes; the lock expires by itself, so an attacker cannot lock a real user out for ever.
# A failed attempt during the pause starts it again (axes' default, stated here because the
# lock-out page's "try again from" time counts on it). The login form says how many attempts
# are left; the lock-out page, from when to try again.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_LOCKOUT_CALLABLE = "frontwork.accounts.views.login_locked"
# Behind the TLS proxy, the address of the pair is the client's, read from the X-Forwarded-For
# that the trusted proxies append to (frontwork/proxy.py), not the proxy's own address.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if BEHIND_TLS_PROXY else 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT={TRUSTED_PROXY_COUNT} must be 0 or more.")
AXES_CLIENT_IP_CALLABLE = "frontwork.proxy.client_address"

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ---------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_UPLOAD_SIZE = env_int("MAX_UPLOAD_SIZE", 10 * 1024 * 1024)

# --- Forms ----------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail ---------------------------------------------------------------------------------
_email = env_email("EMAIL_URL", "consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
if "EMAIL_FILE_PATH" in _email:
    EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "frontwork <no-reply@localhost>")
# A mail server that does not answer within this many seconds is tried again later.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# Notifications go through an outbox (frontwork/notifications): the worker sends each message,
# holding it with a lease renewed while it sends; a sweep (Celery beat) sends again what never
# reached the worker (at once when the broker was away, after NOTIFICATION_RESEND_SECONDS when
# the broker took the message and lost it) and takes back what a dead worker held.
NOTIFICATION_LEASE_SECONDS = env_int("NOTIFICATION_LEASE_SECONDS", 30)
NOTIFICATION_MAX_ATTEMPTS = env_int("NOTIFICATION_MAX_ATTEMPTS", 5)
NOTIFICATION_RESEND_SECONDS = env_int("NOTIFICATION_RESEND_SECONDS", 300)
NOTIFICATION_SEND_TIME_LIMIT = env_int("NOTIFICATION_SEND_TIME_LIMIT", 120)
NOTIFICATION_SWEEP_SECONDS = env_int("NOTIFICATION_SWEEP_SECONDS", 30)

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = env_broker("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "broker"
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
        "polling_interval": 0.05,  # kombu polls once a second by default
    }
    CELERY_BROKER_TRANSPORT = "frontwork.broker:Transport"  # atomic writes, see frontwork/broker.py
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
    if CELERY_BROKER_URL.startswith("redis"):
        # A Redis host that does not answer fails a send within seconds instead of holding the
        # request for the system's TCP timeout (the job rows wait for the sweep).
        CELERY_BROKER_TRANSPORT_OPTIONS["socket_connect_timeout"] = 5
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TASK_IGNORE_RESULT = True  # job status lives in our own models
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {}
# Drafts: remind the units asked in a comment round, once, this many hours before the deadline.
DRAFT_REMINDER_HOURS_BEFORE = env_int("DRAFT_REMINDER_HOURS_BEFORE", 48)
CELERY_BEAT_SCHEDULE["drafts-round-reminders"] = {
    "task": "reports.tasks.send_round_reminders",
    "schedule": 15 * 60,
}
CELERY_BEAT_SCHEDULE["notifications-sweep-emails"] = {
    "task": "frontwork.notifications.tasks.sweep_emails",
    "schedule": float(NOTIFICATION_SWEEP_SECONDS),
}
# Absolute links in e-mails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if BEHIND_TLS_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Final report rendering (reports) ---------------------------------------------------------
# A render that passes the soft limit fails with a reason; the hard limit kills the worker child.
# The worker renews a job's lease every sixth of it while it renders (frontwork/jobs.py): a job
# whose worker died is taken over once its lease runs out unrenewed, by its message coming back
# or by the sweep. A queued job whose message never reached the broker is sent again by the next
# sweep; one still queued long after it did, after REPORT_RENDER_RESEND_SECONDS.
REPORT_RENDER_SOFT_TIME_LIMIT = env_int("REPORT_RENDER_SOFT_TIME_LIMIT", 240)
REPORT_RENDER_TIME_LIMIT = env_int("REPORT_RENDER_TIME_LIMIT", 300)
REPORT_RENDER_LEASE_SECONDS = env_int("REPORT_RENDER_LEASE_SECONDS", 30)
REPORT_RENDER_RESEND_SECONDS = env_int("REPORT_RENDER_RESEND_SECONDS", 300)
REPORT_RENDER_MAX_ATTEMPTS = env_int("REPORT_RENDER_MAX_ATTEMPTS", 3)
REPORT_RENDER_SWEEP_SECONDS = env_int("REPORT_RENDER_SWEEP_SECONDS", 15)
# Address-space cap of a worker child while it renders (MB, 0 = none) and the resident size (KiB)
# after which a child is replaced once its task ends.
REPORT_RENDER_MEMORY_LIMIT_MB = env_int("REPORT_RENDER_MEMORY_LIMIT_MB", 3072)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 600_000)
# Seconds the worker waits for the result of a child that died before it gives the task back
# (Celery's default; the tests of a kill -9 shorten it).
CELERY_WORKER_LOST_WAIT = env_int("CELERY_WORKER_LOST_WAIT", 10)
CELERY_BEAT_SCHEDULE["reports-sweep-render-jobs"] = {
    "task": "reports.tasks.sweep_render_jobs",
    "schedule": float(REPORT_RENDER_SWEEP_SECONDS),
}
# An uploaded draft (.docx) is converted by the worker, in a child process killed after this many
# seconds and allowed this much memory; the XML parts of a .docx may unpack to at most
# DRAFT_MAX_XML_BYTES (what converts well within the time cap: docs/benchmarks.md).
DRAFT_CONVERSION_TIME_LIMIT = env_int("DRAFT_CONVERSION_TIME_LIMIT", 60)
DRAFT_CONVERSION_MEMORY_LIMIT_MB = env_int("DRAFT_CONVERSION_MEMORY_LIMIT_MB", 1024)
DRAFT_CONVERSION_MAX_ATTEMPTS = 3
DRAFT_MAX_XML_BYTES = env_int("DRAFT_MAX_XML_BYTES", 6 * 1024 * 1024)
CELERY_BEAT_SCHEDULE["drafts-sweep-conversions"] = {
    "task": "reports.tasks.sweep_draft_conversions",
    "schedule": 60.0,
}
# Files in storage that no row refers to (an upload or a render that failed between storing its
# file and saving its row) are deleted by an hourly sweep once this old (frontwork/storage.py).
ORPHAN_FILE_GRACE_HOURS = env_int("ORPHAN_FILE_GRACE_HOURS", 24)
CELERY_BEAT_SCHEDULE["reports-sweep-orphan-draft-files"] = {
    "task": "reports.tasks.sweep_orphan_draft_files",
    "schedule": 3600.0,
}
CELERY_BEAT_SCHEDULE["reports-sweep-orphan-report-files"] = {
    "task": "reports.tasks.sweep_orphan_report_files",
    "schedule": 3600.0,
}
LOGGING["loggers"]["weasyprint.progress"] = {"level": "WARNING"}  # one line per rendering step otherwise

# --- The signed electronic report (reports/signing) --------------------------------------------
# Where the units' PKCS#12 files and images are looked up when given as relative paths, and the
# secrets file (lines NAME=passphrase) read when a passphrase's name is not in the environment.
SIGNING_KEYS_DIR = Path(env_str("SIGNING_KEYS_DIR", str(VAR_DIR / "signing")))
SIGNING_SECRETS_FILE = Path(env_str("SIGNING_SECRETS_FILE", str(SIGNING_KEYS_DIR / "secrets.env")))
# A signing job whose worker died is queued again by the sweep once its lease is over (it outlives
# the hard time limit, so only dead workers lose their jobs).
SIGNING_LEASE_SECONDS = env_int("SIGNING_LEASE_SECONDS", REPORT_RENDER_TIME_LIMIT + 60)
# The public verification page: largest PDF accepted, and checks per address per hour.
SIGNING_VERIFY_MAX_BYTES = env_int("SIGNING_VERIFY_MAX_BYTES", 20 * 1024 * 1024)
SIGNING_VERIFY_PER_HOUR = env_int("SIGNING_VERIFY_PER_HOUR", 60)
# pyHanko subsets the appearance font and fits its text: their notes are not problems.
LOGGING["loggers"]["fontTools"] = {"level": "ERROR"}
LOGGING["loggers"]["pyhanko.pdf_utils.layout"] = {"level": "ERROR"}
CELERY_BEAT_SCHEDULE["signing-sweep"] = {
    "task": "reports.tasks.sweep_signing_jobs",
    "schedule": float(REPORT_RENDER_SWEEP_SECONDS),
}
