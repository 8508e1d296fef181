"""Enrollment writes: enrolling, the waitlist, supervisor approval, cancelling.

Capacity rule (docs/enrollment.md): a seat is taken with ONE conditional UPDATE on
SessionSeats (`taken = taken + 1 WHERE taken < capacity`) and the affected row count
decides; count-then-insert overbooked under concurrency (field notes). Every
operation that frees a seat promotes the waitlist in the same transaction, while it
still holds the SessionSeats row lock, so a newcomer never overtakes the people
waiting. Emails go out after commit through Celery (learning.enrollment.tasks).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from config.audit import audit_record
from learning.enrollment.eligibility import workshop_enrollment_refusal_reasons
from learning.enrollment.signals import session_enrollments_ended
from learning.models import (
    ACTIVE_STATUSES,
    SEAT_HOLDING_STATUSES,
    Enrollment,
    EnrollmentStatus,
    NotificationDue,
    NotificationKind,
    NotificationSent,
    SessionSeats,
    WorkshopSession,
)
from learning.sessions import session_label
from people.models import Employee, User
from people.roles import employee_for, user_is_hr


class EnrollmentError(ValidationError):
    """A rule refused the enrollment; the message is for the user."""


class OverlapWarning(EnrollmentError):
    """The session overlaps another of the person's sessions. Not blocking unless
    BANGKOM_BLOCK_OVERLAPPING_ENROLLMENTS; repeat with acknowledge_overlap=True."""

    def __init__(self, message: str, *, overlapping: list[WorkshopSession]):
        super().__init__(message, code="overlap")
        self.overlapping = overlapping


def approval_hold_hours() -> int:
    return int(getattr(settings, "BANGKOM_APPROVAL_HOLD_HOURS", 72))


def block_overlapping() -> bool:
    return bool(getattr(settings, "BANGKOM_BLOCK_OVERLAPPING_ENROLLMENTS", False))


def _notify(enrollment: Enrollment, kind: str) -> None:
    from config.notifications import notifications_are_suppressed
    from learning.enrollment.tasks import enrollment_notify_task

    if notifications_are_suppressed():
        # Record the notice as sent (the row the task would write) without running
        # the task: the demo's ~900 enrollments each cost one, for no email.
        NotificationSent.objects.get_or_create(enrollment=enrollment, kind=kind)
        return
    # The due row is written with the enrollment, so the email survives a lost
    # queue message (docs/architecture.md, "Jobs": faults).
    NotificationDue.objects.bulk_create(
        [NotificationDue(enrollment=enrollment, kind=kind)], ignore_conflicts=True)
    enrollment_notify_task.delay_on_commit(enrollment.pk, kind)


def _enrolled_by_hr(*, employee: Employee, enrolled_by: User | None) -> bool:
    """HR enrolling someone else skips supervisor approval (not capacity)."""
    return bool(
        enrolled_by is not None
        and user_is_hr(enrolled_by)
        and enrolled_by.pk != employee.user_id
    )


# --- seats -----------------------------------------------------------------------

def session_seats_ensure(*, session_id: int) -> None:
    """Make sure the session's SessionSeats row exists. Safe under races: the loser
    of a concurrent insert sees IntegrityError inside a savepoint and moves on."""
    if SessionSeats.objects.filter(session_id=session_id).exists():
        return
    try:
        with transaction.atomic():
            SessionSeats.objects.get_or_create(session_id=session_id)
    except IntegrityError:
        pass


def _seat_take(*, session_id: int, jump_waitlist: bool = False) -> bool:
    """Take one seat with one conditional UPDATE; True when a seat was free.

    Unless `jump_waitlist` (promotion itself), a seat is not taken while anyone is
    waiting: a seat freed by a capacity increase goes to the waitlist first."""
    capacity = WorkshopSession.objects.filter(pk=OuterRef("session_id")).values("capacity")[:1]
    qs = SessionSeats.objects.filter(session_id=session_id, taken__lt=Subquery(capacity))
    if not jump_waitlist:
        waiting = Enrollment.objects.filter(
            session_id=OuterRef("session_id"), status=EnrollmentStatus.WAITLISTED
        )
        qs = qs.exclude(Exists(waiting))
    return qs.update(taken=F("taken") + 1) == 1


def _seat_free(*, session_id: int) -> None:
    SessionSeats.objects.filter(session_id=session_id, taken__gt=0).update(
        taken=F("taken") - 1
    )


# --- checks ----------------------------------------------------------------------

def _approval_deadline(*, session: WorkshopSession, now: dt.datetime) -> dt.datetime:
    return min(now + dt.timedelta(hours=approval_hold_hours()), session.starts_at)


def session_overlaps_for(
    *, session: WorkshopSession, employee: Employee
) -> list[WorkshopSession]:
    """The employee's other live sessions that overlap `session` in time."""
    return list(
        WorkshopSession.objects.filter(
            enrollments__employee=employee,
            enrollments__status__in=ACTIVE_STATUSES,
            starts_at__lt=session.ends_at,
            ends_at__gt=session.starts_at,
            is_cancelled=False,
        )
        .exclude(pk=session.pk)
        .select_related("page")
        .distinct()
    )


def enrollment_check(
    *, session: WorkshopSession, employee: Employee, by_hr: bool = False,
    now: dt.datetime | None = None, passed_restriction_ids: Collection[int] = (),
) -> None:
    """Raise EnrollmentError when `employee` may not enroll in `session` now.

    HR enrolling someone is not bound by the registration window (HR often
    assigns participants before it opens); every other rule applies, including
    the catalog's: the workshop must be published, not expired and visible to the
    employee's own login (view restrictions; `passed_restriction_ids` are the
    password restrictions the employee's request passed), and the employee
    eligible (learning.enrollment.eligibility)."""
    now = now or timezone.now()
    if session.is_cancelled:
        raise EnrollmentError(_("This session has been cancelled."), code="cancelled")
    if session.starts_at <= now:
        raise EnrollmentError(_("This session has already started."), code="started")
    if not by_hr:
        if now < session.registration_opens_at:
            raise EnrollmentError(_("Registration for this session is not open yet."),
                                  code="not_open")
        if now > session.registration_closes_at:
            raise EnrollmentError(_("Registration for this session has closed."),
                                  code="closed")
    if not employee.is_active:
        raise EnrollmentError(_("The employee record is not active."), code="inactive")
    reasons = workshop_enrollment_refusal_reasons(
        workshop=session.page, employee=employee,
        passed_restriction_ids=passed_restriction_ids, now=now)
    if reasons:
        raise EnrollmentError(" ".join(reasons), code="ineligible")


# --- enrolling ---------------------------------------------------------------------

@dataclass
class EnrollResult:
    enrollment: Enrollment
    created: bool


def enrollment_create(
    *, session: WorkshopSession, employee: Employee, enrolled_by: User | None,
    acknowledge_overlap: bool = False,
) -> Enrollment:
    """Enroll `employee` in `session`: ENROLLED, PENDING_APPROVAL (holding a seat
    until the approval deadline) or WAITLISTED when full.

    Raises EnrollmentError when a rule refuses, OverlapWarning when the session
    overlaps another of theirs and the overlap was not acknowledged (or is blocked).
    Idempotent for a double click: returns the existing active enrollment, with
    `enrollment.just_created = False`."""
    return enrollment_enroll(
        session=session, employee=employee, enrolled_by=enrolled_by,
        acknowledge_overlap=acknowledge_overlap,
    ).enrollment


def enrollment_enroll(
    *, session: WorkshopSession, employee: Employee, enrolled_by: User | None,
    acknowledge_overlap: bool = False, passed_restriction_ids: Collection[int] = (),
) -> EnrollResult:
    """enrollment_create, telling whether a new enrollment was made.
    `passed_restriction_ids`: the workshop password restrictions the employee's own
    request passed (self enrollment only)."""
    existing: Enrollment | None = (
        Enrollment.objects.active().filter(session=session, employee=employee).first())
    if existing is not None:
        existing.just_created = False  # type: ignore[attr-defined]
        return EnrollResult(existing, False)
    by_hr = _enrolled_by_hr(employee=employee, enrolled_by=enrolled_by)
    enrollment_check(session=session, employee=employee, by_hr=by_hr,
                     passed_restriction_ids=passed_restriction_ids)
    if not acknowledge_overlap or block_overlapping():
        overlapping = session_overlaps_for(session=session, employee=employee)
        if overlapping:
            names = ", ".join(session_label(s) for s in overlapping)
            if block_overlapping():
                raise EnrollmentError(
                    _("This session overlaps another session you are in: %(names)s.")
                    % {"names": names}, code="overlap_blocked",
                )
            raise OverlapWarning(
                _("This session overlaps another session you are in: %(names)s. "
                  "Enroll anyway?") % {"names": names},
                overlapping=overlapping,
            )
    approval_required = session.page.requires_supervisor_approval and not by_hr
    session_seats_ensure(session_id=session.pk)
    try:
        with transaction.atomic():
            now = timezone.now()
            fields: dict = {}
            got_seat = _seat_take(session_id=session.pk)
            if not got_seat:
                # Serialize joining this session's waitlist: with the row lock held
                # the clock and the id both follow the order the database accepted
                # the requests, which is the waitlist's first-come order.
                SessionSeats.objects.select_for_update().get(session_id=session.pk)
                got_seat = _seat_take(session_id=session.pk)
                now = timezone.now()
            if got_seat and approval_required:
                fields = {"status": EnrollmentStatus.PENDING_APPROVAL,
                          "approval_deadline": _approval_deadline(session=session, now=now)}
            elif got_seat:
                fields = {"status": EnrollmentStatus.ENROLLED}
            else:
                fields = {"status": EnrollmentStatus.WAITLISTED, "waitlisted_at": now}
            enrollment: Enrollment = Enrollment.objects.create(
                session=session, employee=employee, enrolled_by=enrolled_by,
                approval_required=approval_required, **fields,
            )
            _audit(enrollment, None, enrolled_by)
            _notify_new(enrollment)
    except IntegrityError:
        # A concurrent request (double click) inserted first; its seat stays, ours
        # was rolled back with the savepoint.
        inserted_first: Enrollment | None = (
            Enrollment.objects.active().filter(session=session, employee=employee).first())
        if inserted_first is None:
            raise
        inserted_first.just_created = False  # type: ignore[attr-defined]
        return EnrollResult(inserted_first, False)
    enrollment.just_created = True  # type: ignore[attr-defined]
    return EnrollResult(enrollment, True)


def _notify_new(enrollment: Enrollment) -> None:
    if enrollment.status == EnrollmentStatus.ENROLLED:
        _notify(enrollment, NotificationKind.ENROLLED)
    elif enrollment.status == EnrollmentStatus.WAITLISTED:
        _notify(enrollment, NotificationKind.WAITLISTED)
    elif enrollment.status == EnrollmentStatus.PENDING_APPROVAL:
        _notify(enrollment, NotificationKind.APPROVAL_REQUESTED)


# --- waitlist --------------------------------------------------------------------

def waitlist_promote(*, session: WorkshopSession) -> list[Enrollment]:
    """Give free seats to the waitlist, first come first served, and tell them.

    Runs in a transaction; the SessionSeats row lock and select_for_update on the
    waitlist rows (PostgreSQL) keep two promoters from taking the same person.
    Nothing is promoted once the session is cancelled or has started. Someone
    the catalog's rules no longer admit (the workshop expired or was restricted,
    the employee left its audience) is taken off the waitlist with the reason
    instead of being given a seat. Idempotent: with no free seat or nobody
    waiting it does nothing."""
    if session.is_cancelled or session.starts_at <= timezone.now():
        return []
    session_seats_ensure(session_id=session.pk)
    promoted: list[Enrollment] = []
    with transaction.atomic():
        SessionSeats.objects.select_for_update().get(session_id=session.pk)
        waiting = list(
            Enrollment.objects.select_for_update(skip_locked=False, of=("self",))
            .filter(session_id=session.pk, status=EnrollmentStatus.WAITLISTED)
            .select_related("employee__user", "employee__position", "employee__rank")
            .order_by("waitlisted_at", "id")
        )
        now = timezone.now()
        for enrollment in waiting:
            reasons = workshop_enrollment_refusal_reasons(
                workshop=session.page, employee=enrollment.employee, now=now)
            if reasons:
                enrollment.status = EnrollmentStatus.CANCELLED
                enrollment.cancelled_at = now
                enrollment.decision_reason = " ".join(reasons)
                enrollment.save(update_fields=["status", "cancelled_at", "decision_reason",
                                               "updated_at"])
                _audit(enrollment, EnrollmentStatus.WAITLISTED, None,
                       reason=enrollment.decision_reason)
                _notify(enrollment, NotificationKind.CANCELLED)
                continue
            if not _seat_take(session_id=session.pk, jump_waitlist=True):
                break
            if enrollment.approval_required:
                enrollment.status = EnrollmentStatus.PENDING_APPROVAL
                enrollment.approval_deadline = _approval_deadline(session=session, now=now)
            else:
                enrollment.status = EnrollmentStatus.ENROLLED
            enrollment.save(update_fields=["status", "approval_deadline", "updated_at"])
            _audit(enrollment, EnrollmentStatus.WAITLISTED, None)
            _notify(enrollment, NotificationKind.PROMOTED)
            if enrollment.status == EnrollmentStatus.PENDING_APPROVAL:
                _notify(enrollment, NotificationKind.APPROVAL_REQUESTED)
            promoted.append(enrollment)
    return promoted


def _audit(enrollment: Enrollment, old: str | None, by: User | None, **extra: Any) -> None:
    """The status change in the audit trail; by None: a rule of Bangkom's (system)."""
    extra.setdefault("system", by is None)
    audit_record(enrollment, extra.pop("action", "bangkom.enrollment.status"), user=by,
                 subject=Employee(pk=enrollment.employee_id),
                 before={"status": old}, after={"status": enrollment.status}, **extra)


def _release(*, enrollment: Enrollment, status: str, **fields: object) -> None:
    """Move `enrollment` out of the active statuses, free its seat if it held one
    and promote the waitlist, all in the caller's transaction."""
    held_seat = enrollment.status in SEAT_HOLDING_STATUSES
    enrollment.status = status
    for name, value in fields.items():
        setattr(enrollment, name, value)
    enrollment.save(update_fields=["status", "updated_at", *fields])
    if held_seat:
        _seat_free(session_id=enrollment.session_id)
        waitlist_promote(session=enrollment.session)


def _locked(enrollment: Enrollment) -> Enrollment:
    """Re-read the enrollment under a row lock, so two decisions cannot both win."""
    return (
        Enrollment.objects.select_for_update()
        .select_related("session", "session__page", "employee")
        .get(pk=enrollment.pk)
    )


@transaction.atomic
def enrollment_cancel(*, enrollment: Enrollment, cancelled_by: User) -> Enrollment:
    """Cancel an active enrollment before the session starts; frees the seat and
    promotes the next in line. Idempotent: cancelling a cancelled one is a no-op."""
    enrollment = _locked(enrollment)
    if enrollment.status not in ACTIVE_STATUSES:
        return enrollment
    if enrollment.session.starts_at <= timezone.now():
        raise EnrollmentError(_("The session has already started; it can no longer be "
                                "cancelled."), code="started")
    old = enrollment.status
    _release(enrollment=enrollment, status=EnrollmentStatus.CANCELLED,
             cancelled_at=timezone.now())
    _audit(enrollment, old, cancelled_by)
    _notify(enrollment, NotificationKind.CANCELLED)
    return enrollment


# --- approval --------------------------------------------------------------------

def approver_is_hr(*, employee: Employee) -> bool:
    """HR decides when the employee has no active supervisor with a login."""
    supervisor = employee.supervisor
    return supervisor is None or not supervisor.is_active or supervisor.user_id is None


@transaction.atomic
def enrollment_decide(
    *, enrollment: Enrollment, decided_by_user: User, approve: bool, reason: str = "",
) -> Enrollment:
    """The approver approves or rejects a pending request (a reason is required to
    reject). Permission is checked by enrollment_get_for_approver before this.
    Raises EnrollmentError when the request is no longer pending."""
    reason = (reason or "").strip()
    if not approve and not reason:
        raise EnrollmentError(_("Give a reason for the rejection."), code="reason_required")
    enrollment = _locked(enrollment)
    if enrollment.status != EnrollmentStatus.PENDING_APPROVAL:
        raise EnrollmentError(_("This request has already been decided."), code="decided")
    decider = employee_for(decided_by_user)
    now = timezone.now()
    if approve:
        # The catalog's rules at the moment of approval: the workshop may have
        # expired or been restricted, or the employee left its audience, since
        # the request was made. The approver can still reject it.
        reasons = workshop_enrollment_refusal_reasons(
            workshop=enrollment.session.page, employee=enrollment.employee, now=now)
        if reasons:
            raise EnrollmentError(" ".join(reasons), code="ineligible")
        enrollment.status = EnrollmentStatus.ENROLLED
        enrollment.decided_by = decider
        enrollment.decided_at = now
        enrollment.decision_reason = reason
        enrollment.save(update_fields=["status", "decided_by", "decided_at",
                                       "decision_reason", "updated_at"])
        _notify(enrollment, NotificationKind.APPROVED)
    else:
        _release(enrollment=enrollment, status=EnrollmentStatus.REJECTED,
                 decided_by=decider, decided_at=now, decision_reason=reason)
        _notify(enrollment, NotificationKind.REJECTED)
    _audit(enrollment, EnrollmentStatus.PENDING_APPROVAL, decided_by_user,
           action="bangkom.enrollment.decide", reason=reason)
    return enrollment


def enrollment_lapse_overdue(*, now: dt.datetime | None = None) -> int:
    """Lapse pending requests whose approval deadline passed: free their seats and
    promote the waitlist. Idempotent (beat task); returns how many lapsed."""
    now = now or timezone.now()
    count = 0
    overdue_ids = list(
        Enrollment.objects.filter(
            status=EnrollmentStatus.PENDING_APPROVAL, approval_deadline__lt=now
        ).values_list("pk", flat=True)
    )
    for pk in overdue_ids:
        with transaction.atomic():
            enrollment = _locked(Enrollment(pk=pk))
            if enrollment.status != EnrollmentStatus.PENDING_APPROVAL:
                continue
            _release(enrollment=enrollment, status=EnrollmentStatus.LAPSED, decided_at=now,
                     decision_reason=_("No decision before the deadline."))
            _audit(enrollment, EnrollmentStatus.PENDING_APPROVAL, None)
            _notify(enrollment, NotificationKind.LAPSED)
            count += 1
    return count


def enrollment_reminders_due(*, now: dt.datetime | None = None) -> list[int]:
    """Ids of ENROLLED enrollments whose session starts tomorrow (local date)."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + dt.timedelta(days=1)
    return list(
        Enrollment.objects.filter(
            status=EnrollmentStatus.ENROLLED,
            session__starts_at__date=tomorrow,
            session__is_cancelled=False,
        ).values_list("pk", flat=True)
    )


@transaction.atomic
def session_cancel_enrollments(*, session: WorkshopSession) -> list[Enrollment]:
    """The organiser cancelled `session`: end every live enrollment in it (enrolled,
    waiting for approval or on the waitlist) as SESSION_CANCELLED, give the seats
    back and tell each person. Idempotent: a second run finds nobody left to end, and
    each email is sent once (NotificationSent)."""
    if not session.is_cancelled:
        return []
    session_seats_ensure(session_id=session.pk)
    SessionSeats.objects.select_for_update().get(session_id=session.pk)
    ended = list(
        Enrollment.objects.select_for_update()
        .filter(session_id=session.pk, status__in=ACTIVE_STATUSES)
        .order_by("pk")
    )
    now = timezone.now()
    Enrollment.objects.filter(pk__in=[e.pk for e in ended]).update(
        status=EnrollmentStatus.SESSION_CANCELLED, cancelled_at=now, updated_at=now
    )
    SessionSeats.objects.filter(session_id=session.pk).update(taken=0)
    # Queryset updates send no model signal: say so for the catalog caches.
    session_enrollments_ended.send(sender=Enrollment, session_id=session.pk)
    for enrollment in ended:
        old, enrollment.status = enrollment.status, EnrollmentStatus.SESSION_CANCELLED
        _audit(enrollment, old, None, system=False)  # by whoever cancelled the session
        _notify(enrollment, NotificationKind.SESSION_CANCELLED)
    return ended


def sessions_after_publish(*, session_ids: list[int]) -> None:
    """After a page publish: end the enrollments of sessions the editor marked
    cancelled, and promote the waitlist of the others (capacity may have grown).
    Idempotent."""
    for session in WorkshopSession.objects.filter(pk__in=session_ids).select_related("page"):
        if session.is_cancelled:
            session_cancel_enrollments(session=session)
        elif Enrollment.objects.filter(session=session,
                                       status=EnrollmentStatus.WAITLISTED).exists():
            waitlist_promote(session=session)

