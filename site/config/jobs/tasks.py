"""The one failure path of a job's Celery task."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from celery import Task
from django.db import OperationalError
from django.utils.translation import gettext as _


def job_failure_reason(*, reason: str, number: int | None = None) -> str:
    """The reason a job failed, as HR reads it on the job's page (in the worker's
    language, Indonesian): which part failed and why."""
    if number is None:
        return reason
    return _("Part %(number)s: %(reason)s") % {"number": number + 1, "reason": reason}


@contextmanager
def job_failure_recorded(task: Task, mark_failed: Callable[[str], None]) -> Iterator[None]:
    """Record a final failure with `mark_failed(reason)` and re-raise: at once for a
    bug, after the last retry for a lost database connection (retried by Celery)."""
    try:
        yield
    except OperationalError:
        if task.request.retries >= (task.max_retries or 0):
            mark_failed(_("the database could not be reached"))
        raise
    except Exception as exc:
        mark_failed(repr(exc))
        raise
