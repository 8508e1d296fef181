"""Writes of the gap analysis: recompute the gap rows and JPM of some employees, or of
everyone as a Celery job with progress.

Set-based: employees are processed in chunks (CHUNK_SIZE ids), each chunk in one
transaction that locks its employees, deletes their rows and writes the new ones, so
a reader sees an employee's old rows or new rows, never a mix.

- On PostgreSQL the rules run inside the database: one INSERT … SELECT per chunk
  (competencies.gaps.compute_sql) computes and writes the gap rows, their
  explanations and the JPM rows; nothing per row travels to Python.
- Elsewhere (SQLite), or with COMPUTE_IN_DATABASE off, a fixed handful of queries
  loads the chunk's standards, latest assessments and appraisals, the pure-Python
  rules (competencies.gaps.compute, the reference) run over dicts, and the rows are
  written with COPY on PostgreSQL or bulk_create.

Memory is bounded by the chunk, not by the agency.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import overload

from django.db import connection, transaction
from django.db.models import FloatField, Q, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from competencies.gaps.compute import (
    AppraisalFact,
    AssessmentFact,
    GapRow,
    JpmRow,
    Requirement,
    SourceRule,
    gap_rows_for_employee,
    source_cutoff,
)
from competencies.gaps.compute_sql import gap_chunk_insert_sql
from competencies.gaps.config import GapConfig, gap_config
from competencies.gaps.sql import copy_escape, copy_line, derived_rows_replace_begin, ids_q
from competencies.models import (
    DEFAULTED_TYPES,
    Appraisal,
    AppraisalValueRating,
    Assessment,
    AssessmentSource,
    Competency,
    CompetencyGap,
    CoreValue,
    CoreValueCompetency,
    GapRecomputeChunk,
    GapRecomputeJob,
    JobPersonMatch,
    JobStandard,
    JobStandardDefault,
    Rating,
    SourceWeight,
)
from config.jobs.chunks import chunks_split, job_chunk_run, job_create, job_start
from people.models import Employee, User

logger = logging.getLogger(__name__)

GAP_COLUMNS = (
    "employee_id",
    "competency_id",
    "required_level",
    "assessed_level",
    "difference",
    "gap",
    "priority",
    "behaviour_flag",
    "explanation",
    "computed_at",
)
JPM_COLUMNS = (
    "employee_id",
    "jpm_percent",
    "coverage",
    "standard_count",
    "assessed_count",
    "computed_at",
)


# --- The run context: small tables loaded once per run -------------------------------


@dataclass(frozen=True)
class GapContext:
    """What every chunk of one run shares: configuration, source rules, the default
    standards, the active competencies by type and the value → competency map."""

    config: GapConfig
    today: dt.date
    now: dt.datetime
    rules: dict[str, SourceRule]
    defaults: dict[tuple[str, str, str], tuple[int, int]]  # (kind, level, type) → (level, id)
    competencies_by_type: dict[str, list[int]]
    active_competencies: frozenset[int]
    value_competencies: dict[int, frozenset[int]]  # core value id → competency ids
    value_codes: dict[int, str]


def gap_context_load(*, today: dt.date | None = None) -> GapContext:
    """Load the run context (6 small queries)."""
    config = gap_config()
    now = timezone.now()
    stored = {
        row.source: SourceRule(weight=float(row.weight), max_age_days=row.max_age_days)
        for row in SourceWeight.objects.all()
    }
    rules = {
        source: stored.get(
            source,
            SourceRule(
                weight=config.default_source_weights.get(source, 0.0),
                max_age_days=config.default_max_age_days,
            ),
        )
        for source in AssessmentSource.values
    }
    defaults = {
        (d.position_kind, d.position_level or "", d.competency_type): (d.required_level, d.pk)
        for d in JobStandardDefault.objects.all()
    }
    by_type: dict[str, list[int]] = defaultdict(list)
    active = set()
    for pk, ctype in Competency.objects.filter(is_active=True).values_list("pk", "type"):
        by_type[ctype].append(pk)
        active.add(pk)
    value_comp: dict[int, set[int]] = defaultdict(set)
    for value_id, comp_id in CoreValueCompetency.objects.values_list(
        "core_value_id", "competency_id"
    ):
        value_comp[value_id].add(comp_id)
    # Every value's code, also of values mapped to no competency: the explanation
    # names each value rated BELOW.
    codes = dict(CoreValue.objects.values_list("pk", "code"))
    return GapContext(
        config=config,
        today=today or timezone.localdate(),
        now=now,
        rules=rules,
        defaults=defaults,
        competencies_by_type=dict(by_type),
        active_competencies=frozenset(active),
        value_competencies={k: frozenset(v) for k, v in value_comp.items()},
        value_codes=codes,
    )


# --- Loading one chunk (a fixed number of queries) ------------------------------------


def standards_for_positions(
    *, positions: dict[int, tuple[str, str]], ctx: GapContext
) -> dict[int, dict[int, Requirement]]:
    """The effective standard of each position (id → (kind, level)): the defaults of
    its kind+level for every active managerial / socio-cultural competency, then
    HR's per-position rows, which override a default or add a technical competency.
    One query."""
    result: dict[int, dict[int, Requirement]] = {}
    for position_id, (kind, level) in positions.items():
        standard: dict[int, Requirement] = {}
        for ctype in DEFAULTED_TYPES:
            found = ctx.defaults.get((kind, level or "", ctype))
            if found is None:
                continue
            required, ref = found
            for competency_id in ctx.competencies_by_type.get(ctype, ()):
                standard[competency_id] = Requirement(required, "DEFAULT", ref)
        result[position_id] = standard
    overrides = JobStandard.objects.filter(ids_q("position_id", list(positions))).values_list(
        "position_id", "competency_id", "required_level", "pk"
    )
    for position_id, competency_id, required, pk in overrides:
        if competency_id in ctx.active_competencies:
            result[position_id][competency_id] = Requirement(required, "POSITION", pk)
    return result


def _assessments_for(
    *, employee_ids: list[int], ctx: GapContext
) -> dict[int, dict[int, list[AssessmentFact]]]:
    """employee → competency → candidate assessments (the latest per source on
    PostgreSQL; all recent enough ones elsewhere, the rule then picks). One query."""
    cutoffs = [source_cutoff(rule=r, today=ctx.today) for r in ctx.rules.values() if r.weight > 0]
    qs = Assessment.objects.filter(ids_q("employee_id", employee_ids))
    if cutoffs and None not in cutoffs:
        qs = qs.filter(assessed_on__gte=min(cutoffs))  # type: ignore[type-var]
    if connection.vendor == "postgresql":
        # The per-source age limit is applied here too, so DISTINCT ON picks the
        # latest assessment that still counts, not a too-old one hiding nothing.
        qs = qs.filter(_age_filter(ctx))
        qs = qs.order_by("employee_id", "competency_id", "source", "-assessed_on", "-id").distinct(
            "employee_id", "competency_id", "source"
        )
    out: dict[int, dict[int, list[AssessmentFact]]] = defaultdict(lambda: defaultdict(list))
    # Levels as float8: psycopg builds a Decimal per numeric, which costs more than
    # the rule itself.
    rows = qs.annotate(level_f=Cast("level", FloatField())).values_list(
        "employee_id", "competency_id", "source", "level_f", "assessed_on", "pk"
    )
    for emp, comp, source, level, on, pk in rows:
        out[emp][comp].append(AssessmentFact(source, level, on, pk))
    return out


def _age_filter(ctx: GapContext) -> Q:
    condition = Q()
    for source, rule in ctx.rules.items():
        cutoff = source_cutoff(rule=rule, today=ctx.today)
        if rule.weight <= 0:
            continue
        condition |= (
            Q(source=source) if cutoff is None else Q(source=source, assessed_on__gte=cutoff)
        )
    return condition if condition else Q(pk__in=[])


def _appraisals_for(*, employee_ids: list[int], ctx: GapContext) -> dict[int, AppraisalFact]:
    """Each employee's latest appraisal (a year's annual appraisal counts as after its
    fourth quarter) and the core values rated BELOW in it. Two queries."""
    order = ("-period__year", Coalesce("period__quarter", Value(5)).desc(), "-id")
    qs = Appraisal.objects.filter(ids_q("employee_id", employee_ids))
    fields = ("pk", "employee_id", "period__code", "predicate")
    latest: dict[int, tuple[int, str, str]] = {}
    if connection.vendor == "postgresql":
        qs = qs.order_by("employee_id", *order).distinct("employee_id")
        for pk, emp, period, predicate in qs.values_list(*fields):
            latest[emp] = (pk, period, predicate)
    else:
        for pk, emp, period, predicate in qs.order_by("employee_id", *order).values_list(*fields):
            latest.setdefault(emp, (pk, period, predicate))
    below: dict[int, list[int]] = defaultdict(list)
    if latest:
        for appraisal_id, value_id in AppraisalValueRating.objects.filter(
            ids_q("appraisal_id", [a[0] for a in latest.values()]), rating=Rating.BELOW
        ).values_list("appraisal_id", "core_value_id"):
            below[appraisal_id].append(value_id)
    facts = {}
    for emp, (pk, period, predicate) in latest.items():
        values = sorted(below.get(pk, ()))
        flagged: set[int] = set()
        for value_id in values:
            flagged |= ctx.value_competencies.get(value_id, frozenset())
        facts[emp] = AppraisalFact(
            pk=pk,
            period=period,
            predicate=predicate,
            below_values=tuple(ctx.value_codes.get(v, str(v)) for v in values),
            flagged_competencies=frozenset(flagged),
        )
    return facts


def gap_chunk_compute(
    *, employee_ids: list[int], ctx: GapContext
) -> Iterator[tuple[int, list[GapRow], JpmRow]]:
    """Compute (employee id, gap rows, JPM) for the active employees among the ids."""
    employees = list(
        Employee.objects.filter(ids_q("pk", employee_ids), is_active=True).values_list(
            "pk", "position_id", "position__kind", "position__level"
        )
    )
    if not employees:
        return
    ids = [e[0] for e in employees]
    positions = {pos: (kind, level) for _, pos, kind, level in employees}
    standards = standards_for_positions(positions=positions, ctx=ctx)
    assessments = _assessments_for(employee_ids=ids, ctx=ctx)
    appraisals = _appraisals_for(employee_ids=ids, ctx=ctx)
    empty: dict[int, list[AssessmentFact]] = {}
    for emp, pos, _kind, _level in employees:
        rows, jpm = gap_rows_for_employee(
            standard=standards[pos],
            assessments=assessments.get(emp, empty),
            appraisal=appraisals.get(emp),
            rules=ctx.rules,
            config=ctx.config,
            today=ctx.today,
        )
        yield emp, rows, jpm


# --- Writing one chunk ------------------------------------------------------------------


@overload
def _num(value: float) -> Decimal: ...
@overload
def _num(value: float | None) -> Decimal | None: ...
def _num(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(f"{value:.2f}")


def _chunk_replace_in_database(*, employee_ids: list[int], ctx: GapContext) -> int:
    """Replace the chunk's gap and JPM rows with one INSERT … SELECT that runs the
    rules in PostgreSQL (compute_sql). Must run inside a transaction, after
    derived_rows_replace_begin. Returns the gap rows written."""
    gap_table = connection.ops.quote_name(CompetencyGap._meta.db_table)
    jpm_table = connection.ops.quote_name(JobPersonMatch._meta.db_table)
    sql, params = gap_chunk_insert_sql(employee_ids=employee_ids, ctx=ctx)
    with connection.cursor() as cursor:
        # The chunk's sorts fit in 64 MB instead of spilling to disk. No JIT:
        # compiling a statement that runs once cost more than it saved (perf,
        # bench/gaps.py). ISO dates: the statement writes date::text into the
        # explanations.
        cursor.execute(
            "SET LOCAL work_mem = '64MB'; SET LOCAL jit = off; "
            "SET LOCAL datestyle = 'ISO, YMD'"
        )
        cursor.execute(f"DELETE FROM {gap_table} WHERE employee_id = ANY(%s)", [employee_ids])
        cursor.execute(f"DELETE FROM {jpm_table} WHERE employee_id = ANY(%s)", [employee_ids])
        cursor.execute(sql, params)
        gap_count, _jpm_count = cursor.fetchone()
    return int(gap_count)


def _chunk_replace(
    *, employee_ids: list[int], ctx: GapContext, in_database: bool | None = None
) -> int:
    """Recompute and replace the gap and JPM rows of these employees (sorted, unique
    ids). Must run inside a transaction; locks the employees first, so the rows are
    computed from data committed before the lock. `in_database` None: the SQL
    rules on PostgreSQL (unless COMPUTE_IN_DATABASE is off), the Python rules
    elsewhere. Returns the gap rows written."""
    derived_rows_replace_begin(employee_ids=employee_ids)
    if in_database is None:
        in_database = ctx.config.compute_in_database and connection.vendor == "postgresql"
    if in_database:
        return _chunk_replace_in_database(employee_ids=employee_ids, ctx=ctx)
    results = list(gap_chunk_compute(employee_ids=employee_ids, ctx=ctx))
    return _write_chunk(employee_ids=employee_ids, results=results, now=ctx.now)


def _write_chunk(
    *, employee_ids: list[int], results: list[tuple[int, list[GapRow], JpmRow]], now: dt.datetime
) -> int:
    """Replace the chunk's gap and JPM rows with rows computed in Python. Must run
    inside a transaction, after derived_rows_replace_begin. Returns the gap rows written."""
    CompetencyGap.objects.filter(ids_q("employee_id", employee_ids)).delete()
    JobPersonMatch.objects.filter(ids_q("employee_id", employee_ids)).delete()
    if connection.vendor == "postgresql":
        gap_table = CompetencyGap._meta.db_table
        jpm_table = JobPersonMatch._meta.db_table
        # COPY text built here: psycopg's per-value write_row was a third of a
        # chunk's time (bench/gaps.py).
        stamp = now.isoformat()
        lines = []
        for emp, rows, _jpm in results:
            for r in rows:
                lines.append(
                    copy_line(
                        (
                            emp,
                            r.competency_id,
                            r.required_level,
                            r.assessed_level,
                            r.difference,
                            r.gap,
                            r.priority,
                            r.behaviour_flag,
                            copy_escape(r.explanation),
                            stamp,
                        )
                    )
                )
        count = len(lines)
        jpm_lines = [
            copy_line((emp, j.jpm_percent, j.coverage, j.standard_count, j.assessed_count, stamp))
            for emp, _rows, j in results
        ]
        with connection.cursor() as cursor:
            with cursor.copy(f"COPY {gap_table} ({', '.join(GAP_COLUMNS)}) FROM STDIN") as copy:
                copy.write("".join(lines))
            with cursor.copy(f"COPY {jpm_table} ({', '.join(JPM_COLUMNS)}) FROM STDIN") as copy:
                copy.write("".join(jpm_lines))
        return count
    gaps = [
        CompetencyGap(
            employee_id=emp,
            competency_id=r.competency_id,
            required_level=r.required_level,
            assessed_level=_num(r.assessed_level),
            difference=_num(r.difference),
            gap=_num(r.gap),
            priority=_num(r.priority),
            behaviour_flag=r.behaviour_flag,
            explanation=json.loads(r.explanation),
            computed_at=now,
        )
        for emp, rows, _ in results
        for r in rows
    ]
    CompetencyGap.objects.bulk_create(gaps, batch_size=1000)
    JobPersonMatch.objects.bulk_create(
        [
            JobPersonMatch(
                employee_id=emp,
                jpm_percent=_num(j.jpm_percent),
                coverage=Decimal(f"{j.coverage:.3f}"),
                standard_count=j.standard_count,
                assessed_count=j.assessed_count,
                computed_at=now,
            )
            for emp, _, j in results
        ],
        batch_size=1000,
    )
    return len(gaps)


def gaps_recompute_chunk(
    *,
    employee_ids: list[int],
    ctx: GapContext | None = None,
    in_database: bool | None = None,
) -> int:
    """Recompute the gaps and JPM of these employees (one chunk) in one transaction.

    Idempotent: running it twice leaves the same rows (the chunk's rows are replaced);
    inactive or unknown ids just lose their rows. `in_database`: None picks the SQL
    rules on PostgreSQL, True/False forces them or the Python rules (tests compare
    the two). Returns the gap rows written."""
    from competencies.signals import gaps_recomputed_send

    ctx = ctx or gap_context_load()
    ids = sorted(set(employee_ids))
    with transaction.atomic():
        written = _chunk_replace(employee_ids=ids, ctx=ctx, in_database=in_database)
        gaps_recomputed_send(employee_ids=ids)
        return written


def gaps_recompute_enqueue(*, employee_ids: Iterable[int]) -> None:
    """Queue the recomputation of these employees as Celery tasks, one per chunk,
    sent when the current transaction commits (at once outside one): an import's
    request or task does not wait for it, and a rolled-back import queues nothing."""
    from competencies.tasks import gaps_recompute_for_employees_task

    for chunk in chunks_split(sorted(set(employee_ids)), gap_config().chunk_size):
        gaps_recompute_for_employees_task.delay_on_commit(chunk)  # type: ignore[attr-defined]  # a DjangoTask


def gaps_recompute_for_employees(*, employee_ids: list[int]) -> None:
    """Recompute the gaps and JPM of these employees now (the task behind
    gaps_recompute_enqueue, the demo data). Chunked, so any number of ids is fine;
    each chunk is atomic."""
    ctx = gap_context_load()
    for chunk in chunks_split(sorted(set(employee_ids)), ctx.config.chunk_size):
        gaps_recompute_chunk(employee_ids=chunk, ctx=ctx)


# --- The bulk job -------------------------------------------------------------------------


def gap_job_create(
    *, started_by: User | None = None
) -> tuple[GapRecomputeJob, list[list[int]], bool]:
    """Create a bulk job over every active employee, split into chunks of ids; or
    return the job already running (config.jobs.chunks.job_create). Must run inside
    a transaction."""
    config = gap_config()
    return job_create(
        job_model=GapRecomputeJob, ids=_active_employee_ids(), chunk_size=config.chunk_size,
        stale_minutes=config.job_stale_minutes, started_by=started_by,
    )


def _active_employee_ids() -> list[int]:
    return list(Employee.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))


def gaps_recompute_all(*, started_by: User | None = None) -> GapRecomputeJob:
    """Start recomputing every active employee: create the job row and enqueue one
    Celery task per chunk of ids (after commit). The tasks report progress on the job.

    A second click while a job runs returns the running job instead of starting
    another one (unless that job is older than JOB_STALE_MINUTES: then it is marked
    failed as abandoned and a new one starts)."""
    from competencies.tasks import gaps_recompute_chunk_task

    config = gap_config()
    return job_start(
        job_model=GapRecomputeJob, ids=_active_employee_ids(), chunk_size=config.chunk_size,
        stale_minutes=config.job_stale_minutes, task=gaps_recompute_chunk_task,
        started_by=started_by,
    )


def gap_job_chunk_run(*, job_id: int, number: int, employee_ids: list[int]) -> None:
    """Run one chunk of a job and count it once (config.jobs.chunks.job_chunk_run:
    its GapRecomputeChunk row is the claim). The recomputation replaces rows, so a
    retried or re-delivered task neither duplicates nor double-counts."""
    from competencies.signals import gaps_recomputed_send

    ids = sorted(set(employee_ids))

    def work(ctx: GapContext) -> None:
        _chunk_replace(employee_ids=ids, ctx=ctx)
        gaps_recomputed_send(employee_ids=ids)

    job_chunk_run(
        job_model=GapRecomputeJob, chunk_model=GapRecomputeChunk, job_id=job_id,
        number=number, size=len(employee_ids), work=work, prepare=gap_context_load,
    )


def gap_job_mark_failed(*, job_id: int, error: str) -> None:
    """Record that a job's chunk failed for good (after its retries)."""
    GapRecomputeJob.mark_failed(job_id=job_id, error=error)
