"""Celery tasks of the recommendations: thin, id-based, idempotent."""
from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from config.jobs.tasks import job_failure_reason, job_failure_recorded
from config.notifications import NOTIFICATION_TASK_OPTIONS


@shared_task(bind=True, acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True,
             max_retries=3)
def recommendations_chunk_task(self, job_id: int, number: int, employee_ids: list[int]) -> None:
    """One chunk of a bulk recomputation; counted once on the job."""
    from learning.recommendations.services import reco_job_chunk_run, reco_job_mark_failed

    def mark_failed(reason: str) -> None:
        reco_job_mark_failed(job_id=job_id, error=job_failure_reason(reason=reason, number=number))

    with job_failure_recorded(self, mark_failed):
        reco_job_chunk_run(job_id=job_id, number=number, employee_ids=employee_ids)


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def recommendations_recompute_for_employees_task(employee_ids: list[int]) -> None:
    """Recompute these employees (one chunk). Idempotent: their rows are replaced."""
    from learning.recommendations.services import recommendations_recompute_for_employees

    recommendations_recompute_for_employees(employee_ids=employee_ids)


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def recommendations_recompute_for_workshop_task(workshop_id: int) -> None:
    """A workshop or session changed: recompute the employees it may concern."""
    from learning.recommendations.services import recommendations_recompute_for_workshop

    recommendations_recompute_for_workshop(workshop_id=workshop_id)


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def recommendations_changes_task(
    employee_ids: list[int], workshop_ids: list[int], session_ids: list[int]
) -> None:
    """One committed transaction's changes: people who enrolled or cancelled,
    workshops published or unpublished, sessions that may have filled up. Queues the
    recomputation of the union, chunked. Idempotent."""
    from learning.recommendations.services import recommendations_changes_apply

    recommendations_changes_apply(
        employee_ids=employee_ids, workshop_ids=workshop_ids, session_ids=session_ids)


@shared_task
def recommendations_recompute_all_task() -> int:
    """Nightly (beat): recompute everyone (the clock moves sessions out of reach and
    JP shortfalls change). Reuses a running job. Returns the job id."""
    from learning.recommendations.services import recommendations_recompute_all

    return recommendations_recompute_all().pk


@shared_task(**NOTIFICATION_TASK_OPTIONS)
def recommendation_assignment_notify_task(assignment_id: int) -> None:
    """Email the employee about a supervisor's assignment (one mail per assignment:
    it is sent only when the assignment row is created)."""
    from learning.recommendations.services import recommendation_assignment_notify

    recommendation_assignment_notify(assignment_id=assignment_id)
