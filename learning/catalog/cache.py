"""The catalog's caches: what a catalog page shows that is the same for everyone
(the rendered page body, the index results), shared by every visitor; the
personal part (enrollment state, eligibility, the navigation with the user's name)
is computed for each request.

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

Page bodies are shared between everyone of the same audience (anonymous visitor,
logged-in user without an employee record, employee) asking for the same URL in
the same language on the same host; with "eligible for me" in the query, per
employee. They hold no personal data and no CSRF token: the places that differ
per person are slots (`{% catalog_personal %}`), filled for each request. They are
never read or written for a preview (a draft must not reach visitors), and not
kept when Wagtail served the page behind a view restriction.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import secrets
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# The longest any entry lives: the bound on changes no signal reports (raw SQL;
# every ORM write of what the catalog shows renews a token). Ten minutes, not one:
# real traffic spreads over hundreds of workshop pages, each opened less than once
# a minute, so a one-minute body was rarely used twice (bench/catalog.py).
MAX_AGE = 600
# The shape of what is cached (PageEntry, Viewer, ...): bump it when that changes,
# so that entries pickled by the code before a deploy are never used by the code
# after it (they were stored under other tokens).
FORMAT = 3
TOKEN_KEY = f"catalog:token:{FORMAT}"
# Renewed only by changes about people: the viewers' facts (name, roles, employee
# record) outlive catalog changes such as enrollments.
PEOPLE_TOKEN_KEY = f"catalog:people-token:{FORMAT}"
_REQUEST_UNTIL = "_bangkom_catalog_until"
_REQUEST_CACHEABLE = "_bangkom_catalog_cacheable"
_REQUEST_ENTRY = "_bangkom_catalog_entry"

logger = logging.getLogger(__name__)


def catalog_cache_enabled() -> bool:
    return bool(getattr(settings, "BANGKOM_CATALOG_CACHE", False))


def is_preview(request: HttpRequest) -> bool:
    """A Wagtail preview (of a draft, or a revision): such a request neither reads
    nor fills the shared caches, as `{% wagtailcache %}` does."""
    return bool(getattr(request, "is_preview", False))


def _tokens_renew(keys: tuple[str, ...]) -> None:
    # Fresh random values, not counters: if a key is evicted, a new token can never
    # equal one that entries were stored under.
    try:
        cache.set_many({key: secrets.token_hex(8) for key in keys}, timeout=None)
    except Exception:  # the write that called us must not fail for the cache's sake
        logger.exception("Could not renew the catalog cache tokens")


def catalog_changed(*, using: str | None = None, people: bool = False) -> None:
    """Invalidate every cached catalog page and result: call after any write that
    changes what the catalog shows and that sends no model signal (queryset
    update(), bulk_create). `people=True` when what changed is about people
    (accounts, groups, employees, units, positions, golongan): that also ends the
    viewers' cached facts. Renews the token(s) now and, inside a transaction, once
    more after it commits (until then other processes may still render and keep
    pages from the rows as they were). One cache write, plus one after commit."""
    if not catalog_cache_enabled():
        return
    keys = (TOKEN_KEY, PEOPLE_TOKEN_KEY) if people else (TOKEN_KEY,)
    _tokens_renew(keys)
    if transaction.get_connection(using).in_atomic_block:
        transaction.on_commit(lambda: _tokens_renew(keys), using=using)


def _request_token(request: HttpRequest, current: str | None, *,
                   key: str = TOKEN_KEY) -> str:
    """The token (of `key`) this request stores entries under: the first one it
    read, so that everything it renders was read after that token was current."""
    attr = f"_bangkom_token_{key}"
    token = getattr(request, attr, None)
    if token is None:
        token = current
        if token is None:  # never set, or evicted
            cache.add(key, secrets.token_hex(8), timeout=None)
            token = cache.get(key)
        setattr(request, attr, token)
    return token


def _valid(entry, current: str | None):
    """The value of an entry (token, valid_until, value) if stored under the
    current token and not expired, else None."""
    if entry is None or current is None:
        return None
    token, until, value = entry
    if token != current or until <= time.time():
        return None
    return value


def cached_get(key: str, *, request: HttpRequest):
    """The value cached under `key` if its token is current and it has not expired,
    else None (always None when the catalog cache is off or for a preview). One
    cache round trip (the entry and the token together)."""
    if not catalog_cache_enabled() or is_preview(request):
        return None
    found = cache.get_many([TOKEN_KEY, key])
    current = found.get(TOKEN_KEY)
    _request_token(request, current)
    return _valid(found.get(key), current)


def cached_set(key: str, value, *, request: HttpRequest,
               until: dt.datetime | None = None, token_key: str = TOKEN_KEY) -> None:
    """Cache `value` under `key` until `until` (at most MAX_AGE seconds), under the
    token the request first read (call cached_get first in the same request).
    Nothing is kept for a preview."""
    if not catalog_cache_enabled() or is_preview(request):
        return
    token = _request_token(request, None, key=token_key)
    now = time.time()
    expires = now + MAX_AGE
    if until is not None:
        expires = min(expires, until.timestamp())
    if expires - now < 1:
        return
    cache.set(key, (token, expires, value), timeout=int(expires - now) + 1)


def request_valid_until(request: HttpRequest, until: dt.datetime | None) -> None:
    """Record that the page being rendered changes by the clock at `until`; its
    shared body is kept no longer."""
    if until is None:
        return
    known = getattr(request, _REQUEST_UNTIL, None)
    if known is None or until < known:
        setattr(request, _REQUEST_UNTIL, until)


# --- shared page bodies with personal slots -----------------------------------------

_SLOT_CONTEXT = "catalog_slot_marker"


@dataclass
class SharedBody:
    """A rendered page body that is the same for everyone of its audience, cut at
    its personal slots: chunks[0] slot[0] chunks[1] ... chunks[-1]. Its forms carry
    `csrf_mark` where the viewer's CSRF token goes (empty when it has no form)."""

    chunks: list[str]
    slots: list[tuple[str, str]] = field(default_factory=list)
    csrf_mark: str = ""

    def assemble(self, parts: dict[tuple[str, str], str], *,
                 csrf_token: str | None = None) -> SafeString:
        """The body with each slot replaced by its personal part (empty if none)
        and the viewer's CSRF token in its forms (required when it has any)."""
        out = [self.chunks[0]]
        for slot, chunk in zip(self.slots, self.chunks[1:], strict=True):
            out += [parts.get(slot, ""), chunk]
        html = "".join(out)
        if self.csrf_mark:
            if csrf_token is None:
                raise ValueError("This body has forms: the viewer's CSRF token is needed")
            html = html.replace(self.csrf_mark, csrf_token)
        return mark_safe(html)  # noqa: S308 - our own rendered templates


def csrf_token_for(request: HttpRequest) -> str:
    """The viewer's CSRF token for the marks of every shared render on this page:
    masked once per request (get_token masks anew on each call)."""
    token = getattr(request, "_catalog_csrf_token", None)
    if token is None:
        token = request._catalog_csrf_token = get_token(request)
    return token


_CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


def slot_marker() -> str:
    """A fresh marker for one shared render (shared_render makes its own)."""
    return "catalog-slot-" + secrets.token_hex(8)


def slot_mark(marker: str, name: str, arg="") -> SafeString:
    """The mark of slot `name` in the render that uses `marker`."""
    return mark_safe(f"<!--{marker}:{name}:{arg}-->")  # noqa: S308 - marker and ints


def shared_render(template_name: str, context: dict, *, marker: str | None = None) -> SharedBody:
    """Render the shared part of a page from `context` alone: no request, so no
    context processor, and the template cannot reach the user, the session, the
    roles or a CSRF token; what differs per audience comes in `context`.
    `{% catalog_personal name arg %}` marks where a personal part goes; the marks
    carry a random value of this render (`marker`, made here unless the caller
    needs it for values it passes), so text in a page (an editor's rich text) can
    never pose as one. `{% csrf_token %}` leaves a random mark that `assemble`
    replaces with the viewer's token; raises if any other token slipped in."""
    marker = marker or slot_marker()
    csrf_mark = "catalogcsrf" + secrets.token_hex(12)
    html = get_template(template_name).render(
        {**context, _SLOT_CONTEXT: marker, "csrf_token": csrf_mark})
    if set(_CSRF_VALUE.findall(html)) - {csrf_mark}:
        raise ValueError(f"{template_name}: a CSRF token in a shared body")
    parts = re.split(rf"<!--{marker}:([a-z_]+):([^>]*)-->", html)
    return SharedBody(chunks=parts[0::3], slots=list(zip(parts[1::3], parts[2::3], strict=True)),
                      csrf_mark=csrf_mark if csrf_mark in html else "")


def personal_slot_mark(context, name: str, arg) -> str:
    """The mark `{% catalog_personal %}` leaves in a shared render."""
    marker = context.get(_SLOT_CONTEXT)
    if marker is None:
        raise ValueError("{% catalog_personal %} outside a shared render (shared_render)")
    return slot_mark(marker, name, arg)


@dataclass
class PageEntry:
    """What a catalog page shows everyone of its audience: the page (as Wagtail
    routed it, for the page template and its title), its shared body and what its
    personal part needs that is the same for everyone: on a workshop page the
    sessions' seats, waitlists and registration times (by session id, in page
    order) and the personal parts most viewers share, rendered once (`common`)."""

    page: object
    body: SharedBody
    sessions: dict[int, dict] = field(default_factory=dict)
    common: dict[str, SharedBody] = field(default_factory=dict)

    @property
    def session_ids(self) -> list[int]:
        return list(self.sessions)


def audience_of(*, user, employee) -> str:
    """Who a shared body is for: what the page shows differs (beyond the slots)
    between anonymous visitors, logins without an employee record and employees."""
    if not user.is_authenticated:
        return "anonymous"
    return "employee" if employee is not None else "user"


AUDIENCES = ("anonymous", "user", "employee")


def _page_key(request: HttpRequest, *, audience: str, user_id: int | None) -> str | None:
    """The shared body's key for this request (language, host, URL, audience; the
    user too when the query asks for "eligible for me"), or None when the
    request may neither use nor fill the cache."""
    if not catalog_cache_enabled() or request.method != "GET" or is_preview(request):
        return None
    personal = user_id if "eligible" in request.GET else None
    parts = (get_language(), request.get_host(), request.is_secure(), request.get_full_path(),
             bool(request.headers.get("HX-Request")), audience, personal)
    return "catalog:page:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _viewer_key(user_id: int) -> str:
    return f"catalog:viewer:{user_id}"


def _enrollments_key(user_id: int) -> str:
    return f"catalog:enrollments:{user_id}"


@dataclass
class Lookup:
    """What page_lookup found: this URL's valid shared bodies by audience, the
    viewer's facts (under the people token) and the viewer's active enrollments
    (under the catalog token: every enrollment renews it), each None when missing."""

    entries: dict
    viewer: object | None = None
    enrollments: dict | None = None


def page_lookup(request: HttpRequest, *, user_id: int | None) -> Lookup:
    """In one cache round trip: this URL's shared bodies for the audiences the user
    may be in, the viewer's cached facts (viewer_store) and their active
    enrollments (viewer_enrollments_store)."""
    audiences = ("anonymous",) if user_id is None else ("user", "employee")
    keys = {a: _page_key(request, audience=a, user_id=user_id) for a in audiences}
    if None in keys.values():
        return Lookup(entries={})
    personal = [_viewer_key(user_id), _enrollments_key(user_id)] if user_id is not None else []
    found = cache.get_many([TOKEN_KEY, PEOPLE_TOKEN_KEY, *keys.values(), *personal])
    current = found.get(TOKEN_KEY)
    _request_token(request, current)
    people = found.get(PEOPLE_TOKEN_KEY)
    _request_token(request, people, key=PEOPLE_TOKEN_KEY)
    entries = {a: _valid(found.get(k), current) for a, k in keys.items()}
    lookup = Lookup(entries={a: e for a, e in entries.items() if e is not None})
    if user_id is not None:
        lookup.viewer = _valid(found.get(_viewer_key(user_id)), people)
        lookup.enrollments = _valid(found.get(_enrollments_key(user_id)), current)
    return lookup


def viewer_store(request: HttpRequest, *, user_id: int, viewer) -> None:
    """Keep a viewer's facts (whatever page_lookup should return for them) under
    the people token this request read in page_lookup."""
    cached_set(_viewer_key(user_id), viewer, request=request, token_key=PEOPLE_TOKEN_KEY)


def viewer_enrollments_store(request: HttpRequest, *, user_id: int, enrollments: dict) -> None:
    """Keep a viewer's active enrollments under the catalog token this request
    read first: any enrollment, anyone's, renews it (waitlist places move)."""
    cached_set(_enrollments_key(user_id), enrollments, request=request)


def page_entry_offer(request: HttpRequest, entry: PageEntry) -> None:
    """Called while a catalog page renders: this entry may be kept once the
    response is known to be fit for it (page_entry_store). Not for a preview."""
    if catalog_cache_enabled() and not is_preview(request):
        setattr(request, _REQUEST_ENTRY, entry)


def page_cache_allow(request: HttpRequest) -> None:
    """Called by a catalog page's serve(): its response may be kept."""
    setattr(request, _REQUEST_CACHEABLE, True)


def page_entry_store(request: HttpRequest, response: HttpResponse, *, audience: str,
                     user_id: int | None) -> None:
    """Keep the entry the page offered if a catalog page's serve() produced this
    response, it succeeded and nothing marked it uncacheable: Wagtail marks pages it
    served behind a view restriction (password, login, groups) never-cache."""
    entry = getattr(request, _REQUEST_ENTRY, None)
    if (entry is None or not getattr(request, _REQUEST_CACHEABLE, False)
            or response.status_code != 200 or getattr(response, "streaming", False)
            or any(v in response.get("Cache-Control", "") for v in ("no-cache", "no-store"))):
        return
    key = _page_key(request, audience=audience, user_id=user_id)
    if key is not None:
        cached_set(key, entry, request=request, until=getattr(request, _REQUEST_UNTIL, None))
