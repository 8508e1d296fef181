"""Celery tasks of the people app: thin, by id, idempotent."""
from __future__ import annotations

from celery import shared_task

from config.jobs.tasks import job_failure_recorded
from config.jobs.uploads import UPLOAD_JOB_TASK_OPTIONS
from config.notifications import NOTIFICATION_TASK_OPTIONS


@shared_task(**UPLOAD_JOB_TASK_OPTIONS)
def employee_import_task(self, job_id: int) -> None:
    """Import the file stored on an EmployeeImportJob (HR's upload page). Idempotent:
    a finished job is left alone, an interrupted one is imported again whole."""
    from people.services.employee_import_jobs import (
        employee_import_job_mark_failed,
        employee_import_run,
    )

    # HR sees a plain message in their language (the reason goes to the worker's log).
    with job_failure_recorded(self, lambda _reason: employee_import_job_mark_failed(job_id=job_id)):
        employee_import_run(job_id=job_id)


@shared_task(**NOTIFICATION_TASK_OPTIONS)
def login_ceiling_notify_task(user_id: int) -> None:
    """Tell an account's owner that guessing reached the daily ceiling (once a day)."""
    from people.notifications import login_ceiling_notify

    login_ceiling_notify(user_id=user_id)
