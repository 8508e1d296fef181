"""Read-side queries for enrollment, and the permission-checked fetches
(`<thing>_get_for_<role>`) the views use. Each runs a constant number of queries."""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from learning.enrollment.eligibility import workshop_visibility_reasons
from learning.models import (
    ACTIVE_STATUSES,
    Enrollment,
    EnrollmentStatus,
    WorkshopSession,
)
from people.models import Employee, User
from people.roles import employee_for, user_is_hr


def waitlist_position_expression() -> Case:
    """1-based place in the session's waitlist (first come: waitlisted_at, then id)
    for WAITLISTED rows, NULL otherwise: one correlated COUNT, no extra query."""
    ahead = (
        Enrollment.objects.filter(
            session_id=OuterRef("session_id"), status=EnrollmentStatus.WAITLISTED
        )
        .filter(
            Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
            | Q(waitlisted_at=OuterRef("waitlisted_at"), id__lt=OuterRef("id"))
        )
        .order_by()
        .values("session_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Case(
        When(
            status=EnrollmentStatus.WAITLISTED,
            then=Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)) + 1,
        ),
        default=None,
        output_field=IntegerField(),
    )


def waitlist_for(*, session_id: int) -> QuerySet[Enrollment]:
    """The session's waitlist in promotion order."""
    return Enrollment.objects.filter(
        session_id=session_id, status=EnrollmentStatus.WAITLISTED
    ).order_by("waitlisted_at", "id")


# --- seats: the one definition -----------------------------------------------------

def seats_left_expression() -> Case:
    """The seats a newcomer can still take in a session, as an annotation of a
    WorkshopSession queryset: capacity − seats held (enrolled + waiting for approval,
    the SessionSeats counter the services keep), never below 0, and 0 while anyone
    is on the waitlist (a freed seat goes to the waitlist first, `_seat_take`, so a
    newcomer would join it, not get it).

    The one definition of "seats left": the catalog's cards and filter, the workshop
    page, the home panel, the roster and the session report all read it, so they
    cannot disagree about the same session."""
    waiting = Enrollment.objects.filter(
        session_id=OuterRef("pk"), status=EnrollmentStatus.WAITLISTED)
    return Case(
        When(Exists(waiting), then=Value(0)),
        default=Greatest(F("capacity") - Coalesce(F("seats__taken"), Value(0)), Value(0)),
        output_field=IntegerField(),
    )


def sessions_with_seats(queryset: QuerySet[WorkshopSession]) -> QuerySet[WorkshopSession]:
    """Annotate `seats_left` (seats_left_expression) and `seats_taken` (seats held:
    enrolled + waiting for approval) on a session queryset; no extra query."""
    return queryset.annotate(
        seats_left=seats_left_expression(),
        seats_taken=Coalesce(F("seats__taken"), Value(0)),
    )


def session_shared_states(*, session_ids: Iterable[int]) -> dict[int, dict]:
    """What every viewer sees of these sessions (capacity, seats left as
    seats_left_expression counts them, the times that open and close registration):
    one query. The
    catalog keeps it with a workshop page's shared body (an enrollment anywhere
    renews the catalog token, so it is never older than the seat counters)."""
    ids = list(session_ids)
    if not ids:
        return {}
    rows = {row["pk"]: row for row in sessions_with_seats(
        WorkshopSession.objects.filter(pk__in=ids)
    ).values(
        "pk", "capacity", "starts_at", "ends_at", "registration_opens_at",
        "registration_closes_at",
        "is_cancelled", "seats_left", "online_url", "facilitator_user_id",
    )}
    return {pk: rows[pk] for pk in ids if pk in rows}  # in the order asked


@dataclass(frozen=True)
class ActiveEnrollment:
    """A user's active enrollment in one session, as the enrollment controls show it."""

    enrollment_id: int
    status: str
    position: int | None  # waitlist place, WAITLISTED only
    approval_deadline: dt.datetime | None

    @property
    def status_label(self) -> str:
        return str(EnrollmentStatus(self.status).label)


def active_enrollments_for(*, user: User,
                           session_ids: Iterable[int] | None = None) -> dict[int, ActiveEnrollment]:
    """The user's active enrollments (in `session_ids`, or all of them) by session id.
    One query; a second only when one of them is on a waitlist (its place)."""
    if not user.is_authenticated:
        return {}
    rows = Enrollment.objects.filter(employee__user=user, employee__is_active=True,
                                     status__in=ACTIVE_STATUSES)
    if session_ids is not None:
        rows = rows.filter(session_id__in=list(session_ids))
    found = list(rows.values_list("session_id", "id", "status", "approval_deadline"))
    waitlisted = [pk for _s, pk, status, _d in found if status == EnrollmentStatus.WAITLISTED]
    positions = dict(
        Enrollment.objects.filter(pk__in=waitlisted)
        .annotate(position=waitlist_position_expression())
        .values_list("pk", "position")
    ) if waitlisted else {}
    return {session_id: ActiveEnrollment(enrollment_id=pk, status=status,
                                         position=positions.get(pk),
                                         approval_deadline=deadline)
            for session_id, pk, status, deadline in found}


def session_states_for(
    *, user: User, session_ids: Iterable[int], shared: dict[int, dict] | None = None,
    mine: dict[int, ActiveEnrollment] | None = None,
) -> dict[int, dict]:
    """Per session id, what this user's enrollment looks like and what they may do.

    Keys: status, status_label, enrollment_id, position (waitlist place or None),
    approval_deadline, can_enroll, will_waitlist, can_cancel, closed_reason,
    seats_left, capacity. Reads `shared` (session_shared_states) and `mine`
    (active_enrollments_for) when given, else queries them: at most three queries
    whatever the number of sessions. The catalog's workshop page passes both from
    its cache."""
    ids = list(session_ids)
    if not ids:
        return {}
    if mine is None:
        mine = active_enrollments_for(user=user, session_ids=ids)
    if shared is None:
        shared = session_shared_states(session_ids=ids)
    now = timezone.now()
    user_id = user.pk if user.is_authenticated else None
    return {pk: _session_state(shared[pk], mine.get(pk), user_id=user_id,
                               authenticated=user.is_authenticated, now=now)
            for pk in ids if pk in shared}


def session_common_states(*, shared: dict[int, dict]) -> dict[int, dict]:
    """Per session id, the state most viewers of a workshop page share: logged in,
    not enrolled there and not its facilitator (session_states_for gives the same
    for such a viewer). The catalog renders their enrollment controls once."""
    now = timezone.now()
    return {pk: _session_state(s, None, user_id=None, authenticated=True, now=now)
            for pk, s in shared.items()}


def enrollment_may_cancel(*, status: str | None, session_cancelled: bool,
                          starts_at: dt.datetime, now: dt.datetime) -> bool:
    """Whether the owner may still cancel: an active enrollment in a session that is
    not cancelled and has not started (enrollment_cancel's rule). The workshop
    page's controls, "Pendaftaran saya" and the cancel question all ask this."""
    return status in ACTIVE_STATUSES and not session_cancelled and starts_at > now


def _session_state(s: dict, enrollment: ActiveEnrollment | None, *, user_id: int | None,
                   authenticated: bool, now: dt.datetime) -> dict:
    seats_left = s["seats_left"]
    closed_reason = ""
    if s["is_cancelled"]:
        closed_reason = _("This session has been cancelled.")
    elif s["starts_at"] <= now:
        closed_reason = _("This session has already started.")
    elif now < s["registration_opens_at"]:
        closed_reason = _("Registration for this session is not open yet.")
    elif now > s["registration_closes_at"]:
        closed_reason = _("Registration for this session has closed.")
    return {
        "status": enrollment.status if enrollment else None,
        "status_label": enrollment.status_label if enrollment else "",
        "enrollment_id": enrollment.enrollment_id if enrollment else None,
        "position": enrollment.position if enrollment else None,
        "approval_deadline": enrollment.approval_deadline if enrollment else None,
        "can_enroll": bool(authenticated and enrollment is None and not closed_reason),
        # seats_left is 0 while anyone waits: a newcomer joins the waitlist.
        "will_waitlist": seats_left == 0,
        "can_cancel": enrollment_may_cancel(
            status=enrollment.status if enrollment else None,
            session_cancelled=s["is_cancelled"], starts_at=s["starts_at"], now=now),
        "closed_reason": closed_reason,
        "seats_left": seats_left,
        "capacity": s["capacity"],
        # The meeting link only for those taking part: enrolled, the facilitator,
        # or HR (who arranges it; `online_url_for_hr`).
        "online_url": s["online_url"] if (
            (enrollment and enrollment.status == EnrollmentStatus.ENROLLED)
            or (user_id is not None and s["facilitator_user_id"] == user_id)
        ) else "",
        "online_url_for_hr": s["online_url"],
    }


def enrollments_for_employee(*, employee: Employee) -> QuerySet[Enrollment]:
    """The employee's enrollments, newest session first, with waitlist positions and
    completions (so a finished workshop reads "Completed", not "Enrolled"). One query."""
    return (
        Enrollment.objects.filter(employee=employee)
        .select_related("session", "session__page", "completion")
        .annotate(position=waitlist_position_expression())
        .order_by("-session__starts_at", "-id")
    )


def upcoming_enrollments_for(*, employee: Employee, limit: int = 5) -> list[Enrollment]:
    """Active enrollments in sessions that have not started, soonest first. One query."""
    return list(
        Enrollment.objects.filter(
            employee=employee, status__in=ACTIVE_STATUSES,
            session__starts_at__gt=timezone.now(), session__is_cancelled=False,
        )
        .select_related("session", "session__page")
        .annotate(position=waitlist_position_expression())
        .order_by("session__starts_at")[:limit]
    )


def _approver_filter(*, user: User) -> Q | None:
    """Pending requests this user decides: a supervisor those of their direct
    reports; HR those of employees with no active supervisor who has a login."""
    me = employee_for(user)
    q = Q(employee__supervisor=me) if me is not None else None
    if user_is_hr(user):
        no_supervisor = (
            Q(employee__supervisor__isnull=True)
            | Q(employee__supervisor__is_active=False)
            | Q(employee__supervisor__user__isnull=True)
        )
        q = no_supervisor if q is None else q | no_supervisor
    return q


def approval_requests_for(*, user: User) -> QuerySet[Enrollment]:
    """The approval inbox: pending requests the user may decide, oldest deadline
    first. One query."""
    q = _approver_filter(user=user)
    if q is None:
        return Enrollment.objects.none()
    return (
        Enrollment.objects.filter(q, status=EnrollmentStatus.PENDING_APPROVAL)
        .select_related("employee", "employee__position", "employee__unit",
                        "session", "session__page")
        .order_by("approval_deadline", "id")
    )


def approval_pending_count_for(*, user: User) -> int:
    q = _approver_filter(user=user)
    if q is None:
        return 0
    return Enrollment.objects.filter(q, status=EnrollmentStatus.PENDING_APPROVAL).count()


# --- permission-checked fetches ---------------------------------------------------

def enrollment_get_for_owner(*, enrollment_id: int, user: User) -> Enrollment:
    """The user's own enrollment. 404 when it does not exist, 403 when it is
    someone else's."""
    enrollment = (
        Enrollment.objects.select_related("session", "session__page", "employee")
        .filter(pk=enrollment_id).first()
    )
    if enrollment is None:
        raise Http404
    me = employee_for(user)
    if me is None or enrollment.employee_id != me.pk:
        raise PermissionDenied
    return enrollment


def enrollment_get_for_approver(*, enrollment_id: int, user: User) -> Enrollment:
    """A pending-or-decided request the user may decide: their direct report's, or
    (HR) one of an employee without an active supervisor. 404 / 403 otherwise."""
    enrollment = (
        Enrollment.objects.select_related("session", "session__page", "employee",
                                          "employee__supervisor")
        .filter(pk=enrollment_id).first()
    )
    if enrollment is None:
        raise Http404
    q = _approver_filter(user=user)
    if q is None or not Enrollment.objects.filter(q, pk=enrollment.pk).exists():
        raise PermissionDenied
    return enrollment


def session_get_for_enrollment(
    *, session_id: int, user: User, passed_restriction_ids: Collection[int] = (),
) -> WorkshopSession:
    """A session of a workshop `user` can see as the catalog shows it (published,
    not expired, its view restrictions passed: workshop_visibility_reasons), or 404,
    so a hidden workshop does not even show that it exists. Eligibility is the
    service's to check (its refusal is a message, not a 404)."""
    session = (
        WorkshopSession.objects.select_related("page")
        .prefetch_related("page__eligible_units")
        .filter(pk=session_id, page__live=True).first()
    )
    if session is None or workshop_visibility_reasons(
        workshop=session.page, user=user, passed_restriction_ids=passed_restriction_ids
    ):
        raise Http404
    return session


def passed_restriction_ids_of(request: HttpRequest) -> list[int]:
    """The page view restrictions (passwords) this browser session has passed, as
    Wagtail records them."""
    from wagtail.models import PageViewRestriction

    return list(request.session.get(PageViewRestriction.passed_view_restrictions_session_key,
                                    []))


def session_get_for_hr(*, session_id: int, user: User) -> WorkshopSession:
    """A session for HR's bulk enrollment, with its seats (sessions_with_seats): 403
    for everyone else, 404 if missing."""
    if not user_is_hr(user):
        raise PermissionDenied
    session = (sessions_with_seats(WorkshopSession.objects.select_related("page"))
               .filter(pk=session_id).first())
    if session is None:
        raise Http404
    return session
