"""Mentoring's Celery tasks: thin, id-based, idempotent (see each service)."""
from __future__ import annotations

from celery import shared_task

from config.notifications import NOTIFICATION_TASK_OPTIONS


@shared_task(bind=True, acks_late=True)
def matching_run_execute_task(self, run_id: int) -> None:  # type: ignore[no-untyped-def]
    from mentoring.services.matching_runs import matching_run_execute, matching_run_mark_failed

    try:
        matching_run_execute(run_id=run_id)
    except Exception as exc:
        matching_run_mark_failed(run_id=run_id, error=f"{type(exc).__name__}: {exc}")
        raise


@shared_task(**NOTIFICATION_TASK_OPTIONS)
def pair_notify_task(pair_id: int, kind: str) -> int:
    from mentoring.notifications import pair_notify

    return pair_notify(pair_id=pair_id, kind=kind)


@shared_task(**NOTIFICATION_TASK_OPTIONS)
def session_notify_task(session_id: int, kind: str) -> int:
    from mentoring.notifications import session_notify

    return session_notify(session_id=session_id, kind=kind)


@shared_task(acks_late=True)
def mentoring_reminders_send_task() -> int:
    from mentoring.services.reminders import reminders_send

    return reminders_send()
