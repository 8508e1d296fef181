"""Faults in the middle of a job (PostgreSQL, Redis, real Celery worker processes).

A worker is killed with SIGKILL while a task is inside its transaction (the test holds
a row lock the task needs, so the kill lands there every time), then the work must
finish exactly once in effect. Two kinds of death:

- "worker": the whole worker (main process and pool) dies, as in a lost machine or
  `kill -9`; its unacknowledged tasks stay in Redis and a new worker takes them back
  once they are older than the visibility timeout (seconds for these workers,
  tests/worker_settings.py; an hour in production).
- "pool process": only the process running the task dies (the OOM killer during a
  PDF render); the worker rejects the task back to the queue because of
  CELERY_TASK_REJECT_ON_WORKER_LOST, and its new pool process runs it again.
"""
from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from competencies.gaps.services import gaps_recompute_all, gaps_recompute_for_employees
from competencies.models import CompetencyGap, GapRecomputeJob, JobPersonMatch
from learning.certificates.bulk import certificate_bulk_issue_start, certificate_job_refresh
from learning.certificates.models import Certificate, CertificateNumberCounter
from learning.certificates.placeholders import number_format
from people.models import Employee
from tests.competencies.test_gaps_world import TODAY, assess, employee_in, world_build
from tests.conftest import (
    ARTIFACTS,
    celery_sending_to,
    database_url_of_tests,
    service_missing,
    wait_until,
    worker_process_start,
    worker_process_stop,
    worker_queue_name,
)
from tests.factories import make_hr_user
from tests.learning.certificates.helpers import completed
from tests.learning.completion_world import (  # noqa: F401 (autouse fixtures)
    _restore_migrated_data,
    make_session,
    migrated_data,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

KILLS = ["worker", "pool process"]
# Seconds before a dead worker's unacknowledged task is handed out again (test only).
VISIBILITY_TIMEOUT = 4


class Workers:
    """Real `celery worker` processes on one queue of the test's own, which the test
    may kill and replace."""

    def __init__(self, *, queue: str, broker_url: str) -> None:
        self.queue, self.broker_url = queue, broker_url
        self.started: list[subprocess.Popen] = []

    def start(self, *, restoring: bool = False) -> subprocess.Popen:
        """A prefork worker with one pool process. `restoring`: it hands out again the
        tasks a dead worker left unacknowledged after seconds, not an hour (only the
        replacement says so: a first worker with seconds would re-deliver its own
        waiting task, hiding whether a killed pool process's task comes back)."""
        extra_env = {"BANGKOM_TEST_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)}
        if not restoring:
            extra_env = {}
        proc = worker_process_start(
            queue=self.queue, broker_url=self.broker_url, pool="prefork", concurrency=1,
            log=ARTIFACTS / f"fault-worker-{len(self.started)}.log", own_session=True,
            extra_env=extra_env,
        )
        self.started.append(proc)
        return proc

    def kill(self, proc: subprocess.Popen, what: str) -> None:
        if what == "worker":
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
            return
        (child,) = pool_processes(proc.pid)
        os.kill(child, signal.SIGKILL)

    def stop_all(self) -> None:
        for proc in self.started:
            if proc.poll() is None:
                worker_process_stop(proc)


def pool_processes(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]


@pytest.fixture
def workers(transactional_db, redis_url, settings) -> Iterator[Workers]:
    from django.db import connection

    if connection.vendor != "postgresql":
        service_missing("the fault tests need PostgreSQL as the test database")
    queue = worker_queue_name()
    with celery_sending_to(queue=queue, broker_url=redis_url, settings=settings):
        pool = Workers(queue=queue, broker_url=redis_url)
        try:
            yield pool
        finally:
            pool.stop_all()
            connection.close()


@contextmanager
def row_locked(table: str, where: str = "true", params: tuple = ()) -> Iterator[None]:
    """Hold a row lock from another connection: a task that updates the row waits,
    in the middle of its transaction, until the block ends."""
    import psycopg

    with psycopg.connect(database_url_of_tests()) as conn:
        conn.execute(f"SELECT 1 FROM {table} WHERE {where} FOR UPDATE", params)  # noqa: S608
        try:
            yield
        finally:
            conn.rollback()


def a_task_waits_on_a_lock() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()")
        return cursor.fetchone()[0] > 0


def kill_in_the_middle(workers: Workers, what: str, table: str, where: str = "true",
                       params: tuple = ()) -> None:
    """Kill the worker (started now if none is running yet) while its task waits for
    a lock on `table` inside its transaction, then let the work go on (on a new worker
    after a whole worker died)."""
    with row_locked(table, where, params):
        worker = workers.started[-1] if workers.started else workers.start()
        wait_until(a_task_waits_on_a_lock, seconds=40, what="a task inside its transaction")
        workers.kill(worker, what)
    if what == "worker":
        workers.start(restoring=True)


@pytest.mark.parametrize("what", KILLS)
def test_a_bulk_issue_killed_midway_numbers_every_certificate_once(workers, what):
    session = make_session(title="Pelatihan Penulisan Naskah Dinas")
    subjects = {str(completed(session=session).pk) for _ in range(8)}
    workers.start()
    job = certificate_bulk_issue_start(session_id=session.pk, started_by=make_hr_user())

    def ready() -> int:
        return Certificate.objects.exclude(sha256="").count()

    wait_until(lambda: ready() >= 2, seconds=40, what="the first certificates")
    kill_in_the_middle(workers, what, CertificateNumberCounter._meta.db_table)
    wait_until(lambda: ready() >= len(subjects), seconds=50, what="every certificate")

    certificates = list(Certificate.objects.select_related("template"))
    assert sorted(c.subject_ref for c in certificates) == sorted(subjects)  # one each
    assert all(c.is_ready for c in certificates)
    counter = CertificateNumberCounter.objects.get()
    digits = certificates[0].template.seq_digits
    assert sorted(c.number for c in certificates) == sorted(  # no duplicate, no gap
        number_format(series=counter.series, seq=seq, digits=digits)
        for seq in range(1, len(subjects) + 1))
    assert counter.last == len(subjects)
    job = certificate_job_refresh(job=job)
    assert (job.status, job.done, job.total) == ("DONE", len(subjects), len(subjects))


def gap_rows() -> tuple[list, list]:
    gaps = list(CompetencyGap.objects.order_by("employee_id", "competency_id").values_list(
        "employee_id", "competency_id", "required_level", "assessed_level", "gap",
        "priority", "behaviour_flag", "explanation"))
    matches = list(JobPersonMatch.objects.order_by("employee_id").values_list(
        "employee_id", "jpm_percent", "coverage", "standard_count", "assessed_count"))
    return gaps, matches


@pytest.mark.parametrize("what", KILLS)
def test_a_gap_recomputation_killed_midway_writes_the_same_rows_once(workers, settings, what):
    settings.COMPETENCY_GAPS = {"CHUNK_SIZE": 3}  # the chunks are cut here, in this process
    world = world_build()
    for level in ["1.0", "2.0", "3.0", "2.5", "1.5", "2.0", "3.0", "1.0", "2.0"]:
        assess(employee_in(world), world.m1, level, "SUPERVISOR", TODAY)
    job = gaps_recompute_all()  # queued with no worker yet: the job row is locked first
    assert job.chunk_count >= 3
    kill_in_the_middle(workers, what, GapRecomputeJob._meta.db_table, "id = %s", (job.pk,))

    def finished() -> bool:
        job.refresh_from_db()
        return job.status != "RUNNING"

    wait_until(finished, seconds=50, what="the gap job to finish")
    assert (job.status, job.done, job.error) == ("DONE", job.total, "")
    assert job.chunks.count() == job.chunk_count  # every chunk counted once
    after_fault = gap_rows()
    assert len(after_fault[1]) == job.total
    active = list(Employee.objects.filter(is_active=True).values_list("pk", flat=True))
    gaps_recompute_for_employees(employee_ids=active)  # the same work without a fault
    assert after_fault == gap_rows()
