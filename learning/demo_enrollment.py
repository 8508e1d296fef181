"""Demo enrollments: the demo employee enrolled in two upcoming sessions, waitlisted
in a full one and waiting for the demo supervisor's approval in another; a few
colleagues enrolled too, so the supervisor's inbox and the seats look lived in.

Runs through the real services (eligibility, capacity, waitlist, approval). Idempotent:
once the demo employee has enrollments, it changes nothing. Emails are not sent
for demo data (a dummy mail backend for the duration)."""
from __future__ import annotations

from django.test.utils import override_settings
from django.utils import timezone

from learning.enrollment.services import EnrollmentError, enrollment_enroll
from learning.models import Enrollment, EnrollmentStatus, WorkshopSession
from people.models import Employee


def _open_sessions(*, approval: bool):
    now = timezone.now()
    return (
        WorkshopSession.objects.filter(
            page__live=True, page__requires_supervisor_approval=approval,
            is_cancelled=False, starts_at__gt=now, registration_opens_at__lte=now,
            registration_closes_at__gt=now,
        )
        .select_related("page", "seats")
        .order_by("starts_at", "pk")
    )


def _try(session, employee, *, by=None) -> Enrollment | None:
    try:
        return enrollment_enroll(session=session, employee=employee,
                                 enrolled_by=by or employee.user,
                                 acknowledge_overlap=True).enrollment
    except EnrollmentError:
        return None


def seed_demo(*, stdout) -> None:
    try:
        from people.demo import DEMO_NIPS
    except ImportError:  # pragma: no cover
        stdout.write("learning.demo_enrollment: people.demo missing; skipped")
        return
    employee = Employee.objects.with_org().filter(nip=DEMO_NIPS["employee"]).first()
    supervisor = Employee.objects.filter(nip=DEMO_NIPS["supervisor"]).first()
    if employee is None or supervisor is None:
        stdout.write("learning.demo_enrollment: demo people missing; skipped")
        return
    if Enrollment.objects.filter(employee=employee).exists():
        stdout.write("learning.demo_enrollment: already there")
        return
    # The demo supervisor's direct reports, the demo employee first when they are one.
    team = list(Employee.objects.with_org().filter(supervisor=supervisor, is_active=True)
                .exclude(pk=employee.pk).order_by("nip")[:6])
    requester = employee if employee.supervisor_id == supervisor.pk else (team[0] if team
                                                                        else None)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        done = {"enrolled": 0, "waitlisted": 0, "pending": 0}
        used: set[int] = set()
        # Two upcoming sessions with free seats.
        for session in _open_sessions(approval=False):
            if done["enrolled"] >= 2:
                break
            taken = getattr(getattr(session, "seats", None), "taken", 0)
            if session.capacity - taken < 3:
                continue
            e = _try(session, employee)
            if e and e.status == EnrollmentStatus.ENROLLED:
                done["enrolled"] += 1
                used.add(session.pk)
                for colleague in team[:3]:
                    _try(session, colleague)
        # A full session: fill the smallest open one with colleagues, then join.
        for session in sorted(_open_sessions(approval=False),
                              key=lambda s: (s.capacity - getattr(
                                  getattr(s, "seats", None), "taken", 0), s.pk)):
            if session.pk in used or done["waitlisted"]:
                continue
            fillers = Employee.objects.active().exclude(pk=employee.pk).order_by("nip")
            for filler in fillers.iterator():
                seats = getattr(session, "seats", None)
                if seats is not None:
                    seats.refresh_from_db()
                    if seats.taken >= session.capacity:
                        break
                if _try(session, filler) is None and not Enrollment.objects.filter(
                        session=session).exists():
                    break  # nobody eligible here; try another session
            seats = getattr(session, "seats", None)
            if seats is None or seats.taken < session.capacity:
                continue  # could not fill it (eligibility): try another session
            e = _try(session, employee)
            if e and e.status == EnrollmentStatus.WAITLISTED:
                done["waitlisted"] += 1
                used.add(session.pk)
        # One request in the demo supervisor's inbox.
        if requester is not None:
            for session in _open_sessions(approval=True):
                if session.pk in used:
                    continue
                e = _try(session, requester)
                if e and e.status == EnrollmentStatus.PENDING_APPROVAL:
                    done["pending"] += 1
                    break
    stdout.write(f"learning.demo_enrollment: {done['enrolled']} enrolled, "
                 f"{done['waitlisted']} waitlisted, {done['pending']} pending approval")
