"""Celery tasks: thin wrappers that reload by id and call a service."""
from __future__ import annotations

from celery import shared_task
from django.core.management import call_command

from config.notifications import NOTIFICATION_TASK_OPTIONS


@shared_task(**NOTIFICATION_TASK_OPTIONS)
def policy_reminders_send_task(page_id: int) -> int:
    """Email the page's stragglers. Idempotent: at most one email per employee, page
    and day, however often it runs or is retried."""
    from socialization.models import PolicyPage
    from socialization.services import policy_reminders_send

    page = PolicyPage.objects.filter(pk=page_id).first()
    if page is None or not page.live:
        return 0
    return policy_reminders_send(page=page)


@shared_task
def policy_deadline_reminders_task(days: int = 3) -> int:
    """Daily: enqueue reminders for mandatory policies due within `days` days."""
    from socialization.services import policy_pages_due_soon

    page_ids = policy_pages_due_soon(days=days)
    for page_id in page_ids:
        policy_reminders_send_task.delay(page_id)
    return len(page_ids)


@shared_task(acks_late=True)
def publish_scheduled_task() -> None:
    """Run Wagtail's scheduled go-live/expiry (idempotent by nature)."""
    call_command("publish_scheduled", verbosity=0)


@shared_task(**NOTIFICATION_TASK_OPTIONS)
def question_answered_notify_task(question_id: int) -> bool:
    """Email the asker that their question was answered. Idempotent (see the service)."""
    from socialization.models import PolicyQuestion
    from socialization.services import policy_question_answered_notify

    question = (PolicyQuestion.objects.select_related("author", "author__employee", "page")
                .filter(pk=question_id).first())
    if question is None:
        return False
    return policy_question_answered_notify(question=question)
