"""The queued import (HR's upload page): the file is kept on its ImportBatch and imported
by results_import_task, whose body is `results_import_run`."""
from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.utils import translation

from competencies.imports.readers import rows_estimate
from competencies.imports.services.importer import results_import
from competencies.models import ImportBatch
from config.audit import audit_import


def results_import_enqueue(*, upload: File, file_name: str, imported_by=None) -> ImportBatch:
    """Keep an uploaded file on a new ImportBatch and queue its import as a Celery
    task (after commit). The batch remembers the uploader's language, so the row
    errors come out in it whichever process runs the task. Returns the batch, whose
    status and `rows_processed` / `rows_total` the upload page polls."""
    from competencies.tasks import results_import_task

    batch = ImportBatch(
        file_name=file_name[:255],
        imported_by=imported_by,
        language=translation.get_language() or "",
        rows_total=rows_estimate(file=upload),
    )
    # A name of our own: the user's may be long, odd or identical to another's.
    batch.upload.save(f"{uuid.uuid4().hex}{Path(file_name).suffix.lower()[:5]}", upload,
                      save=False)
    batch.save()
    audit_import(batch, user=imported_by, kind="competencies", file_name=batch.file_name,
                 stage="queued")
    results_import_task.delay_on_commit(batch.pk)
    return batch


def results_import_run(*, batch_id: int) -> ImportBatch | None:
    """Run a queued import: the body of results_import_task.

    Idempotent: a batch that has already ended is left as it was (only its stored
    file is cleaned up); a batch whose earlier run died half-way is imported again
    from its stored file: the import is one transaction, and its upserts by natural
    key write each row once however often it runs. A lost database connection is
    raised for the task to retry. Messages are in the uploader's language."""
    batch = ImportBatch.objects.select_related("imported_by").filter(pk=batch_id).first()
    if batch is None:
        return None
    if batch.is_finished:
        batch.upload_discard()
        return batch
    if not batch.upload:
        import_batch_mark_failed(batch_id=batch.pk)
        return ImportBatch.objects.get(pk=batch.pk)
    ImportBatch.objects.filter(pk=batch.pk).update(rows_processed=0)
    with translation.override(batch.language or settings.LANGUAGE_CODE):
        with batch.upload.open("rb") as stored:
            results_import(
                file=stored,
                file_name=batch.file_name,
                imported_by=batch.imported_by,
                batch=batch,
                raise_transient=True,
            )
    batch.refresh_from_db()
    if batch.is_finished:
        batch.upload_discard()
    return batch


def import_batch_mark_failed(*, batch_id: int) -> None:
    """Record that a queued import could not run to its end (its task failed for
    good, or the stored file is gone): nothing was written. The message is in the
    uploader's language (config.jobs.UploadJob.mark_failed)."""
    ImportBatch.mark_failed(job_id=batch_id)
