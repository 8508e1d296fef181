"""One way to queue and run an upload job (config.jobs.models.UploadJob): the file is
kept privately on the job row, a Celery task imports it, and the row holds the
outcome. The employee import and the competency imports differ only in the import
they run.

Idempotent: a job that has already ended is left as it was (only its stored file is
cleaned up); a job whose earlier run died half-way is imported again from its stored
file (each import is one transaction keyed by natural keys). A lost database
connection propagates for the task to retry (`UPLOAD_JOB_TASK_OPTIONS`)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import IO, TypeVar

from django.conf import settings
from django.core.files import File
from django.db import OperationalError
from django.utils import translation

from config.jobs.models import UploadJob

Job = TypeVar("Job", bound=UploadJob)

# The Celery options of an upload job's task (bind: `job_failure_recorded` reads the
# retries). 100,000 rows take about a minute; well under Redis's 1-hour visibility
# timeout.
UPLOAD_JOB_TASK_OPTIONS = {
    "bind": True,
    "acks_late": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "max_retries": 3,
    "soft_time_limit": 12 * 60,
    "time_limit": 14 * 60,
}


def upload_job_enqueue(*, job: Job, upload: File, file_name: str, task) -> Job:
    """Keep `upload` on the unsaved `job` (private storage), save it and queue
    `task(job.pk)` after commit. The job remembers the uploader's language, so the row
    errors come out in it whichever process runs the task."""
    job.file_name = file_name[:255]
    job.language = translation.get_language() or ""
    # A name of our own: the user's may be long, odd or the same as another's.
    job.upload.save(f"{uuid.uuid4().hex}{Path(file_name).suffix.lower()[:5]}", upload,
                    save=False)
    job.save()
    task.delay_on_commit(job.pk)
    return job


def upload_job_run(*, job_model: type[Job], job_id: int,
                   run: Callable[[Job, IO[bytes]], None]) -> Job | None:
    """The body of an upload job's task: `run(job, stored_file)` imports the file, in
    the uploader's language, and records the outcome on the job. A finished job is
    only cleaned up; one whose file is gone fails (`mark_failed`); the file is deleted
    once the job has ended. Returns the job as it is now (None: no such job)."""
    manager = job_model._default_manager
    job = manager.select_related("imported_by").filter(pk=job_id).first()
    if job is None:
        return None
    if job.is_finished:
        job.upload_discard()
        return job
    if not job.upload:
        job_model.mark_failed(job_id=job.pk)
        return manager.get(pk=job.pk)
    # The bar starts again (an earlier run may have died half-way).
    manager.filter(pk=job.pk).exclude(status__in=job_model.final_statuses).update(
        rows_processed=0)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        with job.upload.open("rb") as stored:
            run(job, stored)
    job.refresh_from_db()
    if job.is_finished:
        job.upload_discard()
    return job
