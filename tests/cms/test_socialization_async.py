"""Reminders through a real Celery worker (Redis broker, PostgreSQL): the task is
delivered twice, as a retry or a double click on "Kirim pengingat" would, and each
straggler still gets exactly one reminder for the day."""
from __future__ import annotations

import time

import pytest

from socialization.models import ReminderSent
from socialization.services import policy_acknowledge
from socialization.tasks import policy_reminders_send_task
from tests.cms.socialization_factories import (  # noqa: F401  (fixtures)
    make_policy,
    migrated_data,
    restore_migrated_data,
)
from tests.conftest import ARTIFACTS
from tests.factories import EmployeeFactory, UnitFactory

pytestmark = [pytest.mark.celery_worker,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_reminder_task_delivered_twice_sends_once(celery_worker):
    unit = UnitFactory(name="Dinas Pengingat")
    employees = [EmployeeFactory(unit=unit) for _ in range(4)]
    page = make_policy(audience_all=False, units=[unit])
    policy_acknowledge(page=page, employee=employees[0])

    from config.celery import app

    # Eager tasks earlier in the session may have left a closed producer pool for the
    # old broker; start a fresh one for the Redis broker the worker fixture set.
    app._pool = None
    app.amqp._producer_pool = None
    policy_reminders_send_task.delay(page.pk)
    policy_reminders_send_task.delay(page.pk)
    deadline = time.monotonic() + 60
    log_path = ARTIFACTS / "celery-worker.log"
    while time.monotonic() < deadline:
        if log_path.read_text().count("policy_reminders_send_task") >= 4:  # 2 received + 2 done
            break
        time.sleep(0.3)
    log = log_path.read_text()
    assert log.count("succeeded") >= 2, log[-2000:]
    sent_to = sorted(ReminderSent.objects.filter(page=page).values_list("employee_id", flat=True))
    assert sent_to == sorted(e.pk for e in employees[1:])
