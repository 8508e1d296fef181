"""Celery tasks for completion: thin, id-based, idempotent (re-running leaves the
same state). learning/tasks.py star-imports this module so Celery finds them."""
from __future__ import annotations

from celery import shared_task

from config.notifications import NOTIFICATION_TASK_OPTIONS

__all__ = [
    "completion_evaluate_ended_sessions_task",
    "completion_notify_task",
]


@shared_task(acks_late=True)
def completion_evaluate_ended_sessions_task() -> int:
    """Beat job: evaluate completion for every session that ended yesterday
    (Asia/Jakarta). Idempotent. Returns the number of enrollments evaluated."""
    from learning.completion.services.completion import completion_evaluate_ended_sessions

    return completion_evaluate_ended_sessions()


@shared_task(**NOTIFICATION_TASK_OPTIONS)
def completion_notify_task(enrollment_id: int) -> bool:
    """Email the participant that they completed; sent once even if retried."""
    from learning.completion.services.completion import completion_notify

    return completion_notify(enrollment_id=enrollment_id)
