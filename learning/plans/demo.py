"""Demo development plans.

- The demo employee's plan for this year, submitted and waiting for the demo
  supervisor (her direct supervisor). It plans the workshop she has completed (so
  its JP shows as achieved), an upcoming workshop and e-learning for her two gaps
  (Komunikasi, Literasi Digital), and self-study.
- Approved plans for a slice of the regency (every OTHER_EVERY-th employee with a
  gap), each planning a catalog workshop (or self-study) for their largest gaps, so
  HR's report per unit has something to show.

Runs after learning.demo_completion, through the plan services. Idempotent: once
the demo employee has a plan for this year, nothing changes. Emails are not sent
for demo data (their notices are recorded as sent)."""
from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from competencies.models import Competency
from learning.models import WorkshopCompetency, WorkshopPage
from learning.plans.models import Plan, PlanItemKind, PlanNotice
from learning.plans.services import (
    plan_decide,
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
            # A workshop is planned only for a competency it develops; the past demo
            # workshop on official writing is made without its competencies, so say
            # here that it develops communication (M.03).
            WorkshopCompetency.objects.get_or_create(
                page=workshop, competency=competency, defaults={"target_level": 2})
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
    approved = _approved_plans(year=year, exclude=set(DEMO_NIPS.values()))
    stdout.write(f"learning.plans.demo: a plan with {added} items, submitted; "
                 f"{approved} other plans approved")


OTHER_EVERY = 4


def _approved_plans(*, year: int, exclude: set[str]) -> int:
    """Approved plans for every OTHER_EVERY-th employee with a gap: a catalog workshop
    for each of their two largest gaps (self-study when the catalog has none)."""
    from competencies.models import CompetencyGap
    from learning.models import WorkshopCompetency
    from people.models import User
    from people.roles import HR_GROUP

    hr_user = User.objects.filter(groups__name=HR_GROUP, is_active=True).order_by("pk").first()
    gaps: dict[int, list] = {}
    for gap in (CompetencyGap.objects.filter(gap__gt=0, employee__is_active=True,
                                             employee__user__isnull=False)
                .exclude(employee__nip__in=exclude).select_related("competency")
                .order_by("employee_id", "-priority", "-gap", "competency__code")):
        gaps.setdefault(gap.employee_id, []).append(gap.competency)
    chosen = sorted(gaps)[::OTHER_EVERY]
    workshop_for = {}
    for link in (WorkshopCompetency.objects.filter(page__live=True)
                 .select_related("page").order_by("competency_id", "page__code")):
        workshop_for.setdefault(link.competency_id, link.page)
    employees = Employee.objects.filter(pk__in=chosen).select_related(
        "user", "supervisor", "supervisor__user")
    done = 0
    for employee in employees:
        if Plan.objects.filter(employee=employee, year=year).exists():
            continue
        plan = plan_get_or_create(employee=employee, year=year)
        for competency in gaps[employee.pk][:2]:
            workshop = workshop_for.get(competency.pk)
            if workshop is not None:
                plan_item_add_workshop(employee=employee, by=employee.user, workshop=workshop,
                                       competency=competency, year=year)
            else:
                plan_item_add(plan=plan, by=employee.user, kind=PlanItemKind.SELF_STUDY,
                              competency=competency, quarter=4, planned_jp=Decimal(4),
                              title=f"Belajar mandiri: {competency.name}")
        plan = plan_submit(plan=plan, by=employee.user)
        supervisor = employee.supervisor
        approver = (supervisor.user if supervisor and supervisor.is_active
                    and supervisor.user_id else hr_user)
        if approver is None:
            continue
        plan = plan_decide(plan=plan, by=approver, approve=True)
        for kind in ("SUBMITTED", "APPROVED"):
            PlanNotice.objects.get_or_create(key=f"plan:{plan.pk}:{plan.revision}:{kind}")
        done += 1
    return done
