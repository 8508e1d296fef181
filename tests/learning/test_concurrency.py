"""Capacity under concurrent requests on PostgreSQL: 200 attempts at a 20-seat
session through the real service, each thread on its own database connection."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from learning.enrollment import services
from learning.enrollment.selectors import session_states_for, waitlist_for
from learning.models import Enrollment, EnrollmentStatus, SessionSeats
from tests.factories import EmployeeFactory
from tests.learning.enrollment_factories import make_session

ATTEMPTS = 200
CAPACITY = 20


@pytest.mark.postgres
def test_200_concurrent_enrollments_fill_20_seats_and_a_fifo_waitlist(
    transactional_db, django_db_serialized_rollback, require_postgres
):
    session = make_session(capacity=CAPACITY)
    people = EmployeeFactory.create_batch(ATTEMPTS)
    start = threading.Barrier(20)
    errors: list[BaseException] = []

    def attempt(employee):
        try:
            try:
                start.wait(timeout=10)  # release the first wave together
            except threading.BrokenBarrierError:
                pass
            return services.enrollment_create(session=session, employee=employee,
                                              enrolled_by=employee.user)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
            raise
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(attempt, people))
    assert not errors

    rows = list(Enrollment.objects.filter(session=session))
    enrolled = [e for e in rows if e.status == EnrollmentStatus.ENROLLED]
    waitlisted = [e for e in rows if e.status == EnrollmentStatus.WAITLISTED]
    assert len(enrolled) == CAPACITY
    assert len(waitlisted) == ATTEMPTS - CAPACITY
    assert SessionSeats.objects.get(session=session).taken == CAPACITY
    assert len({e.employee_id for e in rows}) == ATTEMPTS  # nobody twice
    assert {r.pk for r in results} == {e.pk for e in rows}

    # Arrival = the order the database accepted the waitlist rows. Joining the
    # waitlist is serialized on the session's seat row, so the timestamp taken
    # under that lock and the id from the sequence must tell the same order...
    by_clock = sorted(waitlisted, key=lambda e: (e.waitlisted_at, e.pk))
    by_id = sorted(waitlisted, key=lambda e: e.pk)
    assert [e.pk for e in by_clock] == [e.pk for e in by_id]
    assert all(a.waitlisted_at < b.waitlisted_at for a, b in zip(by_id, by_id[1:], strict=False))
    # ...and the waitlist (and each person's shown position) follows it.
    assert list(waitlist_for(session_id=session.pk)) == by_id
    for place, e in enumerate(by_id[:5] + by_id[-3:], start=1):
        expected = by_id.index(e) + 1
        state = session_states_for(user=e.employee.user, session_ids=[session.pk])
        assert state[session.pk]["position"] == expected, place

    # A cancellation promotes exactly one: the first in the waitlist.
    leaver = enrolled[0]
    services.enrollment_cancel(enrollment=leaver, cancelled_by=leaver.employee.user)
    promoted = Enrollment.objects.get(pk=by_id[0].pk)
    assert promoted.status == EnrollmentStatus.ENROLLED
    assert Enrollment.objects.filter(session=session,
                                     status=EnrollmentStatus.ENROLLED).count() == CAPACITY
    assert Enrollment.objects.filter(session=session, status=EnrollmentStatus.WAITLISTED
                                     ).count() == ATTEMPTS - CAPACITY - 1
    assert SessionSeats.objects.get(session=session).taken == CAPACITY


@pytest.mark.postgres
def test_concurrent_double_clicks_make_one_enrollment_and_take_one_seat(
    transactional_db, django_db_serialized_rollback, require_postgres
):
    """Ten simultaneous clicks by one person: the partial unique constraint lets one
    insert win; the others roll back their seat and get the winner's row."""
    session = make_session(capacity=5)
    person = EmployeeFactory()
    start = threading.Barrier(10)

    def click(_):
        try:
            start.wait(timeout=10)
            return services.enrollment_create(session=session, employee=person,
                                              enrolled_by=person.user).pk
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        ids = set(pool.map(click, range(10)))
    assert len(ids) == 1
    assert Enrollment.objects.filter(session=session).count() == 1
    assert SessionSeats.objects.get(session=session).taken == 1
