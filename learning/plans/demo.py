"""Demo development plan: the demo employee's plan for this year, submitted and
waiting for the demo supervisor (her direct supervisor). It plans the workshop she
has completed (so its JP shows as achieved), an upcoming workshop and e-learning for
her two gaps (Komunikasi, Literasi Digital), and self-study.

Runs after learning.demo_completion, through the plan services. Idempotent: once
she has a plan for this year, nothing changes. Emails are not sent for demo data."""
from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from competencies.models import Competency
from learning.models import WorkshopPage
from learning.plans.models import Plan, PlanItemKind, PlanNotice
from learning.plans.services import (
    plan_get_or_create,
    plan_item_add,
    plan_item_add_workshop,
    plan_submit,
)
from people.models import Employee

# (workshop code or None, competency code, quarter, kind, title, JP); a workshop's
# quarter and JP come from the workshop.
ITEMS = [
    ("DEMO-WS-901", "M.03", None, PlanItemKind.WORKSHOP, "", None),
    ("WS-012", "M.03", None, PlanItemKind.WORKSHOP, "", None),
    ("EL-008", "T.TIK.01", None, PlanItemKind.WORKSHOP, "", None),
    (None, "T.TIK.01", 4, PlanItemKind.SELF_STUDY,
     "Belajar mandiri visualisasi data dengan spreadsheet", Decimal(4)),
]


def seed_demo(*, stdout) -> None:
    from people.demo import DEMO_NIPS

    employee = Employee.objects.select_related("user").filter(
        nip=DEMO_NIPS["employee"]).first()
    if employee is None or employee.user is None:
        stdout.write("learning.plans.demo: demo employee missing; skipped")
        return
    year = timezone.localdate().year
    if Plan.objects.filter(employee=employee, year=year).exists():
        stdout.write("learning.plans.demo: already there")
        return
    competencies = {c.code: c for c in Competency.objects.filter(
        code__in={row[1] for row in ITEMS})}
    workshops = {w.code: w for w in WorkshopPage.objects.filter(
        code__in={row[0] for row in ITEMS if row[0]})}
    plan = plan_get_or_create(employee=employee, year=year)
    added = 0
    for code, competency_code, quarter, kind, title, jp in ITEMS:
        competency = competencies.get(competency_code)
        workshop = workshops.get(code) if code else None
        if competency is None or (code and workshop is None):
            continue
        if workshop is not None:
            # The quarter of its next session (this quarter for the completed one).
            plan_item_add_workshop(employee=employee, by=employee.user, workshop=workshop,
                                   competency=competency, year=year)
        else:
            plan_item_add(plan=plan, by=employee.user, kind=kind, competency=competency,
                          quarter=quarter, planned_jp=jp, title=title)
        added += 1
    if added:
        plan = plan_submit(plan=plan, by=employee.user)
        # Made-up people get no email: the submission notice counts as sent.
        PlanNotice.objects.get_or_create(key=f"plan:{plan.pk}:{plan.revision}:SUBMITTED")
    stdout.write(f"learning.plans.demo: a plan with {added} items, submitted")
