"""Bangkom settings: every setting lives here and reads deployment values from the
environment (django-environ). With DEBUG=false every production protection is on,
so `manage.py check --deploy` passes with environment variables alone.

Sections: Django core · i18n · Wagtail · allauth · Celery · email · media/PDF · logging ·
Bangkom policy values.
"""
from config.env import BASE_DIR, env

# --- Django core ---------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/
DEBUG = env.bool("DEBUG", default=True)
if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
else:
    # Fail loudly at start rather than run production on a guessable key.
    SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Bangkom: site-wide apps live in the site/ folder, domain apps at the top level.
    "people",
    "home",
    "socialization",
    "learning",
    "learning.recommendations",
    "learning.plans",
    "learning.certificates",
    "competencies",
    "mentoring",
    # Before the Wagtail apps: its catalog fills in the admin strings Wagtail's id_ID lacks
    # (Django's translation lookup prefers apps listed earlier).
    "wagtail_id",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # allauth
    "allauth",
    "allauth.account",
    # Django
    "django_htmx",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "people.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "people.context_processors.roles",
            ],
        },
    },
]

# https://docs.djangoproject.com/en/5.2/ref/settings/#databases
# Default: a SQLite file in the project, so `make run` needs no services.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Persistent connections: +60-80% throughput on database-backed pages (field notes).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite gives one writer at a time; wait for the lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["CONN_MAX_AGE"] = 0

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # The same backend, with one Redis client per pool instead of one per call.
    CACHES["default"]["BACKEND"] = "config.cache.RedisCache"
# A cache every process sees (Redis, Memcached), as opposed to the per-process default.
CACHE_IS_SHARED = CACHES["default"]["BACKEND"].rsplit(".", 1)[-1] in {
    "RedisCache", "PyMemcacheCache", "PyLibMCCache"}
# Sessions are read on every logged-in request: from the cache when it is shared
# (written through to the database, so a Redis restart logs nobody out). Never from a
# per-process cache: a logout in one process would not reach the others.
# https://docs.djangoproject.com/en/5.2/topics/http/sessions/#using-cached-sessions
SESSION_ENGINE = env(
    "SESSION_ENGINE",
    default="django.contrib.sessions.backends.cached_db" if CACHE_IS_SHARED
    else "django.contrib.sessions.backends.db",
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Security: on by default whenever DEBUG is off (check --deploy passes on env alone).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"  # Wagtail's page preview uses a same-origin iframe.
# W019 asks for DENY, which would break that preview; SAMEORIGIN still blocks
# framing by other sites. https://docs.wagtail.org/en/stable/advanced_topics/deploying.html
SILENCED_SYSTEM_CHECKS = ["security.W019"]
SESSION_COOKIE_HTTPONLY = True

# Static files and uploads.
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "site" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Internationalisation ----------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/i18n/
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Jakarta")
USE_I18N = True
USE_TZ = True
# "23 November 2026" rather than Django's "23 Nov. 2026".
FORMAT_MODULE_PATH = ["config.formats"]

# --- Wagtail -----------------------------------------------------------------------
# https://docs.wagtail.org/en/stable/reference/settings.html
WAGTAIL_SITE_NAME = "Bangkom"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "csv", "txt", "zip"]
WAGTAILSEARCH_BACKENDS = {
    "default": {
        # The database backend uses PostgreSQL full-text search on PostgreSQL and
        # SQLite FTS5 on SQLite.
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "simple",
    }
}
# Wagtail admin logins are throttled by sending them through allauth's login.
WAGTAIL_FRONTEND_LOGIN_URL = "/akun/login/"

# --- allauth -----------------------------------------------------------------------
# https://docs.allauth.org/en/latest/account/configuration.html
# The username is the employee's NIP, so "NIP or email" is allauth's username+email login.
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "people.adapters.AccountAdapter"
ACCOUNT_USER_DISPLAY = "people.adapters.user_display"  # name, not NIP, in messages
ACCOUNT_FORMS = {"login": "people.forms.NipOrEmailLoginForm"}
# Accounts come from HR's import; open sign-up is off unless the agency turns it on.
BANGKOM_OPEN_SIGNUP = env.bool("BANGKOM_OPEN_SIGNUP", default=False)
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"

# --- Celery ------------------------------------------------------------------------
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
# No broker configured: tasks run eagerly in-process, so the default needs no services.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Keep tasks far shorter than Redis' visibility timeout (1 h): see field notes.
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 8 * 60
CELERY_WORKER_MAX_TASKS_PER_CHILD = 200
CELERY_BEAT_SCHEDULE: dict = {}
# Enrollment: lapse overdue approval requests every 15 min (https://crontab.guru/#*/15_*_*_*_*)
# and remind participants at 07:00 the day before (https://crontab.guru/#0_7_*_*_*).
CELERY_BEAT_SCHEDULE["enrollment-lapse-overdue"] = {
    "task": "learning.enrollment.tasks.enrollment_lapse_overdue_task", "schedule": 15 * 60}
CELERY_BEAT_SCHEDULE["enrollment-reminders"] = {
    "task": "learning.enrollment.tasks.enrollment_send_reminders_task",
    "schedule": __import__("celery.schedules").schedules.crontab(hour=7, minute=0)}
# Socialization: policy deadline reminders daily 07:00 (https://crontab.guru/#0_7_*_*_*);
# Wagtail scheduled go-live/expiry every 5 min (https://crontab.guru/#*/5_*_*_*_*).
CELERY_BEAT_SCHEDULE["policy-deadline-reminders"] = {
    "task": "socialization.tasks.policy_deadline_reminders_task",
    "schedule": __import__("celery.schedules").schedules.crontab(hour=7, minute=0)}
CELERY_BEAT_SCHEDULE["wagtail-publish-scheduled"] = {
    "task": "socialization.tasks.publish_scheduled_task", "schedule": 5 * 60}
# Completion: evaluate sessions that ended yesterday, daily 01:30 (https://crontab.guru/#30_1_*_*_*).
CELERY_BEAT_SCHEDULE["completion-ended-sessions"] = {
    "task": "learning.completion.tasks.completion_evaluate_ended_sessions_task",
    "schedule": __import__("celery.schedules").schedules.crontab(hour=1, minute=30)}
# Competency gaps: recompute everyone nightly at 02:30 (https://crontab.guru/#30_2_*_*_*).
CELERY_BEAT_SCHEDULE["competency-gaps-nightly"] = {
    "task": "competencies.tasks.gaps_recompute_all_task",
    "schedule": __import__("celery.schedules").schedules.crontab(hour=2, minute=30)}

# --- Email -------------------------------------------------------------------------
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Bangkom <bangkom@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Logging -----------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Bangkom policy values -----------------------------------------------------------
# Numbers the regulations set or that HR may change live in the database as seed
# data; only process-wide switches are settings.
BANGKOM_JP_MINUTES = env.int("BANGKOM_JP_MINUTES", default=45)
# The catalog's page and results caches (learning/catalog/cache.py, docs/catalog.md).
# Their invalidation token lives in the cache, so they need a cache that every
# process shares: on by default only then.
BANGKOM_CATALOG_CACHE = env.bool("BANGKOM_CATALOG_CACHE", default=CACHE_IS_SHARED)
# bench/catalog.py only: mounts /belajar/bench/bare/ (a no-work baseline view).
BANGKOM_BENCH_VIEWS = env.bool("BANGKOM_BENCH_VIEWS", default=False)
# Enrollment: hours a seat is held while the supervisor decides (never past the start),
# and whether overlapping sessions are refused (false: warn and ask to confirm).
BANGKOM_APPROVAL_HOLD_HOURS = env.int("BANGKOM_APPROVAL_HOLD_HOURS", default=72)
BANGKOM_BLOCK_OVERLAPPING_ENROLLMENTS = env.bool(
    "BANGKOM_BLOCK_OVERLAPPING_ENROLLMENTS", default=False)
