"""The employee import as a Celery job (HR's upload page, /pegawai/impor/).

A file of 100,000 rows takes about a minute, more than a browser or gunicorn waits
for: the page stores the upload privately on an EmployeeImportJob, queues
employee_import_task and polls the job's progress; the task runs the same
all-or-nothing `employee_import` as the command, and the job keeps its outcome.

Idempotent (config.jobs.uploads): a finished job is left as it was (only its file is
cleaned up); a job whose run died half-way is imported again from its stored file
(the import is one transaction, keyed by NIP); two deliveries of one task cannot both
write, because the write transaction starts by locking the job row and gives up when
another run has finished it.
"""
from __future__ import annotations

import logging
from dataclasses import asdict
from typing import IO

from django.core.files import File
from django.utils import timezone

from config.audit import audit_import
from config.jobs.uploads import upload_job_enqueue, upload_job_run
from config.uploads import table_rows_estimate, upload_limits
from people.models import IMPORT_JOB_FINAL_STATUSES, EmployeeImportJob, ImportJobStatus, User
from people.services.employee_import import ImportResult, employee_import

logger = logging.getLogger(__name__)

COUNT_FIELDS = ("rows", "created", "updated", "unchanged", "units_created", "units_moved",
                "positions_created")


class _AlreadyFinished(Exception):
    """Another run of the same job finished first (a re-delivered task)."""


def employee_import_enqueue(*, upload: File, file_name: str, imported_by: User | None,
                            dry_run: bool = False) -> EmployeeImportJob:
    """Keep an uploaded file on a new EmployeeImportJob (private storage) and queue
    its import after commit. The job remembers the uploader's language, so the row
    errors come out in it whichever process runs the task."""
    from people.tasks import employee_import_task

    stream = getattr(upload, "file", upload)
    job = EmployeeImportJob(
        imported_by=imported_by, dry_run=dry_run,
        rows_total=table_rows_estimate(file=stream, limits=upload_limits("employees")),
    )
    job = upload_job_enqueue(job=job, upload=upload, file_name=file_name,
                             task=employee_import_task)
    audit_import(job, user=imported_by, kind="employees", file_name=job.file_name,
                 stage="queued", dry_run=dry_run)
    return job


def _outcome(result: ImportResult) -> dict:
    counts = {name: getattr(result, name) for name in COUNT_FIELDS}
    return {
        "status": ImportJobStatus.SUCCEEDED if result.ok else ImportJobStatus.FAILED,
        "counts": counts,
        "errors": [asdict(e) for e in result.errors],
        "error_count": result.error_count,
        "rows_processed": result.rows,
        "finished_at": timezone.now(),
    }


def _audit_outcome(job: EmployeeImportJob, result: ImportResult) -> None:
    if job.dry_run:
        return  # a trial run decides nothing
    outcome = _outcome(result)
    audit_import(job, user=job.imported_by, kind="employees", file_name=job.file_name,
                 stage="finished", outcome=outcome["status"], errors=result.error_count,
                 **outcome["counts"])


def employee_import_run(*, job_id: int) -> EmployeeImportJob | None:
    """Run a queued employee import: the body of employee_import_task (see the
    module's docstring for why it is safe to run twice). Messages are in the
    uploader's language. A lost database connection propagates (the task retries)."""
    return upload_job_run(job_model=EmployeeImportJob, job_id=job_id, run=_import_stored)


def _import_stored(job: EmployeeImportJob, stored: IO[bytes]) -> None:
    """Import a job's stored file and record its outcome on the job (upload_job_run's
    `run`)."""
    unfinished = EmployeeImportJob.objects.filter(pk=job.pk).exclude(
        status__in=IMPORT_JOB_FINAL_STATUSES)
    unfinished.update(status=ImportJobStatus.RUNNING)

    def progress(rows: int) -> None:
        unfinished.update(rows_processed=rows)

    def write_start() -> None:
        status = (EmployeeImportJob.objects.select_for_update().filter(pk=job.pk)
                  .values_list("status", flat=True).first())
        if status in IMPORT_JOB_FINAL_STATUSES:
            raise _AlreadyFinished

    def write_end(result: ImportResult) -> None:
        # In the write transaction: the outcome commits with the rows.
        unfinished.update(**_outcome(result))
        _audit_outcome(job, result)

    try:
        result = employee_import(
            file=stored, imported_by=job.imported_by, dry_run=job.dry_run,
            progress=progress, on_write_start=write_start, on_write_end=write_end,
        )
    except _AlreadyFinished:
        logger.info("employee import job %s was already finished by another run", job.pk)
        return
    if not result.ok:
        unfinished.update(**_outcome(result))  # refused before the write transaction
        _audit_outcome(job, result)


def employee_import_job_mark_failed(*, job_id: int) -> None:
    """Record that a queued import could not run to its end (its task failed for
    good, or the stored file is gone): nothing was written (config.jobs.UploadJob)."""
    EmployeeImportJob.mark_failed(job_id=job_id)
