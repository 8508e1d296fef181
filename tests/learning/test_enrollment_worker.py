"""Enrollment emails through a real Celery worker (Redis, PostgreSQL): the task
runs after commit, and a re-delivered task does not send twice."""
from __future__ import annotations

import time

import pytest

from learning.enrollment import services
from learning.enrollment.tasks import enrollment_notify_task
from learning.models import NotificationKind, NotificationSent
from tests.factories import EmployeeFactory
from tests.learning.enrollment_factories import make_session

pytestmark = [pytest.mark.celery_worker, pytest.mark.redis, pytest.mark.postgres]


def _wait_for(predicate, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def test_notification_sent_once_by_a_real_worker(celery_worker, django_db_serialized_rollback):
    session = make_session(capacity=1)
    person = EmployeeFactory()
    enrollment = services.enrollment_create(session=session, employee=person,
                                            enrolled_by=person.user)
    sent = NotificationSent.objects.filter(enrollment=enrollment, kind=NotificationKind.ENROLLED)
    assert _wait_for(sent.exists), "the worker did not send the enrolled email"
    result = enrollment_notify_task.delay(enrollment.pk, NotificationKind.ENROLLED)
    assert result.get(timeout=60) is False  # the re-delivered task sends nothing
    assert sent.count() == 1
