"""Reads on development plans: who may see which plan, progress from the JP
ledger, the team list and HR's per-unit report.

Progress is never typed: it is read from the JP ledger (learning.JpLedgerEntry) of
the plan's year each time, so a completion, a verified external learning or a
confirmed mentoring session (source MENTORING, written by the mentoring app, which
this module never imports) shows up by itself. Matching (docs/development-plans.md):

- a completion (source COMPLETION) counts for a WORKSHOP item of that workshop;
  otherwise for an item of the workshop's form of learning;
- a verified external learning (source EXTERNAL) counts for a LEARNING_FORM item of
  the same form, or a SELF_STUDY item when its form is "belajar mandiri";
- a mentoring credit (source MENTORING) counts for a MENTORING item.

Each credit counts once, for the first matching item (by quarter) that is not yet
full, else the first matching item."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.utils import timezone

from learning.completion.selectors.jp import jp_period_for
from learning.enrollment.services import approver_is_hr
from learning.models import Completion, JpLedgerEntry, JpLedgerSource
from learning.plans.models import Plan, PlanItem, PlanItemKind, PlanStatus
from learning.plans.notifications import plan_deadline
from people.models import Employee, User
from people.roles import employee_for, user_is_hr

if TYPE_CHECKING:
    from people.units import UnitRollup

# (first day, last day, is a contract year): learning.completion.selectors.jp_period_for
JpPeriod = tuple[dt.date, dt.date, bool]

SELF_STUDY_FORM = "belajar-mandiri"


# --- access ------------------------------------------------------------------------

def _approver_is_hr(employee: Employee) -> bool:
    # The same rule as enrollment approvals: HR decides without an active supervisor
    # with a login.
    return approver_is_hr(employee=employee)


def plan_is_approver(*, plan: Plan, user: User) -> bool:
    """The direct supervisor decides; HR for employees without one (with a login)."""
    employee = plan.employee
    if _approver_is_hr(employee):
        return user_is_hr(user)
    supervisor = employee.supervisor  # not None: else HR approves (approver_is_hr)
    return supervisor is not None and supervisor.user_id == user.pk


def plan_can_view(*, plan: Plan, user: User) -> bool:
    """The employee, their direct supervisor, HR (an employee record HR deactivated
    gives its login no right: people.roles)."""
    if user_is_hr(user):
        return True
    supervisor = plan.employee.supervisor
    return _is_active_login_of(plan.employee, user) or (
        supervisor is not None and _is_active_login_of(supervisor, user))


def _is_active_login_of(employee: Employee, user: User) -> bool:
    return employee.is_active and employee.user_id == user.pk


def _plan_get(plan_id: int) -> Plan:
    plan = (Plan.objects.select_related("employee", "employee__supervisor", "employee__unit",
                                        "employee__position")
            .filter(pk=plan_id).first())
    if plan is None:
        raise Http404
    return plan


def plan_get_for_owner(*, plan_id: int, user: User) -> Plan:
    """The user's own plan; 404 for anyone else's (a forged id learns nothing)."""
    plan = _plan_get(plan_id)
    if not _is_active_login_of(plan.employee, user):
        raise Http404
    return plan


def plan_get_for_viewer(*, plan_id: int, user: User) -> Plan:
    plan = _plan_get(plan_id)
    if not plan_can_view(plan=plan, user=user):
        raise Http404
    return plan


def plan_get_for_approver(*, plan_id: int, user: User) -> Plan:
    plan = plan_get_for_viewer(plan_id=plan_id, user=user)
    if not plan_is_approver(plan=plan, user=user):
        raise PermissionDenied
    return plan


def plan_item_get_for_owner(*, item_id: int, user: User) -> PlanItem:
    item = PlanItem.objects.select_related("plan", "plan__employee").filter(pk=item_id).first()
    if item is None or not _is_active_login_of(item.plan.employee, user):
        raise Http404
    return item


def plan_for(*, employee: Employee, year: int) -> Plan | None:
    return Plan.objects.filter(employee=employee, year=year).select_related("employee").first()


# What waits for the employee comes first: a plan returned for changes, then a draft
# (this year's, then next year's); otherwise this year's plan (next year's once this
# year's deadline has passed without one).
_ATTENTION_ORDER = (PlanStatus.RETURNED, PlanStatus.DRAFT)


def plan_needing_attention(
    *, employee: Employee, today: dt.date | None = None
) -> tuple[int, Plan | None]:
    """(year, plan or None): the plan that needs this person's attention, the one the
    home panel shows, /belajar/rencana/ opens without ?tahun= and the emails link to.
    One query."""
    today = today or timezone.localdate()
    years = [today.year, today.year + 1]
    plans = {p.year: p for p in Plan.objects.filter(employee=employee, year__in=years)
             .select_related("employee")}
    for status in _ATTENTION_ORDER:
        for year in years:
            if year in plans and plans[year].status == status:
                return year, plans[year]
    year = today.year
    if year not in plans and today > plan_deadline(year=year):
        year += 1
    return year, plans.get(year)


# --- progress ----------------------------------------------------------------------

@dataclass
class ItemProgress:
    item: PlanItem
    achieved: Decimal = Decimal(0)

    @property
    def percent(self) -> int:
        if not self.item.planned_jp:
            return 0
        return min(100, int(self.achieved * 100 / self.item.planned_jp))

    @property
    def done(self) -> bool:
        return self.achieved >= self.item.planned_jp


@dataclass
class PlanProgress:
    plan: Plan | None
    items: list[ItemProgress] = field(default_factory=list)

    @property
    def planned_jp(self) -> Decimal:
        return sum((p.item.planned_jp for p in self.items), Decimal(0))

    @property
    def achieved_jp(self) -> Decimal:
        # Capped per item: JP beyond an item's plan is not "planned JP achieved".
        return sum((min(p.achieved, p.item.planned_jp) for p in self.items), Decimal(0))

    @property
    def percent(self) -> int:
        planned = self.planned_jp
        return min(100, int(self.achieved_jp * 100 / planned)) if planned else 0


def _ledger_rows(
    *, employee_ids: Iterable[int] | QuerySet[Any, Any], year: int,
    period: JpPeriod | None = None,
) -> QuerySet[JpLedgerEntry, Any]:
    """The ledger rows a plan of `year` counts. With `period` (one employee's, from
    jp_period_for) exactly that period; without it (the report, many employees) the
    years a PPPK's contract year can reach, to be cut per employee by _in_period."""
    page = Completion.objects.filter(pk=OuterRef("source_ref")).values(
        "enrollment__session__page_id")[:1]
    entries = JpLedgerEntry.objects.filter(employee_id__in=employee_ids)
    if period is None:
        entries = entries.filter(year__in=[year - 1, year, year + 1])
    elif period[2]:
        entries = entries.filter(occurred_on__range=period[:2])
    else:
        entries = entries.filter(year=year)
    return (
        entries.annotate(workshop_id=Subquery(page))
        .order_by("occurred_on", "pk")
        .values("employee_id", "source", "jp", "learning_form_id", "learning_form__code",
                "workshop_id", "year", "occurred_on")
    )


def _in_period(entry: dict, *, year: int, period: JpPeriod) -> bool:
    """The ledger's own rule (learning.completion.selectors.jp.jp_summary_for): a PPPK's
    contract year by date, anyone else's calendar year by the entry's year."""
    start, end, contract_year = period
    return start <= entry["occurred_on"] <= end if contract_year else entry["year"] == year


def _item_matches(item: PlanItem | dict, entry: dict) -> bool:
    get = item.get if isinstance(item, dict) else lambda k: getattr(item, k)
    kind = get("kind")
    source = entry["source"]
    if source == JpLedgerSource.COMPLETION:
        if kind == PlanItemKind.WORKSHOP:
            return entry["workshop_id"] is not None and get("workshop_id") == entry["workshop_id"]
        return kind == PlanItemKind.LEARNING_FORM and (
            get("learning_form_id") == entry["learning_form_id"])
    if source == JpLedgerSource.EXTERNAL:
        if kind == PlanItemKind.LEARNING_FORM:
            return get("learning_form_id") == entry["learning_form_id"]
        return kind == PlanItemKind.SELF_STUDY and (
            entry["learning_form__code"] == SELF_STUDY_FORM)
    return source == JpLedgerSource.MENTORING and kind == PlanItemKind.MENTORING


def _allocate(items: list, entries: list[dict], *, planned: Callable[[Any], Decimal],
              achieved: dict[int, Decimal]) -> None:
    """Give each ledger entry to one matching item (see module docstring)."""
    for entry in entries:
        matching = [i for i in items if _item_matches(i, entry)]
        if not matching:
            continue
        open_items = [i for i in matching if achieved[id(i)] < planned(i)]
        target = (open_items or matching)[0]
        achieved[id(target)] += Decimal(entry["jp"])


def plan_progress_for(*, plan: Plan | None) -> PlanProgress:
    """Planned and achieved JP per item of `plan`. Two queries."""
    if plan is None:
        return PlanProgress(plan=None)
    items = list(plan.items.select_related("competency", "workshop", "learning_form"))
    progress = [ItemProgress(item=i) for i in items]
    if items:
        # The plan counts in the ledger's period: a PPPK's contract year (PP 49/2018),
        # the calendar year for everyone else, as the JP page does.
        period = jp_period_for(employee=plan.employee, year=plan.year)
        entries = list(_ledger_rows(employee_ids=[plan.employee_id], year=plan.year,
                                    period=period))
        achieved: dict[int, Decimal] = defaultdict(Decimal)
        _allocate(items, entries, planned=lambda i: i.planned_jp, achieved=achieved)
        for p in progress:
            p.achieved = achieved[id(p.item)]
    return PlanProgress(plan=plan, items=progress)


def plan_progress_for_employee(*, employee: Employee, year: int) -> PlanProgress:
    """Three queries at most (the plan, its items, the ledger)."""
    return plan_progress_for(plan=plan_for(employee=employee, year=year))


# --- the supervisor's team and the approver's inbox ------------------------------------

def plans_awaiting_for(*, user: User, year: int | None = None) -> QuerySet[Plan]:
    """Submitted plans `user` decides: their direct reports', and for HR those of
    employees without a supervisor (with a login). One query."""
    me = employee_for(user)
    q = Q(employee__supervisor=me, employee__supervisor__is_active=True,
          employee__supervisor__user__isnull=False) if me else Q(pk__in=[])
    if user_is_hr(user):
        q |= (Q(employee__supervisor__isnull=True) | Q(employee__supervisor__is_active=False)
              | Q(employee__supervisor__user__isnull=True))
    qs = Plan.objects.filter(q, status=PlanStatus.SUBMITTED)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.select_related("employee", "employee__unit").order_by("submitted_at", "pk")


def team_plans_for(*, supervisor: Employee, year: int) -> list[dict]:
    """The direct reports with their plan for `year` (or None) and its planned JP.
    Two queries."""
    team = list(Employee.objects.filter(supervisor=supervisor, is_active=True)
                .select_related("position").order_by("name"))
    plans = {
        p.employee_id: p for p in Plan.objects.filter(employee__in=team, year=year)
        .annotate(planned=Sum("items__planned_jp"), n_items=Count("items"))
    }
    return [{"employee": e, "plan": plans.get(e.pk)} for e in team]


# --- HR's report per unit ------------------------------------------------------------

@dataclass
class UnitPlanRow:
    label: str
    unit_id: int
    has_children: bool
    direct_only: bool
    employees: int = 0
    approved: int = 0
    planned_jp: Decimal = Decimal(0)
    achieved_jp: Decimal = Decimal(0)
    gap_demand: int = 0
    gaps_covered: int = 0

    @property
    def approved_percent(self) -> Decimal:
        return _pct(self.approved, self.employees)

    @property
    def achieved_percent(self) -> Decimal:
        return _pct(self.achieved_jp, self.planned_jp)

    @property
    def coverage_percent(self) -> Decimal:
        return _pct(self.gaps_covered, self.gap_demand)


def _pct(part: Decimal | int, whole: Decimal | int) -> Decimal:
    if not whole:
        return Decimal(0)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def plan_unit_report(
    *, year: int, within_id: int | None = None
) -> tuple[UnitRollup, list[UnitPlanRow]] | None:
    """(rollup, rows) for HR: per unit one level below `within_id` (its subtree
    rolled up, as the competency heatmap does), the employees, how many have an
    approved plan for `year`, planned and achieved JP of approved plans, and how
    many of the unit's competency gaps (gap > 0) an approved plan has an item for.
    None when the unit does not exist. A fixed number of queries: counts are grouped
    by the employee's own unit in the database and summed into rows here; achieved
    JP is allocated per plan from the year's ledger (two queries for everyone, read
    as streams in employee order, so memory does not grow with the agency)."""
    from competencies.gaps.units import unit_rollup
    from competencies.models import CompetencyGap

    rollup = unit_rollup(within_id=within_id)
    if rollup is None:
        return None
    rows = [UnitPlanRow(label=r.label, unit_id=r.unit_id, has_children=r.has_children,
                        direct_only=r.direct_only) for r in rollup.rows]

    def row_for(unit_id: int | None) -> UnitPlanRow | None:
        index = rollup.group(unit_id)
        return None if index is None else rows[index]

    for unit_id, n in (Employee.objects.filter(is_active=True).values("unit_id")
                       .annotate(n=Count("pk")).values_list("unit_id", "n")):
        if (row := row_for(unit_id)) is not None:
            row.employees += n

    approved_plans = Plan.objects.filter(approved_revision__isnull=False, year=year,
                                         employee__is_active=True)
    plans = dict(approved_plans.values_list("pk", "employee__unit_id"))
    for unit_id in plans.values():
        if (row := row_for(unit_id)) is not None:
            row.approved += 1

    # Achieved JP is allocated per employee (the rule of plan_progress_for), reading
    # the approved plans' items and the year's ledger as two streams in employee
    # order: memory holds one employee's rows at a time, not the whole agency's.
    items = (PlanItem.objects.filter(plan__in=approved_plans)
             .order_by("plan__employee_id", "quarter", "pk")
             .values("plan_id", "plan__employee_id", "kind", "workshop_id",
                     "learning_form_id", "planned_jp", "plan__employee__employment_type",
                     "plan__employee__contract_start")
             .iterator(chunk_size=2000))
    entries = _ledger_rows(
        employee_ids=approved_plans.values("employee_id"), year=year,
    ).order_by("employee_id", "occurred_on", "pk").iterator(chunk_size=2000)
    entries_of = _EmployeeStream(entries)
    for employee_id, group in groupby(items, key=itemgetter("plan__employee_id")):
        employee_items = list(group)
        first = employee_items[0]
        period = jp_period_for(employee=Employee(
            employment_type=first["plan__employee__employment_type"],
            contract_start=first["plan__employee__contract_start"]), year=year)
        counted = [e for e in entries_of.rows_for(employee_id)
                   if _in_period(e, year=year, period=period)]
        achieved: dict = defaultdict(Decimal)
        _allocate(employee_items, counted,
                  planned=itemgetter("planned_jp"), achieved=achieved)
        for item in employee_items:
            if (row := row_for(plans[item["plan_id"]])) is not None:
                row.planned_jp += item["planned_jp"]
                row.achieved_jp += min(achieved[id(item)], item["planned_jp"])

    covered = PlanItem.objects.filter(
        plan__year=year, plan__approved_revision__isnull=False,
        plan__employee_id=OuterRef("employee_id"), competency_id=OuterRef("competency_id"),
    )
    for unit_id, demand, hit in (
        CompetencyGap.objects.filter(gap__gt=0, employee__is_active=True)
        .values("employee__unit_id")
        .annotate(demand=Count("pk"), hit=Count("pk", filter=Exists(covered)))
        .values_list("employee__unit_id", "demand", "hit")
    ):
        if (row := row_for(unit_id)) is not None:
            row.gap_demand += demand
            row.gaps_covered += hit
    return rollup, rows


class _EmployeeStream:
    """Ledger rows ordered by employee, handed out one employee at a time as the
    report walks the employees in the same order."""

    def __init__(self, rows: Iterable[dict[str, Any]]) -> None:
        self._rows = iter(rows)
        self._next = next(self._rows, None)

    def rows_for(self, employee_id: int) -> list[dict]:
        while self._next is not None and self._next["employee_id"] < employee_id:
            self._next = next(self._rows, None)
        found = []
        while self._next is not None and self._next["employee_id"] == employee_id:
            found.append(self._next)
            self._next = next(self._rows, None)
        return found
