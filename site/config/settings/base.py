"""Bangkom settings: every setting lives here and reads deployment values from the
environment (django-environ). With DEBUG=false every production protection is on,
so `manage.py check --deploy` passes with environment variables alone.

Sections: Django core · i18n · Wagtail · allauth · Celery · email · media/PDF · logging ·
Bangkom policy values.
"""
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

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
# The address people reach Bangkom at: every link in an email or feed starts with it
# (config.links.absolute_url). Defaults to the dev server, or https:// + the first
# allowed host in production.
SITE_URL = env(
    "SITE_URL",
    default="http://127.0.0.1:8000" if DEBUG else (
        f"https://{ALLOWED_HOSTS[0]}" if ALLOWED_HOSTS else ""),
)

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
    "audit",
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
    "allauth.mfa",
    "allauth.usersessions",
    # Django
    "csp",
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
    "config.csp.BangkomCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, which reads the body: body limits, NUL bytes, private caching
    # (config/guards.py, docs/foundation.md "Request guards").
    "config.guards.RequestGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Remembers the request so every audit log entry says who and from where.
    "config.audit.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Keeps each session's last address and time when USERSESSIONS_TRACK_ACTIVITY.
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    # HR and superusers without a second factor reach only their account pages
    # (BANGKOM_MFA_REQUIRED_FOR_HR, docs/access.md "Two-factor authentication").
    "people.second_factor.HrSecondFactorMiddleware",
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
                "csp.context_processors.nonce",
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
    # First: ModelBackend with a veto on the permissions of a login whose employee
    # HR deactivated (people.backends says why it must be first).
    "people.backends.EmployeeModelBackend",
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
# Content-Security-Policy (django-csp, https://django-csp.readthedocs.io/): no CDN,
# no inline script without the request's nonce, no inline event handlers. The
# admins (/cms/, /django-admin/) get Wagtail's allowances: config/csp.py.
# Policy pages embed videos (socialization's VideoBlock, wagtail.embeds): the
# players' origins may be framed, and the admin shows their thumbnails.
CSP_EMBED_FRAME_ORIGINS = env.list("CSP_EMBED_FRAME_ORIGINS", default=[
    "https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.vimeo.com"])
CSP_EMBED_IMAGE_ORIGINS = env.list("CSP_EMBED_IMAGE_ORIGINS", default=[
    "https://i.ytimg.com", "https://i.vimeocdn.com"])
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        # Style attributes carry data (bar widths, heat-map colours); they run no script.
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF, *CSP_EMBED_FRAME_ORIGINS],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],  # as X_FRAME_OPTIONS: Wagtail's preview iframe
    },
}

# Static files and uploads.
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "site" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Uploads that hold personal data (config/storage.py): a folder no URL serves, by
# default MEDIA_ROOT's sibling "<MEDIA_ROOT>-private". Web and workers must share it.
BANGKOM_PRIVATE_MEDIA_ROOT = env("BANGKOM_PRIVATE_MEDIA_ROOT", default="")
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
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default=SITE_URL)
WAGTAIL_I18N_ENABLED = False
# Workflow emails go to the moderators of the workflow's task (the HR Approver
# group), not to every superuser.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# A broken image upload is the form's error, not a 500 (config/images.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "config.images.BangkomImageForm"
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
# No Gravatar: the admin would send a hash of every user's email to an outside
# server (and the Content-Security-Policy allows images from this site only).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# No "new Wagtail release" check from the dashboard: it calls an outside server
# (refused by the Content-Security-Policy); upgrades follow requirements.txt.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Passwords are changed and reset through allauth (throttled, Bangkom's templates):
# no password panel on Wagtail's account page, Wagtail's reset views answer 404
# (/cms/password_reset/ itself redirects to allauth's, config/urls.py).
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False

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
# Rate limits (https://docs.allauth.org/en/latest/account/rate_limits.html), kept in
# the cache: production needs a cache all processes share (CACHE_URL=redis://...;
# `check --deploy` warns otherwise, people/checks.py). Design: docs/foundation.md
# "Logins" and people/login_limits.py. Wrong passwords are counted so that a stranger
# only stops themselves: "key" of login_failed is (account, client address); the
# account as a whole has a high daily ceiling (then its owner is emailed); a device
# the account logged in on before has its own count instead of both.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "login_failed_account": "100/d/key",
    "login_failed_device": "5/5m/key,20/d/key",
    # Each submit of /akun/password/change/ or /akun/reauthenticate/ (they ask the
    # password of the logged-in user): like the login, 5 in 5 minutes per account.
    "change_password": "5/5m/user",
    "reauthenticate": "5/5m/user",
    # Reset requests per client address (429 past it); reset emails per address,
    # past which the request is answered alike and nothing is sent, so a stranger
    # neither refuses the owner's request nor floods the mailbox (people.login_limits).
    "reset_password": "20/m/ip",
    "reset_email": "3/h/key,10/d/key",
    # Wagtail's page and document privacy passwords (people.views).
    "view_restriction_password": "5/5m/ip",
}
# Behind a reverse proxy every request comes from the proxy's address, so the
# per-IP limits above would be shared by everyone. Set TRUSTED_PROXY_COUNT to the
# number of proxies you run in front of gunicorn (1 for the documented nginx, which
# appends the client's address to X-Forwarded-For); 0 (default) ignores that header,
# which a client can forge. https://docs.allauth.org/en/latest/common/rate_limits.html
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Two-factor authentication (allauth.mfa, https://docs.allauth.org/en/latest/mfa/):
# an authenticator app (TOTP) with recovery codes, and security keys/passkeys
# (WebAuthn) where the browser offers them. Anyone may turn it on under /akun/2fa/;
# HR staff and superusers must when BANGKOM_MFA_REQUIRED_FOR_HR (on in production,
# off for the `make run` demo unless set): people/second_factor.py.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_ADAPTER = "people.second_factor.MFAAdapter"
MFA_TOTP_ISSUER = "Bangkom"
# allauth refuses 2FA to an account with an unverified email, in case someone signed
# up with another person's address. Bangkom's emails come from HR's import (email
# verification is off): allowed, unless open sign-up is on.
MFA_ALLOW_UNVERIFIED_EMAIL = not BANGKOM_OPEN_SIGNUP
# WebAuthn needs a secure context: https, or the dev server on localhost/127.0.0.1.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
BANGKOM_MFA_REQUIRED_FOR_HR = env.bool("BANGKOM_MFA_REQUIRED_FOR_HR", default=not DEBUG)
# Sessions (allauth.usersessions): every login is listed at /akun/sessions/, where the
# person ends their other sessions; HR ends a person's sessions from the employee
# list. Tracking activity writes each session's last address and time on every
# request (one more write per page): off unless asked for.
USERSESSIONS_TRACK_ACTIVITY = env.bool("USERSESSIONS_TRACK_ACTIVITY", default=False)
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
# A task whose pool process died under it (the OOM killer during a PDF render, a
# SIGKILL) goes back to the queue instead of being acknowledged as failed and lost:
# every acks_late task here is idempotent (the database is the source of truth, field
# notes), so running it again is safe. A whole worker that dies leaves its tasks
# unacknowledged in Redis; they come back after the visibility timeout (1 hour).
# Proven by tests/jobs/test_worker_faults.py.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BEAT_SCHEDULE: dict = {}
# Enrollment: lapse overdue approval requests every 15 min (https://crontab.guru/#*/15_*_*_*_*)
# and remind participants at 07:00 the day before (https://crontab.guru/#0_7_*_*_*).
CELERY_BEAT_SCHEDULE["enrollment-lapse-overdue"] = {
    "task": "learning.enrollment.tasks.enrollment_lapse_overdue_task", "schedule": 15 * 60}
# Enrollment emails whose task was lost (broker down or restarted): every 5 minutes.
CELERY_BEAT_SCHEDULE["enrollment-notices-due"] = {
    "task": "learning.enrollment.tasks.enrollment_notices_due_requeue_task", "schedule": 5 * 60}
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
# Development plans: deadline reminders daily 07:15 (https://crontab.guru/#15_7_*_*_*);
# the task itself decides whether today is a reminder day (BANGKOM_PLAN_REMINDER_DAYS).
CELERY_BEAT_SCHEDULE["plan-reminders"] = {
    "task": "learning.plans.tasks.plan_reminders_send_task",
    "schedule": __import__("celery.schedules").schedules.crontab(hour=7, minute=15)}
# Recommendations: re-rank everyone nightly at 04:00, after the gaps
# (https://crontab.guru/#0_4_*_*_*): sessions start, fill and close by the clock alone.
CELERY_BEAT_SCHEDULE["recommendations-nightly"] = {
    "task": "learning.recommendations.tasks.recommendations_recompute_all_task",
    "schedule": __import__("celery.schedules").schedules.crontab(hour=4, minute=0)}
# Mentoring: idle-pair and waiting-confirmation reminders daily 07:15
# (https://crontab.guru/#15_7_*_*_*); each is sent at most once a week.
CELERY_BEAT_SCHEDULE["mentoring-reminders"] = {
    "task": "mentoring.tasks.mentoring_reminders_send_task",
    "schedule": __import__("celery.schedules").schedules.crontab(hour=7, minute=15)}

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
# Separation of duties in the publishing workflow: whoever submitted a page for
# approval cannot approve it (socialization.models.HrApprovalTask).
BANGKOM_SEPARATION_OF_DUTIES = env.bool("BANGKOM_SEPARATION_OF_DUTIES", default=True)
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

# --- Uploads (config/uploads.py, docs/foundation.md "Upload limits") -------------------
# Checked before a file is parsed (bytes) and while its rows stream (rows); at most
# max_errors row errors are kept and shown, the rest counted ("… and 12 more").
# The reverse proxy's body limit (nginx client_max_body_size) should be a little
# above the largest cap, so that a bigger body never reaches the disk.
BANGKOM_UPLOAD_MAX_BYTES = env.int("BANGKOM_UPLOAD_MAX_BYTES", default=50 * 1024 * 1024)
BANGKOM_UPLOAD_MAX_ROWS = env.int("BANGKOM_UPLOAD_MAX_ROWS", default=200_000)
BANGKOM_UPLOAD_LIST_MAX_BYTES = env.int(
    "BANGKOM_UPLOAD_LIST_MAX_BYTES", default=2 * 1024 * 1024)
BANGKOM_UPLOAD_PROOF_MAX_BYTES = env.int(
    "BANGKOM_UPLOAD_PROOF_MAX_BYTES", default=5 * 1024 * 1024)
BANGKOM_UPLOAD_LIMITS = {
    # HR's imports, run as Celery jobs with a progress bar.
    "employees": {"max_bytes": BANGKOM_UPLOAD_MAX_BYTES,
                  "max_rows": BANGKOM_UPLOAD_MAX_ROWS, "max_errors": 1000},
    "competencies": {"max_bytes": BANGKOM_UPLOAD_MAX_BYTES,
                     "max_rows": BANGKOM_UPLOAD_MAX_ROWS, "max_errors": 1000},
    # Small lists read inside the request; their errors become flash messages, which
    # live in the session: a few dozen at most.
    "post_test": {"max_bytes": BANGKOM_UPLOAD_LIST_MAX_BYTES, "max_rows": 5000,
                  "max_errors": 20},
    "nip_list": {"max_bytes": BANGKOM_UPLOAD_LIST_MAX_BYTES, "max_rows": 2000,
                 "max_errors": 20},
}
# Development plans: the day (MM-DD) each year's plans are due, and the days before
# it on which employees without a submitted plan and approvers with plans waiting
# are reminded (docs/development-plans.md).
BANGKOM_PLAN_DEADLINE = env.str("BANGKOM_PLAN_DEADLINE", default="01-31")
BANGKOM_PLAN_REMINDER_DAYS = env.list("BANGKOM_PLAN_REMINDER_DAYS", cast=int,
                                      default=[14, 7, 3, 1, 0])
# --- Certificates (docs/certificates.md) --------------------------------------------
# QR codes print SITE_URL + the verification path (config.links.absolute_url).
# PAdES signing (pyHanko): a PKCS#12 file and its password; unset, PDFs are unsigned
# and only the QR's "verifikasi keaslian" is offered. SIGNER_IS_BSRE=true only when
# the certificate was issued by BSrE (BSSN): then pages call the signature a TTE.
BANGKOM_CERTIFICATE_P12_PATH = env("BANGKOM_CERTIFICATE_P12_PATH", default="")
BANGKOM_CERTIFICATE_P12_PASSWORD = env("BANGKOM_CERTIFICATE_P12_PASSWORD", default="")
BANGKOM_CERTIFICATE_SIGNER_IS_BSRE = env.bool("BANGKOM_CERTIFICATE_SIGNER_IS_BSRE",
                                              default=False)
# Where PDFs are stored: by default the private folder beside MEDIA_ROOT. Any Django
# storage backend can be named, e.g. S3-compatible storage through django-storages:
# BANGKOM_CERTIFICATE_STORAGE=storages.backends.s3.S3Storage and
# BANGKOM_CERTIFICATE_STORAGE_OPTIONS='{"bucket_name": "...", "endpoint_url": "..."}'.
if env("BANGKOM_CERTIFICATE_STORAGE", default=""):
    STORAGES["certificates"] = {
        "BACKEND": env("BANGKOM_CERTIFICATE_STORAGE"),
        "OPTIONS": env.json("BANGKOM_CERTIFICATE_STORAGE_OPTIONS", default={}),
    }
