"""Who may enroll in a workshop: the eligibility rules editors set on a WorkshopPage.

Rules (an empty rule admits everyone):
- position kinds: the employee's position kind is in `eligible_position_kinds`;
- golongan range: the employee's rank is of the same employment type as the bounds
  and lies between `eligible_rank_min` and `eligible_rank_max` (by `Rank.order`);
  a PPPK employee is outside a range given in PNS golongan and vice versa;
- units: the employee's unit, or a unit above it (a dinas admits its bidang), is one
  of `eligible_units`;
- the employee is active.

`workshop_is_eligible` answers for one workshop in Python (the enrollment service
uses it server-side); `workshops_eligible_for` is the same rule as a queryset filter
(the catalog's "eligible for me" filter), so both must change together.
"""
from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from people.models import Employee, Rank, Unit


def unit_ancestor_ids(*, unit_id: int, max_depth: int = 20) -> list[int]:
    """The unit and every unit above it. One query per level (a regency is 4-6 deep)."""
    found: list[int] = []
    current: int | None = unit_id
    parents: dict[int, int | None] = {}
    for _level in range(max_depth):
        if current is None or current in found:
            break
        found.append(current)
        if current not in parents:
            parents.update(
                Unit.objects.filter(pk=current).values_list("pk", "parent_id")
            )
        current = parents.get(current)
    return found


def _rank_in_range(rank: Rank, low: Rank | None, high: Rank | None) -> bool:
    for bound, ok in ((low, lambda b: rank.order >= b.order),
                      (high, lambda b: rank.order <= b.order)):
        if bound is None:
            continue
        if bound.employment_type != rank.employment_type or not ok(bound):
            return False
    return True


def workshop_ineligibility_reasons(*, workshop, employee: Employee | None) -> list[str]:
    """Why `employee` may not enroll in `workshop`, in the user's language; empty
    when they may. Runs at most a few small queries (units and their parents);
    prefetch `eligible_units` and select `eligible_rank_min/max` to avoid more."""
    if employee is None:
        return [_("Only employees can enroll in workshops.")]
    reasons: list[str] = []
    if not employee.is_active:
        reasons.append(_("Your employee record is not active."))
    kinds = list(workshop.eligible_position_kinds or [])
    if kinds and employee.position.kind not in kinds:
        reasons.append(_("This workshop is for other kinds of position."))
    if not _rank_in_range(employee.rank, workshop.eligible_rank_min, workshop.eligible_rank_max):
        reasons.append(_("Your golongan is outside the range this workshop admits."))
    unit_ids = {u.pk for u in workshop.eligible_units.all()}
    if unit_ids and not unit_ids.intersection(unit_ancestor_ids(unit_id=employee.unit_id)):
        reasons.append(_("This workshop is for employees of other units."))
    return reasons


def workshop_is_eligible(*, workshop, employee: Employee | None) -> bool:
    """Whether `employee` meets the workshop's eligibility rules (see module doc)."""
    return not workshop_ineligibility_reasons(workshop=workshop, employee=employee)


def workshops_eligible_for(
    *, employee: Employee | None, queryset: QuerySet | None = None
) -> QuerySet:
    """`queryset` (default: all WorkshopPages) narrowed to the workshops `employee`
    is eligible for; the same rule as workshop_is_eligible, in SQL. A constant
    number of queries to build (the unit's ancestors), one to evaluate."""
    from learning.models import WorkshopPage

    qs = queryset if queryset is not None else WorkshopPage.objects.all()
    if employee is None or not employee.is_active:
        return qs.none()
    rank = employee.rank
    # JSON lists: matched on their text form so SQLite and PostgreSQL agree
    # (JSONField `contains` is not supported on SQLite). Kinds are whole quoted
    # words, none of which is inside another.
    kinds_text = Cast("eligible_position_kinds", TextField())
    kind_ok = (
        Q(eligible_position_kinds=[])
        | Q(eligible_position_kinds__isnull=True)
        | Q(**{"_kinds_text__contains": f'"{employee.position.kind}"'})
    )
    rank_ok = (
        Q(eligible_rank_min__isnull=True)
        | Q(eligible_rank_min__employment_type=rank.employment_type,
            eligible_rank_min__order__lte=rank.order)
    ) & (
        Q(eligible_rank_max__isnull=True)
        | Q(eligible_rank_max__employment_type=rank.employment_type,
            eligible_rank_max__order__gte=rank.order)
    )
    through = WorkshopPage.eligible_units.through
    any_unit = Exists(through.objects.filter(workshoppage_id=OuterRef("pk")))
    my_unit = Exists(
        through.objects.filter(
            workshoppage_id=OuterRef("pk"),
            unit_id__in=unit_ancestor_ids(unit_id=employee.unit_id),
        )
    )
    unit_ok = ~any_unit | my_unit
    return qs.alias(_kinds_text=kinds_text).filter(kind_ok & rank_ok & unit_ok)
