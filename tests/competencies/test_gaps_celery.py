"""The bulk recomputation through a real Celery worker (Redis broker, PostgreSQL):
the chunk tasks run in another process and report progress on the job row."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from competencies.gaps.services import gaps_recompute_all
from competencies.models import CompetencyGap, GapRecomputeJob, JobPersonMatch
from tests.competencies.test_gaps_world import TODAY, assess, employee_in, world_build
from tests.conftest import ARTIFACTS


@pytest.mark.celery_worker
def test_bulk_job_runs_in_worker(celery_worker, settings):
    settings.COMPETENCY_GAPS = {"CHUNK_SIZE": 2}  # the chunks are cut here, in the web process
    world = world_build()
    people = [employee_in(world) for _ in range(5)]
    for p in people:
        assess(p, world.m1, "2.0", "SUPERVISOR", TODAY - dt.timedelta(days=1))
    job = gaps_recompute_all()
    assert job.status == "RUNNING" and job.chunk_count >= 3
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status != "RUNNING":
            break
        time.sleep(0.5)
    assert job.status == "DONE", (job.status, job.error)
    assert job.done == job.total and job.chunks.count() == job.chunk_count
    for p in people:
        assert CompetencyGap.objects.get(employee=p, competency=world.m1).gap == 1
        assert JobPersonMatch.objects.filter(employee=p).exists()
    assert GapRecomputeJob.objects.count() == 1
    log = (ARTIFACTS / "celery-worker.log").read_text()
    assert log.count("gaps_recompute_chunk_task") >= job.chunk_count  # ran in the worker
