"""Completion tasks (attendance → completion → email) through a real Celery worker
process (Redis broker, PostgreSQL):
the completion email is sent once even when the task runs again, and the nightly
job evaluates ended sessions idempotently."""
from __future__ import annotations

import time

import pytest

from learning.completion.services import attendance_save, session_days
from learning.completion.tasks import (
    completion_evaluate_ended_sessions_task,
    completion_notify_task,
)
from learning.models.completion import AttendanceRecord, Completion, CompletionNotice
from tests.conftest import ARTIFACTS
from tests.factories import EmployeeFactory, make_hr_user
from tests.learning.completion_world import (  # noqa: F401 (autouse fixtures)
    _restore_migrated_data,
    enroll,
    make_session,
    migrated_data,
    seed_rows_ensure,
)

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _leave_celery_as_found():
    """After the worker fixture has torn down: drop the broker pools it left closed and
    put eager mode back, so later tests in this process can still enqueue tasks."""
    from django.conf import settings

    from config.celery import app

    eager = settings.CELERY_TASK_ALWAYS_EAGER
    yield
    app._pool = None
    app.amqp._producer_pool = None
    app.conf.task_always_eager = eager


def wait_for(predicate, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def test_completion_email_sent_once_through_the_worker(celery_worker, migrated_data):  # noqa: F811
    from config.celery import app

    seed_rows_ensure(migrated_data)  # again: the worker fixture came after the guard

    # Earlier tests in the same process may have left a broker producer pool for the
    # eager in-memory broker, closed since; start from fresh pools on the worker's broker.
    app._pool = None
    app.amqp._producer_pool = None
    session = make_session()
    enrollment = enroll(EmployeeFactory(), session)
    # Autocommit: the on-commit hook hands the email task to the broker at once.
    attendance_save(session=session,
                    present={enrollment.pk: set(session_days(session=session))},
                    marked_by=make_hr_user())
    assert Completion.objects.filter(enrollment=enrollment).exists()
    assert wait_for(lambda: CompletionNotice.objects.filter(enrollment=enrollment).exists())
    # A redelivered or retried task sends nothing more.
    again = [completion_notify_task.delay(enrollment.pk) for _ in range(2)]
    assert [r.get(timeout=30) for r in again] == [False, False]
    assert CompletionNotice.objects.count() == 1
    assert "completion_notify_task" in (ARTIFACTS / "celery-worker.log").read_text()

    # The nightly job, in the same worker (one worker per test module keeps the
    # broker's producer pool alive: a second celery_worker test in one process finds
    # it closed).
    session = make_session()
    enrollment = enroll(EmployeeFactory(), session)
    AttendanceRecord.objects.create(enrollment=enrollment, day=session_days(session=session)[0],
                                    present=True, marked_at=session.ends_at)
    assert completion_evaluate_ended_sessions_task.delay().get(timeout=30) == 2  # both sessions
    assert Completion.objects.filter(enrollment=enrollment).exists()
    # Twice: the same state.
    assert completion_evaluate_ended_sessions_task.delay().get(timeout=30) == 2  # both sessions
    assert Completion.objects.count() == 2
