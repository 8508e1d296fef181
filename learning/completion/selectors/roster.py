"""The roster a facilitator or HR marks (attendance per day, scores, completion and
the session's summary), and the sessions a facilitator's roster links list."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Prefetch
from django.utils import timezone

from learning.completion.selectors.percent import percent_of
from learning.completion.services.jp import session_days
from learning.enrollment.selectors import sessions_with_seats
from learning.models import Enrollment, EnrollmentStatus, WorkshopSession
from learning.models.completion import AttendanceRecord, Completion, Evaluation
from people.models import User
from people.roles import user_is_deactivated


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
        fill_percent=percent_of(enrolled, capacity),
        present_per_day=[sum(1 for r in rows if d in r.present_days) for d in days],
        completed=sum(1 for r in rows if r.completion is not None),
        evaluations=evaluations,
        has_post_test=session.page.passing_score is not None,
        has_ended=session.ends_at <= now,
        has_started=session.starts_at <= now,
        seats_left=session.seats_left,
        seats_pending=max(0, session.seats_taken - enrolled),
    )


def _has_related(obj: object, name: str) -> bool:
    try:
        getattr(obj, name)
    except Exception:  # RelatedObjectDoesNotExist for a missing one-to-one
        return False
    return True


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
