"""Attendance: the organiser's roster and the participants' QR self check-in. Each
write re-evaluates completion (learning.completion.services.completion)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.audit import audit_record
from learning.completion.services.completion import (
    completion_evaluate,
    completion_evaluate_session,
)
from learning.completion.services.jp import session_days
from learning.models import Enrollment, EnrollmentStatus, WorkshopSession
from learning.models.completion import AttendanceMethod, AttendanceRecord
from people.models import User
from people.roles import employee_for

CHECKIN_SALT = "learning.completion.checkin"
# A QR code stays valid this long after the display page made it; the page makes a
# new one every minute, so a photo of an old code stops working within minutes.
CHECKIN_MAX_AGE_SECONDS = 5 * 60


class CheckinError(Exception):
    """A self check-in was refused; str(error) is the message for the person."""


@transaction.atomic
def attendance_save(
    *,
    session: WorkshopSession,
    present: Mapping[int, Iterable[dt.date]],
    marked_by: User,
    now: dt.datetime | None = None,
) -> int:
    """Save the roster: for every ENROLLED participant and every session day up to
    today, present iff the day is in `present[enrollment_id]`. Days after today are
    left alone. Idempotent: unchanged rows are not touched; returns how many rows
    were created or changed. Re-evaluates completion for each participant."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    days = [d for d in session_days(session=session) if d <= today]
    enrollments = list(
        Enrollment.objects.filter(session=session, status=EnrollmentStatus.ENROLLED)
        .select_related("employee", "session__page__learning_form")
        .select_for_update(of=("self",))
    )
    existing = {
        (r.enrollment_id, r.day): r
        for r in AttendanceRecord.objects.filter(enrollment__in=enrollments, day__in=days)
    }
    changed = 0
    to_create = []
    for enrollment in enrollments:
        marked_days = set(present.get(enrollment.pk, ()))
        before: dict[str, bool | None] = {}
        after: dict[str, bool] = {}
        for day in days:
            is_present = day in marked_days
            record = existing.get((enrollment.pk, day))
            if record is None or record.present != is_present:
                before[day.isoformat()] = None if record is None else record.present
                after[day.isoformat()] = is_present
            if record is None:
                to_create.append(AttendanceRecord(
                    enrollment=enrollment, day=day, present=is_present, marked_by=marked_by,
                    method=AttendanceMethod.MANUAL, marked_at=now,
                ))
            elif record.present != is_present:
                record.present = is_present
                record.marked_by = marked_by
                record.method = AttendanceMethod.MANUAL
                record.marked_at = now
                record.save(update_fields=["present", "marked_by", "method", "marked_at"])
                changed += 1
        if after:  # one entry per person: their days, absent/present before → after
            audit_record(enrollment, "bangkom.attendance.mark", user=marked_by,
                         subject=enrollment.employee, before=before, after=after,
                         method=AttendanceMethod.MANUAL)
    # ignore_conflicts: a double-clicked submit racing itself must not fail.
    AttendanceRecord.objects.bulk_create(to_create, ignore_conflicts=True)
    changed += len(to_create)
    completion_evaluate_session(session=session, enrollments=enrollments, now=now)
    return changed


def checkin_token_make(*, session: WorkshopSession, day: dt.date) -> str:
    """A signed, time-stamped token naming the session and the day (the QR code)."""
    return signing.TimestampSigner(salt=CHECKIN_SALT).sign_object(
        {"s": session.pk, "d": day.isoformat()}
    )


def checkin_token_read(*, token: str, session: WorkshopSession, today: dt.date) -> dt.date:
    """The day a token admits to `session`, or CheckinError for a forged, expired,
    other-session or other-day token."""
    signer = signing.TimestampSigner(salt=CHECKIN_SALT)
    try:
        data = signer.unsign_object(token, max_age=CHECKIN_MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise CheckinError(
            _("This QR code has expired. Scan the code currently shown at the venue.")
        ) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise CheckinError(_("This QR code is not valid.")) from None
    if not isinstance(data, dict) or data.get("s") != session.pk:
        raise CheckinError(_("This QR code belongs to another session."))
    try:
        day = dt.date.fromisoformat(str(data.get("d")))
    except ValueError:
        raise CheckinError(_("This QR code is not valid.")) from None
    if day != today:
        raise CheckinError(_("This QR code is for another day."))
    return day


@transaction.atomic
def attendance_checkin(
    *, session: WorkshopSession, token: str, user: User, now: dt.datetime | None = None
) -> AttendanceRecord:
    """Self check-in from the QR code: marks the user present for the token's day.
    Refuses (CheckinError) a bad token or a user not ENROLLED in the session.
    Idempotent: scanning twice leaves one present record."""
    now = now or timezone.now()
    day = checkin_token_read(token=token, session=session, today=timezone.localdate(now))
    if session.is_cancelled:
        raise CheckinError(_("This session has been cancelled."))
    if day not in session_days(session=session):
        raise CheckinError(_("This session does not take place today."))
    employee = employee_for(user)
    enrollment = (
        Enrollment.objects.filter(
            session=session, employee=employee, status=EnrollmentStatus.ENROLLED
        ).select_related("session__page__learning_form", "employee").first()
        if employee else None
    )
    if enrollment is None:
        raise CheckinError(
            _("You are not enrolled in this session, so you cannot check in to it.")
        )
    was = (AttendanceRecord.objects.filter(enrollment=enrollment, day=day)
           .values_list("present", flat=True).first())
    record, _created = AttendanceRecord.objects.update_or_create(
        enrollment=enrollment, day=day,
        defaults={"present": True, "marked_by": user, "method": AttendanceMethod.QR,
                  "marked_at": now},
    )
    if was is not True:  # a second scan changes nothing and records nothing
        audit_record(enrollment, "bangkom.attendance.mark", user=user,
                     subject=enrollment.employee, before={day.isoformat(): was},
                     after={day.isoformat(): True}, method=AttendanceMethod.QR)
    completion_evaluate(enrollment=enrollment, now=now)
    return record
