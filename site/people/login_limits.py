"""How wrong passwords are limited without letting a stranger lock an owner out
(docs/foundation.md "Logins" has the design and its numbers).

The old rule, allauth's "5 wrong passwords per account in 5 minutes, then refuse
even the right one", was a weapon: NIPs are printed on every certificate, so anyone
could keep any account shut with one request a minute. The rule now follows OWASP's
"device cookies" (https://owasp.org/www-community/Slow_Down_Online_Guessing_Attacks_with_Device_Cookies):

- **A client that is not a known device** is counted per (account, client address):
  5 wrong passwords in 5 minutes stop *that address* for *that account*, and 10
  failures a minute stop the address altogether (guessing across accounts). The
  owner, from any other address, is not affected.
- **Slow guessing from many addresses** meets a per-account ceiling: 100 wrong
  passwords in 24 hours from unknown devices stop every unknown device for that
  account, and the owner gets one email (`login_ceiling_notify_task`).
- **A known device** (one where this account logged in before: a signed cookie set
  at every successful login) skips the counts above, which strangers can fill, and
  has its own: 5 wrong passwords in 5 minutes, 20 a day, for that device and
  account. So the owner still gets in at the ceiling and behind the same address as
  a stranger; a stolen cookie alone guesses no faster than any client, and without
  the account's password it is worth nothing.

The counters live in the default cache through allauth's rate limiter; the limits
themselves are `ACCOUNT_RATE_LIMITS` (`login_failed`, `login_failed_account`,
`login_failed_device`). allauth's limiter is used through its internal module (as
allauth's own adapter does): the exact pin in requirements.txt and
tests/people/test_login_lockout.py catch a change.
"""
from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from allauth.core.internal import ratelimit
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

logger = logging.getLogger(__name__)

APP = "allauth.account"
DEVICE_COOKIE = "bangkom_device"
DEVICE_COOKIE_SALT = "people.login_limits.device"
DEVICE_COOKIE_AGE = 365 * 24 * 60 * 60
# A shared computer keeps at most this many accounts as known; the oldest drop off.
DEVICE_ACCOUNTS = 8


@dataclass(frozen=True)
class KnownDevice:
    """What the device cookie says: the device's random id and the accounts that
    logged in on it."""

    device_id: str
    account_ids: tuple[int, ...]


def known_device_read(request: HttpRequest) -> KnownDevice | None:
    """The request's device cookie if its signature holds, else None."""
    value = request.get_signed_cookie(DEVICE_COOKIE, default=None,
                                      salt=DEVICE_COOKIE_SALT, max_age=DEVICE_COOKIE_AGE)
    if not value:
        return None
    device_id, _, ids = value.partition(":")
    try:
        account_ids = tuple(int(pk) for pk in ids.split(",") if pk)
    except ValueError:
        return None
    return KnownDevice(device_id=device_id, account_ids=account_ids) if device_id else None


def known_device_remember(*, request: HttpRequest, response: HttpResponse, user_id: int) -> None:
    """After a successful login: mark this device as known for the account (keeps
    the device's id, puts the account first)."""
    device = known_device_read(request)
    device_id = device.device_id if device else secrets.token_urlsafe(16)
    others = [pk for pk in (device.account_ids if device else ()) if pk != user_id]
    ids = ",".join(str(pk) for pk in [user_id, *others][:DEVICE_ACCOUNTS])
    response.set_signed_cookie(
        DEVICE_COOKIE, f"{device_id}:{ids}", salt=DEVICE_COOKIE_SALT,
        max_age=DEVICE_COOKIE_AGE, secure=settings.SESSION_COOKIE_SECURE,
        httponly=True, samesite="Lax")


def client_address(request: HttpRequest) -> str:
    """The client address allauth's per-IP limits use (TRUSTED_PROXY_COUNT aware)."""
    return ratelimit.get_ip(request)


class LoginRefused(Exception):
    """A limit refused this password check before it was made."""


def login_failure_consume(*, request: HttpRequest, account_id: int | None,
                          typed_key: str) -> ratelimit.RateLimitUsage:
    """Count one password check against the limits that apply to this client and
    account; raise LoginRefused when one is full. The returned usage is rolled back
    when the password turns out right (allauth's adapter does that), so only wrong
    passwords stay counted. `typed_key` names the login when no account matches it
    (unknown names are counted alike and answered with the same message)."""
    device = known_device_read(request)
    if account_id is not None and device and account_id in device.account_ids:
        device_key = f"account:{account_id}:device:{device.device_id}"
        return _consume([("login_failed_device", device_key)], request=request)
    client = client_address(request)
    subject = f"account:{account_id}" if account_id is not None else typed_key
    limits = [("login_failed", f"{subject}:client:{client}")]
    if account_id is not None:
        limits.append(("login_failed_account", f"account:{account_id}"))
    try:
        return _consume(limits, request=request)
    except LoginRefused as refused:
        if account_id is not None and str(refused) == "login_failed_account":
            from people.tasks import login_ceiling_notify_task

            login_ceiling_notify_task.delay_on_commit(account_id)
        raise


def _consume(limits: list[tuple[str, str]], *, request: HttpRequest) -> ratelimit.RateLimitUsage:
    used = ratelimit.RateLimitUsage(usage=[])
    for action, key in limits:
        usage = ratelimit.consume(request, app=APP, action=action, key=key)
        if usage is None:
            used.rollback()
            raise LoginRefused(action)
        used.usage.extend(usage.usage)
    return used


def login_failures_clear(*, request: HttpRequest, account_id: int) -> None:
    """After the owner reset the password through the emailed link: lift the
    account's ceiling and this client's count for it (they proved the mailbox)."""
    client = client_address(request)
    ratelimit.clear(request, app=APP, action="login_failed",
                    key=f"account:{account_id}:client:{client}")
    ratelimit.clear(request, app=APP, action="login_failed_account", key=f"account:{account_id}")


def reset_email_allowed(*, request: HttpRequest, address: str) -> bool:
    """Whether a password-reset email may go to `address` now (`reset_email` in
    ACCOUNT_RATE_LIMITS). When not, the requester sees the same "email sent" page and
    nothing is sent: the owner is never refused (a stranger's requests only put more
    valid links into the owner's mailbox) and cannot be flooded."""
    return ratelimit.consume(request, app=APP, action="reset_email",
                             key=address.lower()) is not None


# --- X-Forwarded-For while TRUSTED_PROXY_COUNT=0 -------------------------------------
# A deploy check runs in its own process and sees no request, so the login remembers
# the first forwarded one in the (shared) cache and people.checks reads it.
FORWARDED_SEEN_KEY = "people:forwarded-for-seen"
FORWARDED_SEEN_TIMEOUT = 30 * 24 * 60 * 60


def forwarded_request_note(request: HttpRequest) -> None:
    """Remember (once) that a request carried X-Forwarded-For while the setting
    ignores it: behind a proxy that means every client shares the proxy's limits."""
    if settings.ALLAUTH_TRUSTED_PROXY_COUNT or "HTTP_X_FORWARDED_FOR" not in request.META:
        return
    seen = {"at": timezone.now().isoformat(timespec="seconds"),
            "remote_addr": request.META.get("REMOTE_ADDR", "")}
    if cache.add(FORWARDED_SEEN_KEY, seen, FORWARDED_SEEN_TIMEOUT):
        logger.warning(
            "A request from %s carried X-Forwarded-For while TRUSTED_PROXY_COUNT=0: "
            "behind a proxy every client shares one login limit.", seen["remote_addr"])


def forwarded_request_seen() -> dict | None:
    """The first forwarded request noted, {"at", "remote_addr"}, or None."""
    return cache.get(FORWARDED_SEEN_KEY)
