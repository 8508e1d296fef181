"""The "policies to read" panel on the employee's home page."""
from __future__ import annotations

from django.http import HttpRequest

from home.panels import register_home_panel
from people.roles import employee_for
from socialization.selectors import policy_todo_for_employee


@register_home_panel(template="socialization/panels/todo.html", order=10)
def policies_to_read(request: HttpRequest) -> dict | None:
    """Mandatory, unacknowledged policies for the logged-in employee (3 queries)."""
    employee = employee_for(request.user)
    if employee is None:
        return None
    todo = policy_todo_for_employee(employee=employee)
    if not todo:
        return None
    return {"policies": todo}
