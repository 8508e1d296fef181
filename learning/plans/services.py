"""Writes on development plans: items, submit, approve, return, revisions.

The state machine (docs/development-plans.md):

    DRAFT ──submit──▶ SUBMITTED ──approve──▶ APPROVED
      ▲                   │                     │
      └──── (edit) ◀── RETURNED ◀──return───────┘ (edit after approval opens revision n+1)

Items can be changed in DRAFT and RETURNED; a change to an APPROVED plan opens a
new revision in DRAFT, which needs approval again (the approved revision's items
stay in its APPROVED event); a SUBMITTED plan is frozen until it is decided."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.audit import audit_record
from learning.plans.models import (
    Plan,
    PlanAction,
    PlanEvent,
    PlanItem,
    PlanItemKind,
    PlanStatus,
)
from people.models import Employee, User

if TYPE_CHECKING:
    from competencies.models import Competency
    from learning.models import LearningForm, WorkshopPage


class PlanError(ValidationError):
    """A plan action refused, with a message for the user."""


def _notify(plan: Plan, kind: str) -> None:
    from learning.plans.tasks import plan_notify_task

    plan_notify_task.delay_on_commit(plan.pk, kind, plan.revision)


def plan_years_open(*, today: dt.date | None = None) -> list[int]:
    """The years an employee may plan for: this year and the next."""
    today = today or timezone.localdate()
    return [today.year, today.year + 1]


def plan_get_or_create(*, employee: Employee, year: int) -> Plan:
    """The employee's plan for `year`, created as an empty draft. Safe under a double
    click (the unique (employee, year) row decides)."""
    plan = Plan.objects.filter(employee=employee, year=year).first()
    if plan is not None:
        return plan
    if year not in plan_years_open():
        raise PlanError(_("Plans can be made for this year and the next only."),
                        code="year")
    try:
        with transaction.atomic():
            return Plan.objects.create(employee=employee, year=year)
    except IntegrityError:
        return Plan.objects.get(employee=employee, year=year)


def _items_snapshot(plan: Plan) -> list[dict]:
    return [
        {"kind": i.kind, "title": i.display_title, "competency": i.competency.code,
         "competency_name": i.competency.name, "workshop_id": i.workshop_id,
         "learning_form_id": i.learning_form_id, "quarter": i.quarter,
         "planned_jp": str(i.planned_jp)}
        for i in plan.items.select_related("competency", "workshop", "learning_form")
    ]


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().select_related("employee").get(pk=plan.pk)


def _open_for_change(plan: Plan, *, by: User) -> Plan:
    """Lock the plan for an item change; an approved plan opens a new revision."""
    plan = _locked(plan)
    if plan.status == PlanStatus.SUBMITTED:
        raise PlanError(_("Your plan for %(year)s is waiting for your supervisor's "
                          "decision and cannot be changed now.") % {"year": plan.year},
                        code="submitted")
    if plan.status == PlanStatus.APPROVED:
        plan.revision += 1
        plan.status = PlanStatus.DRAFT
        plan.save(update_fields=["revision", "status", "updated_at"])
        PlanEvent.objects.create(plan=plan, revision=plan.revision, action=PlanAction.REVISED,
                                 actor=by)
    return plan


def _check_item(*, plan: Plan, kind: str, competency: Competency | None, quarter: int | None,
                planned_jp: Decimal | None, workshop: WorkshopPage | None,
                learning_form: LearningForm | None, title: str,
                item: PlanItem | None = None) -> Decimal:
    """The rules every item obeys, added or edited; returns the planned JP (a
    workshop's JP always come from the catalog). Raises PlanError in Indonesian."""
    if kind == PlanItemKind.WORKSHOP and workshop is None:
        raise PlanError(_("Choose a workshop."), code="workshop")
    if kind == PlanItemKind.LEARNING_FORM and learning_form is None:
        raise PlanError(_("Choose a form of learning."), code="learning_form")
    if kind == PlanItemKind.SELF_STUDY and not title.strip():
        raise PlanError(_("Describe what you will study."), code="title")
    if competency is None:
        raise PlanError(_("Choose a competency."), code="competency")
    if quarter is None or not 1 <= int(quarter) <= 4:
        raise PlanError(_("Choose a quarter."), code="quarter")
    if kind == PlanItemKind.WORKSHOP:
        assert workshop is not None  # the first check
        developed = list(workshop.competencies.select_related("competency")
                         .order_by("competency__code"))
        if competency.pk not in {link.competency_id for link in developed}:
            names = ", ".join(f"{link.competency.code} {link.competency.name}"
                              for link in developed) or _("none")
            raise PlanError(
                _("%(workshop)s does not develop %(competency)s. The competencies it "
                  "develops: %(names)s.")
                % {"workshop": workshop.title,
                   "competency": f"{competency.code} {competency.name}", "names": names},
                code="competency")
        duplicate = PlanItem.objects.filter(plan=plan, workshop=workshop)
        if item is not None:
            duplicate = duplicate.exclude(pk=item.pk)
        if duplicate.exists():
            raise PlanError(_("%(workshop)s is already in this plan. Change that item "
                              "instead of adding it again.") % {"workshop": workshop.title},
                            code="duplicate")
        # The catalog is the truth for a workshop's JP (what its completion credits).
        return Decimal(workshop.jp)
    if planned_jp is None or Decimal(planned_jp) <= 0:
        raise PlanError(_("Planned JP must be more than 0."), code="jp")
    return Decimal(planned_jp)


@transaction.atomic
def plan_item_add(
    *, plan: Plan, by: User, kind: str, competency: Competency | None, quarter: int,
    planned_jp: Decimal | None = None, workshop: WorkshopPage | None = None,
    learning_form: LearningForm | None = None, title: str = "",
) -> PlanItem:
    """Add an item. A workshop is planned once per plan, only for a competency it
    develops, with the catalog's JP."""
    planned_jp = _check_item(plan=plan, kind=kind, competency=competency, quarter=quarter,
                             planned_jp=planned_jp, workshop=workshop,
                             learning_form=learning_form, title=title)
    plan = _open_for_change(plan, by=by)
    item = PlanItem(
        plan=plan, kind=kind, competency=competency, quarter=int(quarter),
        planned_jp=planned_jp, title=title.strip()[:200],
        workshop=workshop if kind == PlanItemKind.WORKSHOP else None,
        learning_form=learning_form if kind == PlanItemKind.LEARNING_FORM else None,
    )
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:  # a concurrent add of the same workshop (the constraint)
        assert workshop is not None  # only a workshop item has that constraint
        raise PlanError(_("%(workshop)s is already in this plan. Change that item instead "
                          "of adding it again.") % {"workshop": workshop.title},
                        code="duplicate") from None
    return item


@transaction.atomic
def plan_item_update(
    *, item: PlanItem, by: User, kind: str, competency: Competency | None, quarter: int,
    planned_jp: Decimal | None = None, workshop: WorkshopPage | None = None,
    learning_form: LearningForm | None = None, title: str = "",
) -> PlanItem:
    """Change an item in place (same rules as adding). Like any change, it opens a
    new revision of an approved plan and is refused while the plan waits."""
    planned_jp = _check_item(plan=item.plan, kind=kind, competency=competency,
                             quarter=quarter, planned_jp=planned_jp, workshop=workshop,
                             learning_form=learning_form, title=title, item=item)
    plan = _open_for_change(item.plan, by=by)
    item = PlanItem.objects.select_for_update().get(pk=item.pk, plan=plan)
    item.kind = kind
    assert competency is not None  # _check_item refused None
    item.competency = competency
    item.quarter = int(quarter)
    item.planned_jp = planned_jp
    item.title = title.strip()[:200]
    item.workshop = workshop if kind == PlanItemKind.WORKSHOP else None
    item.learning_form = learning_form if kind == PlanItemKind.LEARNING_FORM else None
    item.save()
    return item


def plan_item_add_workshop(
    *, employee: Employee, by: User, workshop: WorkshopPage, competency: Competency,
    year: int | None = None,
) -> tuple[PlanItem, bool]:
    """The one-click action (recommendations, the catalog, the gap profile): plan
    `workshop` for `competency` in the employee's plan for the year of its next
    session (this year when it has none), in that session's quarter, with the
    workshop's JP. Returns (item, created): a workshop already in that plan is not
    added again, and the caller says so instead of "added"."""
    today = timezone.localdate()
    session = (workshop.sessions.filter(is_cancelled=False, starts_at__gte=timezone.now())
               .order_by("starts_at").first())
    start = timezone.localtime(session.starts_at).date() if session else today
    if year is None:
        year = start.year if start.year in plan_years_open(today=today) else today.year
    quarter = (start.month - 1) // 3 + 1 if start.year == year else (
        (today.month - 1) // 3 + 1 if today.year == year else 1)
    plan = plan_get_or_create(employee=employee, year=year)
    existing = PlanItem.objects.filter(plan=plan, workshop=workshop).select_related(
        "plan").first()
    if existing is not None:
        return existing, False
    item = plan_item_add(plan=plan, by=by, kind=PlanItemKind.WORKSHOP, competency=competency,
                         quarter=quarter, workshop=workshop)
    return item, True


@transaction.atomic
def plan_item_delete(*, item: PlanItem, by: User) -> None:
    plan = _open_for_change(item.plan, by=by)
    PlanItem.objects.filter(pk=item.pk, plan=plan).delete()


@transaction.atomic
def plan_submit(*, plan: Plan, by: User) -> Plan:
    """Send the plan (its current revision) to the approver. Needs at least one item."""
    plan = _locked(plan)
    if plan.status == PlanStatus.SUBMITTED:
        return plan  # a double click
    if plan.status == PlanStatus.APPROVED:
        raise PlanError(_("This revision is already approved."), code="approved")
    if not plan.items.exists():
        raise PlanError(_("Add at least one item before submitting."), code="empty")
    plan.status = PlanStatus.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.save(update_fields=["status", "submitted_at", "updated_at"])
    PlanEvent.objects.create(plan=plan, revision=plan.revision, action=PlanAction.SUBMITTED,
                             actor=by, items=_items_snapshot(plan))
    _notify(plan, "SUBMITTED")
    return plan


@transaction.atomic
def plan_decide(*, plan: Plan, by: User, approve: bool, comment: str = "") -> Plan:
    """The approver approves the submitted revision, or returns it with a comment
    (required). Permission is checked by plan_get_for_approver before this."""
    comment = (comment or "").strip()
    if not approve and not comment:
        raise PlanError(_("Say what should change when returning a plan."),
                        code="comment_required")
    plan = _locked(plan)
    if plan.status != PlanStatus.SUBMITTED:
        raise PlanError(_("This plan is not waiting for a decision."), code="decided")
    if approve:
        plan.status = PlanStatus.APPROVED
        plan.approved_revision = plan.revision
    else:
        plan.status = PlanStatus.RETURNED
    plan.save(update_fields=["status", "approved_revision", "updated_at"])
    PlanEvent.objects.create(
        plan=plan, revision=plan.revision,
        action=PlanAction.APPROVED if approve else PlanAction.RETURNED,
        actor=by, comment=comment, items=_items_snapshot(plan),
    )
    audit_record(plan, "bangkom.plan.approve" if approve else "bangkom.plan.return",
                 user=by, subject=Employee(pk=plan.employee_id),
                 before={"status": PlanStatus.SUBMITTED}, after={"status": plan.status},
                 revision=plan.revision, comment=comment)
    _notify(plan, "APPROVED" if approve else "RETURNED")
    return plan
