"""Deployment checks for logins (shown by `manage.py check --deploy`)."""
from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

# Caches that live inside one process: every gunicorn worker counts on its own.
PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.security, Tags.caches, deploy=True)
def login_throttle_cache_check(app_configs=None, **kwargs) -> list[CheckMessage]:
    """allauth keeps its login counters in the default cache. A per-process cache
    multiplies every limit by the number of workers (and a dummy cache removes them),
    so production needs one all processes share (Redis)."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if settings.DEBUG or backend not in PROCESS_LOCAL_CACHES:
        return []
    return [Warning(
        f"The default cache ({backend.rsplit('.', 1)[-1]}) is local to each process, so "
        "the login and password-reset limits are counted per worker process.",
        hint="Set CACHE_URL to a cache all processes share, e.g. "
             "CACHE_URL=redis://127.0.0.1:6379/1 (README, Production).",
        id="people.W001",
    )]


@register(Tags.security, deploy=True)
def hr_second_factor_check(app_configs=None, **kwargs) -> list[CheckMessage]:
    """HR staff and superusers see and change every employee's records: production
    should ask them for a second factor (people/second_factor.py)."""
    if settings.DEBUG or settings.BANGKOM_MFA_REQUIRED_FOR_HR:
        return []
    return [Warning(
        "HR staff and superusers may use Bangkom without two-factor authentication.",
        hint="Leave BANGKOM_MFA_REQUIRED_FOR_HR unset (or true) in production "
             "(docs/access.md, \"Two-factor authentication\").",
        id="people.W002",
    )]


@register(Tags.security, deploy=True)
def forwarded_for_ignored_check(app_configs=None, **kwargs) -> list[CheckMessage]:
    """A request carried X-Forwarded-For while TRUSTED_PROXY_COUNT=0: behind a proxy
    every client then has the proxy's address and shares its login limits (eleven
    failures a minute stop every new device's login). A check sees no request, so
    the login notes the first such request in the cache (people.login_limits) and
    this reads it: with a shared cache it sees what any worker noted; with a
    per-process cache it sees nothing (people.W001 says so already)."""
    from people.login_limits import forwarded_request_seen

    seen = forwarded_request_seen()
    if settings.ALLAUTH_TRUSTED_PROXY_COUNT or not seen:
        return []
    return [Warning(
        f"A login request from {seen['remote_addr']} at {seen['at']} carried "
        "X-Forwarded-For, but TRUSTED_PROXY_COUNT=0 ignores it: if a proxy sits in "
        "front of Bangkom, all clients share the proxy's address and its login limits.",
        hint="Set TRUSTED_PROXY_COUNT to the number of proxies in front of gunicorn "
             "(1 for the documented nginx). Without a proxy, a client sent the header "
             "itself and nothing needs changing (README, Production).",
        id="people.W003",
    )]
