"""The site layout (header, navigation, footer) around a catalog page answered
from its shared body, rendered once per process for each kind of viewer and
filled for each request.

The layout (`base.html`) is a function of the template, the language, whether the
viewer is logged in, which menus their roles open and the section of the site the
page is in (the navigation marks the current one). What else it shows is personal
and becomes a slot: the viewer's name, the page's title, the address the language
form returns to, the messages, the body, and (as in every shared render) the CSRF
token. So a layout holds nothing from the database or about a person and never
goes stale while the process runs: it is kept in memory, not in the shared cache.

Viewers who may open Wagtail's admin get the editor's bar, which depends on the
page and their permissions: their pages are rendered by the template as usual.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages as django_messages
from django.http import HttpRequest
from django.template.loader import get_template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from learning.catalog.cache import (
    SharedBody,
    csrf_token_for,
    shared_render,
    slot_mark,
    slot_marker,
)

LAYOUT_TEMPLATE = "learning/catalog/_layout.html"
_LAYOUTS: dict[tuple, SharedBody] = {}
# The keys are few (languages x page templates x sections x audiences x role sets);
# the bound only guards against a key that grows by mistake.
_MAX_LAYOUTS = 512


@dataclass(frozen=True)
class _LayoutUser:
    """What base.html reads of `user`, with the name as a slot."""

    is_authenticated: bool
    display_name: SafeString


@dataclass(frozen=True)
class _LayoutRequest:
    """What base.html reads of `request`: the section's path (the navigation marks
    the current section) and, as a slot, the full path the language form returns to."""

    path: str
    get_full_path: SafeString


def section_of(path: str) -> str:
    """The section a path is in, as the navigation sees it: its first segment."""
    first = path.strip("/").split("/", 1)[0]
    return f"/{first}/" if first else "/"


def role_flags(roles: dict | None) -> tuple[bool, bool, bool, bool]:
    """What the navigation reads of `bangkom_roles`: whether each menu shows."""
    roles = roles or {}
    return (bool(roles.get("employee")), bool(roles.get("is_hr")),
            bool(roles.get("is_supervisor")), bool(roles.get("is_mentor")))


def layout_for(*, page_template: str, path: str, authenticated: bool,
               flags: tuple[bool, bool, bool, bool]) -> SharedBody:
    """The layout of `page_template` for a viewer with these menus, in the active
    language, for a page in the section of `path`: from memory, or rendered once."""
    section = section_of(path)
    key = (get_language(), page_template, section, authenticated, flags)
    layout = _LAYOUTS.get(key)
    if layout is None:
        marker = slot_marker()
        employee, is_hr, is_supervisor, is_mentor = flags
        layout = shared_render(LAYOUT_TEMPLATE, {
            "page_template": page_template,
            "user": _LayoutUser(is_authenticated=authenticated,
                                display_name=slot_mark(marker, "user_name")),
            "request": _LayoutRequest(path=section,
                                      get_full_path=slot_mark(marker, "full_path")),
            "bangkom_roles": {"employee": employee, "is_hr": is_hr,
                              "is_supervisor": is_supervisor, "is_mentor": is_mentor},
            "catalog_body": slot_mark(marker, "body"),
        }, marker=marker)
        if len(_LAYOUTS) >= _MAX_LAYOUTS:
            _LAYOUTS.clear()
        _LAYOUTS[key] = layout
    return layout


def layout_fill(layout: SharedBody, *, request: HttpRequest, page, body: str) -> SafeString:
    """The whole page for this request: the layout with the viewer's name, the
    page's title (as base.html writes it), the messages, the body and the CSRF token."""
    user = request.user
    stored = django_messages.get_messages(request)
    messages_html = (get_template("includes/messages.html").render({"messages": stored})
                     if stored else "")
    return layout.assemble({
        ("title", ""): mark_safe(f"{escape(page.seo_title or page.title)} · Bangkom"),  # noqa: S308
        ("user_name", ""): escape(user.display_name) if user.is_authenticated else "",
        ("full_path", ""): escape(request.get_full_path()),
        ("messages", ""): messages_html,
        ("body", ""): body,
    }, csrf_token=csrf_token_for(request) if layout.csrf_mark else None)
