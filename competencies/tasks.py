"""Celery tasks of the competencies app: thin wrappers over services, by id,
idempotent (safe to retry or re-deliver)."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError


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

    try:
        gap_job_chunk_run(job_id=job_id, number=number, employee_ids=employee_ids)
    except OperationalError:
        if self.request.retries >= self.max_retries:
            gap_job_mark_failed(job_id=job_id, error=f"chunk {number}: database unavailable")
        raise
    except Exception as exc:
        gap_job_mark_failed(job_id=job_id, error=f"chunk {number}: {exc!r}")
        raise


@shared_task(acks_late=True)
def gaps_recompute_for_employees_task(employee_ids: list[int]) -> None:
    """Recompute these employees' gaps (e.g. after an import), off the request."""
    from competencies.gaps.services import gaps_recompute_for_employees

    gaps_recompute_for_employees(employee_ids=employee_ids)


@shared_task
def gaps_recompute_all_task() -> int:
    """Nightly: recompute everyone (standards, weights or the value mapping may have
    changed without an import). Starts the chunked job; returns its id. A job already
    running is reused, so an overlapping schedule does not double the work."""
    from competencies.gaps.services import gaps_recompute_all

    return gaps_recompute_all().pk
