"""Seats are one fact (issue 17): every page that speaks about a session's seats
reads them from learning.enrollment.selectors.sessions_with_seats, and a catalog
card speaks about the next session one can still enrol in, never a sum over
sessions.

The world: a workshop with a full first session (one person enrolled, one request
waiting for approval holding the second seat) and a later session with 35 seats."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from learning.catalog.selectors import (
    _enrollable_q,
    catalog_cards,
    catalog_cards_queryset,
    session_can_still_enrol,
    workshop_seat_summary,
)
from learning.enrollment import services
from learning.enrollment.selectors import sessions_with_seats
from learning.models import EnrollmentStatus, WorkshopPage, WorkshopSession
from learning.sessions import session_when
from tests.factories import PASSWORD, EmployeeFactory, make_hr_user
from tests.learning.catalog_helpers import publish_workshop, session_values
from tests.learning.enrollment_factories import run_on_commit_now

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tasks_now(monkeypatch):
    run_on_commit_now(monkeypatch)


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _days(session: WorkshopSession) -> str:
    return session_when(session.starts_at, session.ends_at, with_time=False)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def world():
    """The full first session and the 35-seat later one."""
    workshop = publish_workshop(
        title="Pelatihan Kursi Penuh", requires_supervisor_approval=True,
        sessions=[
            session_values(starts_in=dt.timedelta(days=8), hours=32, capacity=2),
            session_values(starts_in=dt.timedelta(days=42), capacity=35),
        ])
    first, later = workshop.sessions.order_by("starts_at")
    boss = EmployeeFactory()
    approved, waiting = EmployeeFactory(supervisor=boss), EmployeeFactory(supervisor=boss)
    enrollment = services.enrollment_create(session=first, employee=approved,
                                            enrolled_by=approved.user)
    services.enrollment_decide(enrollment=enrollment, decided_by_user=boss.user, approve=True)
    pending = services.enrollment_create(session=first, employee=waiting,
                                         enrolled_by=waiting.user)
    assert pending.status == EnrollmentStatus.PENDING_APPROVAL
    return workshop, first, later


class TestEveryPageReadsTheSame:
    def test_the_card_speaks_about_the_full_session_and_where_seats_are(self, world, client):
        workshop, first, later = world
        _login(client, EmployeeFactory().user)
        html = client.get("/pelatihan/").content.decode()
        card = next(c for c in html.split('data-testid="workshop-card"')[1:]
                    if workshop.title in c)
        seats = _text(card.split('data-testid="card-seats"')[1].split("</span>")[0][1:])
        assert seats == f"Sesi {_days(first)} penuh · 35 kursi di sesi {_days(later)}"
        assert f"{_days(first)} · 2 sesi" in _text(card)
        # The "seats available" filter: there are seats, in the later session.
        html = client.get("/pelatihan/?seats=on").content.decode()
        assert workshop.title in html

    def test_workshop_page_home_roster_and_report_agree(self, world, client):
        workshop, first, later = world
        employee = EmployeeFactory()
        _login(client, employee.user)
        page = client.get(workshop.url).content.decode()
        assert f'id="sesi-{first.pk}"' in page
        first_row = page.split(f'id="sesi-{first.pk}"')[1].split('data-testid="session"')[0]
        later_row = page.split(f'id="sesi-{later.pk}"')[1]
        assert 'data-seats-left="0"' in first_row and "Penuh" in first_row
        assert 'data-seats-left="35"' in later_row and "35 kursi tersisa" in later_row

        home = client.get("/").content.decode()
        panel = home.split('data-testid="panel-upcoming-sessions"')[1].split("</section>")[0]
        lines = {line.split("#sesi-")[1].split('"')[0]: _text(line.split("</li>")[0])
                 for line in panel.split("<li>")[1:]}
        assert lines[str(first.pk)].endswith("Penuh")
        assert lines[str(later.pk)].endswith("35 kursi tersisa")

        hr = make_hr_user("hr.kursi")
        client.logout()
        _login(client, hr)
        roster = client.get(reverse("learning:attendance_roster", args=[first.pk])
                            ).content.decode()
        header = _text(roster.split('data-testid="roster-seats"')[1].split("</div>")[0][1:])
        # One enrolled on the roster, the second seat held by the waiting request.
        assert header == ("Penuh kursi · 1 ditahan untuk permintaan yang menunggu "
                          "persetujuan")
        roster = client.get(reverse("learning:attendance_roster", args=[later.pk])
                            ).content.decode()
        assert _text(roster.split('data-testid="roster-seats"')[1].split("</div>")[0][1:]) == (
            "35 kursi tersisa")

        report = client.get(reverse("learning:report_sessions")
                            + f"?tahun={first.starts_at.year}").content.decode()
        row = report.split(f'data-session-id="{first.pk}"')[1].split("</tr>")[0]
        assert ("Penuh · 1 ditahan untuk permintaan yang menunggu persetujuan"
                in _text(row.split('data-testid="session-report-seats"')[1]))

    def test_a_freed_seat_reads_the_same_everywhere_at_once(self, world, client):
        """The caches (shared bodies, results) are renewed by the enrollment."""
        workshop, first, later = world
        viewer = EmployeeFactory()
        _login(client, viewer.user)
        client.get("/pelatihan/"), client.get(workshop.url)  # fill the caches
        pending = first.enrollments.get(status=EnrollmentStatus.PENDING_APPROVAL)
        services.enrollment_cancel(enrollment=pending, cancelled_by=pending.employee.user)
        html = client.get("/pelatihan/").content.decode()
        card = next(c for c in html.split('data-testid="workshop-card"')[1:]
                    if workshop.title in c)
        assert "1 kursi tersisa" in _text(card)
        page = client.get(workshop.url).content.decode()
        assert 'data-seats-left="1"' in page.split(f'id="sesi-{first.pk}"')[1].split(
            'data-testid="session"')[0]


class TestTheRule:
    def test_no_seat_while_anyone_waits(self):
        """A seat freed by a capacity increase goes to the waitlist first, so a
        newcomer has none: every page says so, and the controls offer the waitlist."""
        workshop = publish_workshop(sessions=[session_values(capacity=1)])
        session = workshop.sessions.get()
        a, b = EmployeeFactory(), EmployeeFactory()
        services.enrollment_create(session=session, employee=a, enrolled_by=a.user)
        services.enrollment_create(session=session, employee=b, enrolled_by=b.user)
        WorkshopSession.objects.filter(pk=session.pk).update(capacity=2)  # no promotion yet
        row = sessions_with_seats(WorkshopSession.objects.filter(pk=session.pk)).get()
        assert (row.seats_left, row.seats_taken) == (0, 1)

    def test_registration_closed_is_not_counted_as_seats(self, client):
        """A session whose registration has closed offers no seat: the card says
        registration is closed and the seats filter leaves the workshop out."""
        now = timezone.now()
        workshop = publish_workshop(title="Pelatihan Pendaftaran Tutup", sessions=[
            session_values(starts_in=dt.timedelta(days=2), capacity=20,
                           registration_closes_at=now - dt.timedelta(hours=1))])
        _login(client, EmployeeFactory().user)
        html = client.get("/pelatihan/").content.decode()
        card = next(c for c in html.split('data-testid="workshop-card"')[1:]
                    if workshop.title in c)
        assert "Pendaftaran ditutup" in _text(card) and "kursi" not in _text(card)
        assert workshop.title not in client.get("/pelatihan/?seats=on").content.decode()

    def test_python_and_sql_rules_agree(self, world):
        """The card's rule (Python) and the seats filter's (SQL) name the same sessions."""
        workshop, first, later = world
        now = timezone.now()
        WorkshopSession.objects.create(
            page=workshop, starts_at=now + dt.timedelta(days=3),
            ends_at=now + dt.timedelta(days=3, hours=2), capacity=5,
            registration_opens_at=now - dt.timedelta(days=3),
            registration_closes_at=now - dt.timedelta(minutes=1))
        sessions = list(WorkshopSession.objects.filter(page=workshop))
        in_python = {s.pk for s in sessions if session_can_still_enrol(s, now=now)}
        in_sql = set(WorkshopSession.objects.filter(_enrollable_q(now), page=workshop)
                     .values_list("pk", flat=True))
        assert in_python == in_sql == {first.pk, later.pk}
        [card] = catalog_cards(workshops=catalog_cards_queryset(
            WorkshopPage.objects.filter(pk=workshop.pk)))
        summary = card.seat_summary
        assert (summary.session.pk, summary.seats_left, summary.other.pk,
                summary.session_count) == (first.pk, 0, later.pk, 3)
        assert workshop_seat_summary(sessions=[]).session is None
