"""Issue 13: dates read as ranges in the reader's language, statuses say what happened."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from learning.enrollment import services
from learning.models import Completion, Enrollment, EnrollmentStatus
from learning.sessions import session_when
from tests.factories import PASSWORD, EmployeeFactory
from tests.learning.enrollment_factories import make_session, make_workshop, run_on_commit_now

pytestmark = pytest.mark.django_db
ISO_DATE = re.compile(r"\b20\d\d-\d\d-\d\d\b")
JAKARTA = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture(autouse=True)
def _tasks_now(monkeypatch):
    run_on_commit_now(monkeypatch)


def login(client, employee):
    assert client.login(username=employee.user.username, password=PASSWORD)


class TestSessionWhen:
    def test_one_day_session_shows_its_hours(self):
        start = dt.datetime(2026, 12, 3, 8, 0, tzinfo=JAKARTA)
        with translation.override("id"):
            assert session_when(start, start + dt.timedelta(hours=8)) == (
                "3 Desember 2026, 08.00–16.00")

    def test_multi_week_session_shows_its_whole_range(self):
        """E-learning 3 December – 31 January is not "3 Desember 2026 08:00–16:00"."""
        start = dt.datetime(2026, 12, 3, 8, 0, tzinfo=JAKARTA)
        end = dt.datetime(2027, 1, 31, 16, 0, tzinfo=JAKARTA)
        with translation.override("id"):
            assert session_when(start, end) == "3 Desember 2026 – 31 Januari 2027"
        with translation.override("en"):
            assert "January 2027" in session_when(start, end)

    def test_overlap_warning_names_the_range_not_an_iso_date(self):
        me = EmployeeFactory()
        long_one = make_session(capacity=5, starts_in=dt.timedelta(days=3), hours=24 * 40)
        services.enrollment_enroll(session=long_one, employee=me, enrolled_by=me.user)
        inside = make_session(capacity=5, starts_in=dt.timedelta(days=20))
        with translation.override("id"), pytest.raises(services.OverlapWarning) as warning:
            services.enrollment_enroll(session=inside, employee=me, enrolled_by=me.user)
        message = str(warning.value.messages[0] if hasattr(warning.value, "messages")
                      else warning.value)
        assert not ISO_DATE.search(message), message
        assert " – " in message  # the whole range of the long session


class TestStatuses:
    def test_completed_enrollment_reads_completed_in_my_enrollments(self, client):
        me = EmployeeFactory()
        session = make_session(capacity=5, starts_in=dt.timedelta(days=-3),
                               registration_opens_at=timezone.now() - dt.timedelta(days=10))
        enrollment = Enrollment.objects.create(
            session=session, employee=me, status=EnrollmentStatus.ENROLLED)
        Completion.objects.create(
            enrollment=enrollment, completed_at=timezone.now(), jp_awarded=Decimal("8"),
            attendance_percent=Decimal("100"))
        login(client, me)
        html = client.get(reverse("learning:enrollment_mine")).content.decode()
        assert 'data-testid="status-completed"' in html
        assert "Selesai" in html
        assert not ISO_DATE.search(html)

    def test_running_and_future_sessions_differ_in_my_enrollments(self, client):
        me = EmployeeFactory()
        running = make_session(capacity=5, starts_in=dt.timedelta(hours=-1), hours=5)
        future = make_session(capacity=5, starts_in=dt.timedelta(days=9))
        for session in (running, future):
            Enrollment.objects.create(session=session, employee=me,
                                      status=EnrollmentStatus.ENROLLED)
        login(client, me)
        html = client.get(reverse("learning:enrollment_mine")).content.decode()
        assert html.count('data-testid="status-running"') == 1

    def test_roster_says_in_progress_only_while_the_session_runs(self, client):
        from tests.factories import make_hr_user

        hr = make_hr_user()
        workshop = make_workshop()
        future = make_session(workshop=workshop, capacity=5, starts_in=dt.timedelta(days=4))
        running = make_session(workshop=workshop, capacity=5,
                               starts_in=dt.timedelta(hours=-1), hours=5)
        for session in (future, running):
            Enrollment.objects.create(session=session, employee=EmployeeFactory(),
                                      status=EnrollmentStatus.ENROLLED)
        client.force_login(hr)
        html = client.get(reverse("learning:attendance_roster", args=[future.pk])).content.decode()
        assert 'data-testid="roster-not-started"' in html
        assert 'data-testid="roster-running"' not in html
        html = client.get(reverse("learning:attendance_roster", args=[running.pk])).content.decode()
        assert 'data-testid="roster-running"' in html


class TestPeriodLabels:
    def test_quarter_codes_read_as_words(self):
        from competencies.models import period_label

        with translation.override("id"):
            assert period_label("2026-T2") == "Triwulan 2 2026"
            assert period_label("2026") == "2026"
        with translation.override("en"):
            assert period_label("2026-T2") == "Q2 2026"


class TestSingleStop:
    def test_names_ending_in_a_stop_get_no_second_one(self):
        from people.text import single_stop

        assert single_stop("Disetujui: Siti Rahma, S.Kom..") == "Disetujui: Siti Rahma, S.Kom."
        assert single_stop("Tunggu...") == "Tunggu..."

    def test_approval_message_has_no_double_stop(self, client):
        boss = EmployeeFactory(name="Kepala")
        member = EmployeeFactory(name="Siti Rahma, S.Kom.", supervisor=boss)
        session = make_session(workshop=make_workshop(requires_approval=True), capacity=3)
        enrollment = services.enrollment_enroll(
            session=session, employee=member, enrolled_by=member.user).enrollment
        login(client, boss)
        html = client.post(reverse("learning:enrollment_decide", args=[enrollment.pk]),
                           {"decision": "approve", "reason": ""}, follow=True).content.decode()
        assert "S.Kom." in html and "S.Kom.." not in html
