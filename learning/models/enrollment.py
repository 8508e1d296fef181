"""Enrollment in workshop sessions: seats, waitlist and supervisor approval.

Capacity is held by SessionSeats, one row per session outside the page revision
(publishing a WorkshopPage re-saves its sessions from JSON). A seat is taken with one
conditional UPDATE (`taken = taken + 1 WHERE taken < capacity`), which kept capacity
exact under 40 threads on SQLite and PostgreSQL (field notes); count-then-insert did not.
"""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from config.notices import SentNotice
from people.models import TimeStampedModel


class SessionSeats(models.Model):
    """Seats held in a session: enrolled plus pending-approval enrollments."""

    session = models.OneToOneField(
        "learning.WorkshopSession", on_delete=models.CASCADE, primary_key=True,
        related_name="seats",
    )
    taken = models.PositiveIntegerField(_("seats taken"), default=0)

    class Meta:
        verbose_name = _("session seats")
        verbose_name_plural = _("session seats")

    def __str__(self) -> str:
        return f"{self.session_id}: {self.taken}"


class EnrollmentStatus(models.TextChoices):
    PENDING_APPROVAL = "PENDING_APPROVAL", _("Waiting for supervisor approval")
    ENROLLED = "ENROLLED", _("Enrolled")
    WAITLISTED = "WAITLISTED", _("On the waitlist")
    REJECTED = "REJECTED", _("Rejected by supervisor")
    LAPSED = "LAPSED", _("Approval not given in time")
    CANCELLED = "CANCELLED", _("Cancelled")
    SESSION_CANCELLED = "SESSION_CANCELLED", _("Session cancelled by the organiser")


# Statuses in which a person is "in" a session: at most one such enrollment each.
ACTIVE_STATUSES = [
    EnrollmentStatus.PENDING_APPROVAL,
    EnrollmentStatus.ENROLLED,
    EnrollmentStatus.WAITLISTED,
]
SEAT_HOLDING_STATUSES = [EnrollmentStatus.PENDING_APPROVAL, EnrollmentStatus.ENROLLED]


class EnrollmentQuerySet(models.QuerySet):
    def active(self) -> EnrollmentQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES)


class Enrollment(TimeStampedModel):
    """One person's place in one session, through its whole life."""

    session = models.ForeignKey(
        "learning.WorkshopSession", on_delete=models.PROTECT, related_name="enrollments",
        verbose_name=_("session"),
    )
    employee = models.ForeignKey(
        "people.Employee", on_delete=models.PROTECT, related_name="enrollments",
        verbose_name=_("employee"),
    )
    status = models.CharField(_("status"), max_length=20, choices=EnrollmentStatus.choices)
    enrolled_by = models.ForeignKey(
        "people.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("enrolled by"),
    )
    # First come, first served: the waitlist is ordered by this timestamp, then id.
    waitlisted_at = models.DateTimeField(_("waitlisted at"), null=True, blank=True)
    approval_deadline = models.DateTimeField(_("approval deadline"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "people.Employee", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # Fixed when the enrollment is made: the workshop asks for approval and HR did not
    # enroll the person. A waitlisted person promoted later then goes to approval.
    approval_required = models.BooleanField(_("needs supervisor approval"), default=False)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            # One live enrollment per person per session; a cancelled one may be followed
            # by a new enrollment.
            models.UniqueConstraint(
                fields=["session", "employee"],
                condition=models.Q(status__in=ACTIVE_STATUSES),
                name="learning_enrollment_one_active_per_person",
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status", "waitlisted_at"]),
            models.Index(fields=["employee", "status"]),
            models.Index(fields=["status", "approval_deadline"]),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} → {self.session_id} ({self.status})"


class NotificationKind(models.TextChoices):
    ENROLLED = "ENROLLED", _("Enrolled")
    WAITLISTED = "WAITLISTED", _("Waitlisted")
    PROMOTED = "PROMOTED", _("Promoted from the waitlist")
    APPROVAL_REQUESTED = "APPROVAL_REQUESTED", _("Approval requested")
    APPROVED = "APPROVED", _("Approved")
    REJECTED = "REJECTED", _("Rejected")
    LAPSED = "LAPSED", _("Approval lapsed")
    REMINDER = "REMINDER", _("Reminder the day before")
    CANCELLED = "CANCELLED", _("Cancelled")
    SESSION_CANCELLED = "SESSION_CANCELLED", _("Session cancelled")


class NotificationSent(SentNotice):
    """An email about an enrollment that was sent: at most one row per (enrollment,
    kind), so a retried task never mails twice (see docs/enrollment.md)."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="notifications",
        verbose_name=_("enrollment"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)

    class Meta:
        verbose_name = _("notification sent")
        verbose_name_plural = _("notifications sent")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "kind"], name="learning_notification_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.kind}"


class NotificationDue(models.Model):
    """An enrollment email that was decided and is not sent yet: written in the
    transaction that decided it, deleted by the task once the email went out (or
    needs not). The queued task can be lost (the broker down at the commit, Redis
    restarted empty, a worker gone for good) but this row cannot, so a beat sweep
    queues again what is still due (learning.enrollment.notifications)."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="notifications_due",
        verbose_name=_("enrollment"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("notification due")
        verbose_name_plural = _("notifications due")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "kind"], name="learning_notification_due_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.kind} (due)"
