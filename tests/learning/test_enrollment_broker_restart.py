"""Enrolling while the broker restarts (a Redis this test starts itself, PostgreSQL, a
real Celery worker): every enrollment is kept and answered normally, and every email
goes out later, once, although Redis came back empty.

The request does not fail with the broker (config.celery.BangkomTask.delay_on_commit) and
each email's NotificationDue row is written with the enrollment, so the sweep
(enrollment_notices_due_requeue, a beat job) queues again what the restart lost."""
from __future__ import annotations

import datetime as dt
import shutil
import socket
import subprocess
import time

import pytest
from django.urls import reverse

from learning.enrollment.notifications import enrollment_notices_due_requeue
from learning.models import Enrollment, NotificationDue, NotificationSent
from tests.conftest import (
    ARTIFACTS,
    celery_sending_to,
    service_missing,
    wait_until,
    worker_process_start,
    worker_process_stop,
    worker_queue_name,
)
from tests.factories import EmployeeFactory
from tests.learning.enrollment_factories import make_session

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.celery_worker]


class RedisServer:
    """A throw-away redis-server on a free loopback port, without persistence: a
    restart loses every queued message, as a crashed Redis without AOF does."""

    def __init__(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        import redis

        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    pytest.fail("redis-server did not start")
                time.sleep(0.1)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


@pytest.fixture
def own_redis():
    if not shutil.which("redis-server"):
        service_missing("redis-server is not installed (the broker restart test starts one)")
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.mark.django_db(transaction=True)
def test_enrollments_during_a_broker_restart_are_kept_and_emailed_later(
    own_redis, settings, client,
):
    from django.db import connection

    if connection.vendor != "postgresql":
        service_missing("the broker restart test needs PostgreSQL (a worker shares its data)")
    session = make_session(capacity=20)
    people = [EmployeeFactory() for _ in range(6)]

    def enroll(person) -> None:
        client.force_login(person.user)
        started = time.monotonic()
        response = client.post(reverse("learning:enrollment_create", args=[session.pk]))
        assert response.status_code == 302  # answered, not an error page
        assert time.monotonic() - started < 5  # and without waiting on the broker

    queue = worker_queue_name()
    with celery_sending_to(queue=queue, broker_url=own_redis.url, settings=settings):
        worker = worker_process_start(queue=queue, broker_url=own_redis.url,
                                      log=ARTIFACTS / "broker-restart-worker.log")
        try:
            enroll(people[0])
            enroll(people[1])
            wait_until(lambda: NotificationSent.objects.count() == 2, seconds=30,
                       what="the emails sent while Redis runs")
            own_redis.stop()
            enroll(people[2])  # the broker is down
            enroll(people[3])
            own_redis.start()  # back, empty
            enroll(people[4])
            enroll(people[5])
            assert Enrollment.objects.filter(session=session).count() == 6  # none lost
            assert NotificationDue.objects.count() >= 2  # at least the two while down

            # The beat's sweep (every 5 minutes; here at once).
            enrollment_notices_due_requeue(older_than=dt.timedelta(0))
            wait_until(lambda: not NotificationDue.objects.exists(), seconds=40,
                       what="the due emails to go out")
        finally:
            worker_process_stop(worker)
            connection.close()
    sent = NotificationSent.objects.filter(enrollment__session=session)
    assert sorted(sent.values_list("enrollment__employee", flat=True)) == sorted(
        p.pk for p in people)  # every email once (the rows are unique per kind)
