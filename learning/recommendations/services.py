"""Writes of the recommendations: recompute the stored suggestions of some employees
(or of everyone, as a Celery job with progress), dismiss, assign.

Set-based like competencies.gaps.services: employees go in chunks (CHUNK_SIZE), each
chunk one transaction that locks the employees, deletes their rows and writes the new
ones. On PostgreSQL one INSERT … SELECT per chunk ranks inside the database
(compute_sql); elsewhere a fixed handful of queries loads the chunk and the pure
rules (compute.py, the reference) rank in Python. The catalog side (workshops, their
next sessions, targets, eligibility, the unit tree) is loaded once per run.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import cast

from django.db import connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from competencies.gaps.sql import derived_rows_replace_begin, ids_q
from competencies.models import Appraisal, CompetencyGap
from config.jobs.chunks import chunks_split, job_chunk_run, job_create, job_start
from learning.enrollment.eligibility import unit_chains
from learning.recommendations.compute import (
    EmployeeFact,
    EmployeeState,
    GapFact,
    JpPeriod,
    RecoRow,
    UncoveredRow,
    WorkshopFact,
    recommendations_for_employee,
)
from learning.recommendations.config import RecommendationConfig, recommendation_config
from learning.recommendations.models import (
    Recommendation,
    RecommendationAssignment,
    RecommendationDismissal,
    RecommendationJob,
    RecommendationJobChunk,
    UncoveredGap,
)
from people.models import Employee, User

logger = logging.getLogger(__name__)

ACTIVE = ("PENDING_APPROVAL", "ENROLLED", "WAITLISTED")


# --- The run context: the catalog side, loaded once per run ---------------------------


@dataclass(frozen=True)
class RecoContext:
    config: RecommendationConfig
    now: dt.datetime
    workshops: dict[int, WorkshopFact]
    by_competency: dict[int, list[WorkshopFact]]
    unit_chains: dict[int, frozenset[int]]
    jp_policies: dict[str, tuple[str, Decimal]]

    @cached_property
    def today(self) -> dt.date:
        return timezone.localdate(self.now)

    @cached_property
    def last_credit_on(self) -> dt.date:
        """The last day a suggested session's JP would be credited on (once per run:
        asked for every employee)."""
        return max((w.credit_on for w in self.workshops.values()), default=self.today)


def jp_periods_covering(
    *, employment_type: str, contract_start: dt.date | None, first: dt.date, last: dt.date
) -> list[tuple[dt.date, dt.date, bool]]:
    """The consecutive JP periods (learning.completion's rule: calendar years, or a
    PPPK's contract years) from the one containing `first` to the one containing
    `last`. Both paths count a session's JP in the period containing its credit day."""
    from learning.completion.selectors.jp import jp_period_containing

    periods, on = [], first
    while on <= last:
        start, end, contract = jp_period_containing(
            employment_type=employment_type, contract_start=contract_start, on=on)
        periods.append((start, end, contract))
        on = end + dt.timedelta(days=1)
    return periods


def workshop_facts_load(*, now: dt.datetime) -> dict[int, WorkshopFact]:
    """Workshops that can be suggested, with their next session: visible (live,
    public, not expired), developing at least one competency, with a session not
    cancelled, not started and still open or opening for registration. The next
    session is the earliest with a free seat, else the earliest (its waitlist). A
    few queries whatever the catalog size."""
    from learning.catalog.selectors import sessions_with_seats, workshop_list_visible
    from learning.completion.services.jp import session_jp
    from learning.models import WorkshopCompetency, WorkshopPage, WorkshopSession

    visible = workshop_list_visible()
    targets: dict[int, dict[int, int]] = defaultdict(dict)
    for page_id, cid, target in WorkshopCompetency.objects.filter(
        page__in=visible
    ).values_list("page_id", "competency_id", "target_level"):
        targets[page_id][cid] = target
    if not targets:
        return {}
    sessions = (
        sessions_with_seats(
            WorkshopSession.objects.filter(
                page_id__in=list(targets), is_cancelled=False, starts_at__gt=now,
                registration_closes_at__gt=now,
            )
        )
        .select_related("page__learning_form")
        .order_by("starts_at", "pk")
    )
    chosen: dict[int, WorkshopSession] = {}
    for s in sessions:
        best = chosen.get(s.page_id)
        if best is None or (best.seats_left <= 0 < s.seats_left):
            chosen[s.page_id] = s
    units: dict[int, set[int]] = defaultdict(set)
    through = WorkshopPage.eligible_units.through
    for page_id, unit_id in through.objects.filter(workshoppage_id__in=list(chosen)).values_list(
        "workshoppage_id", "unit_id"
    ):
        units[page_id].add(unit_id)
    pages = WorkshopPage.objects.filter(pk__in=list(chosen)).values_list(
        "pk", "eligible_position_kinds",
        "eligible_rank_min__employment_type", "eligible_rank_min__order",
        "eligible_rank_max__employment_type", "eligible_rank_max__order",
    )
    facts = {}
    for pk, kinds, min_type, min_order, max_type, max_order in pages:
        s = chosen[pk]
        facts[pk] = WorkshopFact(
            id=pk, session_id=s.pk, starts_at=s.starts_at, ends_at=s.ends_at,
            jp=session_jp(session=s), targets=dict(targets[pk]),
            kinds=frozenset(kinds or ()),
            rank_min=(min_type, min_order) if min_type else None,
            rank_max=(max_type, max_order) if max_type else None,
            unit_ids=frozenset(units.get(pk, ())),
        )
    return facts


def reco_context_load(*, now: dt.datetime | None = None) -> RecoContext:
    from learning.models import JpPolicy

    now = now or timezone.now()
    workshops = workshop_facts_load(now=now)
    by_competency: dict[int, list[WorkshopFact]] = defaultdict(list)
    for w in sorted(workshops.values(), key=lambda w: w.id):
        for cid in w.targets:
            by_competency[cid].append(w)
    return RecoContext(
        config=recommendation_config(),
        now=now,
        workshops=workshops,
        by_competency=dict(by_competency),
        unit_chains=unit_chains(),
        jp_policies={
            p.employment_type: (p.kind, p.jp_per_year) for p in JpPolicy.objects.all()
        },
    )


# --- The employee side of one chunk (the Python path) ----------------------------------


def latest_predicates(*, employee_ids: list[int]) -> dict[int, str]:
    """Each employee's latest appraisal predicate: the latest period, an annual
    appraisal after that year's Q4 (the gap analysis' rule). One query."""
    order = ("-period__year", Coalesce("period__quarter", Value(5)).desc(), "-id")
    found: dict[int, str] = {}
    for emp, predicate in (
        Appraisal.objects.filter(ids_q("employee_id", employee_ids))
        .order_by("employee_id", *order).values_list("employee_id", "predicate")
    ):
        found.setdefault(emp, predicate)
    return found


def employee_states_load(*, employee_ids: list[int], ctx: RecoContext) -> list[EmployeeState]:
    """The chunk's active employees with their gaps, predicate, JP, completed and
    enrolled workshops, own sessions and dismissals. Seven queries."""
    from learning.models import Enrollment, JpLedgerEntry

    employees = [
        EmployeeFact(*row)
        for row in Employee.objects.filter(ids_q("pk", employee_ids), is_active=True)
        .order_by("pk")
        .values_list("pk", "position__kind", "rank__employment_type", "rank__order",
                     "unit_id", "employment_type", "contract_start")
    ]
    ids = [e.id for e in employees]
    if not ids:
        return []
    gaps: dict[int, dict[int, GapFact]] = defaultdict(dict)
    for emp, cid, req, assessed, gap, prio, flag in CompetencyGap.objects.filter(
        ids_q("employee_id", ids), gap__isnull=False
    ).values_list("employee_id", "competency_id", "required_level", "assessed_level", "gap",
                  "priority", "behaviour_flag"):
        # A gap is computed only from a known assessed level: neither is NULL here.
        gaps[emp][cid] = GapFact(cid, req, cast(Decimal, assessed), cast(Decimal, gap),
                                 prio, flag)
    predicates = latest_predicates(employee_ids=ids)
    periods = {
        e.id: jp_periods_covering(employment_type=e.employment_type,
                                  contract_start=e.contract_start, first=ctx.today,
                                  last=ctx.last_credit_on)
        for e in employees
    }
    totals: dict[tuple[int, dt.date], Decimal] = defaultdict(Decimal)
    earliest = min(p[0][0] for p in periods.values())
    for emp, occurred_on, credited in JpLedgerEntry.objects.filter(
        ids_q("employee_id", ids), occurred_on__gte=earliest
    ).values_list("employee_id", "occurred_on", "jp"):
        for start, end, _contract in periods[emp]:
            if start <= occurred_on <= end:
                totals[(emp, start)] += credited
    cutoff = ctx.now - dt.timedelta(days=365 * ctx.config.completed_within_years)
    completed: dict[int, set[int]] = defaultdict(set)
    for emp, page in Enrollment.objects.filter(
        ids_q("employee_id", ids), completion__completed_at__gte=cutoff
    ).values_list("employee_id", "session__page_id"):
        completed[emp].add(page)
    enrolled: dict[int, set[int]] = defaultdict(set)
    own: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for emp, page, starts, ends, cancelled in Enrollment.objects.filter(
        ids_q("employee_id", ids), status__in=ACTIVE, session__ends_at__gt=ctx.now
    ).values_list("employee_id", "session__page_id", "session__starts_at",
                  "session__ends_at", "session__is_cancelled"):
        enrolled[emp].add(page)
        if not cancelled:
            own[emp].append((starts, ends))
    dismissed: dict[int, dict[tuple[int, str], str]] = defaultdict(dict)
    for emp, workshop, kind, signature in RecommendationDismissal.objects.filter(
        ids_q("employee_id", ids)
    ).values_list("employee_id", "workshop_id", "kind", "gap_signature"):
        dismissed[emp][(workshop, kind)] = signature
    return [
        EmployeeState(
            employee=e,
            gaps=gaps.get(e.id, {}),
            predicate=predicates.get(e.id),
            jp_periods=tuple(JpPeriod(start, end, contract, totals[(e.id, start)])
                             for start, end, contract in periods[e.id]),
            completed=frozenset(completed.get(e.id, ())),
            enrolled=frozenset(enrolled.get(e.id, ())),
            own_sessions=tuple(sorted(own.get(e.id, ()))),
            dismissed=dismissed.get(e.id, {}),
        )
        for e in employees
    ]


def reco_chunk_compute(
    *, employee_ids: list[int], ctx: RecoContext
) -> Iterator[tuple[EmployeeFact, list[RecoRow], list[UncoveredRow]]]:
    for state in employee_states_load(employee_ids=employee_ids, ctx=ctx):
        e = state.employee
        rows, uncovered = recommendations_for_employee(
            state=state,
            workshops_by_competency=ctx.by_competency,
            unit_chain=ctx.unit_chains.get(e.unit_id, frozenset({e.unit_id})),
            jp_policy=ctx.jp_policies.get(e.employment_type),
            config=ctx.config,
        )
        yield e, rows, uncovered


# --- Writing one chunk --------------------------------------------------------------------


def _write_chunk(*, employee_ids: list[int], ctx: RecoContext) -> int:
    """Replace the chunk's rows with rows ranked in Python. Returns rows written."""
    Recommendation.objects.filter(ids_q("employee_id", employee_ids)).delete()
    UncoveredGap.objects.filter(ids_q("employee_id", employee_ids)).delete()
    recos: list[Recommendation] = []
    uncovered: list[UncoveredGap] = []
    for e, rows, gaps in reco_chunk_compute(employee_ids=employee_ids, ctx=ctx):
        recos.extend(
            Recommendation(
                employee_id=e.id, workshop_id=r.workshop_id, session_id=r.session_id,
                kind=r.kind, rank=r.rank, score=r.score, reason=json.loads(r.reason),
                gap_signature=r.gap_signature, computed_at=ctx.now,
            )
            for r in rows
        )
        uncovered.extend(
            UncoveredGap(
                employee_id=e.id, competency_id=u.competency_id, unit_id=e.unit_id,
                required_level=u.required, assessed_level=u.assessed, priority=u.priority,
                computed_at=ctx.now,
            )
            for u in gaps
        )
    Recommendation.objects.bulk_create(recos, batch_size=1000)
    UncoveredGap.objects.bulk_create(uncovered, batch_size=1000)
    return len(recos)


def _chunk_replace(
    *, employee_ids: list[int], ctx: RecoContext, in_database: bool | None = None
) -> int:
    """Recompute and replace these employees' rows. Must run inside a transaction."""
    derived_rows_replace_begin(employee_ids=employee_ids)
    if in_database is None:
        in_database = ctx.config.compute_in_database and connection.vendor == "postgresql"
    if in_database:
        from learning.recommendations.compute_sql import reco_chunk_replace_in_database

        return reco_chunk_replace_in_database(employee_ids=employee_ids, ctx=ctx)
    return _write_chunk(employee_ids=employee_ids, ctx=ctx)


def recommendations_recompute_chunk(
    *, employee_ids: list[int], ctx: RecoContext | None = None, in_database: bool | None = None
) -> int:
    """Recompute these employees' recommendations (one chunk, one transaction).

    Idempotent: the chunk's rows are replaced. `in_database` None: the SQL rules on
    PostgreSQL; True/False forces a path (tests compare them). Returns rows written."""
    ctx = ctx or reco_context_load()
    ids = sorted(set(employee_ids))
    with transaction.atomic():
        return _chunk_replace(employee_ids=ids, ctx=ctx, in_database=in_database)


def recommendations_recompute_for_employees(*, employee_ids: Iterable[int]) -> None:
    """Recompute these employees now, chunked (the task behind the enqueue, the demo)."""
    ctx = reco_context_load()
    for chunk in chunks_split(sorted(set(employee_ids)), ctx.config.chunk_size):
        recommendations_recompute_chunk(employee_ids=chunk, ctx=ctx)


def recommendations_recompute_enqueue(*, employee_ids: Iterable[int]) -> None:
    """Queue these employees' recomputation, one Celery task per chunk, when the
    current transaction commits (at once outside one)."""
    from learning.recommendations.tasks import recommendations_recompute_for_employees_task

    for chunk in chunks_split(sorted(set(employee_ids)), recommendation_config().chunk_size):
        recommendations_recompute_for_employees_task.delay_on_commit(  # type: ignore[attr-defined]  # a DjangoTask
            chunk)


def employees_concerned_by_workshops(*, workshop_ids: Iterable[int]) -> set[int]:
    """Employees with a gap in a competency these workshops develop, and those who
    already hold a suggestion of one (a talent one, say): the only ones whose list a
    change to these workshops can alter. Two queries."""
    from learning.models import WorkshopCompetency

    ids = list(workshop_ids)
    if not ids:
        return set()
    competencies = WorkshopCompetency.objects.filter(page_id__in=ids).values("competency_id")
    found = set(
        CompetencyGap.objects.filter(competency_id__in=competencies, gap__gt=0)
        .values_list("employee_id", flat=True).distinct()
    )
    found.update(Recommendation.objects.filter(workshop_id__in=ids).values_list(
        "employee_id", flat=True))
    return found


def recommendations_changes_apply(
    *, employee_ids: Iterable[int], workshop_ids: Iterable[int], session_ids: Iterable[int]
) -> None:
    """Queue the recomputation of everyone a committed change concerns: the people
    who enrolled or cancelled, and for each published/unpublished workshop or session
    now full, the employees it concerns. Idempotent."""
    from learning.models import SessionSeats

    workshops = set(workshop_ids)
    sessions = list(session_ids)
    if sessions:
        workshops.update(
            SessionSeats.objects.filter(session_id__in=sessions,
                                        taken__gte=F("session__capacity"))
            .values_list("session__page_id", flat=True))
    ids = set(employee_ids) | employees_concerned_by_workshops(workshop_ids=workshops)
    recommendations_recompute_enqueue(employee_ids=ids)


def recommendations_recompute_for_workshop(*, workshop_id: int) -> None:
    """A workshop changed: queue the recomputation of the employees it concerns."""
    recommendations_recompute_enqueue(
        employee_ids=employees_concerned_by_workshops(workshop_ids=[workshop_id]))


# --- The bulk job ---------------------------------------------------------------------------


def reco_job_create(
    *, started_by: User | None = None
) -> tuple[RecommendationJob, list[list[int]], bool]:
    """Create a job over every active employee (or return the running one; see
    config.jobs.chunks.job_create). Must run inside a transaction."""
    config = recommendation_config()
    return job_create(
        job_model=RecommendationJob, ids=_active_employee_ids(), chunk_size=config.chunk_size,
        stale_minutes=config.job_stale_minutes, started_by=started_by,
    )


def _active_employee_ids() -> list[int]:
    return list(Employee.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))


def recommendations_recompute_all(*, started_by: User | None = None) -> RecommendationJob:
    """Start recomputing everyone: a job row and one Celery task per chunk (after
    commit). A second start while a job runs returns the running job."""
    from learning.recommendations.tasks import recommendations_chunk_task

    config = recommendation_config()
    return job_start(
        job_model=RecommendationJob, ids=_active_employee_ids(), chunk_size=config.chunk_size,
        stale_minutes=config.job_stale_minutes, task=recommendations_chunk_task,
        started_by=started_by,
    )


def reco_job_chunk_run(*, job_id: int, number: int, employee_ids: list[int]) -> None:
    """Run one chunk of a job and count it once (its RecommendationJobChunk row is
    unique; config.jobs.chunks.job_chunk_run). Idempotent."""
    ids = sorted(set(employee_ids))
    job_chunk_run(
        job_model=RecommendationJob, chunk_model=RecommendationJobChunk, job_id=job_id,
        number=number, size=len(employee_ids), prepare=reco_context_load,
        work=lambda ctx: _chunk_replace(employee_ids=ids, ctx=ctx),
    )


def reco_job_mark_failed(*, job_id: int, error: str) -> None:
    RecommendationJob.mark_failed(job_id=job_id, error=error)


# --- What people do ----------------------------------------------------------------------------


def recommendation_dismiss(
    *, recommendation: Recommendation, reason: str
) -> RecommendationDismissal:
    """Hide a suggestion until the gap data it rests on changes; the employee's
    list is re-ranked at once (one employee: a chunk of one)."""
    with transaction.atomic():
        dismissal, _created = RecommendationDismissal.objects.update_or_create(
            employee_id=recommendation.employee_id, workshop_id=recommendation.workshop_id,
            kind=recommendation.kind,
            defaults={"reason": reason, "gap_signature": recommendation.gap_signature},
        )
        recommendations_recompute_chunk(employee_ids=[recommendation.employee_id])
    return dismissal


def recommendation_assign(
    *, recommendation: Recommendation, assigned_by: Employee, note: str = ""
) -> RecommendationAssignment:
    """A supervisor asks a team member to take a suggested workshop; the employee
    is emailed (after commit). Idempotent: assigning twice keeps one row."""
    from learning.recommendations.tasks import recommendation_assignment_notify_task

    with transaction.atomic():
        assignment, created = RecommendationAssignment.objects.get_or_create(
            employee_id=recommendation.employee_id, workshop_id=recommendation.workshop_id,
            defaults={"assigned_by": assigned_by, "note": note[:300]},
        )
        if created:
            recommendation_assignment_notify_task.delay_on_commit(assignment.pk)
    return assignment


def recommendation_assignment_notify(*, assignment_id: int) -> bool:
    """Email the employee who was assigned a workshop, once per assignment (the
    assignment's `notified_at` is the claim; config.notifications.notification_send).
    Returns whether a mail went out."""
    from config.notifications import Notice, notification_send

    assignment = (
        RecommendationAssignment.objects.select_related("employee", "assigned_by", "workshop")
        .filter(pk=assignment_id).first()
    )
    if assignment is None:
        return False
    title = assignment.workshop.title

    def compose() -> Notice:
        paragraphs = [_("%(boss)s asks you to take the workshop \"%(title)s\", suggested to "
                        "you because it closes one of your competency gaps.")
                      % {"boss": assignment.assigned_by.name, "title": title}]
        if assignment.note:
            paragraphs.append(_("Note: %(note)s") % {"note": assignment.note})
        paragraphs.append(_("Enroll from your Bangkom home page or the workshop page."))
        return Notice(subject=_("Your supervisor asks you to take: %(title)s") % {"title": title},
                      greet=assignment.employee.name, paragraphs=paragraphs,
                      link=assignment.workshop.get_url() or "/")

    return notification_send(
        to=[assignment.employee.email], compose=compose,
        once=lambda: RecommendationAssignment.objects.filter(
            pk=assignment.pk, notified_at__isnull=True).update(notified_at=timezone.now()) > 0)
