"""The enrollment panel on the employee's home page (registered at order 20)."""
from __future__ import annotations

from django.http import HttpRequest

from home.panels import register_home_panel
from learning.enrollment.selectors import (
    approval_pending_count_for,
    upcoming_enrollments_for,
)
from learning.models import EnrollmentStatus
from people.roles import employee_for, user_is_hr


@register_home_panel(template="learning/enrollment/panel.html", order=20)
def enrollment_panel(request: HttpRequest) -> dict | None:
    """Upcoming sessions, waitlist places, requests awaiting approval, and for
    approvers the number of requests awaiting their decision. Two queries."""
    user = request.user
    me = employee_for(user)
    if me is None and not user_is_hr(user):
        return None
    upcoming = upcoming_enrollments_for(employee=me) if me else []
    to_decide = approval_pending_count_for(user=user)
    if not upcoming and not to_decide and me is None:
        return None
    return {
        "enrolled": [e for e in upcoming if e.status == EnrollmentStatus.ENROLLED],
        "waitlisted": [e for e in upcoming if e.status == EnrollmentStatus.WAITLISTED],
        "pending": [e for e in upcoming if e.status == EnrollmentStatus.PENDING_APPROVAL],
        "to_decide": to_decide,
    }
