"""Celery tasks for enrollment: thin, id-based, idempotent. learning/tasks.py
star-imports this module so Celery's autodiscovery finds them."""
from __future__ import annotations

from celery import shared_task

from config.notifications import NOTIFICATION_TASK_OPTIONS

__all__ = [
    "enrollment_notify_task",
    "enrollment_notices_due_requeue_task",
    "enrollment_lapse_overdue_task",
    "enrollment_send_reminders_task",
    "waitlist_promote_task",
    "sessions_after_publish_task",
]


@shared_task(**NOTIFICATION_TASK_OPTIONS)
def enrollment_notify_task(enrollment_id: int, kind: str) -> bool:
    """Send one kind of enrollment email once (NotificationSent guards retries)."""
    from learning.enrollment.notifications import enrollment_notify

    return enrollment_notify(enrollment_id=enrollment_id, kind=kind)


@shared_task(acks_late=True)
def enrollment_notices_due_requeue_task() -> int:
    """Beat job: queue again the enrollment emails whose task was lost."""
    from learning.enrollment.notifications import enrollment_notices_due_requeue

    return enrollment_notices_due_requeue()


@shared_task(acks_late=True)
def enrollment_lapse_overdue_task() -> int:
    """Beat job: lapse approval requests past their deadline, free seats, promote."""
    from learning.enrollment.services import enrollment_lapse_overdue

    return enrollment_lapse_overdue()


@shared_task(acks_late=True)
def enrollment_send_reminders_task() -> int:
    """Beat job: queue a reminder for each enrollment in a session starting tomorrow.
    Safe to run twice: each reminder is sent once."""
    from learning.enrollment.services import enrollment_reminders_due
    from learning.models import NotificationKind

    ids = enrollment_reminders_due()
    for pk in ids:
        enrollment_notify_task.delay(pk, NotificationKind.REMINDER)
    return len(ids)


@shared_task(acks_late=True)
def waitlist_promote_task(session_id: int) -> int:
    """Promote a session's waitlist into free seats. Idempotent."""
    from learning.enrollment.services import waitlist_promote
    from learning.models import WorkshopSession

    session = WorkshopSession.objects.filter(pk=session_id).first()
    return len(waitlist_promote(session=session)) if session else 0


@shared_task(acks_late=True)
def sessions_after_publish_task(session_ids: list[int]) -> None:
    """After a workshop page is published (capacity may have grown)."""
    from learning.enrollment.services import sessions_after_publish

    sessions_after_publish(session_ids=session_ids)
