"""Reads for attendance, the JP ledger, learning done elsewhere, evaluations and HR
reports, plus the permission-checked fetches (`<thing>_get_for_<role>`) every view
uses. Each selector runs a constant number of queries whatever the data size."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import (
    Avg,
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.template.defaultfilters import floatformat
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from learning.completion.services.jp import session_days
from learning.enrollment.selectors import sessions_with_seats
from learning.models import Enrollment, EnrollmentStatus, WorkshopSession
from learning.models.completion import (
    AttendanceRecord,
    Completion,
    Evaluation,
    ExternalLearning,
    ExternalLearningStatus,
    JpLedgerEntry,
    JpPolicy,
)
from people.models import Employee, EmploymentType, User
from people.roles import employee_for, user_is_deactivated, user_is_hr
from people.units import UnitRollup

# --- Permission-checked fetches ----------------------------------------------------


def session_get_for_roster(*, session_id: int, user: User) -> WorkshopSession:
    """The session whose roster `user` may mark: HR, or the session's facilitator
    account. 404 for an unknown session, 403 for anyone else."""
    session = (
        sessions_with_seats(WorkshopSession.objects)  # the roster's header, same query
        .select_related("page__learning_form", "facilitator_user")
        .filter(pk=session_id).first()
    )
    if session is None:
        raise Http404
    if not (user_is_hr(user) or _is_facilitator(session, user)):
        raise PermissionDenied
    return session


def enrollment_get_for_participant(*, enrollment_id: int, user: User) -> Enrollment:
    """The user's own enrollment (with its completion); 404 for anyone else's, so
    ids of other people's enrollments reveal nothing."""
    employee = employee_for(user)
    enrollment = (
        Enrollment.objects.select_related("session__page", "employee")
        .filter(pk=enrollment_id, employee=employee).first()
        if employee else None
    )
    if enrollment is None:
        raise Http404
    return enrollment


def external_learning_get_for_viewer(*, external_id: int, user: User) -> ExternalLearning:
    """A submission its owner or HR may see (and download the proof of); 404 else."""
    external = ExternalLearning.objects.select_related("employee").filter(pk=external_id).first()
    if external is None:
        raise Http404
    if user_is_hr(user):
        return external
    employee = employee_for(user)
    if employee is None or external.employee_id != employee.pk:
        raise Http404
    return external


def hr_required(user: User) -> None:
    """403 unless the user is HR."""
    if not user_is_hr(user):
        raise PermissionDenied


# --- Roster ------------------------------------------------------------------------


@dataclass
class RosterRow:
    enrollment: Enrollment
    present_days: set[dt.date]
    score: Decimal | None
    completion: Completion | None
    cells: list[tuple[dt.date, bool, bool]] = field(default_factory=list)


@dataclass
class Roster:
    session: WorkshopSession
    days: list[dt.date]
    markable_days: set[dt.date]
    rows: list[RosterRow]
    capacity: int
    enrolled: int
    fill_percent: Decimal
    present_per_day: list[int]
    completed: int
    evaluations: dict
    has_post_test: bool
    has_ended: bool
    has_started: bool = True
    # From the one seat count (learning.enrollment.selectors.sessions_with_seats),
    # so the header reads what the catalog reads. A request waiting for approval
    # holds a seat but is not on the roster: `seats_pending` says how many.
    seats_left: int = 0
    seats_pending: int = 0


def roster_for(*, session: WorkshopSession, now: dt.datetime | None = None) -> Roster:
    """The roster of ENROLLED participants with attendance per day, scores,
    completion, and the session's summary (fill rate, evaluation averages).
    Four queries whatever the number of participants."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    days = session_days(session=session)
    enrollments = list(
        Enrollment.objects.filter(session=session, status=EnrollmentStatus.ENROLLED)
        .select_related("employee", "completion", "post_test")
        .prefetch_related(Prefetch(
            "attendance", queryset=AttendanceRecord.objects.filter(present=True),
            to_attr="present_records"))
        .order_by("employee__name", "pk")
    )
    markable = {d for d in days if d <= today} if not session.is_cancelled else set()
    rows = []
    for e in enrollments:
        present_days = {r.day for r in e.present_records}
        post_test = getattr(e, "post_test", None) if _has_related(e, "post_test") else None
        completion = e.completion if _has_related(e, "completion") else None
        row = RosterRow(
            enrollment=e, present_days=present_days,
            score=post_test.score if post_test else None, completion=completion,
        )
        row.cells = [(d, d in present_days, d in markable) for d in days]
        rows.append(row)
    evaluations = Evaluation.objects.filter(
        enrollment__session=session
    ).aggregate(
        count=Count("id"), material=Avg("material"), facilitator=Avg("facilitator"),
        organization=Avg("organization"),
    )
    capacity = session.capacity
    enrolled = len(rows)
    if not hasattr(session, "seats_left"):  # not fetched by session_get_for_roster
        session = sessions_with_seats(WorkshopSession.objects.select_related("page")).get(
            pk=session.pk)
    return Roster(
        session=session, days=days, markable_days=markable, rows=rows, capacity=capacity,
        enrolled=enrolled,
        fill_percent=_percent(enrolled, capacity),
        present_per_day=[sum(1 for r in rows if d in r.present_days) for d in days],
        completed=sum(1 for r in rows if r.completion is not None),
        evaluations=evaluations,
        has_post_test=session.page.passing_score is not None,
        has_ended=session.ends_at <= now,
        has_started=session.starts_at <= now,
        seats_left=session.seats_left,
        seats_pending=max(0, session.seats_taken - enrolled),
    )


def _has_related(obj, name: str) -> bool:
    try:
        getattr(obj, name)
    except Exception:  # RelatedObjectDoesNotExist for a missing one-to-one
        return False
    return True


def _percent(part: int | Decimal, whole: int | Decimal) -> Decimal:
    if not whole:
        return Decimal(0)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def _is_facilitator(session, user: User) -> bool:
    # A facilitator's login whose employee record HR deactivated marks nothing.
    return (user.is_authenticated and session.facilitator_user_id == user.pk
            and not user_is_deactivated(user))


def sessions_facilitated_by(*, user: User, days: int = 30, limit: int = 10) -> list:
    """Sessions this user facilitates that run within `days` of today (past or coming),
    for their roster links. One query (two for a login not asked about before)."""
    if not user.is_authenticated or user_is_deactivated(user):
        return []
    now = timezone.now()
    return list(
        WorkshopSession.objects.filter(
            facilitator_user=user, is_cancelled=False,
            ends_at__gte=now - dt.timedelta(days=days),
            starts_at__lte=now + dt.timedelta(days=days),
        ).select_related("page").order_by("starts_at")[:limit]
    )


# --- JP summary and history --------------------------------------------------------


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
        bar_percent=int(min(100, _percent(total, target))) if target else 0,
        # PNS: met = the minimum is reached; PPPK: met = the cap is reached.
        met=bool(target) and total >= target, employment_type=employment_type,
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


def external_learning_for(*, employee: Employee) -> QuerySet[ExternalLearning]:
    return ExternalLearning.objects.filter(employee=employee).select_related("learning_form")


def evaluations_pending_for(*, employee: Employee, limit: int = 10) -> list[Enrollment]:
    """Completed enrollments the employee has not evaluated yet. One query."""
    return list(
        Enrollment.objects.filter(employee=employee, completion__isnull=False,
                                  evaluation__isnull=True)
        .select_related("session__page").order_by("-session__ends_at")[:limit]
    )


def external_learning_queue() -> QuerySet[ExternalLearning]:
    """Submissions waiting for HR, oldest first."""
    return ExternalLearning.objects.filter(
        status=ExternalLearningStatus.SUBMITTED
    ).select_related("employee__unit", "learning_form").order_by("created_at", "pk")


# --- HR reports --------------------------------------------------------------------


def _count_subquery(queryset: QuerySet, field_name: str) -> Subquery:
    return Subquery(
        queryset.values(field_name).annotate(c=Count("pk")).values("c"),
        output_field=IntegerField(),
    )


def session_report_rows(*, year: int) -> list[dict]:
    """One row per session starting in `year`: enrolled, capacity, fill rate,
    completions and evaluation averages, aggregated in the database (one query)."""
    enrolled = Enrollment.objects.filter(
        session=OuterRef("pk"), status=EnrollmentStatus.ENROLLED)
    completed = Completion.objects.filter(enrollment__session=OuterRef("pk"))
    evals = Evaluation.objects.filter(enrollment__session=OuterRef("pk")).values(
        "enrollment__session")

    def avg(field_name: str) -> Subquery:
        return Subquery(
            evals.annotate(a=Avg(field_name)).values("a"),
            output_field=DecimalField(max_digits=4, decimal_places=2),
        )

    sessions = (
        sessions_with_seats(WorkshopSession.objects.filter(starts_at__year=year))
        .annotate(
            n_enrolled=Coalesce(_count_subquery(enrolled, "session"), Value(0)),
            n_completed=Coalesce(_count_subquery(completed, "enrollment__session"), Value(0)),
            n_evaluations=Coalesce(_count_subquery(
                Evaluation.objects.filter(enrollment__session=OuterRef("pk")),
                "enrollment__session"), Value(0)),
            avg_material=avg("material"),
            avg_facilitator=avg("facilitator"),
            avg_organization=avg("organization"),
        )
        .values("pk", "page__title", "page__code", "starts_at", "ends_at", "capacity",
                "is_cancelled", "n_enrolled", "seats_left", "seats_taken",
                "n_completed", "n_evaluations",
                "avg_material", "avg_facilitator", "avg_organization")
        .order_by("starts_at", "pk")
    )
    rows = []
    for s in sessions:
        s["fill_percent"] = _percent(s["n_enrolled"], s["capacity"])
        # Seats held by requests waiting for approval (not enrolled yet).
        s["seats_pending"] = max(0, s["seats_taken"] - s["n_enrolled"])
        for key in ("avg_material", "avg_facilitator", "avg_organization"):
            if s[key] is not None:
                s[key] = Decimal(s[key]).quantize(Decimal("0.01"))
        rows.append(s)
    return rows


def unit_jp_report_rows(*, year: int) -> list[dict]:
    """Per unit and employment type: active employees, how many reached the yearly
    JP policy value (PNS: at or above the minimum; PPPK: at the cap) and the average
    JP. Aggregated in the database in one query (a ledger total per employee joined
    to employees, then grouped by unit), plus one for the policies.

    Raw SQL because the ORM cannot aggregate over a per-employee aggregate without a
    correlated subquery per row, which took ~1 s for 1,000 employees (bench)."""
    policies = jp_policies()
    targets = {t: (policies[t].jp_per_year if t in policies else None)
               for t in EmploymentType.values}
    employee_table = Employee._meta.db_table
    unit_table = Employee._meta.get_field("unit").related_model._meta.db_table
    ledger_table = JpLedgerEntry._meta.db_table
    reached_cases = " ".join(
        "WHEN e.employment_type = %s THEN CASE WHEN COALESCE(t.total, 0) >= %s THEN 1 ELSE 0 END"
        for t in targets if targets[t] is not None
    )
    reached_params: list = []
    for etype, target in targets.items():
        if target is not None:
            # float: SQLite would bind a Decimal as text, which never compares >= a number.
            reached_params += [etype, float(target)]
    reached_sql = f"CASE {reached_cases} ELSE 0 END" if reached_cases else "0"
    sql = f"""
        SELECT e.unit_id, u.name, e.employment_type, COUNT(*),
               SUM({reached_sql}), AVG(COALESCE(t.total, 0))
        FROM {employee_table} e
        JOIN {unit_table} u ON u.id = e.unit_id
        LEFT JOIN (
            SELECT employee_id, SUM(jp) AS total FROM {ledger_table}
            WHERE year = %s GROUP BY employee_id
        ) t ON t.employee_id = e.id
        WHERE e.is_active = %s
        GROUP BY e.unit_id, u.name, e.employment_type
        ORDER BY u.name, e.employment_type
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*reached_params, year, True])
        raw = cursor.fetchall()
    result = []
    for unit_id, unit_name, etype, n, n_reached, avg_jp in raw:
        policy = policies.get(etype)
        result.append({
            "unit_id": unit_id, "unit__name": unit_name, "employment_type": etype,
            "n": n, "n_reached": int(n_reached or 0),
            "target": targets.get(etype), "kind": policy.kind if policy else None,
            "share_percent": _percent(int(n_reached or 0), n),
            "avg_jp": Decimal(str(avg_jp or 0)).quantize(Decimal("0.1")),
        })
    return result


def unit_jp_report_rollup(*, year: int, rollup: UnitRollup) -> list[dict]:
    """unit_jp_report_rows folded along the unit tree: one row per rollup row (a
    top-level unit counting its whole subtree, or the units below the one HR opened)
    and employment type. Same queries as unit_jp_report_rows, plus one for the tree."""
    folded: dict[tuple[int, str], dict] = {}
    for r in unit_jp_report_rows(year=year):
        index = rollup.group(r["unit_id"])
        if index is None:
            continue
        row = folded.setdefault((index, r["employment_type"]), {
            "unit": rollup.rows[index], "employment_type": r["employment_type"],
            "n": 0, "n_reached": 0, "jp_sum": Decimal(0),
            "target": r["target"], "kind": r["kind"],
        })
        row["n"] += r["n"]
        row["n_reached"] += r["n_reached"]
        row["jp_sum"] += r["avg_jp"] * r["n"]
    result = []
    for (_index, _etype), row in sorted(folded.items()):
        row["unit__name"] = row["unit"].label
        row["share_percent"] = _percent(row["n_reached"], row["n"])
        row["avg_jp"] = (row.pop("jp_sum") / row["n"]).quantize(Decimal("0.1")) if row["n"] \
            else Decimal(0)
        result.append(row)
    return result


# The PPPK cap warning, shared by the workshop page (catalog) and the enrollment from
# a suggestion (recommendations): both above completion, so it lives here.
def _day(iso: str) -> str:
    return formats.date_format(dt.date.fromisoformat(iso), "DATE_FORMAT")


def jp_period_text(period: dict | None) -> str:
    """A stored JP period ({"start", "end", "contract"}) as people read it: "tahun
    2026" or "tahun kontrak 1 Maret 2026–28 Februari 2027"."""
    if not period:
        return ""
    if period.get("contract"):
        return _("the contract year %(start)s–%(end)s") % {
            "start": _day(period["start"]), "end": _day(period["end"])}
    return _("the year %(year)s") % {"year": period["start"][:4]}


def pppk_cap_warning_text(*, summary, jp: Decimal) -> str:
    """To a PPPK (second person: only they see it), before enrolling: the session's
    JP would pass the cap of the period they count in (`summary`: jp_summary_for on
    the session's credit day), and how many of them would count. Empty when they fit
    or there is no cap. The workshop page and the enrollment from a suggestion say it
    in these same words."""
    if summary.kind != "CAP" or summary.target is None or summary.total + jp <= summary.target:
        return ""
    period = jp_period_text({"start": summary.period_start.isoformat(),
                             "end": summary.period_end.isoformat(),
                             "contract": summary.contract_year})
    return _("This workshop adds %(jp)s JP, but you already have %(total)s of at most "
             "%(cap)s JP for PPPK in %(period)s (PP 49/2018): only %(counted)s JP of it "
             "would count.") % {
        "jp": floatformat(jp, "-2"), "total": floatformat(summary.total, "-2"),
        "cap": floatformat(summary.target, "-2"), "period": period,
        "counted": floatformat(summary.remaining, "-2")}
