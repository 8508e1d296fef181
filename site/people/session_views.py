"""Logins and sessions: a person's own login history, and HR's view of a person's
live sessions with "end all sessions" (people.services.logins)."""
from __future__ import annotations

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from people.models import Employee
from people.selectors import login_records_recent, sessions_active
from people.services.logins import sessions_end_all
from people.views import hr_required


@login_required
def my_logins(request: HttpRequest) -> HttpResponse:
    """The signed-in person's account security: whether two-factor is on, their
    latest logins (time, address, browser) and links to manage both."""
    user = request.user
    return render(request, "people/my_logins.html", {
        "logins": login_records_recent(user=user),
        "mfa_enabled": is_mfa_enabled(user),
    })


@hr_required
@require_http_methods(["GET", "POST"])
def employee_sessions(request: HttpRequest, employee_id: int) -> HttpResponse:
    """HR: a person's live sessions and latest logins; POST ends every session (a
    lost phone, a shared computer, someone who left)."""
    employee = get_object_or_404(Employee.objects.select_related("user"), pk=employee_id)
    user = employee.user
    if request.method == "POST":
        ended = sessions_end_all(user) if user else 0
        messages.success(request, ngettext(
            "%(count)d session of %(name)s ended: they must log in again.",
            "%(count)d sessions of %(name)s ended: they must log in again.",
            ended) % {"count": ended, "name": employee.name})
        return HttpResponseRedirect(reverse("people:employee_sessions", args=[employee.pk]))
    return render(request, "people/employee_sessions.html", {
        "employee": employee,
        "sessions": sessions_active(user=user) if user else [],
        "logins": login_records_recent(user=user) if user else [],
        "mfa_enabled": bool(user) and is_mfa_enabled(user),
        "no_login": user is None,
        "title": _("Logins of %(name)s") % {"name": employee.name},
    })
