"""The catalog's panel on the employee's home page: the next sessions open for
registration."""
from __future__ import annotations

from django.http import HttpRequest

from home.panels import register_home_panel
from people.roles import employee_for


@register_home_panel(template="learning/catalog/panel_upcoming.html", order=30)
def upcoming_sessions_panel(request: HttpRequest) -> dict | None:
    """One query, whatever the size of the catalog."""
    from learning.catalog.selectors import upcoming_sessions_for_home

    employee = employee_for(request.user)
    if employee is None:
        return None
    return {"sessions": upcoming_sessions_for_home(limit=5, employee=employee)}
