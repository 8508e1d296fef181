"""The roster page and QR self check-in, including forged and replayed requests."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from learning.completion.services import (
    CHECKIN_MAX_AGE_SECONDS,
    CHECKIN_SALT,
    checkin_token_make,
    session_days,
)
from learning.models import EnrollmentStatus
from learning.models.completion import AttendanceMethod, AttendanceRecord, Completion
from tests.factories import PASSWORD, EmployeeFactory, UserFactory, make_hr_user
from tests.learning.completion_world import enroll, make_session

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def facilitator():
    return UserFactory(username="fasilitator")


@pytest.fixture
def session(facilitator):
    return make_session(kind="workshop", days=2, facilitator_user=facilitator)


def roster_url(session):
    return reverse("learning:attendance_roster", args=[session.pk])


def post_all_present(client, session, enrollments):
    data = {f"present-{e.pk}-{d.isoformat()}": "1"
            for e in enrollments for d in session_days(session=session)}
    return client.post(roster_url(session), data)


class TestRosterAccess:
    def test_facilitator_marks_attendance(self, client, session, facilitator):
        a = enroll(EmployeeFactory(), session)
        b = enroll(EmployeeFactory(), session)
        login(client, facilitator)
        response = post_all_present(client, session, [a])
        assert response.status_code == 302
        assert AttendanceRecord.objects.filter(enrollment=a, present=True).count() == 2
        assert AttendanceRecord.objects.filter(enrollment=b, present=False).count() == 2
        assert Completion.objects.filter(enrollment=a).exists()
        assert not Completion.objects.filter(enrollment=b).exists()
        page = client.get(roster_url(session))
        assert page.status_code == 200
        assert a.employee.name in page.content.decode()

    def test_hr_may_mark(self, client, session):
        a = enroll(EmployeeFactory(), session)
        login(client, make_hr_user())
        post_all_present(client, session, [a])
        assert Completion.objects.filter(enrollment=a).exists()

    def test_only_enrolled_participants_are_on_the_roster(self, client, session, facilitator):
        enrolled = enroll(EmployeeFactory(name="Peserta Terdaftar"), session)
        waiting = enroll(EmployeeFactory(name="Peserta Menunggu"), session,
                         status=EnrollmentStatus.WAITLISTED)
        login(client, facilitator)
        html = client.get(roster_url(session)).content.decode()
        assert "Peserta Terdaftar" in html and "Peserta Menunggu" not in html
        post_all_present(client, session, [enrolled, waiting])
        assert not AttendanceRecord.objects.filter(enrollment=waiting).exists()

    def test_employee_cannot_mark(self, client, session):
        a = enroll(EmployeeFactory(), session)
        login(client, a.employee.user)
        assert client.get(roster_url(session)).status_code == 403
        assert post_all_present(client, session, [a]).status_code == 403
        assert not AttendanceRecord.objects.exists()

    def test_other_sessions_facilitator_cannot_mark(self, client, session):
        other_facilitator = UserFactory(username="fasilitator.lain")
        make_session(facilitator_user=other_facilitator)
        a = enroll(EmployeeFactory(), session)
        login(client, other_facilitator)
        assert post_all_present(client, session, [a]).status_code == 403
        assert not AttendanceRecord.objects.exists()

    def test_anonymous_is_sent_to_login(self, client, session):
        response = client.get(roster_url(session))
        assert response.status_code == 302 and "/akun/login/" in response["Location"]

    def test_unknown_session_is_404(self, client):
        login(client, make_hr_user())
        assert client.get(reverse("learning:attendance_roster", args=[999999])).status_code == 404

    def test_bad_score_saves_nothing(self, client, facilitator):
        session = make_session(facilitator_user=facilitator, passing_score=70)
        a = enroll(EmployeeFactory(), session)
        login(client, facilitator)
        data = {f"present-{a.pk}-{session_days(session=session)[0].isoformat()}": "1",
                f"score-{a.pk}": "sembilan puluh"}
        response = client.post(roster_url(session), data, follow=True)
        assert "Tidak ada yang disimpan" in response.content.decode()
        assert not AttendanceRecord.objects.exists()


class TestQrCheckin:
    def today_session(self, facilitator):
        today = timezone.localdate()
        return make_session(first_day=today, facilitator_user=facilitator)

    def test_qr_page_shows_svg_for_today(self, client, facilitator):
        session = self.today_session(facilitator)
        login(client, facilitator)
        response = client.get(reverse("learning:attendance_qr", args=[session.pk]))
        assert response.status_code == 200
        assert "<svg" in response.content.decode()

    def test_qr_page_refused_to_employee(self, client, facilitator):
        session = self.today_session(facilitator)
        login(client, EmployeeFactory().user)
        assert client.get(reverse("learning:attendance_qr", args=[session.pk])).status_code == 403

    def test_enrolled_employee_checks_in(self, client, facilitator):
        session = self.today_session(facilitator)
        enrollment = enroll(EmployeeFactory(), session)
        token = checkin_token_make(session=session, day=timezone.localdate())
        url = reverse("learning:attendance_checkin", args=[session.pk, token])
        login(client, enrollment.employee.user)
        assert client.get(url).status_code == 200
        assert client.post(url).status_code == 200
        assert client.post(url).status_code == 200  # scanning twice is harmless
        record = AttendanceRecord.objects.get(enrollment=enrollment)
        assert record.present and record.method == AttendanceMethod.QR

    def test_anonymous_scan_goes_to_login_and_back(self, client, facilitator):
        session = self.today_session(facilitator)
        token = checkin_token_make(session=session, day=timezone.localdate())
        url = reverse("learning:attendance_checkin", args=[session.pk, token])
        response = client.get(url)
        assert response.status_code == 302 and "next=" in response["Location"]

    def refused(self, client, user, session, token, text):
        url = reverse("learning:attendance_checkin", args=[session.pk, token])
        login(client, user)
        response = client.post(url)
        assert response.status_code == 403
        assert text in response.content.decode()
        assert not AttendanceRecord.objects.filter(present=True).exists()

    def test_expired_token_refused(self, client, facilitator, monkeypatch):
        session = self.today_session(facilitator)
        enrollment = enroll(EmployeeFactory(), session)
        past = timezone.now().timestamp() - CHECKIN_MAX_AGE_SECONDS - 5
        monkeypatch.setattr(signing.time, "time", lambda: past)
        token = checkin_token_make(session=session, day=timezone.localdate())
        monkeypatch.undo()
        self.refused(client, enrollment.employee.user, session, token, "kedaluwarsa")

    def test_token_for_another_session_refused(self, client, facilitator):
        session = self.today_session(facilitator)
        other = self.today_session(facilitator)
        enrollment = enroll(EmployeeFactory(), session)
        token = checkin_token_make(session=other, day=timezone.localdate())
        self.refused(client, enrollment.employee.user, session, token, "sesi lain")

    def test_token_for_another_day_refused(self, client, facilitator):
        session = make_session(first_day=timezone.localdate() - dt.timedelta(days=1), days=2,
                               facilitator_user=facilitator)
        enrollment = enroll(EmployeeFactory(), session)
        token = checkin_token_make(session=session,
                                   day=timezone.localdate() - dt.timedelta(days=1))
        self.refused(client, enrollment.employee.user, session, token, "hari lain")

    def test_forged_token_refused(self, client, facilitator):
        session = self.today_session(facilitator)
        enrollment = enroll(EmployeeFactory(), session)
        forged = signing.TimestampSigner(key="not-our-key", salt=CHECKIN_SALT).sign_object(
            {"s": session.pk, "d": timezone.localdate().isoformat()})
        self.refused(client, enrollment.employee.user, session, forged, "tidak sah")
        self.refused(client, enrollment.employee.user, session, "abc", "tidak sah")

    def test_not_enrolled_employee_refused(self, client, facilitator):
        session = self.today_session(facilitator)
        outsider = EmployeeFactory()
        token = checkin_token_make(session=session, day=timezone.localdate())
        self.refused(client, outsider.user, session, token, "tidak terdaftar")


class TestFacilitatorPanel:
    def test_facilitator_sees_roster_link_on_home_page(self, client, session, facilitator):
        login(client, facilitator)
        html = client.get("/").content.decode()
        assert reverse("learning:attendance_roster", args=[session.pk]) in html

    def test_others_do_not(self, client, session):
        login(client, EmployeeFactory().user)
        html = client.get("/").content.decode()
        assert reverse("learning:attendance_roster", args=[session.pk]) not in html
