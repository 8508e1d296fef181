"""Find every URL whose view accepts a password, from the URL resolver.

Used by tests/people/test_login_throttle.py: each route found must be covered there
by a probe that shows the 6th wrong password in 5 minutes is refused (or why the
route checks no password), so a new login path fails the suite until it is covered.

A view "accepts a password" when it is, or wraps, a class-based view whose form has a
password input or that derives from one of Django's or allauth's password views, or a
function (or admin method) that names such a form or view.
"""
from __future__ import annotations

import inspect
import re
from dataclasses import dataclass

from allauth.account import views as allauth_views
from django import forms
from django.contrib.admin import AdminSite
from django.contrib.auth import views as auth_views
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from wagtail.admin.views import account as wagtail_account

PASSWORD_VIEW_BASES: tuple[type, ...] = (
    auth_views.LoginView,
    auth_views.PasswordChangeView,
    auth_views.PasswordResetConfirmView,
    allauth_views.LoginView,
    allauth_views.ReauthenticateView,
    allauth_views.PasswordChangeView,
    allauth_views.PasswordSetView,
    allauth_views.PasswordResetFromKeyView,
    allauth_views.SignupView,  # its password fields are added in the form's __init__
)


@dataclass(frozen=True)
class PasswordRoute:
    route: str  # the pattern as the resolver holds it, prefixes joined
    sample: str  # a concrete path the pattern matches
    view: str  # dotted name of the password view the pattern names
    answered_by: str  # dotted name of the view that really answers `sample`
    throttle: str  # the rate-limit action a wrapper applies ("" for none)


def _dotted(obj) -> str:
    obj = getattr(obj, "view_class", None) or obj
    return f"{getattr(obj, '__module__', '?')}.{getattr(obj, '__qualname__', repr(obj))}"


def _form_has_password(candidate) -> bool:
    return (inspect.isclass(candidate) and issubclass(candidate, forms.BaseForm)
            and any(isinstance(field.widget, forms.PasswordInput)
                    for field in candidate.base_fields.values()))


def _class_accepts_password(view_class: type) -> bool:
    if issubclass(view_class, wagtail_account.AccountView):
        # Its password panel exists only with WAGTAIL_PASSWORD_MANAGEMENT_ENABLED.
        return wagtail_account.password_management_enabled()
    return (issubclass(view_class, PASSWORD_VIEW_BASES)
            or _form_has_password(getattr(view_class, "form_class", None)))


def _unwrapped(callback) -> list:
    """The callback and every function it wraps (decorators with functools.wraps)."""
    chain = [callback]
    while hasattr(chain[-1], "__wrapped__"):
        chain.append(chain[-1].__wrapped__)
    return chain


def accepts_password(callback) -> bool:
    owner = None  # the admin object whose method this is, found along the chain
    for func in _unwrapped(callback):
        view_class = getattr(func, "view_class", None)
        if view_class is not None:
            # Viewsets pass the form to as_view() (Wagtail's users views).
            given = getattr(func, "view_initkwargs", {}).get("form_class")
            return _class_accepts_password(view_class) or _form_has_password(given)
        owner = getattr(func, "__self__", owner)
        if isinstance(owner, AdminSite) and func.__name__ in {"login", "password_change"}:
            return True  # they import LoginView/PasswordChangeView inside the method
        code = getattr(func, "__code__", None)
        if code is None:
            continue
        namespace = dict(getattr(func, "__globals__", {}))
        for name in code.co_names:
            named = namespace.get(name, getattr(owner, name, None) if owner else None)
            if _form_has_password(named) or (
                    inspect.isclass(named) and _class_accepts_password_safe(named)):
                return True
    return False


def _class_accepts_password_safe(candidate: type) -> bool:
    from django.views import View

    return issubclass(candidate, View) and _class_accepts_password(candidate)


def _walk(patterns, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


_ROUTE_PARAM = re.compile(r"<(?:\w+:)?\w+>")


def _sample(route: str) -> str:
    """A concrete path for a route: path converters and regex groups become "1"."""
    path, out, i = route, [], 0
    while i < len(path):
        if path.startswith("(?P<", i):
            depth, j = 0, i
            while j < len(path):
                depth += {"(": 1, ")": -1}.get(path[j], 0)
                if depth == 0:
                    break
                j += 1
            out.append("1")
            i = j + 1
            continue
        if path[i] not in "^$":
            out.append(path[i].replace("\\", ""))
        i += 1
    return "/" + _ROUTE_PARAM.sub("1", "".join(out))


def password_routes() -> dict[str, PasswordRoute]:
    """Every route with a password view, shadowed or not, by route."""
    found = {}
    for route, callback in _walk(get_resolver().url_patterns):
        if route in found or not accepts_password(callback):
            continue
        sample = _sample(route)
        try:
            answering = resolve(sample).func
        except Resolver404:
            answered_by, throttle = "unresolvable sample", ""
        else:
            answered_by = _dotted(answering)
            throttle = getattr(answering, "rate_limit_action", "")
        found[route] = PasswordRoute(route=route, sample=sample, view=_dotted(callback),
                                     answered_by=answered_by, throttle=throttle)
    return found
