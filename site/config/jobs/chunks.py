"""One way to run a chunked job: start it (one running job at a time, a stale one
failed as abandoned), split its ids into chunk tasks, and count each chunk once."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone

from config.jobs.models import ChunkedJob, JobChunk, JobStatus

logger = logging.getLogger(__name__)

# The concrete job model a caller passes: what it gets back is that model.
JobT = TypeVar("JobT", bound=ChunkedJob)

# Kept as it was written before the framework (tests and old rows read it).
ABANDONED_ERROR = "abandoned: still running after the time limit"


def chunks_split(ids: Iterable[int], size: int) -> Iterator[list[int]]:
    """Consecutive lists of at most `size` ids, in the order given."""
    chunk: list[int] = []
    for pk in ids:
        chunk.append(pk)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def job_create(
    *, job_model: type[JobT], ids: Sequence[int], chunk_size: int,
    stale_minutes: int, started_by=None,
) -> tuple[JobT, list[list[int]], bool]:
    """Create a job over `ids` split into chunks, or return the one already running
    (two clicks start one job). A running job older than `stale_minutes` is marked
    failed as abandoned and a new one starts. Returns (job, chunks, created); must run
    inside a transaction (it locks the running job)."""
    running = job_model._default_manager.select_for_update().filter(
        status=JobStatus.RUNNING
    ).first()
    if running is not None:
        stale_before = timezone.now() - dt.timedelta(minutes=stale_minutes)
        if running.created_at >= stale_before:
            return running, [], False
        job_model.mark_failed(job_id=running.pk, error=ABANDONED_ERROR)
    chunks = list(chunks_split(ids, chunk_size))
    job = job_model._default_manager.create(
        started_by=started_by, total=len(ids), chunk_count=len(chunks),
        status=JobStatus.RUNNING if ids else JobStatus.DONE,
        finished_at=None if ids else timezone.now(),
    )
    return job, chunks, True


def job_start(
    *, job_model: type[JobT], ids: Sequence[int], chunk_size: int,
    stale_minutes: int, task, started_by=None,
) -> JobT:
    """Create the job (see job_create) and queue `task(job_id, number, ids)` once per
    chunk after the commit, so no worker looks for a job row not yet visible."""
    with transaction.atomic():
        job, chunks, _created = job_create(
            job_model=job_model, ids=ids, chunk_size=chunk_size,
            stale_minutes=stale_minutes, started_by=started_by,
        )
        for number, chunk in enumerate(chunks):
            task.delay_on_commit(job.pk, number, chunk)
    job.refresh_from_db()
    return job


def job_chunk_run(
    *, job_model: type[ChunkedJob], chunk_model: type[JobChunk], job_id: int,
    number: int, size: int, work: Callable[[Any], object], prepare: Callable[[], Any] | None = None,
) -> bool:
    """Run one chunk's `work` and count its `size` items once. Returns False when the
    chunk was skipped (no such job, a failed job, a chunk already counted).

    Idempotent: the chunk row (unique per job and number) is inserted first in a
    savepoint of the same transaction as the work and the count, so a second run of
    the same chunk waits for the first one's commit and then stops. An IntegrityError
    from `work` itself is a real error and fails the task. `prepare` runs before the
    transaction (loading what every chunk needs) and only when the chunk will run;
    `work` gets what it returned."""
    job = job_model._default_manager.filter(pk=job_id).only("status").first()
    if job is None or job.status == JobStatus.FAILED:
        return False
    if chunk_model._default_manager.filter(job_id=job_id, number=number).exists():
        return False  # a re-delivered task: nothing left to do
    prepared = prepare() if prepare is not None else None
    with transaction.atomic():
        try:
            with transaction.atomic():
                chunk_model._default_manager.create(job_id=job_id, number=number, size=size)
        except IntegrityError:
            logger.info("%s %s chunk %s already done", job_model.__name__, job_id, number)
            return False
        work(prepared)
        job_model.chunk_counted(job_id=job_id, size=size)
    return True
