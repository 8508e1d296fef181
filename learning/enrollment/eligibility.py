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
(the catalog's "eligible for me" filter, and every page showing recommendations);
`eligible_on_facts` on plain values (the recommendations' ranking, whose PostgreSQL
statement in learning/recommendations/compute_sql.py states it once more in SQL), so
all must change together.

Enrollment goes through `workshop_enrollment_refusal_reasons`: the workshop must
also be one the employee can see as the catalog shows it (published, not expired,
every Wagtail view restriction passed by the employee's login), so no enrollment
path (self, HR's bulk list, approval, waitlist promotion) reaches a workshop the
catalog hides from that person.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db.models import Exists, OuterRef, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import BaseViewRestriction

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


def unit_chains() -> dict[int, frozenset[int]]:
    """Every unit with the units above it, in one query whatever the depth (a stored
    cycle cannot loop): for pages and jobs that check many employees at once."""
    parent = dict(Unit.objects.values_list("pk", "parent_id"))
    chains = {}
    for unit in parent:
        chain, node = [], unit
        while node is not None and node not in chain and len(chain) < 50:
            chain.append(node)
            node = parent.get(node)
        chains[unit] = frozenset(chain)
    return chains


def _rank_in_range(rank: Rank, low: Rank | None, high: Rank | None) -> bool:
    for bound, ok in ((low, lambda b: rank.order >= b.order),
                      (high, lambda b: rank.order <= b.order)):
        if bound is None:
            continue
        if bound.employment_type != rank.employment_type or not ok(bound):
            return False
    return True


def eligible_on_facts(
    *, kinds: Collection[str], rank_min: tuple[str, int] | None,
    rank_max: tuple[str, int] | None, unit_ids: Collection[int], position_kind: str,
    rank_type: str, rank_order: int, unit_chain: Collection[int],
) -> bool:
    """The eligibility rules on plain values, for the recommendations' bulk ranking
    (which reads no model instances): position kinds, golongan range bounds as
    (employment type, order), eligible units against the employee's unit chain.
    The same rule as workshop_ineligibility_reasons (an active employee)."""
    if kinds and position_kind not in kinds:
        return False
    if rank_min is not None and (rank_min[0] != rank_type or rank_order < rank_min[1]):
        return False
    if rank_max is not None and (rank_max[0] != rank_type or rank_order > rank_max[1]):
        return False
    return not unit_ids or bool(set(unit_ids) & set(unit_chain))


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


def workshop_visibility_reasons(
    *, workshop, user, passed_restriction_ids: Collection[int] = (),
    now: dt.datetime | None = None,
) -> list[str]:
    """Why `user` may not see `workshop` (empty when they may), by the catalog's rule:
    published (`live`), not past `expire_at` (an expired page stays live until
    Wagtail's publish_scheduled job runs) and every view restriction on the page or
    above it passed: "logged in" by any active login, "groups" by a member (or a
    superuser), "password" only when the request passed it (`passed_restriction_ids`,
    the ids Wagtail keeps in the session). One query for the restrictions, one for
    the user's groups when a group restriction applies."""
    now = now or timezone.now()
    if not workshop.live:
        return [_("This workshop is not published.")]
    if workshop.expire_at and workshop.expire_at <= now:
        return [_("This workshop is no longer offered.")]
    for restriction in workshop.get_view_restrictions():
        kind = restriction.restriction_type
        if kind == BaseViewRestriction.PASSWORD:
            ok = restriction.pk in passed_restriction_ids
        elif user is None or not user.is_active:
            ok = False
        elif kind == BaseViewRestriction.GROUPS:
            ok = user.is_superuser or restriction.groups.filter(
                pk__in=user.groups.values("pk")).exists()
        else:  # LOGIN
            ok = True
        if not ok:
            return [_("This workshop is not open to this employee.")]
    return []


def workshop_enrollment_refusal_reasons(
    *, workshop, employee: Employee | None, passed_restriction_ids: Collection[int] = (),
    now: dt.datetime | None = None,
) -> list[str]:
    """Why `employee` may not be enrolled in `workshop` (empty when they may): the
    catalog's visibility for the employee's own login, then the eligibility rules.
    The one check every enrollment path runs."""
    user = getattr(employee, "user", None) if employee is not None else None
    reasons = workshop_visibility_reasons(
        workshop=workshop, user=user, passed_restriction_ids=passed_restriction_ids, now=now)
    return reasons or workshop_ineligibility_reasons(workshop=workshop, employee=employee)


def workshop_is_eligible(*, workshop, employee: Employee | None) -> bool:
    """Whether `employee` meets the workshop's eligibility rules (see module doc)."""
    return not workshop_ineligibility_reasons(workshop=workshop, employee=employee)


def workshops_eligible_for(
    *, employee: Employee | None, queryset: QuerySet | None = None,
    unit_chain: Collection[int] | None = None,
) -> QuerySet:
    """`queryset` (default: all WorkshopPages) narrowed to the workshops `employee`
    is eligible for; the same rule as workshop_is_eligible, in SQL. A constant
    number of queries to build (the unit's ancestors; none when the caller passes
    `unit_chain`, the employee's unit and those above it), one to evaluate."""
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
            unit_id__in=list(unit_chain if unit_chain is not None
                             else unit_ancestor_ids(unit_id=employee.unit_id)),
        )
    )
    unit_ok = ~any_unit | my_unit
    return qs.alias(_kinds_text=kinds_text).filter(kind_ok & rank_ok & unit_ok)
