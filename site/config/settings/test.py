"""Test settings: only what tests need differs from base."""
from .base import *  # noqa: F401,F403
from .base import CELERY_BROKER_URL, env

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# One process: the local-memory cache is shared by everything a test runs, so the
# catalog caches are tested on (tests/learning/test_catalog_cache.py).
BANGKOM_CATALOG_CACHE = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run eagerly in tests unless a test starts a real worker (tests/conftest.py).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://"
MEDIA_ROOT = env.path("MEDIA_ROOT", default="/tmp/bangkom-test-media")  # noqa: S108
SITE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
# Two-factor for HR is off for the suite (tests log HR in with force_login); the
# tests of the rule turn it on (tests/people/test_second_factor.py, the URL matrix).
BANGKOM_MFA_REQUIRED_FOR_HR = False
