"""The catalog's caches: whole pages per browser session, and the shared index
results.

Every entry is stored as (token, valid_until, value) and is used only while

- the **catalog token** it was stored under is still current. The token is a
  random value in the cache, renewed by `catalog_changed()` whenever something a
  catalog page shows changes: a workshop published, unpublished, moved or deleted,
  a view restriction, a session, a seat counter, an enrollment, a learning form or
  competency, or the user/employee/unit/position data behind logins, roles and
  eligibility (receivers in learning.catalog.signals). It is renewed at once and
  again after the transaction commits, so nothing rendered from the rows as they
  were before the commit is used after it;
- its **valid_until** has not passed: the next moment the page changes by the
  clock alone (a session starts or ends, registration opens or closes, a workshop
  expires), and never more than MAX_AGE seconds, which bounds what no signal sees
  (bulk imports, raw UPDATEs).

The token lives in the cache, so every process must share the cache (Redis in
production): with a per-process cache another process's change would not reach
this one. That is why BANGKOM_CATALOG_CACHE is on by default only when CACHE_URL
names a shared cache; with the local-memory default nothing is cached (tests turn it
on: one process).

Whole pages are kept per browser session and never shared: the key holds the
session cookie, the language, host and full URL; the entry records the user and
password hash the session was logged in with, and the page's CSRF tokens are cut
out and made afresh for each answer. Pages are not kept for anonymous visitors,
with messages pending, or when Wagtail served them behind a view restriction.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import secrets
import time
from importlib import import_module

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.core.cache import DEFAULT_CACHE_ALIAS, cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

# The longest any entry lives: the bound on changes no signal reports.
MAX_AGE = 60
TOKEN_KEY = "catalog:token"
_REQUEST_TOKEN = "_bangkom_catalog_token"
_REQUEST_UNTIL = "_bangkom_catalog_until"
_REQUEST_CACHEABLE = "_bangkom_catalog_cacheable"

logger = logging.getLogger(__name__)


def catalog_cache_enabled() -> bool:
    return bool(getattr(settings, "BANGKOM_CATALOG_CACHE", False))


def _token_renew() -> None:
    # A fresh random value, not a counter: if the key is evicted, a new token can
    # never equal one that entries were stored under.
    try:
        cache.set(TOKEN_KEY, secrets.token_hex(8), timeout=None)
    except Exception:  # the write that called us must not fail for the cache's sake
        logger.exception("Could not renew the catalog cache token")


def catalog_changed(*, using: str | None = None) -> None:
    """Invalidate every cached catalog page and result: call after any write that
    changes what the catalog shows and that sends no model signal (queryset
    update(), bulk_create). Renews the token now and, inside a transaction, once
    more after it commits (until then other processes may still render and keep
    pages from the rows as they were). One cache write, plus one after commit."""
    if not catalog_cache_enabled():
        return
    _token_renew()
    if transaction.get_connection(using).in_atomic_block:
        transaction.on_commit(_token_renew, using=using)


def _request_token(request: HttpRequest, current: str | None) -> str:
    """The token this request stores entries under: the first one it read, so that
    everything it renders was read after that token was current."""
    token = getattr(request, _REQUEST_TOKEN, None)
    if token is None:
        token = current
        if token is None:  # never set, or evicted
            cache.add(TOKEN_KEY, secrets.token_hex(8), timeout=None)
            token = cache.get(TOKEN_KEY)
        setattr(request, _REQUEST_TOKEN, token)
    return token


def cached_get(key: str, *, request: HttpRequest):
    """The value cached under `key` if its token is current and it has not expired,
    else None (always None when the catalog cache is off). One cache round trip
    (the entry and the token together)."""
    if not catalog_cache_enabled():
        return None
    found = cache.get_many([TOKEN_KEY, key])
    current = found.get(TOKEN_KEY)
    _request_token(request, current)
    entry = found.get(key)
    if entry is None or current is None:
        return None
    token, until, value = entry
    if token != current or until <= time.time():
        return None
    return value


def cached_set(key: str, value, *, request: HttpRequest,
               until: dt.datetime | None = None) -> None:
    """Cache `value` under `key` until `until` (at most MAX_AGE seconds), under the
    token the request first read (call cached_get first in the same request)."""
    if not catalog_cache_enabled():
        return
    token = _request_token(request, None)
    now = time.time()
    expires = now + MAX_AGE
    if until is not None:
        expires = min(expires, until.timestamp())
    if expires - now < 1:
        return
    cache.set(key, (token, expires, value), timeout=int(expires - now) + 1)


def request_valid_until(request: HttpRequest, until: dt.datetime | None) -> None:
    """Record that the page being rendered changes by the clock at `until`; the
    page cache keeps it no longer."""
    if until is None:
        return
    known = getattr(request, _REQUEST_UNTIL, None)
    if known is None or until < known:
        setattr(request, _REQUEST_UNTIL, until)


# --- whole pages, per session ------------------------------------------------------

_CACHE_SESSION_ENGINES = {
    "django.contrib.sessions.backends.cached_db",
    "django.contrib.sessions.backends.cache",
}


# What {% csrf_token %} renders. A page is kept with its tokens cut out and gets a
# fresh one for the asking browser (its own CSRF cookie) each time it is served, so
# one copy serves the session whatever CSRF cookie the browser holds, exactly as a
# render would. Catalog templates put tokens in forms only through {% csrf_token %}.
_CSRF_INPUT = re.compile(rb'(?<=<input type="hidden" name="csrfmiddlewaretoken" value=")'
                         rb'[A-Za-z0-9]{64}(?=">)')


def _page_key(request: HttpRequest) -> str | None:
    """The page cache key for this request (browser session, language, host and
    URL), or None when the request may neither use nor fill the cache."""
    if not catalog_cache_enabled() or request.method != "GET":
        return None
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    # Messages waiting in a cookie must be shown (and consumed) by a real render.
    if not session_key or request.COOKIES.get("messages"):
        return None
    parts = (session_key, get_language(), request.get_host(), request.is_secure(),
             request.get_full_path(), bool(request.headers.get("HX-Request")))
    return "catalog:page:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _session_cache_key(session_key: str) -> str | None:
    """Where a cache-backed session engine keeps this session, or None when the
    sessions are not in this cache."""
    if (settings.SESSION_ENGINE not in _CACHE_SESSION_ENGINES
            or settings.SESSION_CACHE_ALIAS != DEFAULT_CACHE_ALIAS):
        return None
    engine = import_module(settings.SESSION_ENGINE)
    return engine.SessionStore.cache_key_prefix + session_key


def page_cache_response(request: HttpRequest) -> HttpResponse | None:
    """A cached copy of the page this browser session was shown, or None.

    One cache round trip for the catalog token, the page and (with cache-backed
    sessions) the session itself, and no database query: the user row is not read
    again. The entry is used only while the session still exists and still belongs
    to the user, with the same password hash, that it was rendered for; a change to
    any user (password, active flag, groups) renews the token, and no entry
    outlives MAX_AGE."""
    key = _page_key(request)
    if key is None:
        return None
    session_cache_key = _session_cache_key(request.COOKIES[settings.SESSION_COOKIE_NAME])
    found = cache.get_many([TOKEN_KEY, key, *([session_cache_key] if session_cache_key else [])])
    current = found.get(TOKEN_KEY)
    _request_token(request, current)
    entry = found.get(key)
    if entry is None or current is None:
        return None
    token, until, (user_id, auth_hash, content_type, chunks) = entry
    if token != current or until <= time.time():
        return None
    session = found.get(session_cache_key) if session_cache_key else request.session
    if (not session or session.get(SESSION_KEY) != user_id
            or session.get(HASH_SESSION_KEY) != auth_hash or session.get("_messages")):
        return None
    body = get_token(request).encode().join(chunks) if len(chunks) > 1 else chunks[0]
    response = HttpResponse(body, content_type=content_type)
    # Per-session content: the session middleware adds this when the session is
    # read, and here it was read from the cache directly.
    patch_vary_headers(response, ("Cookie",))
    return response


def page_cache_allow(request: HttpRequest) -> None:
    """Called by a catalog page's serve(): this response may be kept."""
    setattr(request, _REQUEST_CACHEABLE, True)


def page_cache_store(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Keep the response for this browser session if a catalog page allowed it, it
    succeeded, the user is logged in and nothing marked it uncacheable. Wagtail marks
    pages it served behind a view restriction (password, login, groups) never-cache,
    so those are not kept."""
    if not getattr(request, _REQUEST_CACHEABLE, False) or response.status_code != 200:
        return response
    if getattr(response, "streaming", False) or any(
        v in response.get("Cache-Control", "") for v in ("no-cache", "no-store")
    ):
        return response
    key = _page_key(request)
    session = request.session
    if (key is None or not request.user.is_authenticated or session.get("_messages")
            # A login during the request gave the browser a new session key.
            or session.session_key != request.COOKIES.get(settings.SESSION_COOKIE_NAME)):
        return response
    if hasattr(response, "render"):
        response.render()
    value = (session.get(SESSION_KEY), session.get(HASH_SESSION_KEY),
             response["Content-Type"], _CSRF_INPUT.split(response.content))
    cached_set(key, value, request=request, until=getattr(request, _REQUEST_UNTIL, None))
    return response
