"""Mentoring on the home page: the mentor's panel (mentees, sessions waiting, next
steps) and the mentee's (mentor, goals, sessions, hours and JP); and HR's link to the
programs. Imported from MentoringConfig.ready()."""
from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from home.panels import register_home_panel, register_hr_link
from mentoring.selectors import mentoring_home_for
from people.roles import employee_for


def _home(request: HttpRequest):  # type: ignore[no-untyped-def]
    # Both panels share one load per request (four queries).
    cached = getattr(request, "_mentoring_home", None)
    if cached is None:
        employee = employee_for(request.user)
        cached = mentoring_home_for(employee=employee) if employee else False
        request._mentoring_home = cached  # type: ignore[attr-defined]
    return cached or None


@register_home_panel(template="mentoring/panels/mentor.html", order=30)
def mentor_panel(request: HttpRequest) -> dict | None:
    home = _home(request)
    if not home or not home.as_mentor:
        return None
    return {"home": home}


@register_home_panel(template="mentoring/panels/mentee.html", order=31)
def mentee_panel(request: HttpRequest) -> dict | None:
    home = _home(request)
    if not home or not home.as_mentee:
        return None
    return {"home": home}


register_hr_link(
    label=_("Mentoring programs"), url_name="mentoring:hr_programs", order=50,
    description=_("Match mentors with mentees, approve pairs, follow sessions and reports."),
)
