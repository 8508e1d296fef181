"""The development plan panel on the home page (order 27, after JP's 25) and HR's
report link. Imported from PlansConfig.ready()."""
from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.panels import register_home_panel, register_hr_link
from learning.plans.models import Plan
from learning.plans.notifications import plan_deadline
from learning.plans.selectors import plan_progress_for, plans_awaiting_for
from people.roles import employee_for


@register_home_panel(template="learning/plans/panel.html", order=27)
def plan_panel(request: HttpRequest) -> dict | None:
    """Planned vs achieved JP of this year's plan (next year's once this year's
    deadline has passed without a plan), and plans waiting for the user's decision.
    Four queries at most."""
    employee = employee_for(request.user)
    if employee is None:
        return None
    today = timezone.localdate()
    plans = {p.year: p for p in Plan.objects.filter(employee=employee,
                                                    year__in=[today.year, today.year + 1])}
    year = today.year
    if year not in plans and today > plan_deadline(year=year):
        year += 1
    return {
        "year": year, "deadline": plan_deadline(year=year),
        "progress": plan_progress_for(plan=plans.get(year)),
        "waiting": plans_awaiting_for(user=request.user).count(),
    }


register_hr_link(
    label=_("Development plans per unit"), url_name="learning:plan_report", order=45,
    description=_("Approved plans, planned and achieved JP, and gap coverage per unit."),
)
