"""iCalendar output, parsed back with icalendar: stable UIDs, SEQUENCE raised on
change, CANCELLED for cancelled sessions and enrollments, correct times."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from learning.catalog.services import calendar_feed_token_regenerate, calendar_states_sync
from learning.models import Enrollment, WorkshopPage
from learning.models.workshops import SessionCalendarState
from tests.factories import EmployeeFactory
from tests.learning.catalog_helpers import publish_workshop, session_values

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")


def _events(body: bytes) -> list:
    cal = Calendar.from_ical(body)
    assert str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["VERSION"]) == "2.0"
    return list(cal.walk("VEVENT"))


def _download(client, session) -> object:
    response = client.get(f"/belajar/sesi/{session.pk}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith("attachment;")
    (event,) = _events(response.content)
    return event


def _republish(page: WorkshopPage, **changes) -> WorkshopPage:
    """Edit the first session the way the editor does: change the page's in-memory
    sessions, save a revision, publish it (which re-saves sessions from its JSON)."""
    page = WorkshopPage.objects.get(pk=page.pk)
    sessions = list(page.sessions.all())
    for field, value in changes.items():
        setattr(sessions[0], field, value)
    page.sessions = sessions
    page.save_revision().publish()
    return WorkshopPage.objects.get(pk=page.pk)


@pytest.fixture
def employee_client(client):
    employee = EmployeeFactory()
    client.force_login(employee.user)
    client.employee = employee
    return client


class TestSessionIcs:
    def test_fields_and_times(self, employee_client):
        starts = dt.datetime(2031, 3, 4, 8, 30, tzinfo=JAKARTA)
        page = publish_workshop(title="Pelayanan Prima", sessions=[session_values(
            venue="Aula BKPSDM", facilitator="Dr. Hendra")])
        session = page.sessions.get()
        session.starts_at, session.ends_at = starts, starts + dt.timedelta(hours=7)
        session.registration_closes_at = starts - dt.timedelta(days=1)
        session.save()
        event = _download(employee_client, session)
        assert str(event["UID"]) == f"session-{session.pk}@testserver"
        assert str(event["SUMMARY"]) == "Pelayanan Prima"
        assert event["DTSTART"].params["TZID"] == "Asia/Jakarta"
        assert event.decoded("DTSTART") == starts
        assert event.decoded("DTSTART").utcoffset() == dt.timedelta(hours=7)
        assert event.decoded("DTEND") == starts + dt.timedelta(hours=7)
        assert event.decoded("DTSTART").astimezone(dt.UTC).hour == 1  # 08:30 WIB = 01:30Z
        stamp = event.decoded("DTSTAMP")
        assert stamp.utcoffset() == dt.timedelta(0)
        assert "Aula BKPSDM" in str(event["LOCATION"])
        assert str(event["STATUS"]) == "CONFIRMED"
        assert event.decoded("SEQUENCE") == 0
        cal = Calendar.from_ical(employee_client.get(f"/belajar/sesi/{session.pk}.ics").content)
        assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Jakarta"]

    def test_uid_stable_and_sequence_raised_on_change(self, employee_client):
        page = publish_workshop()
        session = page.sessions.get()
        first = _download(employee_client, session)
        assert SessionCalendarState.objects.get(session=session).sequence == 0

        later = session.starts_at + dt.timedelta(hours=2)
        page = _republish(page, starts_at=later, ends_at=later + dt.timedelta(hours=8))
        assert page.sessions.get().pk == session.pk  # publishing keeps the session id
        second = _download(employee_client, session)
        assert str(second["UID"]) == str(first["UID"])
        assert second.decoded("SEQUENCE") == 1
        assert second.decoded("DTSTART") == later

        # A publish that changes nothing a calendar shows keeps the SEQUENCE.
        page = _republish(page, capacity=99)
        assert _download(employee_client, session).decoded("SEQUENCE") == 1
        assert calendar_states_sync(workshop=page) == []  # idempotent

        page = _republish(page, venue="Ruang Rapat Lt. 3")
        assert _download(employee_client, session).decoded("SEQUENCE") == 2

    def test_cancelled_session(self, employee_client):
        page = publish_workshop()
        session = page.sessions.get()
        _republish(page, is_cancelled=True)
        event = _download(employee_client, session)
        assert str(event["STATUS"]) == "CANCELLED"
        assert event.decoded("SEQUENCE") == 1
        assert str(event["UID"]) == f"session-{session.pk}@testserver"


class TestFeed:
    def _feed(self, client, employee) -> dict:
        token = calendar_feed_token_regenerate(employee=employee).token
        response = client.get(f"/belajar/kalender/{token}.ics")
        assert response.status_code == 200
        return {str(e["UID"]): e for e in _events(response.content)}

    def test_enrolled_pending_cancelled_and_reenrolled(self, client):
        employee = EmployeeFactory()
        a = publish_workshop(title="A").sessions.get()
        b = publish_workshop(title="B").sessions.get()
        c = publish_workshop(title="C").sessions.get()
        waitlisted = publish_workshop(title="Antre").sessions.get()
        other = publish_workshop(title="Orang Lain").sessions.get()
        Enrollment.objects.create(session=a, employee=employee, status="ENROLLED")
        Enrollment.objects.create(session=b, employee=employee, status="PENDING_APPROVAL")
        Enrollment.objects.create(session=c, employee=employee, status="CANCELLED")
        Enrollment.objects.create(session=waitlisted, employee=employee, status="WAITLISTED")
        Enrollment.objects.create(session=other, employee=EmployeeFactory(), status="ENROLLED")
        events = self._feed(client, employee)
        uid = lambda s: f"session-{s.pk}@testserver"  # noqa: E731
        assert set(events) == {uid(a), uid(b), uid(c)}
        assert str(events[uid(a)]["STATUS"]) == "CONFIRMED"
        assert str(events[uid(b)]["STATUS"]) == "TENTATIVE"
        assert str(events[uid(c)]["STATUS"]) == "CANCELLED"
        assert events[uid(c)].decoded("SEQUENCE") == 1
        assert events[uid(a)].decoded("SEQUENCE") == 0

        # Cancelling raises the SEQUENCE above what the calendar has; re-enrolling
        # raises it again.
        Enrollment.objects.filter(session=a).update(status="CANCELLED")
        events = self._feed(client, employee)
        assert str(events[uid(a)]["STATUS"]) == "CANCELLED"
        assert events[uid(a)].decoded("SEQUENCE") == 1
        Enrollment.objects.create(session=a, employee=employee, status="ENROLLED")
        events = self._feed(client, employee)
        assert str(events[uid(a)]["STATUS"]) == "CONFIRMED"
        assert events[uid(a)].decoded("SEQUENCE") == 2

    def test_cancelled_session_and_unpublished_workshop(self, client):
        employee = EmployeeFactory()
        page = publish_workshop(title="Dibatalkan")
        hidden = publish_workshop(title="Ditarik")
        s1, s2 = page.sessions.get(), hidden.sessions.get()
        Enrollment.objects.create(session=s1, employee=employee, status="ENROLLED")
        Enrollment.objects.create(session=s2, employee=employee, status="ENROLLED")
        _republish(page, is_cancelled=True)
        hidden.unpublish()
        events = self._feed(client, employee)
        assert list(events) == [f"session-{s1.pk}@testserver"]
        (event,) = events.values()
        assert str(event["STATUS"]) == "CANCELLED"
        assert event.decoded("SEQUENCE") == 1
