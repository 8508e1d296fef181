"""An employee's JP: the period it counts over (calendar year, or a PPPK's contract
year), the summary against their policy, the ledger behind it and a page of people's
progress. Each runs a constant number of queries."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils import timezone

from learning.completion.selectors.percent import percent_of
from learning.models.completion import JpLedgerEntry, JpPolicy
from people.models import Employee, EmploymentType


@dataclass
class JpSummary:
    year: int
    total: Decimal
    kind: str | None
    target: Decimal | None
    bar_percent: int
    met: bool
    employment_type: str
    remaining: Decimal = Decimal(0)
    # The period counted: the calendar year, or a PPPK's contract year.
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    contract_year: bool = False


def jp_policies() -> dict[str, JpPolicy]:
    return {p.employment_type: p for p in JpPolicy.objects.all()}


def _anniversary(start: dt.date, year: int) -> dt.date:
    try:
        return start.replace(year=year)
    except ValueError:  # 29 February in a year without one
        return dt.date(year, 2, 28)


def contract_year_bounds(*, contract_start: dt.date, on: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the contract year (from the contract start's anniversary)
    that contains `on`."""
    start = _anniversary(contract_start, on.year)
    if start > on:
        start = _anniversary(contract_start, on.year - 1)
    start = max(start, contract_start)
    end = _anniversary(contract_start, start.year + 1) - dt.timedelta(days=1)
    return start, end


def jp_period_containing(
    *, employment_type: str, contract_start: dt.date | None, on: dt.date
) -> tuple[dt.date, dt.date, bool]:
    """The period JP credited on `on` counts in: its calendar year for PNS, its
    contract year for a PPPK whose contract start is known (PP 49/2018: at most 24 JP
    per contract year). On facts, so the recommendations can ask it for a session's
    date without loading employees. Returns (first day, last day, is a contract year)."""
    if employment_type == EmploymentType.PPPK and contract_start:
        start, end = contract_year_bounds(contract_start=contract_start, on=on)
        return start, end, True
    return dt.date(on.year, 1, 1), dt.date(on.year, 12, 31), False


def jp_period_for(*, employee: Employee, year: int | None = None) -> tuple[dt.date, dt.date, bool]:
    """The period an employee's JP is counted over now (jp_period_containing today);
    for a past `year`, the period containing its last day.
    Returns (first day, last day, is a contract year)."""
    today = timezone.localdate()
    year = year or today.year
    on = today if year == today.year else dt.date(year, 12, 31)
    return jp_period_containing(employment_type=employee.employment_type,
                                contract_start=employee.contract_start, on=on)


def jp_summary_for(*, employee: Employee, year: int | None = None,
                   on: dt.date | None = None) -> JpSummary:
    """The employee's JP in the current period against their policy (PNS: a minimum
    to reach in the calendar year; PPPK: a cap not to exceed in the contract year);
    with `on`, in the period containing that day (where a session's JP would count).
    Two queries."""
    if on is not None:
        year = on.year
        start, end, contract_year = jp_period_containing(
            employment_type=employee.employment_type, contract_start=employee.contract_start,
            on=on)
    else:
        year = year or timezone.localdate().year
        start, end, contract_year = jp_period_for(employee=employee, year=year)
    policy = JpPolicy.objects.filter(employment_type=employee.employment_type).first()
    entries = JpLedgerEntry.objects.filter(employee=employee)
    entries = (entries.filter(occurred_on__range=(start, end)) if contract_year
               else entries.filter(year=year))
    total = entries.aggregate(total=Sum("jp"))["total"] or Decimal(0)
    return _jp_summary(year=year, total=total, policy=policy,
                       employment_type=employee.employment_type,
                       period=(start, end, contract_year))


def jp_summaries_on(*, employee: Employee, days: list[dt.date]) -> dict[dt.date, JpSummary]:
    """jp_summary_for(on=day) for each of `days` (e.g. the credit days of a workshop's
    sessions, whose JP may count in different periods): two queries whatever the
    number of days."""
    if not days:
        return {}
    periods = {day: jp_period_containing(employment_type=employee.employment_type,
                                         contract_start=employee.contract_start, on=day)
               for day in days}
    policy = JpPolicy.objects.filter(employment_type=employee.employment_type).first()
    first = min(start for start, _end, _c in periods.values())
    last = max(end for _start, end, _c in periods.values())
    credits = list(JpLedgerEntry.objects.filter(
        employee=employee, occurred_on__range=(first, last)).values_list("occurred_on", "jp"))
    out = {}
    for day, (start, end, contract_year) in periods.items():
        # Same rule as jp_summary_for: a contract year by credit day, else the year.
        total = sum((jp for on, jp in credits if start <= on <= end), Decimal(0))
        out[day] = _jp_summary(year=day.year, total=total, policy=policy,
                               employment_type=employee.employment_type,
                               period=(start, end, contract_year))
    return out


def _jp_summary(*, year: int, total: Decimal, policy: JpPolicy | None,
                employment_type: str, period: tuple[dt.date, dt.date, bool]) -> JpSummary:
    """A JP total measured against its policy (shared by one employee's summary and
    a page of people's progress)."""
    start, end, contract_year = period
    target = policy.jp_per_year if policy else None
    return JpSummary(
        year=year, total=total, kind=policy.kind if policy else None, target=target,
        bar_percent=int(min(Decimal(100), percent_of(total, target))) if target else 0,
        # PNS: met = the minimum is reached; PPPK: met = the cap is reached.
        met=target is not None and bool(target) and total >= target,
        employment_type=employment_type,
        remaining=max(Decimal(0), target - total) if target else Decimal(0),
        period_start=start, period_end=end, contract_year=contract_year,
    )


def jp_ledger_for(*, employee: Employee, year: int) -> QuerySet[JpLedgerEntry]:
    """The credits counted in the same period as jp_summary_for: the calendar year, or
    a PPPK's contract year (so the list and the total above it always agree)."""
    start, end, contract_year = jp_period_for(employee=employee, year=year)
    entries = JpLedgerEntry.objects.filter(employee=employee)
    entries = (entries.filter(occurred_on__range=(start, end)) if contract_year
               else entries.filter(year=year))
    return entries.select_related("learning_form").order_by("-occurred_on", "-id")


def jp_progress_for_ids(*, employee_ids: list[int]) -> dict[int, JpSummary]:
    """Each employee's JP in their current period (calendar year, or a PPPK's contract
    year) against their policy, for a page of people. Three queries whatever the count."""
    if not employee_ids:
        return {}
    today = timezone.localdate()
    people = list(Employee.objects.filter(pk__in=employee_ids)
                  .only("pk", "employment_type", "contract_start"))
    periods = {e.pk: jp_period_for(employee=e, year=today.year) for e in people}
    policies = jp_policies()
    earliest = min(p[0] for p in periods.values())
    latest = max(p[1] for p in periods.values())
    totals: dict[int, Decimal] = dict.fromkeys(periods, Decimal(0))
    for employee_id, occurred_on, jp in JpLedgerEntry.objects.filter(
        employee_id__in=list(periods), occurred_on__range=(earliest, latest)
    ).values_list("employee_id", "occurred_on", "jp"):
        start, end, _contract = periods[employee_id]
        if start <= occurred_on <= end:
            totals[employee_id] += jp
    return {
        e.pk: _jp_summary(year=today.year, total=totals[e.pk],
                          policy=policies.get(e.employment_type),
                          employment_type=e.employment_type, period=periods[e.pk])
        for e in people
    }


def jp_years_for(*, employee: Employee) -> list[int]:
    return list(
        JpLedgerEntry.objects.filter(employee=employee).values_list("year", flat=True)
        .distinct().order_by("-year")
    )


def jp_recent_for(*, employee: Employee, limit: int = 5) -> list[JpLedgerEntry]:
    return list(
        JpLedgerEntry.objects.filter(employee=employee).order_by("-occurred_on", "-id")[:limit]
    )
