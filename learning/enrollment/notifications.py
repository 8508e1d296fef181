"""Enrollment emails: who gets which message, in Indonesian (the site's default
language), as plain text with a simple HTML alternative.

Sent through config.notifications.notification_send, at most once per (enrollment,
kind): the NotificationSent row is the claim, inserted in the same transaction as the
send. If the mail server accepts the message but the commit
then fails, a retry sends it again: we chose at-least-once at that narrow edge over
at-most-once (a lost enrollment notice is worse than a rare duplicate); a retried or
re-queued task after a successful commit never sends twice.
"""
from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from config.notifications import Notice, notification_send
from learning.enrollment.services import approver_is_hr
from learning.models import Enrollment, NotificationDue, NotificationKind, NotificationSent
from learning.sessions import session_when
from people.models import Employee
from people.roles import HR_GROUP
from people.text import single_stop


def _address(employee: Employee | None) -> str:
    if employee is None:
        return ""
    return employee.email or (employee.user.email if employee.user_id else "")


def _recipients(enrollment: Enrollment, kind: str) -> list[str]:
    if kind == NotificationKind.APPROVAL_REQUESTED:
        if approver_is_hr(employee=enrollment.employee):
            group = Group.objects.filter(name=HR_GROUP).first()
            return [u.email for u in group.user_set.filter(is_active=True)
                    if u.email] if group else []
        return [a for a in [_address(enrollment.employee.supervisor)] if a]
    return [a for a in [_address(enrollment.employee)] if a]


def _when(enrollment: Enrollment) -> str:
    """The session's whole range ("3 Desember 2026 – 31 Januari 2027" for a long one)."""
    return session_when(enrollment.session.starts_at, enrollment.session.ends_at)


def _message(enrollment: Enrollment, kind: str) -> tuple[str, list[str]]:
    """Subject and paragraphs for one kind of email (in the active language)."""
    title = enrollment.session.page.title
    ctx = {"title": title, "when": _when(enrollment),
           "name": enrollment.employee.name, "reason": enrollment.decision_reason}
    venue = enrollment.session.venue or enrollment.session.online_url
    where = [_("Place: %(venue)s") % {"venue": venue}] if venue else []
    if kind == NotificationKind.ENROLLED:
        return (_("You are enrolled: %(title)s") % ctx,
                [_("You are enrolled in %(title)s, starting %(when)s.") % ctx, *where])
    if kind == NotificationKind.WAITLISTED:
        return (_("On the waitlist: %(title)s") % ctx,
                [_("The session of %(title)s on %(when)s is full. You are on its "
                   "waitlist and will get a seat automatically when one frees up.") % ctx])
    if kind == NotificationKind.PROMOTED:
        if enrollment.status == "PENDING_APPROVAL":
            return (_("A seat freed up: %(title)s") % ctx,
                    [_("A seat freed up in %(title)s on %(when)s. Your supervisor's "
                       "approval has been requested.") % ctx])
        return (_("A seat freed up: you are enrolled in %(title)s") % ctx,
                [_("A seat freed up in %(title)s on %(when)s and you are now "
                   "enrolled.") % ctx, *where])
    if kind == NotificationKind.APPROVAL_REQUESTED:
        deadline = formats.date_format(
            timezone.localtime(enrollment.approval_deadline), "DATETIME_FORMAT"
        ) if enrollment.approval_deadline else ""
        return (_("Approval requested: %(name)s for %(title)s") % ctx,
                [_("%(name)s asks to take part in %(title)s on %(when)s.") % ctx,
                 _("Please approve or reject the request before %(deadline)s; after "
                   "that the seat is released.") % {"deadline": deadline}])
    if kind == NotificationKind.APPROVED:
        return (_("Approved: %(title)s") % ctx,
                [_("Your supervisor approved your enrollment in %(title)s on "
                   "%(when)s. You are enrolled.") % ctx, *where])
    if kind == NotificationKind.REJECTED:
        return (_("Not approved: %(title)s") % ctx,
                [_("Your request to take part in %(title)s on %(when)s was not "
                   "approved.") % ctx, _("Reason: %(reason)s") % ctx])
    if kind == NotificationKind.LAPSED:
        return (_("Request expired: %(title)s") % ctx,
                [_("Your request to take part in %(title)s on %(when)s was not decided "
                   "in time, so the seat was released.") % ctx])
    if kind == NotificationKind.REMINDER:
        return (_("Tomorrow: %(title)s") % ctx,
                [_("A reminder: %(title)s starts %(when)s.") % ctx, *where])
    if kind == NotificationKind.CANCELLED:
        return (_("Cancelled: %(title)s") % ctx,
                [_("Your enrollment in %(title)s on %(when)s is cancelled.") % ctx])
    if kind == NotificationKind.SESSION_CANCELLED:
        return (_("Session cancelled: %(title)s") % ctx,
                [_("The organiser has cancelled the session of %(title)s on %(when)s. "
                   "Your place in it has ended; look in the catalog for another "
                   "session.") % ctx])
    raise ValueError(kind)


# A due email older than this is queued again by the sweep (its task was lost); one
# older than the give-up age is left alone (its address keeps failing: the log says).
NOTIFICATION_DUE_REQUEUE_AFTER = dt.timedelta(minutes=5)
NOTIFICATION_DUE_GIVE_UP_AFTER = dt.timedelta(days=2)


def enrollment_notify(*, enrollment_id: int, kind: str) -> bool:
    """Send one kind of email about one enrollment, once, and clear its due row.
    Returns True when sent now, False when it had been sent already (or nobody has
    an address). Idempotent: a retried task finds the NotificationSent row and stops."""
    sent = _enrollment_notify(enrollment_id=enrollment_id, kind=kind)
    NotificationDue.objects.filter(enrollment_id=enrollment_id, kind=kind).delete()
    return sent


def enrollment_notices_due_requeue(*, older_than: dt.timedelta = NOTIFICATION_DUE_REQUEUE_AFTER,
                                   now: dt.datetime | None = None) -> int:
    """Queue again every enrollment email still due after `older_than`: its task was
    lost with the broker (down at the commit, restarted empty) or a worker. Sending is
    once-only, so queueing one still on its way is harmless. Returns how many."""
    from learning.enrollment.tasks import enrollment_notify_task

    now = now or timezone.now()
    due = list(NotificationDue.objects.filter(
        created_at__lte=now - older_than, created_at__gt=now - NOTIFICATION_DUE_GIVE_UP_AFTER,
    ).order_by("pk").values_list("enrollment_id", "kind"))
    for enrollment_id, kind in due:
        enrollment_notify_task.delay(enrollment_id, kind)
    return len(due)


def _enrollment_notify(*, enrollment_id: int, kind: str) -> bool:
    enrollment = (
        Enrollment.objects.select_related(
            "session", "session__page", "employee", "employee__user",
            "employee__supervisor", "employee__supervisor__user",
        ).filter(pk=enrollment_id).first()
    )
    if enrollment is None:
        return False
    if kind == NotificationKind.REMINDER and enrollment.status != "ENROLLED":
        return False

    def compose() -> Notice:
        subject, paragraphs = _message(enrollment, kind)
        greet = enrollment.employee.name
        if kind == NotificationKind.APPROVAL_REQUESTED:
            greet = (_("HR team") if approver_is_hr(employee=enrollment.employee)
                     else enrollment.employee.supervisor.name)
        return Notice(subject=single_stop(subject),
                      paragraphs=[single_stop(p) for p in paragraphs],
                      greet=greet, link=_link(kind))

    # The unique row is the send decision: a concurrent duplicate waits on the index
    # and then fails there, so only one sends.
    return notification_send(
        to=_recipients(enrollment, kind), compose=compose,
        once=lambda: NotificationSent.objects.create(enrollment=enrollment, kind=kind))


def _link(kind: str) -> str:
    name = ("learning:enrollment_approvals" if kind == NotificationKind.APPROVAL_REQUESTED
            else "learning:enrollment_mine")
    return reverse(name)
