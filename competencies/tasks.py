"""Celery tasks of the competencies app: thin wrappers over services, by id,
idempotent (safe to retry or re-deliver)."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from config.jobs.tasks import job_failure_reason, job_failure_recorded
from config.jobs.uploads import UPLOAD_JOB_TASK_OPTIONS


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def gaps_recompute_chunk_task(self, job_id: int, number: int, employee_ids: list[int]) -> None:
    """Recompute one chunk of a bulk gap job and count its progress once."""
    from competencies.gaps.services import gap_job_chunk_run, gap_job_mark_failed

    def mark_failed(reason: str) -> None:
        gap_job_mark_failed(
            job_id=job_id, error=job_failure_reason(reason=reason, number=number)
        )

    with job_failure_recorded(self, mark_failed):
        gap_job_chunk_run(job_id=job_id, number=number, employee_ids=employee_ids)


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def gaps_recompute_for_employees_task(employee_ids: list[int]) -> None:
    """Recompute these employees' gaps (one chunk, queued after an import commits).
    Idempotent: the chunk's rows are replaced."""
    from competencies.gaps.services import gaps_recompute_for_employees

    gaps_recompute_for_employees(employee_ids=employee_ids)


@shared_task(**UPLOAD_JOB_TASK_OPTIONS)
def results_import_task(self, batch_id: int) -> None:
    """Import the file stored on an ImportBatch (HR's upload page). Idempotent: a
    finished batch is left alone, an interrupted one is imported again whole."""
    from competencies.imports.services.jobs import import_batch_mark_failed, results_import_run

    # HR sees a plain message in their language (the reason goes to the worker's log).
    with job_failure_recorded(self, lambda _reason: import_batch_mark_failed(batch_id=batch_id)):
        results_import_run(batch_id=batch_id)


@shared_task
def gaps_recompute_all_task() -> int:
    """Nightly: recompute everyone (standards, weights or the value mapping may have
    changed without an import). Starts the chunked job; returns its id. A job already
    running is reused, so an overlapping schedule does not double the work."""
    from competencies.gaps.services import gaps_recompute_all

    return gaps_recompute_all().pk
