"""Read-side queries for the workshop catalog: what is visible, search and filters,
and the data the index and workshop pages show. Every function here runs a
constant number of queries whatever the number of workshops or sessions."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from learning.catalog.gap_scores import catalog_gap_scores
from learning.enrollment.eligibility import workshop_ineligibility_reasons, workshops_eligible_for
from learning.enrollment.selectors import sessions_with_seats
from learning.models import (
    LearningForm,
    WorkshopCompetency,
    WorkshopIndexPage,
    WorkshopPage,
    WorkshopSession,
)
from people.models import Employee, PositionKind

if TYPE_CHECKING:
    from learning.completion.services import WorkshopJp

# Search hits beyond this many are not shown (the index shows 12 per page).
SEARCH_HIT_LIMIT = 300


def catalog_index_get() -> WorkshopIndexPage | None:
    """The catalog index page (/pelatihan/), created by a data migration."""
    return WorkshopIndexPage.objects.order_by("path").first()


def _not_expired_q(now: dt.datetime) -> Q:
    # An expired page stays `live` until Wagtail's publish_scheduled job runs, so the
    # expiry date itself is checked too.
    return Q(expire_at__isnull=True) | Q(expire_at__gt=now)


def workshop_list_visible() -> QuerySet[WorkshopPage]:
    """Workshops anyone may see: live, public (no view restriction) and not expired."""
    return WorkshopPage.objects.live().public().filter(_not_expired_q(timezone.now()))


def workshop_is_visible(*, workshop: WorkshopPage) -> bool:
    """The same rule as workshop_list_visible for one page already loaded (one query
    for view restrictions)."""
    if not workshop.live or (workshop.expire_at and workshop.expire_at <= timezone.now()):
        return False
    return not workshop.get_view_restrictions().exists()


def catalog_next_change(*, now: dt.datetime | None = None) -> dt.datetime | None:
    """The next moment the index's results change by the clock alone: a session of
    a live workshop starts or ends or closes its registration, or a live workshop
    reaches its expiry date.
    Cached results must not outlive it. One aggregate query."""
    now = now or timezone.now()
    upcoming = Q(sessions__is_cancelled=False)
    times = WorkshopPage.objects.filter(live=True).aggregate(
        start=Min("sessions__starts_at", filter=upcoming & Q(sessions__starts_at__gt=now)),
        end=Min("sessions__ends_at", filter=upcoming & Q(sessions__ends_at__gt=now)),
        # A card speaks about the next session one can still enrol in, and the
        # "seats available" filter counts only those: both change when one closes.
        closes=Min("sessions__registration_closes_at",
                   filter=upcoming & Q(sessions__registration_closes_at__gt=now)),
        expiry=Min("expire_at", filter=Q(expire_at__gt=now)),
    )
    found = [t for t in times.values() if t is not None]
    return min(found) if found else None


def session_list_visible() -> QuerySet[WorkshopSession]:
    """Sessions of visible workshops."""
    return WorkshopSession.objects.filter(page__in=workshop_list_visible())


def _upcoming_sessions(now: dt.datetime) -> QuerySet[WorkshopSession]:
    return WorkshopSession.objects.filter(ends_at__gt=now, is_cancelled=False)


def _enrollable_q(now: dt.datetime) -> Q:
    """Sessions one can still enrol in (now or once registration opens): not
    cancelled, not started, registration not closed. session_can_still_enrol is
    the same rule in Python (the cards), tested to agree."""
    return Q(is_cancelled=False, starts_at__gt=now, registration_closes_at__gt=now)


def session_can_still_enrol(session: WorkshopSession, *, now: dt.datetime) -> bool:
    return (not session.is_cancelled and session.starts_at > now
            and session.registration_closes_at > now)


@dataclass(frozen=True)
class CatalogFilters:
    """The index page's search box and filters, already validated."""

    query: str = ""
    competency_id: int | None = None
    form_id: int | None = None
    month: dt.date | None = None  # first day of the month
    seats_available: bool = False
    eligible_only: bool = False
    # "Sesuai kesenjangan saya": the workshops suggested to the employee for their
    # gaps (learning.recommendations), best score first.
    matching_gaps: bool = False


def _month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime(month.year, month.month, 1, tzinfo=tz)
    nxt = dt.datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=tz)
    return start, nxt


def catalog_search(*, filters: CatalogFilters, employee: Employee | None) -> QuerySet[WorkshopPage]:
    """Visible workshops matching the search and filters, soonest session first
    (workshops with no upcoming session last), or by relevance when searching.

    Search uses Wagtail's search backend (PostgreSQL full-text on PostgreSQL)."""
    now = timezone.now()
    qs = workshop_list_visible()
    if filters.competency_id:
        qs = qs.filter(
            Exists(WorkshopCompetency.objects.filter(
                page_id=OuterRef("pk"), competency_id=filters.competency_id))
        )
    if filters.form_id:
        qs = qs.filter(learning_form_id=filters.form_id)
    if filters.month:
        start, end = _month_bounds(filters.month)
        qs = qs.filter(Exists(WorkshopSession.objects.filter(
            page_id=OuterRef("pk"), is_cancelled=False, starts_at__gte=start, starts_at__lt=end)))
    if filters.seats_available:
        # The same sessions and seats a card speaks about (workshop_seat_summary).
        open_seats = sessions_with_seats(
            WorkshopSession.objects.filter(_enrollable_q(now), page_id=OuterRef("pk")))
        qs = qs.filter(Exists(open_seats.filter(seats_left__gt=0)))
    if filters.eligible_only:
        qs = workshops_eligible_for(employee=employee, queryset=qs)
    gap_score = None
    if filters.matching_gaps:
        # The stored gap suggestions (learning.recommendations registers the query).
        scores = catalog_gap_scores(employee_id=employee.pk if employee else None)
        if scores is None:
            qs = qs.none()
        else:
            gap_score = Subquery(scores.values("score")[:1])
            # Only what the employee may enroll in, as on the home panel: a suggestion
            # stored before a move to another unit or golongan is not offered.
            qs = workshops_eligible_for(employee=employee, queryset=qs.filter(Exists(scores)))

    next_start = (
        _upcoming_sessions(now).filter(page_id=OuterRef("pk"), starts_at__gt=now)
        .order_by("starts_at").values("starts_at")[:1]
    )
    qs = qs.annotate(next_start=Subquery(next_start))
    if filters.query:
        hits = WorkshopPage.objects.live().search(filters.query, fields=None)[:SEARCH_HIT_LIMIT]
        ids = [hit.pk for hit in hits]
        rank = Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)],
                    default=Value(len(ids)), output_field=IntegerField())
        # Workshops someone can still attend first, each group in relevance order: a
        # perfect match with no upcoming session helps nobody who searches to enroll.
        has_upcoming = Case(When(next_start__isnull=False, then=Value(0)), default=Value(1),
                            output_field=IntegerField())
        return (qs.filter(pk__in=ids).annotate(search_rank=rank, no_upcoming=has_upcoming)
                .order_by("no_upcoming", "search_rank", "pk"))
    if gap_score is not None:
        return qs.annotate(gap_score=gap_score).order_by(
            F("gap_score").desc(), F("next_start").asc(nulls_last=True), "pk")
    return qs.order_by(F("next_start").asc(nulls_last=True), "title", "pk")


def catalog_cards_queryset(queryset: QuerySet[WorkshopPage]) -> QuerySet[WorkshopPage]:
    """Add what a result card shows to a results queryset: the form (joined), the
    upcoming sessions with seats and the competencies (one prefetch query each), so a
    page of results costs three queries. Paginate after this, then call catalog_cards."""
    upcoming = sessions_with_seats(
        _upcoming_sessions(timezone.now()).select_related("seats").order_by("starts_at", "pk")
    )
    return queryset.select_related("learning_form").prefetch_related(
        Prefetch("sessions", queryset=upcoming, to_attr="upcoming_sessions"),
        Prefetch(
            "competencies",
            queryset=WorkshopCompetency.objects.select_related("competency").order_by(
                "sort_order", "pk"),
            to_attr="competency_links",
        ),
    )


@dataclass(frozen=True)
class SeatSummary:
    """What a workshop's card says about dates and seats. `session` is the next
    session one can still enrol in (else the next upcoming one, registration
    closed); `seats_left` is its own (never a sum over sessions: the seats of a
    January session are no use to someone looking at a full December one); when it
    is full, `other` is the next session one can still enrol in that has seats."""

    session: WorkshopSession | None
    session_count: int  # upcoming sessions
    seats_left: int = 0
    registration_closed: bool = False
    other: WorkshopSession | None = None

    @property
    def is_full(self) -> bool:
        return self.session is not None and not self.registration_closed and self.seats_left == 0


def workshop_seat_summary(*, sessions: list[WorkshopSession],
                          now: dt.datetime | None = None) -> SeatSummary:
    """The card's summary from a workshop's upcoming sessions in date order, each
    annotated by sessions_with_seats (the one seat count). No query."""
    now = now or timezone.now()
    enrollable = [s for s in sessions if session_can_still_enrol(s, now=now)]
    if not enrollable:
        return SeatSummary(session=sessions[0] if sessions else None,
                           session_count=len(sessions), registration_closed=bool(sessions))
    first = enrollable[0]
    other = None
    if first.seats_left == 0:
        other = next((s for s in enrollable[1:] if s.seats_left > 0), None)
    return SeatSummary(session=first, session_count=len(sessions),
                       seats_left=first.seats_left, other=other)


def catalog_cards(*, workshops: Iterable[WorkshopPage]) -> list[WorkshopPage]:
    """Evaluate one page of results from catalog_cards_queryset and set `seat_summary`
    (workshop_seat_summary) on each workshop."""
    now = timezone.now()
    pages = list(workshops)
    for page in pages:
        page.seat_summary = workshop_seat_summary(sessions=page.upcoming_sessions, now=now)
        page.jp_credit = _jp_credit(page=page, session=page.seat_summary.session)
    return pages


def _jp_credit(*, page: WorkshopPage, session: WorkshopSession | None) -> WorkshopJp | None:
    """What completing the session the page names credits and by which rule
    (learning.completion's session_jp_figure); None without a session (the
    workshop's listed JP is shown). No query: the session's page is this page."""
    from learning.completion.services import session_jp_figure

    if session is None:
        return None
    session.page = page
    return session_jp_figure(session=session)


@dataclass
class SessionRow:
    """One session as the workshop page shows it."""

    session: WorkshopSession
    seats_left: int
    is_past: bool
    registration_open: bool
    registration_not_yet: bool
    state: dict | None = None
    jp_credit: object = None  # learning.completion's session_jp_figure


@dataclass
class WorkshopDetail:
    sessions: list[SessionRow]
    competencies: list[WorkshopCompetency]
    eligibility_rules: list[str]
    ineligibility_reasons: list[str] = field(default_factory=list)
    is_eligible: bool = True
    jp_credit: object = None  # session_jp_figure of the next session (else the first)


def workshop_sessions(*, workshop: WorkshopPage) -> list[SessionRow]:
    """The workshop's sessions by date with seats left and registration state (one query)."""
    now = timezone.now()
    rows = []
    for s in sessions_with_seats(workshop.sessions.all()).order_by("starts_at", "pk"):
        rows.append(SessionRow(
            session=s,
            seats_left=s.seats_left,
            is_past=s.ends_at <= now,
            registration_open=(not s.is_cancelled and s.registration_opens_at <= now
                               < s.registration_closes_at and s.ends_at > now),
            registration_not_yet=now < s.registration_opens_at,
        ))
    return rows


def workshop_eligibility_rules(*, workshop: WorkshopPage) -> list[str]:
    """The workshop's eligibility rules in words (in the active language). Uses the
    prefetched/selected eligible_units and ranks."""
    rules = []
    kinds = [str(PositionKind(k).label) for k in (workshop.eligible_position_kinds or [])
             if k in PositionKind.values]
    if kinds:
        rules.append(_("Position kinds: %(kinds)s") % {"kinds": ", ".join(kinds)})
    low, high = workshop.eligible_rank_min, workshop.eligible_rank_max
    if low and high:
        rules.append(_("Golongan %(low)s to %(high)s") % {"low": low.code, "high": high.code})
    elif low:
        rules.append(_("Golongan %(low)s or higher") % {"low": low.code})
    elif high:
        rules.append(_("Golongan %(high)s or lower") % {"high": high.code})
    units = [u.name for u in workshop.eligible_units.all()]
    if units:
        rules.append(_("Employees of %(units)s (including the units below them)")
                     % {"units": ", ".join(units)})
    if not rules:
        rules.append(_("Open to all employees"))
    return rules


def workshop_detail(*, workshop: WorkshopPage, employee: Employee | None) -> WorkshopDetail:
    """Everything the workshop page shows besides the page's own fields. A constant
    number of queries: sessions with seats, competencies, eligible units, and the
    employee's unit chain for eligibility."""
    # Eligible units are read twice (rules in words, this employee's reasons): once.
    prefetch_related_objects([workshop], "eligible_units")
    competencies = list(
        workshop.competencies.select_related("competency").order_by("sort_order", "pk")
    )
    detail = WorkshopDetail(
        sessions=workshop_sessions(workshop=workshop),
        competencies=competencies,
        eligibility_rules=workshop_eligibility_rules(workshop=workshop),
    )
    for row in detail.sessions:
        row.jp_credit = _jp_credit(page=workshop, session=row.session)
    upcoming = [row for row in detail.sessions if not row.is_past and not row.session.is_cancelled]
    if upcoming or detail.sessions:
        detail.jp_credit = (upcoming or detail.sessions)[0].jp_credit
    if employee is not None:
        detail.ineligibility_reasons = workshop_ineligibility_reasons(
            workshop=workshop, employee=employee)
        detail.is_eligible = not detail.ineligibility_reasons
    return detail


def workshop_next_change(*, workshop: WorkshopPage, sessions: list[SessionRow],
                         now: dt.datetime | None = None) -> dt.datetime | None:
    """The next moment `workshop`'s page changes by the clock alone (a session's
    registration opens or closes, it starts or ends, the page expires). No query."""
    now = now or timezone.now()
    times = [workshop.expire_at]
    for row in sessions:
        s = row.session
        times += [s.registration_opens_at, s.registration_closes_at, s.starts_at, s.ends_at]
    future = [t for t in times if t is not None and t > now]
    return min(future) if future else None


def catalog_filter_choices() -> dict:
    """Competencies and forms that the visible workshops use, for the filter menus
    (two queries)."""
    from competencies.models import Competency

    visible = workshop_list_visible()
    return {
        "competencies": list(Competency.objects.filter(
            workshop_links__page__in=visible).distinct().order_by("code")),
        "forms": list(LearningForm.objects.filter(workshops__in=visible).distinct()
                      .order_by("category", "order", "name")),
    }


def upcoming_sessions_for_home(
    *, limit: int = 5, employee: Employee | None = None
) -> list[WorkshopSession]:
    """The next sessions with open registration in visible workshops, for the home
    page panel (one query). With `employee`, sessions of workshops they are already
    in (enrolled, waiting for approval or waitlisted) are left out: the panel offers
    what to take next, "My training" lists what they are in; and only workshops they
    are eligible for, by the rule the workshop page and the enrollment service apply
    (a pelaksana was offered a coaching for pengawas the workshop page then refused)."""
    from learning.models import ACTIVE_STATUSES, Enrollment

    now = timezone.now()
    qs = session_list_visible().filter(
        is_cancelled=False, starts_at__gt=now, registration_closes_at__gt=now,
        registration_opens_at__lte=now,
    )
    if employee is not None:
        qs = qs.exclude(Exists(Enrollment.objects.filter(
            employee=employee, status__in=ACTIVE_STATUSES,
            session__page_id=OuterRef("page_id"), session__ends_at__gt=now,
        )))
        qs = qs.filter(page__in=workshops_eligible_for(employee=employee).values("pk"))
    return list(
        sessions_with_seats(qs).select_related("page", "seats").order_by("starts_at", "pk")[:limit]
    )


# --- Calendar --------------------------------------------------------------------

FEED_PAST_DAYS = 180
SEAT_STATUSES = ("ENROLLED", "PENDING_APPROVAL")


@dataclass(frozen=True)
class FeedEntry:
    session: WorkshopSession
    sequence: int
    cancelled: bool
    tentative: bool


def session_get_for_calendar(*, session_id: int) -> WorkshopSession | None:
    """A session of a visible workshop, with its page and calendar state; None if
    there is none (unknown id, or the workshop is unpublished, expired or private)."""
    return (
        session_list_visible().select_related("page", "calendar_state")
        .filter(pk=session_id).first()
    )


def session_sequence(session: WorkshopSession) -> int:
    """The session's SEQUENCE (0 if it was never synced)."""
    # RelatedObjectDoesNotExist is an AttributeError: getattr's default covers it.
    state = getattr(session, "calendar_state", None)
    return state.sequence if state is not None else 0


def calendar_feed_entries(*, employee: Employee) -> list[FeedEntry]:
    """The sessions on `employee`'s private calendar: those they hold a seat in
    (enrolled: CONFIRMED, waiting for approval: TENTATIVE) and those whose enrollment
    ended (cancelled, rejected, lapsed) or whose session was cancelled (CANCELLED), so
    calendar apps remove them. Only visible workshops; sessions that ended more than
    FEED_PAST_DAYS ago are left out. One query (plus Wagtail's view-restriction list).

    SEQUENCE = the session's own counter + 2 per earlier enrollment + 1 if the latest
    enrollment is no longer holding a seat: it only ever goes up for a given UID."""
    from learning.models import Enrollment

    since = timezone.now() - dt.timedelta(days=FEED_PAST_DAYS)
    enrollments = (
        Enrollment.objects.filter(
            employee=employee, session__ends_at__gte=since,
            session__page__in=workshop_list_visible(),
        )
        .exclude(status="WAITLISTED")
        .select_related("session__page", "session__calendar_state")
        .order_by("session__starts_at", "session_id", "pk")
    )
    by_session: dict[int, list] = {}
    for enrollment in enrollments:
        by_session.setdefault(enrollment.session_id, []).append(enrollment)
    entries = []
    for rows in by_session.values():
        latest = rows[-1]
        session = latest.session
        holds_seat = latest.status in SEAT_STATUSES
        entries.append(FeedEntry(
            session=session,
            sequence=session_sequence(session) + 2 * (len(rows) - 1) + (0 if holds_seat else 1),
            cancelled=session.is_cancelled or not holds_seat,
            tentative=latest.status == "PENDING_APPROVAL",
        ))
    return entries


def calendar_feed_employee(*, token: str) -> Employee | None:
    """The active employee whose feed `token` is, or None (unknown or revoked)."""
    from learning.models.workshops import CalendarFeedToken

    if not token or len(token) > 64:
        return None
    row = (CalendarFeedToken.objects.select_related("employee")
           .filter(token=token, employee__is_active=True).first())
    return row.employee if row else None
