"""The queued import (HR's upload page): the file is kept on its ImportBatch and imported
by results_import_task, whose body is `results_import_run`."""
from __future__ import annotations

from typing import IO

from django.core.files import File

from competencies.imports.readers import rows_estimate
from competencies.imports.services.importer import results_import
from competencies.models import ImportBatch
from config.audit import audit_import
from config.jobs.uploads import upload_job_enqueue, upload_job_run
from people.models import User


def results_import_enqueue(
    *, upload: File, file_name: str, imported_by: User | None = None
) -> ImportBatch:
    """Keep an uploaded file on a new ImportBatch and queue its import as a Celery
    task (after commit). The batch remembers the uploader's language, so the row
    errors come out in it whichever process runs the task. Returns the batch, whose
    status and `rows_processed` / `rows_total` the upload page polls."""
    from competencies.tasks import results_import_task

    batch = ImportBatch(imported_by=imported_by, rows_total=rows_estimate(file=upload))
    batch = upload_job_enqueue(job=batch, upload=upload, file_name=file_name,
                               task=results_import_task)
    audit_import(batch, user=imported_by, kind="competencies", file_name=batch.file_name,
                 stage="queued")
    return batch


def results_import_run(*, batch_id: int) -> ImportBatch | None:
    """Run a queued import: the body of results_import_task (config.jobs.uploads:
    a finished batch is left as it was, an interrupted one is imported again whole;
    the import's upserts by natural key write each row once however often it runs).
    Messages are in the uploader's language."""

    def run(batch: ImportBatch, stored: IO[bytes]) -> None:
        results_import(file=stored, file_name=batch.file_name, imported_by=batch.imported_by,
                       batch=batch, raise_transient=True)

    return upload_job_run(job_model=ImportBatch, job_id=batch_id, run=run)


def import_batch_mark_failed(*, batch_id: int) -> None:
    """Record that a queued import could not run to its end (its task failed for
    good, or the stored file is gone): nothing was written. The message is in the
    uploader's language (config.jobs.UploadJob.mark_failed)."""
    ImportBatch.mark_failed(job_id=batch_id)
