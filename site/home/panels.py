"""Panels on the employee's home page, contributed by the domain apps.

The home page must not import every domain app (and they must not import it), so each
app registers its panels here from its AppConfig.ready():

    from home.panels import register_home_panel

    @register_home_panel(template="learning/panels/upcoming.html", order=20)
    def upcoming_sessions(request):
        ...
        return {"sessions": ...}   # or None to hide the panel

A panel's function must run a constant number of queries (the home page's query
count is asserted in tests).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

PanelContext = Callable[[HttpRequest], dict | None]


@dataclass(frozen=True)
class HomePanel:
    template: str
    order: int
    get_context: PanelContext


_panels: dict[str, HomePanel] = {}


def register_home_panel(
    *, template: str, order: int = 100
) -> Callable[[PanelContext], PanelContext]:
    def decorator(func: PanelContext) -> PanelContext:
        # Keyed by template so a re-imported module does not register twice.
        _panels[template] = HomePanel(template=template, order=order, get_context=func)
        return func

    return decorator


def home_panels_for(request: HttpRequest) -> list[tuple[str, dict]]:
    """(template, context) for each panel that has something to show to this user."""
    shown = []
    for panel in sorted(_panels.values(), key=lambda p: p.order):
        context = panel.get_context(request)
        if context is not None:
            shown.append((panel.template, context))
    # What waits for this person's action comes first (a panel says so with
    # "needs_action" in its context); the registered order holds among equals.
    shown.sort(key=lambda entry: not entry[1].get("needs_action"))
    return shown


@dataclass(frozen=True)
class HrLink:
    label: str
    url_name: str
    order: int
    description: str = ""


_hr_links: dict[str, HrLink] = {}


def register_hr_link(*, label: str, url_name: str, order: int = 100, description: str = "") -> None:
    """Add a tool to HR's dashboard (label and description should be lazy translations)."""
    _hr_links[url_name] = HrLink(
        label=label, url_name=url_name, order=order, description=description
    )


def hr_links() -> list[HrLink]:
    return sorted(_hr_links.values(), key=lambda link: link.order)
