"""Celery tasks for development plans: thin, id-based, idempotent."""
from __future__ import annotations

from celery import shared_task

from config.notifications import NOTIFICATION_TASK_OPTIONS


@shared_task(**NOTIFICATION_TASK_OPTIONS)
def plan_notify_task(plan_id: int, kind: str, revision: int) -> bool:
    """Email about a plan's submission or decision, once per revision."""
    from learning.plans.notifications import plan_notify

    return plan_notify(plan_id=plan_id, kind=kind, revision=revision)


@shared_task(acks_late=True)
def plan_reminders_send_task() -> int:
    """Beat job (daily): deadline reminders. Safe to run twice a day."""
    from learning.plans.notifications import plan_reminders_send

    return plan_reminders_send()
