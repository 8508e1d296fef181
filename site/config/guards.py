"""Request guards: what every request must pass before a view sees it, and what every
personal answer carries (docs/foundation.md "Request guards").

- **Bounded bodies.** A view decorated with `request_body_limit(n)` refuses a body
  whose Content-Length is over `n` with 413, from the header alone: the check runs
  in `RequestGuardMiddleware.process_view`, before CsrfViewMiddleware reads (and
  spools) the body to find its token. nginx's `client_max_body_size` is the outer
  limit; this one holds without it.
- **No NUL bytes.** A NUL byte in a query or form value is nothing a person typed,
  and PostgreSQL refuses it in text (DataError, a 500): the request is answered 400
  with a message, before the view runs.
- **Parameters with a clear message.** `year_param` and `BadParameter`: a view that
  finds a parameter it cannot use raises `BadParameter("…")` and the visitor gets a
  400 page saying what was wrong, in their language, never a 500.
- **Personal pages are not stored.** Every answer to a logged-in user gets
  `Cache-Control: private, no-store` (plans, certificate PDFs, exports, JP pages…)
  unless the view said otherwise (`public`, or its own `no-store`): browsers and
  proxies keep no copy. The catalog's own server-side cache decides before this runs
  (learning/catalog/cache.py) and is not affected.
"""
from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import empty
from django.utils.translation import gettext as _

YEAR_MIN, YEAR_MAX = 2000, 2100
_BODY_LIMIT_ATTRIBUTE = "bangkom_body_limit"


class BadParameter(BadRequest):
    """A request parameter the view cannot use; str() is the message for the user,
    in the active language."""


def year_param(request: HttpRequest, *, name: str = "tahun", default: int | None = None,
               post: bool = False) -> int | None:
    """The year in ?tahun= (or the POST field when `post`), checked: `default` when it
    is absent or empty, BadParameter when it is not a year between YEAR_MIN and
    YEAR_MAX."""
    raw = request.GET.get(name) or (request.POST.get(name) if post else None)
    if raw is None or not raw.strip():
        return default
    raw = raw.strip()
    if not (raw.isascii() and raw.isdigit() and len(raw) == 4
            and YEAR_MIN <= int(raw) <= YEAR_MAX):
        raise BadParameter(
            _("The year “%(value)s” is not valid: give a year between %(min)d and %(max)d.")
            % {"value": raw[:20], "min": YEAR_MIN, "max": YEAR_MAX})
    return int(raw)


def request_body_limit(max_bytes: int) -> Callable:
    """Decorate a view: refuse a request body over `max_bytes` (413) before it is read."""

    def decorate(view):
        setattr(view, _BODY_LIMIT_ATTRIBUTE, max_bytes)
        return view

    return decorate


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _refusal(request: HttpRequest, *, status: int, message: str) -> HttpResponse:
    return render(request, "400.html", {"message": message}, status=status)


def _has_nul(query) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values)
               for key, values in query.lists())


class RequestGuardMiddleware:
    """Body limits, NUL bytes and BadParameter (above). Sits just before
    CsrfViewMiddleware: its process_view runs before CSRF reads the body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        return private_cache_control(request, response)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        limit = getattr(view_func, _BODY_LIMIT_ATTRIBUTE, None)
        if limit is not None and _content_length(request) > limit:
            return _refusal(request, status=413, message=_(
                "The upload is larger than %(max)s and was not read. Choose a smaller "
                "file.") % {"max": _megabytes(limit)})
        nul = _has_nul(request.GET)
        if (not nul and request.method == "POST"
                and not getattr(view_func, "csrf_exempt", False)):
            # CSRF reads the form next anyway; a view exempt from it may want the
            # raw body, so its form is left unread.
            nul = _has_nul(request.POST)
        if nul:
            return _refusal(request, status=400, message=_(
                "The request holds a character that is not allowed (a NUL byte). "
                "Check what was typed or pasted and try again."))
        return None

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, BadParameter):
            return _refusal(request, status=400, message=str(exception))
        return None


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _personal(request: HttpRequest) -> bool:
    """Whether the answer may be personal: the request carries a session (a login,
    or an anonymous session with its own state), or the user it was answered for
    is logged in. Decided without loading a user or a session the view did not."""
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", empty)
    return wrapped is not empty and bool(getattr(wrapped, "is_authenticated", False))


def private_cache_control(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """`private, no-store` on every answer to a logged-in user, unless the view set
    `public` or `no-store` itself."""
    if not _personal(request):
        return response
    current = response.get("Cache-Control", "")
    if "public" in current or "no-store" in current:
        return response
    response["Cache-Control"] = "private, no-store"
    return response
