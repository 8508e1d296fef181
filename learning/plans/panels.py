"""The development plan panel on the home page (order 27, after JP's 25), HR's report
link and the plan's JP on the JP history pages. Imported from PlansConfig.ready()."""
from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from home.panels import register_home_panel, register_hr_link
from learning.completion.history_extras import register_jp_history_extra
from learning.plans.models import PlanAction, PlanStatus
from learning.plans.notifications import plan_deadline
from learning.plans.selectors import (
    plan_can_view,
    plan_needing_attention,
    plan_progress_for,
    plan_progress_for_employee,
    plans_awaiting_for,
)
from people.roles import employee_for


@register_home_panel(template="learning/plans/panel.html", order=27)
def plan_panel(request: HttpRequest) -> dict | None:
    """The plan that needs the employee's attention (a returned plan, then a draft,
    else this year's), its planned vs achieved JP, and plans waiting for the user's
    decision. Four queries at most."""
    employee = employee_for(request.user)
    if employee is None:
        return None
    year, plan = plan_needing_attention(employee=employee)
    waiting = plans_awaiting_for(user=request.user).count()
    return {
        "year": year, "deadline": plan_deadline(year=year),
        "progress": plan_progress_for(plan=plan),
        "returned_comment": _returned_comment(plan),
        "waiting": waiting,
        # A returned plan or a draft waits for her; plans to decide wait for him.
        "needs_action": waiting > 0 or (
            plan is not None and plan.status in (PlanStatus.RETURNED, PlanStatus.DRAFT)),
    }


def _returned_comment(plan) -> str:
    # Only a returned plan shows why (one query, only then).
    if plan is None or plan.status != PlanStatus.RETURNED:
        return ""
    return plan.events.filter(action=PlanAction.RETURNED).order_by("-at", "-pk").values_list(
        "comment", flat=True).first() or ""


register_hr_link(
    label=_("Development plans per unit"), url_name="learning:plan_report", order=45,
    description=_("Approved plans, planned and achieved JP, and gap coverage per unit."),
)


@register_jp_history_extra(name="plan")
def plan_progress_on_jp_history(*, employee, year: int, viewer, own: bool) -> dict:
    """The year's planned vs achieved JP on a JP history page (the same ledger). On a
    team member's page, also whether the viewer may open that plan (the link goes to
    the plan as its supervisor or HR sees it)."""
    progress = plan_progress_for_employee(employee=employee, year=year)
    if own:
        return {"plan_progress": progress}
    return {"plan_progress": progress,
            "plan_can_view": progress.plan is not None
            and plan_can_view(plan=progress.plan, user=viewer)}
