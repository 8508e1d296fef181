"""HR's reports: sessions of a year (fill rate, completions, evaluation averages) and
JP per unit and employment type, flat or folded along the unit tree. Aggregated in
the database."""
from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.db.models import (
    Avg,
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from learning.completion.selectors.jp import jp_policies
from learning.completion.selectors.percent import percent_of
from learning.enrollment.selectors import sessions_with_seats
from learning.models import Enrollment, EnrollmentStatus, WorkshopSession
from learning.models.completion import Completion, Evaluation, JpLedgerEntry
from people.models import Employee, EmploymentType
from people.units import UnitRollup


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
        s["fill_percent"] = percent_of(s["n_enrolled"], s["capacity"])
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
            "share_percent": percent_of(int(n_reached or 0), n),
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
        row["share_percent"] = percent_of(row["n_reached"], row["n"])
        row["avg_jp"] = (row.pop("jp_sum") / row["n"]).quantize(Decimal("0.1")) if row["n"] \
            else Decimal(0)
        result.append(row)
    return result
