"""View decorators shared by every app's "my …" pages."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from people.roles import employee_for, user_may_access_admin


def employee_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page about the signed-in employee's own records (my competencies, my JP, my
    mentoring…). An account without an employee record (the superuser, an admin-only
    account) gets a page saying so in Indonesian, with a link on (the admin for those who
    may use it, else home) instead of Django's bare 404. Put it under @login_required."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if employee_for(request.user) is None:
            return no_employee_response(request)
        return view(request, *args, **kwargs)

    return wrapper


def no_employee_response(request: HttpRequest) -> HttpResponse:
    return render(request, "people/no_employee.html",
                  {"to_admin": user_may_access_admin(request.user)}, status=403)
